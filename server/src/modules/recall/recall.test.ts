import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { noteDate } from '@kefu/shared/domain/orders/notes';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt, RECEIVER } from '../orders/orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let aftersale: TestClient;
let printer: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, aftersale, printer] = (await Promise.all(['supervisor', 'aftersale1', 'printer1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

const order = (buyerId: string, status: OrderStatus) => orderAt({ writer: supervisor }, buyerId, status, { receiver: RECEIVER });

async function snapshot() {
  const count = async (sql: string) => Number((await server.db.query(sql))[0].n);
  return {
    slips: await count('SELECT COUNT(*) AS n FROM recall_slip'),
    versions: await count('SELECT COALESCE(SUM(version), 0) AS n FROM recall_slip'),
    cases: await count('SELECT COUNT(*) AS n FROM after_sale_case'),
    counters: await count('SELECT COALESCE(SUM(last_seq), 0) AS n FROM recall_slip_counter'),
    alerts: await count('SELECT COUNT(*) AS n FROM order_alert'),
    parcels: await count('SELECT COALESCE(SUM(version), 0) + COUNT(*) AS n FROM difficult_parcel'),
    audits: await count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'recall.%' OR action LIKE 'parcel.%'"),
  };
}

describe('a courier recall from the slip to 原包裹已收到', () => {
  it('after-sale recalls, the printer records the signature and signs for the parcel: the order is returned, stock back, after-sale alerted', async () => {
    const shipped = await order('召回的买家', 'shipped');
    const made = await aftersale.post('/api/recall/slips', { orderNo: shipped.orderNo, reason: '买家不要了，联系快递召回' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const slip = made.body;
    const day = shopDay(new Date(slip.createdAt), server.config.shopTz);
    expect(slip).toMatchObject({
      slipNo: `TH${day.replaceAll('-', '')}-001`,
      orderNo: shipped.orderNo,
      receiverName: '张三',
      courier: '中通快递',
      trackingNo: shipped.trackingNo,
      status: 'issued',
      createdBy: { displayName: '刘洋' },
      registryLine: null,
      version: 1,
    });
    // The registry has its recall case.
    const cases = (await aftersale.get(`/api/aftersale/cases?orderNo=${shipped.orderNo}`)).body.cases;
    expect(cases).toMatchObject([{ id: slip.caseId, kind: 'recall', status: 'open', reason: '买家不要了，联系快递召回' }]);

    // A recalled order offers no "delivered", and the service refuses it.
    const detail = (await printer.get(`/api/orders/${shipped.orderNo}`)).body;
    expect(detail.recalled).toBe(true);
    const delivered = await printer.post(`/api/orders/${shipped.orderNo}/moves`, { to: 'delivered', version: detail.version });
    expect(delivered.status).toBe(409);
    expect(delivered.body.error.details.reason).toBe('order_recalled');

    // The two-part slip: part 2 carries the order, receiver, tracking number and its barcode.
    const view = await printer.request('GET', `/api/recall/slips/${slip.id}/view?size=a5`);
    expect(view.status).toBe(200);
    const html = String(view.body);
    expect(html).toContain('第一联 · 存根联');
    expect(html).toContain('第二联 · 快递员联');
    expect(html).toContain(`data-code="${shipped.trackingNo}"`);
    expect(html).toContain('张三');
    expect(html).toContain('刘洋');
    expect(html).toContain('@page { size: A5');

    // No signature, no receipt: refused and nothing changes.
    const before = await snapshot();
    const early = await printer.post(`/api/recall/slips/${slip.id}/received`, { version: 1 });
    expect(early.status).toBe(409);
    expect(early.body.error.details.reason).toBe('recall_not_signed');
    expect(await snapshot()).toEqual(before);

    const signed = await printer.post(`/api/recall/slips/${slip.id}/signature`, { version: 1, courierName: '王师傅' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed', courierName: '王师傅', signedRecordedBy: { displayName: '孙磊' }, version: 2 });
    expect(signed.body.signedAt).not.toBeNull();

    const received = await printer.post(`/api/recall/slips/${slip.id}/received`, { version: 2 });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    const today = noteDate(new Date(received.body.receivedAt), server.config.shopTz);
    expect(received.body).toMatchObject({ status: 'received', registryLine: `原包裹已收到 孙磊 ${today}`, receivedBy: { displayName: '孙磊' }, version: 3 });
    expect(received.body.stockBackAt).toBe(received.body.receivedAt);

    const after = (await aftersale.get(`/api/orders/${shipped.orderNo}`)).body;
    expect(after.status).toBe('returned');
    expect(after.returnedAt).toBe(received.body.receivedAt);
    expect(after.history.at(-1)).toMatchObject({ from: 'shipped', to: 'returned', by: { displayName: '孙磊' } });
    expect(after.history.at(-1).note).toContain(`原包裹已收到 孙磊 ${today}`);
    const alerts = (await aftersale.get(`/api/alerts?orderNo=${shipped.orderNo}`)).body.alerts;
    expect(alerts).toMatchObject([{ audience: 'aftersale', kind: 'refund', status: 'open', noteText: `原包裹已收到 孙磊 ${today}` }]);
    const stock = await server.db.query("SELECT details FROM audit_log WHERE action = 'recall.stock_back' AND entity_id = ?", [shipped.orderNo]);
    expect(JSON.parse(stock[0].details)).toMatchObject({ slipNo: slip.slipNo, items: [{ title: '真皮休闲鞋', colour: '黑色', size: '38', quantity: 1 }] });

    // Received once: a second receipt is a 409 and nothing changes.
    const settled = await snapshot();
    const twice = await printer.post(`/api/recall/slips/${slip.id}/received`, { version: 3 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details.reason).toBe('recall_already_received');
    expect(await snapshot()).toEqual(settled);
  });

  it('slip numbers are unique and sequential per day, even when several are made at once', async () => {
    const orders = await Promise.all([1, 2, 3, 4, 5].map((n) => order(`并发${n}`, 'shipped')));
    const made = await Promise.all(orders.map((o, i) => (i % 2 ? supervisor : aftersale).post('/api/recall/slips', { orderNo: o.orderNo, reason: '召回' })));
    expect(made.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const seqs = made.map((r) => Number(r.body.slipNo.split('-')[1])).sort((a, b) => a - b);
    const first = seqs[0]!;
    expect(seqs).toEqual([first, first + 1, first + 2, first + 3, first + 4]);
  });

  it('an open case of the recall kind is used, not doubled', async () => {
    const shipped = await order('先登记', 'shipped');
    const opened = (await aftersale.post('/api/aftersale/cases', { orderNo: shipped.orderNo, kind: 'recall', reason: '先登记召回' })).body;
    const made = await aftersale.post('/api/recall/slips', { orderNo: shipped.orderNo, reason: '打印退回单' });
    expect(made.status).toBe(201);
    expect(made.body.caseId).toBe(opened.id);
    expect((await aftersale.get(`/api/aftersale/cases?orderNo=${shipped.orderNo}`)).body.cases).toHaveLength(1);
  });
});

describe('bad input is refused and nothing is written', () => {
  it.each([
    ['a delivered parcel (a return, not a recall)', 'delivered', {}, 409, 'recall_not_shipped'],
    ['an order not shipped', 'packed', {}, 409, 'recall_not_shipped'],
    ['an empty reason', 'shipped', { reason: '  ' }, 400, undefined],
    ['an unknown field', 'shipped', { urgent: true }, 400, undefined],
  ])('%s', async (_name, status, change, code, reason) => {
    const target = await order(`bad-${status}`, status as OrderStatus);
    const before = await snapshot();
    const reply = await aftersale.post('/api/recall/slips', { orderNo: target.orderNo, reason: '召回', ...change });
    expect(reply.status).toBe(code);
    if (reason) expect(reply.body.error.details.reason).toBe(reason);
    expect(await snapshot()).toEqual(before);
  });

  it('a second slip for the same order, an order with another open case, a stale version, the wrong role', async () => {
    const shipped = await order('二次召回', 'shipped');
    const slip = (await aftersale.post('/api/recall/slips', { orderNo: shipped.orderNo, reason: '召回' })).body;
    const other = await order('有退货登记', 'shipped');
    await aftersale.post('/api/aftersale/cases', { orderNo: other.orderNo, kind: 'return', reason: '退货' });
    const before = await snapshot();
    const again = await aftersale.post('/api/recall/slips', { orderNo: shipped.orderNo, reason: '再召回' });
    expect([again.status, again.body.error.details]).toEqual([409, { reason: 'recall_exists', slipNo: slip.slipNo }]);
    const caseOpen = await aftersale.post('/api/recall/slips', { orderNo: other.orderNo, reason: '召回' });
    expect([caseOpen.status, caseOpen.body.error.details.reason]).toEqual([409, 'case_open']);
    const stale = await printer.post(`/api/recall/slips/${slip.id}/signature`, { version: 7, courierName: '王师傅' });
    expect([stale.status, stale.body.error.details.reason]).toEqual([409, 'version_changed']);
    expect((await aftersale.post(`/api/recall/slips/${slip.id}/signature`, { version: 1, courierName: '王师傅' })).status).toBe(403);
    expect((await printer.post('/api/recall/slips', { orderNo: shipped.orderNo, reason: '召回' })).status).toBe(403);
    expect((await printer.post(`/api/recall/slips/${slip.id}/signature`, { version: 1, courierName: '' })).status).toBe(400);
    expect((await printer.post('/api/recall/slips/999999/received', { version: 1 })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe('difficult parcels (疑难件)', () => {
  it('are followed with dated follow-ups until delivered; a past date or a follow-up after the end is refused', async () => {
    const shipped = await order('疑难件买家', 'shipped');
    const today = shopDay(new Date(), server.config.shopTz);
    const tomorrow = shopDay(new Date(Date.now() + 86_400_000), server.config.shopTz);
    const created = await aftersale.post('/api/recall/parcels', { orderNo: shipped.orderNo, kind: 'forwarded', description: '快递转寄到错误网点', nextFollowUpOn: today });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'forwarded', status: 'open', nextFollowUpOn: today, due: true, trackingNo: shipped.trackingNo, version: 1 });
    const next = await aftersale.post(`/api/recall/parcels/${created.body.id}/follow-ups`, { version: 1, note: '网点说明天重新派送', nextFollowUpOn: tomorrow });
    expect(next.body).toMatchObject({ status: 'open', nextFollowUpOn: tomorrow, due: false, version: 2 });
    const ended = await aftersale.post(`/api/recall/parcels/${created.body.id}/follow-ups`, { version: 2, note: '买家已签收', ends: 'delivered' });
    expect(ended.body).toMatchObject({ status: 'delivered', nextFollowUpOn: null, version: 3 });
    expect(ended.body.followUps.map((f: { note: string; by: { displayName: string } }) => [f.note, f.by.displayName])).toEqual([
      ['网点说明天重新派送', '刘洋'],
      ['买家已签收', '刘洋'],
    ]);
    const before = await snapshot();
    const late = await aftersale.post(`/api/recall/parcels/${created.body.id}/follow-ups`, { version: 3, note: '又来', nextFollowUpOn: tomorrow });
    expect([late.status, late.body.error.details.reason]).toEqual([409, 'parcel_closed']);
    const past = await aftersale.post('/api/recall/parcels', { orderNo: shipped.orderNo, kind: 'lost', description: '丢件', nextFollowUpOn: '2020-01-01' });
    expect([past.status, past.body.error.details.reason]).toEqual([400, 'past_day']);
    const both = await aftersale.post(`/api/recall/parcels/${created.body.id}/follow-ups`, { version: 3, note: 'x', nextFollowUpOn: tomorrow, ends: 'returned' });
    expect(both.status).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect((await printer.get('/api/recall/parcels?status=delivered')).body.parcels.map((p: { id: number }) => p.id)).toContain(created.body.id);
  });
});
