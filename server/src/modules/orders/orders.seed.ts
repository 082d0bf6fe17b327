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
  items: Array<{ title: string; sku: string; quantity: number; priceFen: number; inStock: boolean }>;
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
    items: [{ title: '真皮系带休闲鞋', sku: '黑色 38码', quantity: 1, priceFen: 32_900, inStock: true }],
  },
  {
    orderNo: '3921550016882002',
    buyerId: '晴天娃娃',
    status: 'paid',
    placed: 2,
    paid: 2,
    items: [
      { title: '全羊毛手工棉拖', sku: '灰色 39码', quantity: 1, priceFen: 15_800, inStock: true },
      { title: '帆布小白鞋', sku: '白色 37码', quantity: 1, priceFen: 12_900, inStock: false },
    ],
  },
  {
    orderNo: '3921550016882003',
    buyerId: '阿杰',
    status: 'unpaid',
    placed: 5,
    items: [{ title: '橡胶底手工鞋', sku: '棕色 42码', quantity: 1, priceFen: 45_800, inStock: true }],
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
    items: [{ title: '牛皮乐福鞋', sku: '酒红 36码', quantity: 1, priceFen: 39_900, inStock: true }],
    openCase: { kind: 'return', reason: '右脚鞋跟处开胶，买家已发照片' },
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
          placedAt,
          paidAt: at(demo.paid),
          shippedAt: at(demo.shipped),
          deliveredAt: at(demo.delivered),
          cancelledAt: null,
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
