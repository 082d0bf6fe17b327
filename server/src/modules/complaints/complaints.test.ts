import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { settleHere, staffIds } from '../scoring/scoring.fixtures.ts';
import { DetectorRegistry } from '../scoring/scoring.detectors.ts';
import { insertChat } from '../kpis/kpis.fixtures.ts';
import { g05Detector, g16Detector } from './complaints.detectors.ts';

let server: TestServer;
let supervisor: TestClient;
let ids: Record<string, number>;
let offsetMs = 0;
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => new Date(Date.now() + offsetMs) });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

const proposals = async (rule: string) =>
  (await server.db.query("SELECT staff_id AS staffId, evidence FROM ledger_entry WHERE rule = ? AND status = 'proposed'", [rule])) as Array<{ staffId: number; evidence: string }>;

describe('a complaint from the chat to the call-back', () => {
  it('is registered from a chat, handed over, resolved as verified, called back — and proposes G05 for the agent', async () => {
    const chat = await server.db.transaction((tx) => insertChat(tx, { buyerId: 'tb_投诉买家', agentId: ids.presale1!, messages: [['buyer', new Date()], [ids.presale1!, new Date()]] }));
    const created = await supervisor.post('/api/complaints', {
      source: 'chat', conversationId: chat.conversation.id, buyerId: 'tb_投诉买家', staffId: ids.presale1, category: 'attitude', severity: 'high', handlerId: ids.aftersale1, description: '客服态度差',
    });
    expect(created.status).toBe(201);
    const complaint = created.body;
    expect(new Date(complaint.deadlineAt).getTime() - new Date(complaint.createdAt).getTime()).toBe(24 * HOUR);

    const after1 = await loggedIn(server.baseUrl, 'aftersale1');
    const handed = await after1.post(`/api/complaints/${complaint.id}/handover`, { version: complaint.version, toStaffId: ids.aftersale2, note: '交给赵静跟进' });
    expect(handed.status).toBe(200);
    expect(handed.body.handlerId).toBe(ids.aftersale2);
    // the first handler no longer works on it; a stale version is refused
    expect((await after1.post(`/api/complaints/${complaint.id}/resolve`, { version: handed.body.version, investigation: 'x', resolution: 'y', verified: true })).status).toBe(403);
    const after2 = await loggedIn(server.baseUrl, 'aftersale2');
    expect((await after2.post(`/api/complaints/${complaint.id}/resolve`, { version: complaint.version, investigation: 'x', resolution: 'y', verified: true })).status).toBe(409);
    // a call-back before the resolution is refused
    expect((await after2.post(`/api/complaints/${complaint.id}/callback`, { version: handed.body.version, answer: '好', satisfied: true })).status).toBe(409);

    const resolved = await after2.post(`/api/complaints/${complaint.id}/resolve`, { version: handed.body.version, investigation: '聊天记录属实', resolution: '道歉并补偿优惠券', verified: true });
    expect(resolved.body).toMatchObject({ status: 'resolved', verified: true, timeLeftMs: null });
    const closed = await after2.post(`/api/complaints/${complaint.id}/callback`, { version: resolved.body.version, answer: '买家接受道歉', satisfied: true });
    expect(closed.body).toMatchObject({ status: 'closed', callbackAnswer: '买家接受道歉', callbackSatisfied: true });
    expect(closed.body.events.map((e: { kind: string }) => e.kind)).toEqual(['registered', 'handover', 'resolve', 'callback']);
    expect(closed.body.events[1]).toMatchObject({ byStaffId: ids.aftersale1, toStaffId: ids.aftersale2, note: '交给赵静跟进' });

    await settleHere(server.db, scoringMonth(new Date(), 'Asia/Shanghai'), { detectors: new DetectorRegistry().register(g05Detector).register(g16Detector) });
    const g05 = await proposals('G05');
    expect(g05).toHaveLength(1);
    expect(g05[0]!.staffId).toBe(ids.presale1);
    expect(g05[0]!.evidence).toContain(`"id":"${complaint.id}"`);
  });

  it('a bad review naming an agent proposes G16; a complaint not verified proposes nothing', async () => {
    const review = await supervisor.post('/api/complaints', {
      source: 'review', buyerId: 'tb_差评', staffId: ids.presale2, category: 'attitude', severity: 'normal', handlerId: ids.supervisor, description: '中评', reviewText: '客服张敏回复很慢', reviewLink: 'https://example.com/review/1',
    });
    expect(review.status).toBe(201);
    const other = (await supervisor.post('/api/complaints', { source: 'call', buyerId: 'tb_电话', staffId: ids.presale2, category: 'delivery', severity: 'low', handlerId: ids.supervisor, description: '物流慢' })).body;
    await supervisor.post(`/api/complaints/${other.id}/resolve`, { version: other.version, investigation: '快递原因', resolution: '已催件', verified: false });
    await settleHere(server.db, scoringMonth(new Date(), 'Asia/Shanghai'), { detectors: new DetectorRegistry().register(g05Detector).register(g16Detector) });
    expect((await proposals('G16')).map((p) => p.staffId)).toEqual([ids.presale2]);
    expect(await proposals('G05')).toHaveLength(1);
  });

  it.each([
    ['a chat complaint without its conversation', { source: 'chat', buyerId: 'b', category: 'other', severity: 'low', handlerId: 1, description: 'x' }, 'conversationId'],
    ['a review without its text', { source: 'review', buyerId: 'b', category: 'other', severity: 'low', handlerId: 1, description: 'x' }, 'reviewText'],
    ['an unknown severity', { source: 'call', buyerId: 'b', category: 'other', severity: 'huge', handlerId: 1, description: 'x' }, 'severity'],
  ])('refuses %s with 400 and writes nothing', async (_case, body, field) => {
    const before = (await server.db.query('SELECT COUNT(*) AS n FROM complaint'))[0].n;
    const reply = await supervisor.post('/api/complaints', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain(field);
    expect((await server.db.query('SELECT COUNT(*) AS n FROM complaint'))[0].n).toBe(before);
  });

  it('the list puts open complaints by time left and flags the overdue', async () => {
    const urgent = (await supervisor.post('/api/complaints', { source: 'call', buyerId: 'tb_急', category: 'quality', severity: 'urgent', handlerId: ids.supervisor, description: '鞋底开胶' })).body;
    offsetMs = 5 * HOUR;
    const list = (await supervisor.get('/api/complaints?status=open')).body as Array<{ id: number; overdue: boolean; timeLeftMs: number }>;
    expect(list[0]).toMatchObject({ id: urgent.id, overdue: true });
    expect(list.slice(1).every((c) => c.timeLeftMs > list[0]!.timeLeftMs)).toBe(true);
    offsetMs = 0;
  });
});
