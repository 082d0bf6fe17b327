import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import { connected, nextEvent, socketOf } from '../chat/chat.fixtures.ts';
import { orderAt } from '../orders/orders.fixtures.ts';
import { a08Detector, a09Detector, s01Detector } from './disputes.detectors.ts';

const HOUR = 3_600_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let server: TestServer;
let supervisor: TestClient;
let aftersale: TestClient;
let presale: TestClient;
let agentId: number;
let supervisorId: number;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock });
  [supervisor, aftersale, presale] = (await Promise.all(['supervisor', 'aftersale1', 'presale1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient, TestClient];
  agentId = (await aftersale.get('/api/auth/me')).body.user.id;
  supervisorId = (await supervisor.get('/api/auth/me')).body.user.id;
});

afterAll(async () => {
  await server?.close();
});

async function snapshot() {
  const count = async (sql: string) => Number((await server.db.query(sql))[0].n);
  return {
    disputes: await count('SELECT COUNT(*) + COALESCE(SUM(version), 0) AS n FROM order_dispute'),
    reminders: await count('SELECT COUNT(*) AS n FROM order_dispute_reminder'),
    notifications: await count('SELECT COUNT(*) AS n FROM notification'),
    audits: await count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'dispute.%' OR action LIKE 'disputes.%'"),
  };
}

const paidOrder = async (buyer: string) => orderAt({ writer: supervisor }, buyer, 'shipped');
const deadlineIn = (hours: number) => new Date(clock().getTime() + hours * HOUR).toISOString();
const detect = async (month: string) => {
  const deps = { db: server.db, detectors: appDetectors(), tz: server.config.shopTz, clock, log: createLogger('test', 'silent') };
  return runDetectors(deps, month);
};
const proposals = async (rule: string) =>
  (await server.db.query("SELECT staff_id, status, evidence FROM ledger_entry WHERE rule = ? AND source LIKE 'disputes.%' ORDER BY id", [rule])) as Array<{ staff_id: number; status: string; evidence: string }>;

describe('the board and the reminder', () => {
  it('lists open refunds and disputes by time left; one click reminds the agent live, recorded', async () => {
    const later = await paidOrder('维权买家甲');
    const sooner = await paidOrder('退款买家乙');
    const a = await aftersale.post('/api/disputes', { orderNo: later.orderNo, kind: 'dispute', reason: '买家申请维权：鞋底开胶', deadlineAt: deadlineIn(30) });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await supervisor.post('/api/disputes', { orderNo: sooner.orderNo, kind: 'refund', reason: '买家申请退款', amountFen: 29_900, agentId });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    // No deadline given: the setting's default (48 hours for a refund).
    expect(new Date(b.body.deadlineAt).getTime() - new Date(b.body.createdAt).getTime()).toBe(48 * HOUR);
    expect(b.body).toMatchObject({ kind: 'refund', agent: { id: agentId, displayName: '刘洋' }, source: 'manual', outcome: null, reminders: [] });

    const board = (await supervisor.get('/api/disputes')).body.disputes;
    const ours = board.filter((d: { id: number }) => [a.body.id, b.body.id].includes(d.id));
    expect(ours.map((d: { id: number }) => d.id)).toEqual([a.body.id, b.body.id]);
    expect(ours[0].timeLeftMs).toBeGreaterThan(29 * HOUR);

    const socket = await connected(socketOf(server.baseUrl, aftersale.cookie));
    const told = nextEvent(socket, 'notification:new');
    const reminded = await supervisor.post(`/api/disputes/${a.body.id}/reminders`, { note: '今天必须回复' });
    expect(reminded.status).toBe(201);
    expect(reminded.body.reminders).toMatchObject([{ by: { displayName: '王芳' }, note: '今天必须回复' }]);
    expect(await told).toMatchObject({ kind: 'dispute.reminder', payload: { disputeId: a.body.id, orderNo: later.orderNo, kind: 'dispute', by: '王芳', note: '今天必须回复' } });
    socket.close();
    const listed = (await aftersale.get('/api/notifications')).body;
    expect(JSON.stringify(listed)).toContain('dispute.reminder');
    expect((await aftersale.post(`/api/disputes/${a.body.id}/reminders`, {})).status).toBe(403);
  });

  it('the default deadlines are the supervisor’s setting', async () => {
    expect((await aftersale.get('/api/disputes/settings')).body).toEqual({ refundHours: 48, disputeHours: 72 });
    expect((await aftersale.request('PUT', '/api/disputes/settings', { refundHours: 24, disputeHours: 72 })).status).toBe(403);
    expect((await supervisor.request('PUT', '/api/disputes/settings', { refundHours: 24, disputeHours: 96 })).status).toBe(200);
    const target = await paidOrder('设置买家');
    const made = (await aftersale.post('/api/disputes', { orderNo: target.orderNo, kind: 'dispute', reason: '维权' })).body;
    expect(new Date(made.deadlineAt).getTime() - new Date(made.createdAt).getTime()).toBe(96 * HOUR);
    expect((await supervisor.request('PUT', '/api/disputes/settings', { refundHours: 0, disputeHours: 96 })).status).toBe(400);
    await supervisor.request('PUT', '/api/disputes/settings', { refundHours: 48, disputeHours: 72 });
  });
});

describe('a disputed refund before and after its deadline (A08, S01, A09)', () => {
  it('handled in time and lost: no A08; unhandled past the deadline and lost: A08 for the agent, S01 for the supervisor unless reminded in time', async () => {
    const handled = (await aftersale.post('/api/disputes', { orderNo: (await paidOrder('及时处理')).orderNo, kind: 'dispute', reason: '维权', deadlineAt: deadlineIn(2) })).body;
    const ignored = (await aftersale.post('/api/disputes', { orderNo: (await paidOrder('无人处理')).orderNo, kind: 'dispute', reason: '维权', deadlineAt: deadlineIn(2) })).body;
    const reminded = (await aftersale.post('/api/disputes', { orderNo: (await paidOrder('提醒过')).orderNo, kind: 'dispute', reason: '维权', deadlineAt: deadlineIn(2) })).body;
    const h = await aftersale.post(`/api/disputes/${handled.id}/handled`, { version: handled.version, note: '已上传凭证回复平台' });
    expect(h.status).toBe(200);
    const r = await supervisor.post(`/api/disputes/${reminded.id}/reminders`, {});
    offset += 3 * HOUR; // the deadline passes
    const board = (await supervisor.get('/api/disputes')).body.disputes;
    expect(board.find((d: { id: number }) => d.id === ignored.id).timeLeftMs).toBeLessThan(0);
    for (const [item, version] of [
      [handled, h.body.version],
      [ignored, ignored.version],
      [reminded, r.body.version],
    ] as const) {
      const ended = await aftersale.post(`/api/disputes/${item.id}/outcome`, { version, outcome: 'lost', note: '平台判定维权成立' });
      expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    }
    const month = scoringMonth(clock(), server.config.shopTz);
    expect(await detect(month)).toBeGreaterThanOrEqual(3);
    const evidence = (id: number) => JSON.stringify([{ kind: 'registry', id: `dispute:${id}` }]);
    expect((await proposals('A08')).map((p) => [Number(p.staff_id), p.evidence])).toEqual([
      [agentId, evidence(ignored.id)],
      [agentId, evidence(reminded.id)],
    ]);
    expect((await proposals('S01')).map((p) => [Number(p.staff_id), p.evidence])).toEqual([[supervisorId, evidence(ignored.id)]]);
    expect(await detect(month)).toBe(0);
    expect(appDetectors().list()).toEqual(expect.arrayContaining([a08Detector, s01Detector, a09Detector]));
  });

  it('a refund that went through by itself without the goods proposes A09; the goods coming back withdraws it', async () => {
    const inTime = (await aftersale.post('/api/disputes', { orderNo: (await paidOrder('及时退款')).orderNo, kind: 'refund', reason: '退款', deadlineAt: deadlineIn(1) })).body;
    const auto = (await aftersale.post('/api/disputes', { orderNo: (await paidOrder('自动退款')).orderNo, kind: 'refund', reason: '退款', deadlineAt: deadlineIn(1) })).body;
    expect((await aftersale.post(`/api/disputes/${inTime.id}/outcome`, { version: inTime.version, outcome: 'refunded', note: '同意仅退款' })).status).toBe(200);
    offset += 2 * HOUR;
    const ended = (await aftersale.post(`/api/disputes/${auto.id}/outcome`, { version: auto.version, outcome: 'refunded', note: '超时自动退款' })).body;
    const month = scoringMonth(clock(), server.config.shopTz);
    await detect(month);
    expect((await proposals('A09')).map((p) => [Number(p.staff_id), p.status, p.evidence])).toEqual([[agentId, 'proposed', JSON.stringify([{ kind: 'registry', id: `dispute:${auto.id}` }])]]);
    const back = await aftersale.post(`/api/disputes/${auto.id}/recovery`, { version: ended.version, recovery: 'goods_returned', note: '买家已寄回，仓库已收到' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ recovery: 'goods_returned' });
    expect((await proposals('A09')).map((p) => p.status)).toEqual(['dismissed']);
    expect(await detect(month)).toBe(0);
    const twice = await aftersale.post(`/api/disputes/${auto.id}/recovery`, { version: back.body.version, recovery: 'paid_full', note: '再来' });
    expect([twice.status, twice.body.error.details.reason]).toEqual([409, 'dispute_not_refunded']);
  });
});

describe('bad input is refused and nothing is written', () => {
  it.each([
    ['an unknown order', () => ({ orderNo: 'NOSUCHORDER1', kind: 'refund', reason: '退款' }), 404, undefined],
    ['an order never paid', async () => ({ orderNo: (await orderAt({ writer: supervisor }, '未付款', 'unpaid')).orderNo, kind: 'refund', reason: '退款' }), 409, 'dispute_not_paid'],
    ['a pre-sale agent as the responsible person', async () => ({ orderNo: (await paidOrder('售前负责')).orderNo, kind: 'refund', reason: '退款', agentId: (await presale.get('/api/auth/me')).body.user.id }), 400, 'not_aftersale'],
    ['an unknown kind', async () => ({ orderNo: (await paidOrder('种类')).orderNo, kind: 'chargeback', reason: '退款' }), 400, undefined],
    ['a deadline without a zone', async () => ({ orderNo: (await paidOrder('期限')).orderNo, kind: 'refund', reason: '退款', deadlineAt: '2026-12-01 10:00' }), 400, undefined],
  ])('%s', async (_name, body, code, reason) => {
    const input = await body();
    const before = await snapshot();
    const reply = await aftersale.post('/api/disputes', input);
    expect(reply.status, JSON.stringify(reply.body)).toBe(code);
    if (reason) expect(reply.body.error.details.reason).toBe(reason);
    expect(await snapshot()).toEqual(before);
  });

  it('a second open refund on the order, an outcome of the wrong kind, a stale version, an ended one, pre-sale', async () => {
    const target = await paidOrder('重复退款');
    const first = (await aftersale.post('/api/disputes', { orderNo: target.orderNo, kind: 'refund', reason: '退款' })).body;
    const before = await snapshot();
    const again = await aftersale.post('/api/disputes', { orderNo: target.orderNo, kind: 'refund', reason: '退款' });
    expect([again.status, again.body.error.details.reason]).toEqual([409, 'dispute_exists']);
    const won = await aftersale.post(`/api/disputes/${first.id}/outcome`, { version: first.version, outcome: 'won', note: '胜诉' });
    expect([won.status, won.body.error.details.reason]).toEqual([409, 'dispute_outcome']);
    const stale = await aftersale.post(`/api/disputes/${first.id}/handled`, { version: first.version + 1, note: '已回复' });
    expect([stale.status, stale.body.error.details.reason]).toEqual([409, 'version_changed']);
    expect((await presale.post('/api/disputes', { orderNo: target.orderNo, kind: 'dispute', reason: '维权' })).status).toBe(403);
    expect((await presale.get('/api/disputes')).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    const paid = (await aftersale.post(`/api/disputes/${first.id}/outcome`, { version: first.version, outcome: 'paid_half', note: '买家付一半' })).body;
    const ended = await snapshot();
    const late = await supervisor.post(`/api/disputes/${first.id}/reminders`, {});
    expect([late.status, late.body.error.details.reason]).toEqual([409, 'dispute_closed']);
    expect(await snapshot()).toEqual(ended);
    // Ended, the order may have a new one.
    expect(paid.outcome).toBe('paid_half');
    expect((await aftersale.post('/api/disputes', { orderNo: target.orderNo, kind: 'refund', reason: '又申请退款' })).status).toBe(201);
  });
});
