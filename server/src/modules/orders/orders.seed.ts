/**
 * Demo orders for `npm start` (README "Try it"): a newcomer can chat as a buyer whose parcel
 * is on its way and watch the chat go to after-sale, with the order in the side panel.
 * Seeded once, into an empty registry; never in tests (they make their own orders).
 */
import type { DataSource } from 'typeorm';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { audit } from '../audit/audit.service.ts';
import { ordersRepository } from './orders.repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoOrder {
  orderNo: string;
  buyerId: string;
  status: OrderStatus;
  /** Hours before now it was placed, paid, shipped, delivered. */
  placed: number;
  paid?: number;
  shipped?: number;
  delivered?: number;
  courier?: string;
  trackingNo?: string;
  receiver: { name: string; phone: string; province: string; city: string; district: string; street: string };
  buyerMessage?: string;
  items: Array<{ title: string; colour: string; size: string; quantity: number; priceFen: number; inStock: boolean }>;
  /** An open after-sale case on it. */
  openCase?: { kind: 'return' | 'exchange' | 'refund' | 'recall'; reason: string };
}

export const DEMO_ORDERS: readonly DemoOrder[] = [
  {
    orderNo: '3921550016882001',
    buyerId: '小鹿买鞋',
    status: 'shipped',
    placed: 30,
    paid: 30,
    shipped: 20,
    courier: '中通快递',
    trackingNo: 'ZT7788123456',
    receiver: { name: '陈小鹿', phone: '13912345678', province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路100号' },
    items: [{ title: '真皮系带休闲鞋', colour: '黑色', size: '38', quantity: 1, priceFen: 32_900, inStock: true }],
  },
  {
    orderNo: '3921550016882002',
    buyerId: '晴天娃娃',
    status: 'paid',
    placed: 2,
    paid: 2,
    receiver: { name: '林晴', phone: '13512348888', province: '上海市', city: '上海市', district: '浦东新区', street: '张江路1号3栋502室' },
    buyerMessage: '麻烦尽快发货，谢谢',
    items: [
      { title: '全羊毛手工棉拖', colour: '灰色', size: '39', quantity: 1, priceFen: 15_800, inStock: true },
      { title: '帆布小白鞋', colour: '白色', size: '37', quantity: 1, priceFen: 12_900, inStock: false },
    ],
  },
  {
    orderNo: '3921550016882003',
    buyerId: '阿杰',
    status: 'unpaid',
    placed: 5,
    receiver: { name: '王杰', phone: '18611112222', province: '广东省', city: '深圳市', district: '南山区', street: '科技园南区8栋' },
    items: [{ title: '橡胶底手工鞋', colour: '棕色', size: '42', quantity: 1, priceFen: 45_800, inStock: true }],
  },
  {
    orderNo: '3921550016882004',
    buyerId: '王姐',
    status: 'delivered',
    placed: 6 * 24,
    paid: 6 * 24,
    shipped: 5 * 24,
    delivered: 3 * 24,
    courier: '圆通速递',
    trackingNo: 'YT5566778899',
    receiver: { name: '王丽', phone: '13766667777', province: '江苏省', city: '南京市', district: '鼓楼区', street: '中山路18号' },
    items: [{ title: '牛皮乐福鞋', colour: '酒红', size: '36', quantity: 1, priceFen: 39_900, inStock: true }],
    openCase: { kind: 'return', reason: '右脚鞋跟处开胶，买家已发照片' },
  },
  // Made for the change → alert → reply → print loop (docs/orders.md "Try the loop"): paid,
  // in stock, one item, a full receiver; nothing on it yet.
  {
    orderNo: '3921550016882005',
    buyerId: '小林跑鞋',
    status: 'paid',
    placed: 1,
    paid: 1,
    receiver: { name: '林小青', phone: '13600001111', province: '浙江省', city: '杭州市', district: '滨江区', street: '江南大道588号' },
    buyerMessage: '周末前能到吗？',
    items: [{ title: '轻便网面跑步鞋', colour: '黑色', size: '37', quantity: 1, priceFen: 26_900, inStock: true }],
  },
  // Printed already: a change now means fetching the documents back from the warehouse (售前 ⑥).
  {
    orderNo: '3921550016882006',
    buyerId: '雨后彩虹',
    status: 'printed',
    placed: 4,
    paid: 4,
    receiver: { name: '许虹', phone: '15800002222', province: '江苏省', city: '苏州市', district: '姑苏区', street: '人民路66号' },
    items: [{ title: '真皮单鞋', colour: '米白', size: '36', quantity: 1, priceFen: 29_900, inStock: true }],
  },

  // The after-sale registry's demo cases (server/src/modules/aftersale/aftersale.seed.ts).
  {
    orderNo: '3921550016882201',
    buyerId: '跑跑',
    status: 'delivered',
    placed: 9 * 24,
    paid: 9 * 24,
    shipped: 8 * 24,
    delivered: 6 * 24,
    courier: '中通快递',
    trackingNo: 'ZT5500112233',
    receiver: { name: '赵跑', phone: '13600001111', province: '北京市', city: '北京市', district: '朝阳区', street: '望京西路8号' },
    items: [{ title: '网面透气跑鞋', colour: '黑色', size: '38', quantity: 1, priceFen: 26_900, inStock: true }],
    openCase: { kind: 'exchange', reason: '偏小，想换大一码' },
  },
  {
    orderNo: '3921550016882202',
    buyerId: '米粒',
    status: 'delivered',
    placed: 12 * 24,
    paid: 12 * 24,
    shipped: 11 * 24,
    delivered: 9 * 24,
    courier: '韵达快递',
    trackingNo: 'YD3300445566',
    receiver: { name: '米丽', phone: '15800002222', province: '四川省', city: '成都市', district: '武侯区', street: '天府大道中段666号' },
    items: [{ title: '复古马丁靴', colour: '棕色', size: '37', quantity: 1, priceFen: 49_900, inStock: true }],
    openCase: { kind: 'return', reason: '颜色和图片不一样，不想要了' },
  },
];

/** The demo buyers, each reached through a signed chat link that `npm start` prints (issue 11). */
export const DEMO_BUYERS: readonly string[] = [...new Set(DEMO_ORDERS.map((order) => order.buyerId))];

const PATH: Record<OrderStatus, OrderStatus[]> = {
  unpaid: ['unpaid'],
  paid: ['paid'],
  printed: ['paid', 'printed'],
  packed: ['paid', 'printed', 'packed'],
  shipped: ['paid', 'printed', 'packed', 'shipped'],
  delivered: ['paid', 'printed', 'packed', 'shipped', 'delivered'],
  cancelled: ['paid', 'cancelled'],
  returned: ['paid', 'printed', 'packed', 'shipped', 'returned'],
};

/** Seeds the demo orders when the registry is empty and the demo supervisor exists; returns whether it did. */
export async function seedDemoOrders(db: DataSource, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const staff = (await tx.query(`SELECT id FROM staff WHERE username IN ('supervisor', 'printer1') ORDER BY username`)) as Array<{ id: number }>;
    // The lock makes two processes starting together seed once.
    const existing = (await tx.query('SELECT COUNT(*) AS n FROM shop_order FOR UPDATE')) as Array<{ n: number | string }>;
    if (staff.length < 2 || Number(existing[0]?.n ?? 0) > 0) return false;
    const [printer, supervisor] = [Number(staff[0]!.id), Number(staff[1]!.id)];
    const at = (hoursAgo: number | undefined) => (hoursAgo === undefined ? null : new Date(now.getTime() - hoursAgo * HOUR));
    for (const demo of DEMO_ORDERS) {
      const placedAt = at(demo.placed)!;
      const id = await ordersRepository.insert(
        tx,
        {
          orderNo: demo.orderNo,
          buyerId: demo.buyerId,
          status: demo.status,
          totalFen: demo.items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0),
          receiverName: demo.receiver.name,
          receiverPhone: demo.receiver.phone,
          receiverProvince: demo.receiver.province,
          receiverCity: demo.receiver.city,
          receiverDistrict: demo.receiver.district,
          receiverStreet: demo.receiver.street,
          buyerMessage: demo.buyerMessage ?? null,
          placedAt,
          paidAt: at(demo.paid),
          shippedAt: at(demo.shipped),
          deliveredAt: at(demo.delivered),
          cancelledAt: null,
          returnedAt: null,
          courier: demo.courier ?? null,
          trackingNo: demo.trackingNo ?? null,
          createdBy: supervisor,
          createdAt: placedAt,
          updatedAt: now,
        },
        demo.items.map((item, index) => ({ lineNo: index + 1, ...item })),
      );
      let from: OrderStatus | null = null;
      for (const to of PATH[demo.status]) {
        const when = to === 'shipped' ? at(demo.shipped)! : to === 'delivered' ? at(demo.delivered)! : to === 'printed' || to === 'packed' ? new Date(at(demo.paid)!.getTime() + HOUR) : placedAt;
        await ordersRepository.insertEvent(tx, {
          orderId: id,
          fromStatus: from,
          toStatus: to,
          courier: to === 'shipped' ? (demo.courier ?? null) : null,
          trackingNo: to === 'shipped' ? (demo.trackingNo ?? null) : null,
          note: null,
          staffId: from === null ? supervisor : printer,
          at: when,
        });
        from = to;
      }
      if (demo.openCase) {
        await tx.query(`INSERT INTO after_sale_case (order_id, order_no, buyer_id, kind, status, reason, opened_by, opened_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`, [
          id,
          demo.orderNo,
          demo.buyerId,
          demo.openCase.kind,
          demo.openCase.reason,
          supervisor,
          new Date(now.getTime() - DAY),
        ]);
      }
      await audit(tx, { actorId: null, action: 'order.seed', entity: 'order', entityId: demo.orderNo, details: demo, at: now });
    }
    return true;
  });
}
