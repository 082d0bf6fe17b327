import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { exportPair, itemLine, uploadPair } from './import.fixtures.ts';

let server: TestServer;
let presale: TestClient;
let printer: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [presale, printer] = await Promise.all([loggedIn(server.baseUrl, 'presale1'), loggedIn(server.baseUrl, 'printer1')]);
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
const no = () => `77${Date.now()}${(n += 1)}`.slice(0, 19);

async function counts(orderNos: string[]) {
  const [orders] = await server.db.query('SELECT COUNT(*) AS n FROM shop_order WHERE order_no IN (?)', [orderNos]);
  const [items] = await server.db.query('SELECT COUNT(*) AS n FROM shop_order_item i JOIN shop_order o ON o.id = i.order_id WHERE o.order_no IN (?)', [orderNos]);
  const [events] = await server.db.query('SELECT COUNT(*) AS n FROM shop_order_event e JOIN shop_order o ON o.id = e.order_id WHERE o.order_no IN (?)', [orderNos]);
  const [notes] = await server.db.query('SELECT COUNT(*) AS n FROM order_imported_note x JOIN shop_order o ON o.id = x.order_id WHERE o.order_no IN (?)', [orderNos]);
  return { orders: Number(orders.n), items: Number(items.n), events: Number(events.n), notes: Number(notes.n) };
}

describe('importing the back office export', () => {
  it('creates the orders of a GBK pair once: the same files again create and change nothing', async () => {
    const [a, b, c] = [no(), no(), no()];
    const pair = exportPair(
      [
        { orderNo: a, buyer: '小鹿买鞋', paid: '328.00', status: '买家已付款，等待卖家发货', message: '请发顺丰,谢谢', receiver: '王小鹿', address: '浙江省 杭州市 西湖区 文三路100号', mobile: '13812345678', createdAt: '2026-11-29 09:58:01', paidAt: '2026-11-29 10:00:00', note: '客户要求发顺丰---2026.11.29 李娜\n加急' },
        { orderNo: b, buyer: 'tb_阿明', paid: '199.00', status: '卖家已发货，等待买家确认', receiver: '李明', address: '上海 上海市 浦东新区 世纪大道1号', mobile: '13900001111', createdAt: '2026-11-27 20:00:00', paidAt: '2026-11-27 20:01:00', trackingNo: 'ZT7788123456', courier: '中通快递' },
        { orderNo: c, buyer: '等付款的人', paid: '0.00', status: '等待买家付款', createdAt: '2026-11-29 11:00:00' },
      ],
      [itemLine(a, '真皮休闲鞋 男', '299.00', '1', '颜色分类：黑色;尺码：38'), itemLine(a, '鞋垫', '29.00', '1', ''), itemLine(b, '全羊毛手工棉鞋', '199.00', '1', '颜色分类：棕色;尺码：40'), itemLine(c, '帆布鞋', '89.00', '2', '颜色分类：白色;尺码：36')],
    );
    const first = await uploadPair(presale, pair);
    expect(first).toEqual({ status: 200, body: { created: 3, updated: 0, unchanged: 0, errors: [] } });

    const order = await presale.get(`/api/orders/${a}`);
    expect(order.body).toMatchObject({
      status: 'paid',
      buyerId: '小鹿买鞋',
      totalFen: 32_800,
      paidAt: '2026-11-29T02:00:00.000Z',
      placedAt: '2026-11-29T01:58:01.000Z',
      createdBy: { displayName: '李娜' },
      items: [{ title: '真皮休闲鞋 男', colour: '黑色', size: '38', quantity: 1, priceFen: 29_900 }, { title: '鞋垫', colour: null, size: null }],
      receiver: { name: '王小鹿', phone: '138****5678', address: { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路100号' } },
      buyerMessage: '请发顺丰,谢谢',
    });
    expect((await presale.get(`/api/orders/${b}`)).body).toMatchObject({ status: 'shipped', trackingNo: 'ZT7788123456', courier: '中通快递' });
    expect((await presale.get(`/api/orders/${c}`)).body).toMatchObject({ status: 'unpaid', paidAt: null, totalFen: 17_800 });

    const notes = await server.db.query('SELECT text, signed, signed_by, signed_on FROM order_imported_note x JOIN shop_order o ON o.id = x.order_id WHERE o.order_no = ? ORDER BY x.id', [a]);
    expect(notes.map((r: any) => [r.text, Number(r.signed), r.signed_by, r.signed_on])).toEqual([
      ['客户要求发顺丰---2026.11.29 李娜', 1, '李娜', '2026.11.29'],
      ['加急', 0, null, null],
    ]);
    const audits = await server.db.query("SELECT actor_id, action FROM audit_log WHERE action = 'order.import.create' AND entity_id IN (?)", [[a, b, c]]);
    expect(audits).toHaveLength(3);

    const before = await counts([a, b, c]);
    const again = await uploadPair(presale, pair);
    expect(again).toEqual({ status: 200, body: { created: 0, updated: 0, unchanged: 3, errors: [] } });
    expect(await counts([a, b, c])).toEqual(before);
  });

  it('moves recorded orders on where the back office knows more, and never pulls a printed order back', async () => {
    const [paidNo, printedNo] = [no(), no()];
    const items = [itemLine(paidNo, '帆布鞋', '89.00', '1', ''), itemLine(printedNo, '帆布鞋', '89.00', '1', '')];
    const paid = (status: string) => ({ buyer: '买家甲', paid: '89.00', status, createdAt: '2026-11-28 09:00:00', paidAt: '2026-11-28 09:01:00' });
    expect((await uploadPair(printer, exportPair([{ orderNo: paidNo, ...paid('等待买家付款'), paidAt: undefined }, { orderNo: printedNo, ...paid('买家已付款，等待卖家发货') }], items))).body).toMatchObject({ created: 2 });
    const current = (await printer.get(`/api/orders/${printedNo}`)).body;
    expect((await printer.post(`/api/orders/${printedNo}/moves`, { to: 'printed', version: current.version })).status).toBe(200);

    const second = await uploadPair(printer, exportPair([{ orderNo: paidNo, ...paid('买家已付款，等待卖家发货') }, { orderNo: printedNo, ...paid('买家已付款，等待卖家发货'), note: '客户要求发顺丰' }], items));
    expect(second.body).toEqual({ created: 0, updated: 2, unchanged: 0, errors: [] });
    expect((await printer.get(`/api/orders/${paidNo}`)).body).toMatchObject({ status: 'paid', paidAt: '2026-11-28T01:01:00.000Z', history: [{ to: 'unpaid' }, { from: 'unpaid', to: 'paid', note: '后台导入', by: { displayName: '孙磊' } }] });
    const printed = (await printer.get(`/api/orders/${printedNo}`)).body;
    expect(printed.status).toBe('printed');
    const [note]: any[] = await server.db.query('SELECT signed FROM order_imported_note x JOIN shop_order o ON o.id = x.order_id WHERE o.order_no = ?', [printedNo]);
    expect(Number(note.signed)).toBe(0);
  });

  it('brings the open refunds and disputes onto the supervisor board with their deadlines; importing again adds none, and one ended is not reopened', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const [refundNo, disputeNo, endedNo] = [no(), no(), no()];
    const base = { paid: '199.00', createdAt: '2026-11-28 09:00:00', paidAt: '2026-11-28 09:01:00' };
    const shipped = { ...base, status: '交易成功', trackingNo: 'ZT7788000002', courier: '中通快递' };
    const pair = exportPair(
      [
        { orderNo: refundNo, buyer: '退款中的买家', ...base, status: '买家已付款，等待卖家发货', refundStatus: '买家已经申请退款，等待卖家同意', refundAmount: '199.00', refundDeadline: '2026-12-01 09:00:00' },
        { orderNo: disputeNo, buyer: '维权中的买家', ...shipped, disputeStatus: '维权中' },
        { orderNo: endedNo, buyer: '退款完的买家', ...shipped, refundStatus: '退款成功', refundAmount: '199.00' },
      ],
      [refundNo, disputeNo, endedNo].map((n) => itemLine(n, '全羊毛手工棉鞋', '199.00', '1', '')),
    );
    const before = Date.now();
    expect((await uploadPair(presale, pair)).body).toEqual({ created: 3, updated: 0, unchanged: 0, errors: [] });
    const board = (await supervisor.get('/api/disputes')).body.disputes.filter((d: { orderNo: string }) => [refundNo, disputeNo, endedNo].includes(d.orderNo));
    const settings = (await supervisor.get('/api/disputes/settings')).body;
    expect(board).toHaveLength(2);
    const refund = board.find((d: { orderNo: string }) => d.orderNo === refundNo);
    expect(refund).toMatchObject({ kind: 'refund', source: 'import', amountFen: 19_900, deadlineAt: '2026-12-01T01:00:00.000Z', reason: '订单导入：退款中' });
    const dispute = board.find((d: { orderNo: string }) => d.orderNo === disputeNo);
    expect(dispute).toMatchObject({ kind: 'dispute', source: 'import', amountFen: null });
    // No response time in the export: the setting's default from the import's time.
    const defaultMs = new Date(dispute.deadlineAt).getTime() - before;
    expect(defaultMs).toBeGreaterThanOrEqual(settings.disputeHours * 3_600_000 - 1000);
    expect(defaultMs).toBeLessThan(settings.disputeHours * 3_600_000 + 60_000);
    // The responsible person is an active after-sale agent.
    const [agent] = await server.db.query("SELECT r.role FROM staff_role r WHERE r.staff_id = ? AND r.role = 'aftersale'", [refund.agent.id]);
    expect(agent).toBeTruthy();
    expect(await server.db.query("SELECT id FROM audit_log WHERE action = 'dispute.import' AND entity = 'order_dispute' AND entity_id IN (?, ?)", [String(refund.id), String(dispute.id)])).toHaveLength(2);

    const count = async () => Number((await server.db.query('SELECT COUNT(*) AS n FROM order_dispute WHERE order_no IN (?)', [[refundNo, disputeNo, endedNo]]))[0].n);
    expect((await uploadPair(presale, pair)).body).toEqual({ created: 0, updated: 0, unchanged: 3, errors: [] });
    expect(await count()).toBe(2);
    // The shop ends the refund; the export still says 退款中 until the marketplace catches up: not reopened.
    expect((await supervisor.post(`/api/disputes/${refund.id}/outcome`, { version: refund.version, outcome: 'goods_returned', note: '退货已收到，已退款' })).status).toBe(200);
    expect((await uploadPair(presale, pair)).body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await count()).toBe(2);
  });

  it('reports each bad row with its line and reason while the good rows go in, never half an order', async () => {
    const [good, badItem, noItems] = [no(), no(), no()];
    const reply = await uploadPair(
      presale,
      exportPair(
        [
          { orderNo: good, buyer: '好买家', paid: '89.00', status: '买家已付款，等待卖家发货', createdAt: '2026-11-29 09:00:00', paidAt: '2026-11-29 09:01:00' },
          { orderNo: badItem, buyer: '坏宝贝', paid: '89.00', status: '买家已付款，等待卖家发货', createdAt: '2026-11-29 09:00:00', paidAt: '2026-11-29 09:01:00' },
          { orderNo: noItems, buyer: '没宝贝', paid: '89.00', status: '买家已付款，等待卖家发货', createdAt: '2026-11-29 09:00:00', paidAt: '2026-11-29 25:01:00' },
        ],
        [itemLine(good, '帆布鞋', '89.00', '1', ''), itemLine(badItem, '帆布鞋', '89.00', '1', ''), itemLine(badItem, '袜子', '八块', '1', '')],
        'utf8',
      ),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect(reply.body.errors).toEqual([
      expect.objectContaining({ file: 'items', line: 4, orderNo: badItem, code: 'invalid_field', field: 'price' }),
      expect.objectContaining({ file: 'orders', line: 4, orderNo: noItems, code: 'invalid_field', field: 'paidAt' }),
    ]);
    expect(await counts([badItem, noItems])).toEqual({ orders: 0, items: 0, events: 0, notes: 0 });
    expect(await counts([good])).toMatchObject({ orders: 1, items: 1 });
  });

  it('takes a JSON array of orders, reporting a bad one by its position', async () => {
    const [a, b] = [no(), no()];
    const reply = await presale.post('/api/orders/import', [
      { orderNo: a, buyerId: '买家乙', status: 'paid', paidAt: '2026-11-29T01:00:00Z', receiver: { name: '乙', phone: '13800000000', address: '北京市朝阳区建国路1号' }, items: [{ title: '皮鞋', colour: '黑色', size: '39', quantity: 1, priceFen: 19_900 }] },
      { orderNo: b, buyerId: '买家丙', status: 'shipped', items: [{ title: '皮鞋', quantity: 1, priceFen: 19_900 }] },
      { orderNo: a, buyerId: '买家乙', status: 'paid', items: [{ title: '皮鞋', quantity: 2, priceFen: 19_900 }] },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ created: 1, updated: 0, unchanged: 0, errors: [{ line: 2, orderNo: b, code: 'invalid_field' }, { line: 3, orderNo: a, code: 'duplicate_order' }] });
    expect(reply.body.errors[0].message).toMatch(/paidAt/);
    expect((await presale.get(`/api/orders/${a}`)).body).toMatchObject({ items: [{ colour: '黑色', size: '39' }], receiver: { name: '乙', address: { province: '北京市', district: '朝阳区' } } });

    const notArray = await presale.post('/api/orders/import', { orderNo: a });
    expect(notArray.status).toBe(400);
    expect(notArray.body.error.code).toBe('invalid');
  });

  it('refuses a form without both files, and writes nothing', async () => {
    const form = new FormData();
    form.append('orders', new Blob(['订单编号\r\n1\r\n']), 'a.csv');
    const res = await fetch(`${server.baseUrl}/api/orders/import`, { method: 'POST', headers: { cookie: presale.cookie, 'x-kefu-request': '1' }, body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'invalid', message: expect.stringContaining('items') });
  });
});
