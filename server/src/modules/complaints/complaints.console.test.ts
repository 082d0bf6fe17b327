import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { settleHere, staffIds } from '../scoring/scoring.fixtures.ts';
import { DetectorRegistry } from '../scoring/scoring.detectors.ts';
import { insertChat } from '../kpis/kpis.fixtures.ts';
import { appDetectors } from '../../detectors.ts';
import { g10Detector } from './complaints.detectors.ts';
import { notifyOverdue, overdueJobId } from './complaints.overdue.ts';

// The complaints console's server side (issue 15): messages attached from the chat, the
// deadline setting, the list's filters, the overdue job, and G10.
let server: TestServer;
let supervisor: TestClient;
let ids: Record<string, number>;
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

const count = async (sql: string, params: unknown[] = []) => Number(((await server.db.query(sql, params)) as Array<{ n: number }>)[0]!.n);

describe('a complaint registered from the chat carries its messages', () => {
  it('attaches the last messages when none are chosen, the chosen ones when they are', async () => {
    const chat = await server.db.transaction((tx) =>
      insertChat(tx, { buyerId: 'tb_附消息', agentId: ids.presale1!, messages: [['buyer', ago(2)], [ids.presale1!, ago(1.9)], ['buyer', ago(1.8)], [ids.presale1!, ago(1.7)]] }),
    );
    const base = { source: 'chat', conversationId: chat.conversation.id, buyerId: 'tb_附消息', staffId: ids.presale1, category: 'attitude', severity: 'normal', handlerId: ids.aftersale1, description: '态度差' };
    const all = await supervisor.post('/api/complaints', base);
    expect(all.status).toBe(201);
    expect(all.body.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(all.body.messages[1]).toMatchObject({ sender: 'staff', staffId: ids.presale1, excerpt: '亲，在的' });

    const chosen = await supervisor.post('/api/complaints', { ...base, messageSeqs: [3, 2] });
    expect(chosen.body.messages.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);
    expect((await supervisor.get(`/api/complaints/${chosen.body.id}`)).body.messages).toHaveLength(2);
  });

  it.each([
    ['a message the conversation does not have', { messageSeqs: [99] }, 'messageSeqs'],
    ['another buyer than the conversation’s', { buyerId: 'tb_别人' }, 'buyerId'],
  ])('refuses %s and writes nothing', async (_case, change, field) => {
    const chat = await server.db.transaction((tx) => insertChat(tx, { buyerId: 'tb_拒绝', agentId: ids.presale1!, messages: [['buyer', ago(1)]] }));
    const before = await count('SELECT COUNT(*) AS n FROM complaint');
    const reply = await supervisor.post('/api/complaints', { source: 'chat', conversationId: chat.conversation.id, buyerId: 'tb_拒绝', category: 'other', severity: 'low', handlerId: ids.supervisor, description: 'x', ...change });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.field).toBe(field);
    expect(await count('SELECT COUNT(*) AS n FROM complaint')).toBe(before);
  });

  it('messages only come with a chat complaint', async () => {
    const reply = await supervisor.post('/api/complaints', { source: 'call', buyerId: 'b', category: 'other', severity: 'low', handlerId: ids.supervisor, description: 'x', messageSeqs: [1] });
    expect(reply.status).toBe(400);
  });
});

describe('the deadline hours by severity are the supervisor’s setting', () => {
  it('reads the defaults, refuses others and bad hours, and applies to the next complaint', async () => {
    const presale = await loggedIn(server.baseUrl, 'presale1');
    expect((await presale.get('/api/complaints/settings')).body).toEqual({ urgent: 4, high: 24, normal: 48, low: 72 });
    expect((await presale.request('PUT', '/api/complaints/settings', { urgent: 2, high: 24, normal: 48, low: 72 })).status).toBe(403);
    expect((await supervisor.request('PUT', '/api/complaints/settings', { urgent: 0, high: 24, normal: 48, low: 72 })).status).toBe(400);
    expect((await supervisor.request('PUT', '/api/complaints/settings', { urgent: 2, high: 12, normal: 48, low: 72 })).status).toBe(200);
    const made = (await supervisor.post('/api/complaints', { source: 'call', buyerId: 'tb_设置', category: 'quality', severity: 'urgent', handlerId: ids.supervisor, description: '开胶' })).body;
    expect(new Date(made.deadlineAt).getTime() - new Date(made.createdAt).getTime()).toBe(2 * HOUR);
    const audited = await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'complaints.settings'");
    expect(audited).toBe(1);
    await supervisor.request('PUT', '/api/complaints/settings', { urgent: 4, high: 24, normal: 48, low: 72 });
  });
});

describe('overdue complaints are flagged and notified once', () => {
  it('queues the job at the deadline; the job tells the handler and the supervisors once, only when overdue and open', async () => {
    const made = (await supervisor.post('/api/complaints', { source: 'call', buyerId: 'tb_超时', category: 'delivery', severity: 'urgent', handlerId: ids.aftersale2, description: '没发货' })).body;
    const job = await server.app.complaintsQueue.getJob(overdueJobId(made.id));
    expect(job?.data).toEqual({ complaintId: made.id });
    expect(job!.opts.delay).toBeGreaterThan(4 * HOUR - 60_000);

    const before = new Date(new Date(made.deadlineAt).getTime() - 60_000);
    const early = await notifyOverdue(server.db, made.id, before);
    expect(early.notified).toBe(false);
    expect(early.retryInMs).toBe(60_000);

    const late = new Date(new Date(made.deadlineAt).getTime() + 1000);
    const first = await notifyOverdue(server.db, made.id, late);
    const supervisors = (await server.db.query("SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.active = 1 AND r.role = 'supervisor'")) as Array<{ id: number }>;
    expect(first.notified).toBe(true);
    expect(first.notifications.map((n) => n.staffId).sort()).toEqual([ids.aftersale2!, ...supervisors.map((s) => Number(s.id))].sort());
    expect((await notifyOverdue(server.db, made.id, late)).notified).toBe(false);
    expect(await count("SELECT COUNT(*) AS n FROM notification WHERE kind = 'complaint.overdue' AND JSON_EXTRACT(payload, '$.complaintId') = ?", [made.id])).toBe(first.notifications.length);

    // A complaint resolved in time is never flagged.
    const other = (await supervisor.post('/api/complaints', { source: 'call', buyerId: 'tb_及时', category: 'delivery', severity: 'urgent', handlerId: ids.supervisor, description: '没发货' })).body;
    await supervisor.post(`/api/complaints/${other.id}/resolve`, { version: other.version, investigation: '查了', resolution: '已发', verified: false });
    expect((await notifyOverdue(server.db, other.id, new Date(Date.now() + 5 * HOUR))).notified).toBe(false);
  });

  it('the list filters by state, handler and overdue', async () => {
    const overdue = (await supervisor.get('/api/complaints?overdue=1')).body as Array<{ overdue: boolean }>;
    expect(overdue.every((c) => c.overdue)).toBe(true);
    const mine = (await supervisor.get(`/api/complaints?handlerId=${ids.aftersale2}`)).body as Array<{ handlerId: number; buyerId: string }>;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.handlerId === ids.aftersale2)).toBe(true);
    const resolved = (await supervisor.get('/api/complaints?status=resolved')).body as Array<{ status: string; buyerId: string }>;
    expect(resolved.map((c) => c.buyerId)).toContain('tb_及时');
    expect(resolved.every((c) => c.status === 'resolved')).toBe(true);
    expect((await supervisor.get('/api/complaints?overdue=yes')).status).toBe(400);
  });
});

describe('G10: a complaint after the agent went off duty with the buyer’s chat unfinished', () => {
  it('proposes G10 for the agent who left it, not for the one who finished theirs', async () => {
    const presence = (staffId: number, at: Date) => server.db.query("INSERT INTO agent_presence_log (staff_id, status, prev_status, source, at) VALUES (?, 'offline', 'online', 'agent', ?)", [staffId, at]);
    // presale2 left at -2 h with the buyer's last question unanswered; presale1 answered theirs before leaving.
    await server.db.transaction((tx) => insertChat(tx, { buyerId: 'tb_下线', agentId: ids.presale2!, status: 'open', messages: [['buyer', ago(4)], [ids.presale2!, ago(3.9)], ['buyer', ago(3)]] }));
    await server.db.transaction((tx) => insertChat(tx, { buyerId: 'tb_下线2', agentId: ids.presale1!, messages: [['buyer', ago(4)], [ids.presale1!, ago(3.9)]] }));
    await presence(ids.presale2!, ago(2));
    await presence(ids.presale1!, ago(2));
    const c1 = (await supervisor.post('/api/complaints', { source: 'call', buyerId: 'tb_下线', category: 'attitude', severity: 'normal', handlerId: ids.supervisor, description: '客服不回复就下线了' })).body;
    await supervisor.post('/api/complaints', { source: 'call', buyerId: 'tb_下线2', category: 'attitude', severity: 'normal', handlerId: ids.supervisor, description: '别的事' });

    const month = scoringMonth(new Date(), 'Asia/Shanghai');
    await settleHere(server.db, month, { detectors: new DetectorRegistry().register(g10Detector) });
    await settleHere(server.db, month, { detectors: new DetectorRegistry().register(g10Detector) });
    const rows = (await server.db.query("SELECT staff_id AS staffId, evidence FROM ledger_entry WHERE rule = 'G10'")) as Array<{ staffId: number; evidence: string }>;
    expect(rows.map((r) => Number(r.staffId))).toEqual([ids.presale2]);
    expect(JSON.parse(rows[0]!.evidence)).toContainEqual({ kind: 'complaint', id: String(c1.id) });
  });

  it('is registered in the composed detectors', () => {
    expect(appDetectors().list().flatMap((d) => d.rules)).toContain('G10');
  });
});

describe('complaint figures on the KPI page', () => {
  it('counts per agent over shop days: concerning, verified, handled with the average handling time', async () => {
    // 2026-01-05 in Shanghai; a complaint at 23:30 on the 4th (Shanghai) falls outside.
    const put = (staffId: number | null, handlerId: number, createdAt: string, resolvedAt: string | null, verified: number | null) =>
      server.db.query(
        `INSERT INTO complaint (source, buyer_id, staff_id, category, severity, handler_id, status, description, deadline_at, created_by, created_at, resolved_at, verified, version)
         VALUES ('call', 'tb_统计', ?, 'attitude', 'normal', ?, ?, '统计', ?, ?, ?, ?, ?, 1)`,
        [staffId, handlerId, resolvedAt ? 'resolved' : 'open', new Date(createdAt), ids.supervisor, new Date(createdAt), resolvedAt ? new Date(resolvedAt) : null, verified],
      );
    await put(ids.presale1!, ids.aftersale1!, '2026-01-05T09:00:00+08:00', '2026-01-05T11:00:00+08:00', 1);
    await put(ids.presale1!, ids.aftersale1!, '2026-01-05T10:00:00+08:00', '2026-01-05T10:30:00+08:00', 0);
    await put(ids.presale2!, ids.aftersale2!, '2026-01-05T12:00:00+08:00', null, null);
    await put(ids.presale2!, ids.aftersale2!, '2026-01-04T23:30:00+08:00', null, null);
    const reply = await supervisor.get('/api/complaints/stats?from=2026-01-05&to=2026-01-05');
    expect(reply.status).toBe(200);
    const row = (id: number) => reply.body.agents.find((a: { staffId: number }) => a.staffId === id);
    expect(row(ids.presale1!)).toMatchObject({ concerning: 2, verified: 1, handled: 0 });
    expect(row(ids.presale2!)).toMatchObject({ concerning: 1, verified: 0 });
    expect(row(ids.aftersale1!)).toMatchObject({ handled: 2, handlingAvgS: (2 * 3600 + 1800) / 2 });
    expect(reply.body.team).toEqual({ concerning: 3, verified: 1, handled: 2, handlingAvgS: 4500 });
    expect((await (await loggedIn(server.baseUrl, 'presale1')).get('/api/complaints/stats?from=2026-01-05&to=2026-01-05')).status).toBe(403);
  });
});
