import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt } from '../orders/orders.fixtures.ts';

let server: TestServer;
let printer: TestClient;
let supervisor: TestClient;
let presale: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [printer, supervisor, presale] = (await Promise.all(['printer1', 'supervisor', 'presale1'].map((u) => loggedIn(server.baseUrl, u)))) as [TestClient, TestClient, TestClient];
});
afterAll(async () => {
  await server?.close();
});

const RECEIVER = { name: '王小鹿', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号' };

async function paidOrder(extra: Record<string, unknown> = {}) {
  return orderAt({ writer: presale, mover: supervisor }, '小鹿买鞋', 'paid', { receiver: RECEIVER, buyerMessage: '请发顺丰', ...extra });
}

describe('printing a batch', () => {
  it('moves each paid order to printed under the signed label, numbers waybills from the roll, and records reprints', async () => {
    const [a, b] = [await paidOrder(), await paidOrder()];
    const queue = await printer.get('/api/print/queue');
    expect(queue.status).toBe(200);
    expect(queue.body.orders.map((o: any) => o.orderNo)).toEqual(expect.arrayContaining([a.orderNo, b.orderNo]));

    const reply = await printer.post('/api/print/batches', { orderNos: [a.orderNo, b.orderNo], firstTrackingNo: 'ZT0000000099', courier: '中通快递' });
    expect(reply.status).toBe(201);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).replaceAll('-', '.');
    expect(reply.body).toMatchObject({ label: `${today} 孙磊`, orderNos: [a.orderNo, b.orderNo], reprints: [], printedBy: { displayName: '孙磊' } });
    const printedA = (await printer.get(`/api/orders/${a.orderNo}`)).body;
    expect(printedA).toMatchObject({ status: 'printed', trackingNo: 'ZT0000000099', courier: '中通快递' });
    expect(printedA.history.at(-1)).toMatchObject({ from: 'paid', to: 'printed', by: { displayName: '孙磊' }, note: `打印批次 ${today} 孙磊` });
    expect((await printer.get(`/api/orders/${b.orderNo}`)).body).toMatchObject({ status: 'printed', trackingNo: 'ZT0000000100' });
    expect((await printer.get('/api/print/queue')).body.orders.map((o: any) => o.orderNo)).not.toContain(a.orderNo);

    const again = await printer.post('/api/print/batches', { orderNos: [a.orderNo] });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ orderNos: [a.orderNo], reprints: [a.orderNo] });
    expect((await printer.get(`/api/orders/${a.orderNo}`)).body).toMatchObject({ status: 'printed', version: printedA.version });
    const day = await printer.get('/api/print/batches');
    expect(day.body.batches.map((x: any) => x.id)).toEqual([again.body.id, reply.body.id]);
    const [audit] = await server.db.query("SELECT actor_id, details FROM audit_log WHERE action = 'print.batch' AND entity_id = ?", [String(again.body.id)]);
    expect(JSON.parse(audit.details)).toMatchObject({ label: `${today} 孙磊`, printed: 0, reprinted: 1 });
  });

  it('shows dispatch notes and waybills with the tracking-number barcode, A4 or thermal, the phone masked on the note only', async () => {
    const order = await paidOrder({ items: [{ title: '真皮休闲鞋', colour: '黑色', size: '38', quantity: 2, priceFen: 29_900 }] });
    const batch = (await printer.post('/api/print/batches', { orderNos: [order.orderNo], firstTrackingNo: 'YT1234567890', courier: '圆通速递' })).body;
    const view = await printer.request('GET', `/api/print/batches/${batch.id}/view?size=thermal`);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toMatch(/text\/html/);
    const html = String(view.body);
    expect(html).toContain('@page { size: 76mm 130mm');
    expect(html).toMatch(/<svg class="barcode" data-code="YT1234567890"[^>]*><path d="M10 0h\d/);
    expect(html).toContain('<td>真皮休闲鞋</td><td>黑色</td><td>38</td><td class="n">2</td>');
    expect(html).toContain('请发顺丰');
    const dispatch = html.slice(html.indexOf('class="sheet dispatch"'), html.indexOf('class="sheet waybill"'));
    expect(dispatch).toContain('138****5678');
    expect(dispatch).not.toContain('13812345678');
    expect(html.slice(html.indexOf('class="sheet waybill"'))).toContain('13812345678');
    expect((await printer.request('GET', `/api/print/batches/${batch.id}/view?lang=en`)).body).toContain('Dispatch note');
    const audits = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'print.view' AND entity_id = ?", [String(batch.id)]);
    expect(Number(audits[0].n)).toBe(2);
  });

  it('refuses the whole batch (409 naming the order) when one order may not be printed, and writes nothing', async () => {
    const good = await paidOrder();
    const shipped = await orderAt({ writer: presale, mover: supervisor }, '小鹿买鞋', 'shipped');
    const [before] = await server.db.query('SELECT COUNT(*) AS n FROM print_batch');
    const reply = await printer.post('/api/print/batches', { orderNos: [good.orderNo, shipped.orderNo] });
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toContain(shipped.orderNo);
    expect(reply.body.error.details.refused).toEqual([{ orderNo: shipped.orderNo, reason: 'status', status: 'shipped' }]);
    expect((await printer.get(`/api/orders/${good.orderNo}`)).body.status).toBe('paid');
    const [after] = await server.db.query('SELECT COUNT(*) AS n FROM print_batch');
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses an order with an open alert (409 naming the alert) until the printer has handled it', async () => {
    const order = await paidOrder();
    const change = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'address', address: '上海市浦东新区张江路1号', version: order.version, buyerConfirmed: true });
    expect(change.status, JSON.stringify(change.body)).toBe(201);
    const [alert]: any[] = await server.db.query("SELECT id FROM order_alert WHERE order_no = ? AND status = 'open' AND audience = 'printer'", [order.orderNo]);
    const reply = await printer.post('/api/print/batches', { orderNos: [order.orderNo] });
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toContain(order.orderNo);
    expect(reply.body.error.details.refused).toEqual(
      expect.arrayContaining([{ orderNo: order.orderNo, reason: 'alert', details: expect.objectContaining({ alertId: Number(alert.id), status: 'open' }) }]),
    );
    expect((await printer.get(`/api/orders/${order.orderNo}`)).body.status).toBe('paid');

    expect((await printer.post(`/api/alerts/${alert.id}/claim`, {})).status).toBe(200);
    expect((await printer.post('/api/print/batches', { orderNos: [order.orderNo] })).status).toBe(409);
    const done = await printer.post(`/api/alerts/${alert.id}/done`, { reply: '已改地址' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await printer.post('/api/print/batches', { orderNos: [order.orderNo] })).status).toBe(201);
  });

  it('refuses an order a registered guard forbids, naming it', async () => {
    const blocked = await paidOrder();
    server.app.printing.registerGuard(async (_tx, orders) =>
      orders.filter((o) => o.orderNo === blocked.orderNo).map((o) => ({ orderNo: o.orderNo, reason: 'alert 7 is open', details: { alertId: 7 } })),
    );
    const reply = await printer.post('/api/print/batches', { orderNos: [blocked.orderNo] });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'conflict', details: { refused: [{ orderNo: blocked.orderNo, details: { alertId: 7 } }] } });
    expect((await printer.get(`/api/orders/${blocked.orderNo}`)).body.status).toBe('paid');
  });

  it('checks the request: no empty batch, no order twice, no unknown order', async () => {
    expect((await printer.post('/api/print/batches', { orderNos: [] })).status).toBe(400);
    expect((await printer.post('/api/print/batches', { orderNos: ['A1', 'A1'] })).status).toBe(400);
    const unknown = await printer.post('/api/print/batches', { orderNos: ['NOSUCHORDER1'] });
    expect(unknown.status).toBe(404);
  });
});
