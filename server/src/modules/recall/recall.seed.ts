/**
 * Demo data for `npm start` (docs/recall.md, docs/disputes.md): two shipped parcels — one
 * recalled (its slip printed, the courier signed; the printer can mark it received), one
 * followed as a difficult parcel — and on the board a refund close to its auto-refund time and
 * a dispute past its deadline. Seeded once, with the demo orders, into an empty registry.
 */
import type { DataSource } from 'typeorm';
import { slipDay, slipNumber } from '@kefu/shared/domain/recall/recall';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import { audit } from '../audit/audit.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { aftersaleRepository } from '../aftersale/aftersale.repository.ts';
import { recallRepository } from './recall.repository.ts';

const HOUR = 3_600_000;

const DEMO = [
  { orderNo: '3921550016882101', buyerId: '不要了的买家', courier: '中通快递', trackingNo: 'ZT7788200101', receiver: ['周敏', '13800001111', '浙江省', '宁波市', '鄞州区', '天童南路8号'], title: '软底豆豆鞋', colour: '米白', size: '37', priceFen: 19_900 },
  { orderNo: '3921550016882102', buyerId: '等快递的买家', courier: '韵达快递', trackingNo: 'YD3300200102', receiver: ['刘畅', '13900002222', '湖北省', '武汉市', '洪山区', '珞喻路1037号'], title: '加绒雪地靴', colour: '栗色', size: '39', priceFen: 25_900 },
  { orderNo: '3921550016882103', buyerId: '退款的买家', courier: '圆通速递', trackingNo: 'YT5566200103', receiver: ['孙悦', '13700003333', '北京市', '北京市', '朝阳区', '望京街9号'], title: '真皮短靴', colour: '黑色', size: '38', priceFen: 42_900 },
  { orderNo: '3921550016882104', buyerId: '维权的买家', courier: '圆通速递', trackingNo: 'YT5566200104', receiver: ['赵雷', '13600004444', '四川省', '成都市', '武侯区', '人民南路四段3号'], title: '运动休闲鞋', colour: '灰色', size: '42', priceFen: 29_900 },
] as const;

export async function seedDemoRecallDisputes(db: DataSource, now: Date, tz: string): Promise<void> {
  await db.transaction(async (tx) => {
    const staff = (await tx.query(`SELECT id, username FROM staff WHERE username IN ('supervisor', 'printer1', 'aftersale1')`)) as Array<{ id: number; username: string }>;
    const id = (username: string) => Number(staff.find((s) => s.username === username)?.id);
    if (staff.length < 3) return;
    const existing = (await tx.query('SELECT 1 FROM shop_order WHERE order_no = ? FOR UPDATE', [DEMO[0].orderNo])) as unknown[];
    if (existing.length) return;
    const [supervisor, printer, agent] = [id('supervisor'), id('printer1'), id('aftersale1')];
    const orderIds: number[] = [];
    for (const demo of DEMO) {
      const paidAt = new Date(now.getTime() - 72 * HOUR);
      const shippedAt = new Date(now.getTime() - 48 * HOUR);
      const [name, phone, province, city, district, street] = demo.receiver;
      const orderId = await ordersRepository.insert(
        tx,
        {
          orderNo: demo.orderNo,
          buyerId: demo.buyerId,
          status: 'shipped',
          totalFen: demo.priceFen,
          receiverName: name,
          receiverPhone: phone,
          receiverProvince: province,
          receiverCity: city,
          receiverDistrict: district,
          receiverStreet: street,
          buyerMessage: null,
          placedAt: paidAt,
          paidAt,
          shippedAt,
          deliveredAt: null,
          cancelledAt: null,
          returnedAt: null,
          courier: demo.courier,
          trackingNo: demo.trackingNo,
          createdBy: supervisor,
          createdAt: paidAt,
          updatedAt: now,
        },
        [{ lineNo: 1, title: demo.title, colour: demo.colour, size: demo.size, quantity: 1, priceFen: demo.priceFen, inStock: true }],
      );
      await ordersRepository.insertEvent(tx, { orderId, fromStatus: null, toStatus: 'paid', courier: null, trackingNo: null, note: null, staffId: supervisor, at: paidAt });
      await ordersRepository.insertEvent(tx, { orderId, fromStatus: 'paid', toStatus: 'shipped', courier: demo.courier, trackingNo: demo.trackingNo, note: null, staffId: printer, at: shippedAt });
      orderIds.push(orderId);
    }
    // The recall: its case in the registry, the slip numbered, the courier signed part 1.
    const recallAt = new Date(now.getTime() - 3 * HOUR);
    const reason = '买家拍错尺码不要了，已联系快递召回';
    const caseResult = (await tx.query(`INSERT INTO after_sale_case (order_id, order_no, buyer_id, kind, status, reason, opened_by, opened_at) VALUES (?, ?, ?, 'recall', 'open', ?, ?, ?)`, [
      orderIds[0],
      DEMO[0].orderNo,
      DEMO[0].buyerId,
      reason,
      agent,
      recallAt,
    ])) as { insertId: number };
    const day = slipDay(recallAt, tz);
    const seq = await recallRepository.nextSeq(tx, day);
    const slipId = await recallRepository.insert(tx, {
      slipNo: slipNumber(day, seq),
      day,
      seq,
      orderId: orderIds[0]!,
      orderNo: DEMO[0].orderNo,
      buyerId: DEMO[0].buyerId,
      caseId: Number(caseResult.insertId),
      receiverName: DEMO[0].receiver[0],
      courier: DEMO[0].courier,
      trackingNo: DEMO[0].trackingNo,
      reason,
      createdBy: agent,
      createdAt: recallAt,
    });
    await recallRepository.sign(tx, slipId, 1, { courierName: '王师傅', at: new Date(recallAt.getTime() + HOUR), by: printer });
    // The difficult parcel, due for its follow-up today, with its registry case (kind difficult).
    const parcelAt = new Date(now.getTime() - 20 * HOUR);
    const parcelCase = await aftersaleRepository.insert(tx, { orderId: orderIds[1]!, orderNo: DEMO[1].orderNo, buyerId: DEMO[1].buyerId, kind: 'difficult', reason: '快递显示转寄到其他网点，买家未收到', openedBy: agent, openedAt: parcelAt });
    await tx.query(`INSERT INTO difficult_parcel (order_id, order_no, case_id, tracking_no, kind, status, description, next_follow_up_on, created_by, created_at) VALUES (?, ?, ?, ?, 'forwarded', 'open', ?, ?, ?, ?)`, [
      orderIds[1],
      DEMO[1].orderNo,
      parcelCase,
      DEMO[1].trackingNo,
      '快递显示转寄到其他网点，买家未收到',
      shopDay(now, tz),
      agent,
      parcelAt,
    ]);
    // The board: a refund 5 hours before its auto-refund, a dispute already past its deadline.
    for (const [i, kind, hoursLeft, why] of [
      [2, 'refund', 5, '买家申请仅退款：尺码偏小'],
      [3, 'dispute', -2, '买家发起维权：鞋底开胶'],
    ] as const) {
      await tx.query(
        `INSERT INTO order_dispute (order_id, open_key, order_no, buyer_id, kind, reason, amount_fen, source, deadline_at, agent_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?, ?, ?)`,
        [orderIds[i], `${orderIds[i]}:${kind}`, DEMO[i].orderNo, DEMO[i].buyerId, kind, why, DEMO[i].priceFen, new Date(now.getTime() + hoursLeft * HOUR), agent, supervisor, new Date(now.getTime() - 30 * HOUR)],
      );
    }
    await audit(tx, { actorId: null, action: 'recall.seed', entity: 'order', entityId: DEMO[0].orderNo, details: { orders: DEMO.map((d) => d.orderNo) }, at: now });
  });
}
