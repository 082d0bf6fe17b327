/**
 * A09 (退款未及时处理，自动退款且货物未退回) withdrawn automatically (docs/disputes.md "A09
 * withdrawn"): a refund that went through by itself proposes A09; the goods coming back — the
 * warehouse's 已验收 on the order's case, the recall's 原包裹已收到 — or the buyer paying in full
 * (another refund or dispute of the order ending `paid_full`) records the recovery and withdraws
 * the pending proposal, with nobody entering it by hand; run again, the detector proposes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import { orderAt } from '../orders/orders.fixtures.ts';

const HOUR = 3_600_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let server: TestServer;
let supervisor: TestClient;
let aftersale: TestClient;
let warehouse: TestClient;
let printer: TestClient;
let agentId: number;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock });
  [supervisor, aftersale, warehouse, printer] = (await Promise.all(['supervisor', 'aftersale1', 'warehouse1', 'printer1'].map((u) => loggedIn(server.baseUrl, u)))) as [TestClient, TestClient, TestClient, TestClient];
  agentId = (await aftersale.get('/api/auth/me')).body.user.id;
});

afterAll(async () => {
  await server?.close();
});

const detect = () => runDetectors({ db: server.db, detectors: appDetectors(), tz: server.config.shopTz, clock, log: createLogger('test', 'silent') }, scoringMonth(clock(), server.config.shopTz));
const a09Of = async (disputeId: number) =>
  (await server.db.query("SELECT staff_id, status, decision_reason FROM ledger_entry WHERE rule = 'A09' AND evidence = ?", [JSON.stringify([{ kind: 'registry', id: `dispute:${disputeId}` }])])) as Array<{
    staff_id: number;
    status: string;
    decision_reason: string | null;
  }>;
const disputeOf = async (id: number) => (await aftersale.get('/api/disputes?open=0&limit=100')).body.disputes.find((d: { id: number }) => d.id === id);
const automatic = async (id: number) => (await server.db.query("SELECT details FROM audit_log WHERE action = 'dispute.recovered' AND entity_id = ?", [String(id)])) as Array<{ details: string }>;

/** A refund of the order agreed by the marketplace after its deadline passed: A09 is proposed for the agent. */
async function refundedByItself(orderNo: string): Promise<number> {
  const opened = await aftersale.post('/api/disputes', { orderNo, kind: 'refund', reason: '买家申请仅退款', deadlineAt: new Date(clock().getTime() + HOUR).toISOString() });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  offset += 2 * HOUR;
  const ended = await aftersale.post(`/api/disputes/${opened.body.id}/outcome`, { version: opened.body.version, outcome: 'refunded', note: '超时自动退款' });
  expect(ended.status, JSON.stringify(ended.body)).toBe(200);
  expect(ended.body.recovery).toBeNull();
  await detect();
  expect((await a09Of(opened.body.id)).map((p) => [Number(p.staff_id), p.status])).toEqual([[agentId, 'proposed']]);
  return opened.body.id;
}

describe('A09 withdrawn when the goods come back or the buyer pays in full', () => {
  it('the warehouse signs 已验收 on the order’s return case', async () => {
    const shoes = await orderAt({ writer: supervisor }, 'A09仓库验收', 'delivered');
    const opened = (await aftersale.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '不想要了', returnPostagePayer: 'buyer' })).body;
    const refund = await refundedByItself(shoes.orderNo);
    const tracked = (await aftersale.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '中通快递', trackingNo: 'ZT5500220001' })).body;
    const received = await warehouse.post(`/api/aftersale/cases/${opened.id}/received`, { version: tracked.version, result: 'passed', cardPresent: true });
    expect(received.status, JSON.stringify(received.body)).toBe(200);

    expect(await disputeOf(refund)).toMatchObject({ recovery: 'goods_returned', recoveredAt: expect.any(String) });
    expect(await a09Of(refund)).toEqual([{ staff_id: agentId, status: 'dismissed', decision_reason: '货物已退回，A09 提议自动撤回' }]);
    expect((await automatic(refund)).map((a) => JSON.parse(a.details))).toEqual([{ recovery: 'goods_returned', because: 'case_received', automatic: true }]);
    expect(await detect()).toBe(0);
  });

  it('the printer marks the recalled parcel 原包裹已收到', async () => {
    const shoes = await orderAt({ writer: supervisor }, 'A09召回收到', 'shipped');
    const refund = await refundedByItself(shoes.orderNo);
    const slip = (await aftersale.post('/api/recall/slips', { orderNo: shoes.orderNo, reason: '买家已退款，联系快递召回' })).body;
    expect((await printer.post(`/api/recall/slips/${slip.id}/signature`, { version: slip.version, courierName: '王师傅' })).status).toBe(200);
    const back = await printer.post(`/api/recall/slips/${slip.id}/received`, { version: slip.version + 1 });
    expect(back.status, JSON.stringify(back.body)).toBe(200);

    expect(await disputeOf(refund)).toMatchObject({ recovery: 'goods_returned' });
    expect((await a09Of(refund)).map((p) => p.status)).toEqual(['dismissed']);
    // The recall's case moved to received and the slip itself said so: recovered once, not twice.
    expect(await automatic(refund)).toHaveLength(1);
    expect(await detect()).toBe(0);
  });

  it('the buyer pays in full: another refund or dispute of the order ends `paid_full`', async () => {
    const shoes = await orderAt({ writer: supervisor }, 'A09全额付款', 'delivered');
    const refund = await refundedByItself(shoes.orderNo);
    const dispute = (await aftersale.post('/api/disputes', { orderNo: shoes.orderNo, kind: 'dispute', reason: '申诉：买家未退货', deadlineAt: new Date(clock().getTime() + 48 * HOUR).toISOString() })).body;
    const paid = await aftersale.post(`/api/disputes/${dispute.id}/outcome`, { version: dispute.version, outcome: 'paid_full', note: '买家已全额付款' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);

    expect(await disputeOf(refund)).toMatchObject({ recovery: 'paid_full' });
    expect(await a09Of(refund)).toEqual([{ staff_id: agentId, status: 'dismissed', decision_reason: '买家已全额付款，A09 提议自动撤回' }]);
    expect(await detect()).toBe(0);
  });

  it('goods already back before the refund is recorded: never proposed', async () => {
    const shoes = await orderAt({ writer: supervisor }, 'A09先收货', 'delivered');
    const opened = (await aftersale.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '不想要了', returnPostagePayer: 'buyer' })).body;
    const tracked = (await aftersale.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '中通快递', trackingNo: 'ZT5500220004' })).body;
    expect((await warehouse.post(`/api/aftersale/cases/${opened.id}/received`, { version: tracked.version, result: 'passed', cardPresent: true })).status).toBe(200);
    const refund = (await aftersale.post('/api/disputes', { orderNo: shoes.orderNo, kind: 'refund', reason: '退款', deadlineAt: new Date(clock().getTime() + HOUR).toISOString() })).body;
    offset += 2 * HOUR;
    const ended = await aftersale.post(`/api/disputes/${refund.id}/outcome`, { version: refund.version, outcome: 'refunded', note: '超时自动退款' });
    expect(ended.body).toMatchObject({ outcome: 'refunded', recovery: 'goods_returned' });
    await detect();
    expect(await a09Of(refund.id)).toEqual([]);
  });

  it('a confirmed A09 stays confirmed (the supervisor corrects it by hand); an unrelated order’s refund keeps its proposal', async () => {
    const shoes = await orderAt({ writer: supervisor }, 'A09已确认', 'shipped');
    const other = await orderAt({ writer: supervisor }, 'A09无关订单', 'shipped');
    const refund = await refundedByItself(shoes.orderNo);
    const untouched = await refundedByItself(other.orderNo);
    const [entry] = (await server.db.query("SELECT id FROM ledger_entry WHERE rule = 'A09' AND evidence = ?", [JSON.stringify([{ kind: 'registry', id: `dispute:${refund}` }])])) as Array<{ id: number }>;
    const confirmed = await supervisor.post('/api/scoring/proposals/confirm', { ids: [entry!.id] });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const slip = (await aftersale.post('/api/recall/slips', { orderNo: shoes.orderNo, reason: '召回' })).body;
    await printer.post(`/api/recall/slips/${slip.id}/signature`, { version: slip.version, courierName: '李师傅' });
    expect((await printer.post(`/api/recall/slips/${slip.id}/received`, { version: slip.version + 1 })).status).toBe(200);
    expect(await disputeOf(refund)).toMatchObject({ recovery: 'goods_returned' });
    expect((await a09Of(refund)).map((p) => p.status)).toEqual(['confirmed']);
    expect((await a09Of(untouched)).map((p) => p.status)).toEqual(['proposed']);
  });
});
