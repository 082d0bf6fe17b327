import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { openWorkOn } from '../alerts/alerts.repository.ts';
import { orderAt, RECEIVER } from './orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let printer: TestClient;
let aftersale: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, presale, printer, aftersale] = (await Promise.all(['supervisor', 'presale1', 'printer1', 'aftersale1'].map((username) => loggedIn(server.baseUrl, username)))) as [
    TestClient,
    TestClient,
    TestClient,
    TestClient,
  ];
});

afterAll(async () => {
  await server?.close();
});

const orderIdOf = async (orderNo: string) => Number((await server.db.query('SELECT id FROM shop_order WHERE order_no = ?', [orderNo]))[0].id);
const alertsOf = async (orderNo: string) => (await supervisor.get(`/api/alerts?status=open&orderNo=${orderNo}`)).body.alerts as Array<{ id: number; audience: string; kind: string; summary: string; noteText: string | null }>;
const notesOf = async (orderNo: string) => ((await presale.get(`/api/orders/${orderNo}/notes`)).body.notes as Array<{ kind: string; text: string; authorName: string }>).map((n) => [n.kind, n.authorName, n.text]);

describe('a change on an order not yet printed', () => {
  it('is applied, noted and, the buyer having confirmed, alerted; the printer’s reply finishes it', async () => {
    const order = await orderAt({ writer: supervisor }, 'addr-buyer', 'paid', { receiver: RECEIVER });
    const reply = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'address', address: '上海市浦东新区张江路1号', version: order.version, buyerConfirmed: true });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({ kind: 'address', status: 'alerted', printerAlert: 'change', orderStatus: 'paid', summary: '客户要求修改地址，新地址为：上海市浦东新区张江路1号' });
    const detail = (await presale.get(`/api/orders/${order.orderNo}`)).body;
    expect(detail.receiver).toMatchObject({ name: '张三', addressText: '上海市浦东新区张江路1号', phone: '138****5678' });
    expect(detail.version).toBe(order.version + 1);
    const [alert] = await alertsOf(order.orderNo);
    expect(alert).toMatchObject({ audience: 'printer', kind: 'change', noteText: expect.stringMatching(/^客户要求修改地址，新地址为：上海市浦东新区张江路1号---\d{4}\.\d{2}\.\d{2} 李娜$/) });
    // The agent handling the change needs the full phone now; the view is audited.
    expect((await presale.get(`/api/orders/${order.orderNo}/receiver-phone`)).body.phone).toBe('13812345678');
    expect(await openWorkOn(server.db.manager, [await orderIdOf(order.orderNo)])).not.toEqual([]);

    // R02: not printed while its alert is open or claimed.
    const refused = await printer.post('/api/print/batches', { orderNos: [order.orderNo] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.refused).toEqual([
      { orderNo: order.orderNo, reason: 'alert', details: { alertId: alert!.id, changeId: reply.body.id, status: 'open' } },
      { orderNo: order.orderNo, reason: 'change', details: { alertId: null, changeId: reply.body.id, status: 'alerted' } },
    ]);
    expect((await printer.post(`/api/alerts/${alert!.id}/claim`, {})).status).toBe(200);
    expect((await printer.post('/api/print/batches', { orderNos: [order.orderNo] })).status).toBe(409);
    expect((await printer.post(`/api/alerts/${alert!.id}/done`, { reply: '已在E店宝修改妥当' })).status).toBe(200);
    const changes = (await presale.get(`/api/orders/${order.orderNo}/changes`)).body.changes;
    expect(changes).toMatchObject([{ id: reply.body.id, status: 'done' }]);
    expect((await notesOf(order.orderNo)).map(([kind, author]) => [kind, author])).toEqual([
      ['address', '李娜'],
      ['reply', '孙磊'],
    ]);
    expect(await openWorkOn(server.db.manager, [await orderIdOf(order.orderNo)])).toEqual([]);
    expect((await printer.post('/api/print/batches', { orderNos: [order.orderNo] })).status).toBe(201);
    // Done: the agent no longer handles it.
    expect((await presale.get(`/api/orders/${order.orderNo}/receiver-phone`)).status).toBe(403);
  });

  it('waits, listed as awaiting confirmation, until the buyer confirms; then the printers are alerted', async () => {
    const order = await orderAt({ writer: supervisor }, 'attr-buyer', 'paid');
    const change = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'attribute', lineNo: 1, size: '39', version: order.version });
    expect(change.body).toMatchObject({ status: 'awaiting_confirmation', summary: '客户拍下黑色38码，要求修改成黑色39码，已修改妥当' });
    expect(await alertsOf(order.orderNo)).toEqual([]);
    expect(await openWorkOn(server.db.manager, [await orderIdOf(order.orderNo)])).toEqual([expect.objectContaining({ changeId: change.body.id, status: 'awaiting_confirmation' })]);
    expect((await presale.get(`/api/orders/${order.orderNo}`)).body.items[0]).toMatchObject({ colour: '黑色', size: '39' });
    const confirmed = await presale.post(`/api/orders/${order.orderNo}/changes/${change.body.id}/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('alerted');
    expect((await presale.post(`/api/orders/${order.orderNo}/changes/${change.body.id}/confirm`, {})).status).toBe(409);
    expect(await alertsOf(order.orderNo)).toMatchObject([{ kind: 'change' }]);
  });
});

describe('after printing and packing', () => {
  it('printed: the printer corrects the documents, and the after_print note is written with their reply', async () => {
    const order = await orderAt({ writer: supervisor }, 'printed-buyer', 'printed');
    const change = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'attribute', lineNo: 1, colour: '白色', version: order.version, buyerConfirmed: true });
    expect(change.body).toMatchObject({ printerAlert: 'correct_documents', summary: '客户拍下黑色38码，要求修改成白色38码' });
    expect(await notesOf(order.orderNo)).toEqual([]); // due once the documents are corrected
    const [alert] = await alertsOf(order.orderNo);
    await printer.post(`/api/alerts/${alert!.id}/claim`, {});
    await printer.post(`/api/alerts/${alert!.id}/done`, { reply: '发货单与快递单已改' });
    expect((await notesOf(order.orderNo)).map(([kind, author, text]) => [kind, author, (text ?? '').replace(/---.*$/, '')])).toEqual([
      ['after_print', '孙磊', '客户要求修改成白色38码，已在发货单与快递单上修改妥当'],
      ['reply', '孙磊', '订单跟踪回复：发货单与快递单已改'],
    ]);
  });

  it('packed: once the printer has fetched the parcel back, the order is printed again', async () => {
    const order = await orderAt({ writer: supervisor }, 'packed-buyer', 'packed');
    const change = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'special', request: '发顺丰', version: order.version, buyerConfirmed: true, urgent: true });
    expect(change.body).toMatchObject({ printerAlert: 'reprint', urgent: true });
    const [alert] = await alertsOf(order.orderNo);
    await printer.post(`/api/alerts/${alert!.id}/claim`, {});
    await printer.post(`/api/alerts/${alert!.id}/done`, { reply: '已取回包裹重新打单' });
    const detail = (await presale.get(`/api/orders/${order.orderNo}`)).body;
    expect(detail.status).toBe('printed');
    expect(detail.history.at(-1)).toMatchObject({ from: 'packed', to: 'printed', by: { displayName: '孙磊' } });
  });

  it.each([
    ['shipped', 409, /after-sale’s/],
    ['delivered', 409, /after-sale’s/],
    ['cancelled', 409, /is cancelled/],
  ])('a %s order is refused', async (status, code, message) => {
    const order = await orderAt({ writer: supervisor }, `refused-${status}`, status as 'shipped');
    const reply = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'address', address: '上海市浦东新区张江路1号', version: order.version });
    expect(reply.status).toBe(code);
    expect(reply.body.error.message).toMatch(message);
  });

  it('a change on an old view of the order is refused; a printer may not record one', async () => {
    const order = await orderAt({ writer: supervisor }, 'stale-change', 'paid');
    expect((await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'special', request: '发顺丰', version: order.version + 5 })).status).toBe(409);
    expect((await printer.post(`/api/orders/${order.orderNo}/changes`, { kind: 'special', request: '发顺丰', version: order.version })).status).toBe(403);
    expect((await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'attribute', lineNo: 1, version: order.version })).status).toBe(400);
  });
});

describe('a paid order cancelled', () => {
  it('is voided, its refund case opened and after-sale alerted, in one transaction', async () => {
    const order = await orderAt({ writer: supervisor }, 'cancel-buyer', 'paid');
    const reply = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'cancel', reason: '买家拍错了', version: order.version });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ kind: 'cancel', status: 'alerted', refundCaseId: expect.any(Number) });
    expect((await presale.get(`/api/orders/${order.orderNo}`)).body).toMatchObject({ status: 'cancelled' });
    const cases = (await aftersale.get(`/api/aftersale/cases?orderNo=${order.orderNo}`)).body.cases;
    expect(cases).toMatchObject([{ id: reply.body.refundCaseId, kind: 'refund', status: 'open' }]);
    expect((await alertsOf(order.orderNo)).map((a) => [a.audience, a.kind]).sort()).toEqual([
      ['aftersale', 'refund'],
      ['printer', 'void'],
    ]);
    const forAftersale = (await aftersale.get('/api/alerts?status=open')).body.alerts.map((a: { orderNo: string }) => a.orderNo);
    expect(forAftersale).toContain(order.orderNo);
  });

  it('when anything fails, nothing is written: the order stays paid and no case is opened', async () => {
    const order = await orderAt({ writer: supervisor }, 'cancel-fails', 'paid');
    await server.db.query('RENAME TABLE order_alert TO order_alert_away');
    try {
      const reply = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'cancel', reason: '买家不要了', version: order.version });
      expect(reply.status).toBe(500);
    } finally {
      await server.db.query('RENAME TABLE order_alert_away TO order_alert');
    }
    expect((await presale.get(`/api/orders/${order.orderNo}`)).body).toMatchObject({ status: 'paid', version: order.version });
    expect((await aftersale.get(`/api/aftersale/cases?orderNo=${order.orderNo}`)).body.cases).toEqual([]);
    expect((await presale.get(`/api/orders/${order.orderNo}/changes`)).body.changes).toEqual([]);
  });
});
