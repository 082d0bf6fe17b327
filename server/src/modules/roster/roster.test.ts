import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { settleHere, staffIds } from '../scoring/scoring.fixtures.ts';
import { DetectorRegistry } from '../scoring/scoring.detectors.ts';
import { monthBounds } from '@kefu/shared/domain/scoring/month';
import { g04Detector, g14Detector, s02Detector } from './roster.detectors.ts';

/**
 * October 2026 of the demo team, built and run through the console: the supervisor
 * generates, adjusts and publishes the roster in September; swaps and leave follow; the
 * settlement then proposes S02, G14 and G04 exactly where they are due.
 */
let server: TestServer;
let supervisor: TestClient;
let presale1: TestClient;
let presale2: TestClient;
let ids: Record<string, number>;
let now = new Date('2026-09-20T02:00:00Z'); // 10:00 in Shanghai
const put = (client: TestClient, path: string, body: unknown) => client.request('PUT', path, body);

interface Shift { day: string; template: { kind: string }; swapId: number | null; assignmentId: number }

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  presale1 = await loggedIn(server.baseUrl, 'presale1');
  presale2 = await loggedIn(server.baseUrl, 'presale2');
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

const proposals = async (rule: string) =>
  (await server.db.query("SELECT staff_id AS staffId, evidence FROM ledger_entry WHERE rule = ? AND status = 'proposed' ORDER BY id", [rule])) as Array<{ staffId: number; evidence: string }>;
const mine = async (client: TestClient): Promise<Shift[]> => (await client.get('/api/roster/mine?month=2026-10')).body.shifts;

describe('a month of the duty roster', () => {
  let version = 0;

  it('is generated from the 5-day rotation, seen only by the supervisor while a draft', async () => {
    expect((await supervisor.get('/api/roster/months/2026-10')).body).toMatchObject({ status: 'none', version: 0, cells: [] });
    const generated = await supervisor.post('/api/roster/months/2026-10/generate', { version: 0 });
    expect(generated.status).toBe(200);
    expect(generated.body.status).toBe('draft');
    // pre-sale ×2, after-sale ×2, a printer: everyone every day, every shift covered
    expect(generated.body.cells).toHaveLength(5 * 31);
    expect(generated.body.coverage.filter((c: { missing: string[] }) => c.missing.length > 0)).toEqual([]);
    version = generated.body.version;
    expect((await presale1.get('/api/roster/months/2026-10')).body).toMatchObject({ status: 'none', cells: [] });
    expect((await presale1.get('/api/roster/mine?month=2026-10')).body).toMatchObject({ published: false, shifts: [] });
    // generating again needs the current version
    expect((await supervisor.post('/api/roster/months/2026-10/generate', { version: 0 })).body.error.details.reason).toBe('stale');
  });

  it('is adjusted by hand; the grid warns when a shift lacks a role', async () => {
    const day = '2026-10-05';
    const grid = (await supervisor.get('/api/roster/months/2026-10')).body;
    const cell = grid.cells.find((c: { staffId: number; day: string }) => c.staffId === ids.aftersale2 && c.day === day);
    const cleared = await put(supervisor, '/api/roster/months/2026-10/cells', { version, cells: [{ staffId: ids.aftersale2, day, templateId: null }] });
    expect(cleared.status).toBe(200);
    const warned = cleared.body.coverage.filter((c: { missing: string[] }) => c.missing.length > 0);
    expect(warned).toEqual([{ day, templateId: cell.templateId, counts: { presale: 1, aftersale: 0, printer: 0 }, missing: ['aftersale'] }]);
    // a printer cannot be put on a service shift; nothing changes
    const printing = grid.templates.find((t: { code: string }) => t.code === 'service-early').id;
    const wrong = await put(supervisor, '/api/roster/months/2026-10/cells', { version: cleared.body.version, cells: [{ staffId: ids.printer1, day, templateId: printing }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.reason).toBe('roster_role');
    const back = await put(supervisor, '/api/roster/months/2026-10/cells', { version: cleared.body.version, cells: [{ staffId: ids.aftersale2, day, templateId: cell.templateId }] });
    expect(back.body.coverage.every((c: { missing: string[] }) => c.missing.length === 0)).toBe(true);
    const duty = await put(supervisor, '/api/roster/months/2026-10/duty', { version: back.body.version, duty: [{ day: '2026-10-02', staffId: ids.presale1 }] });
    expect(duty.body.duty).toEqual([{ day: '2026-10-02', staffId: ids.presale1 }]);
    version = duty.body.version;
    expect((await supervisor.post('/api/roster/holidays', { day: '2026-10-01', name: '国庆节' })).status).toBe(201);
  });

  it('is published once, version-guarded, and everyone is told', async () => {
    expect((await supervisor.post('/api/roster/months/2026-10/publish', { version: version - 1 })).status).toBe(409);
    const published = await supervisor.post('/api/roster/months/2026-10/publish', { version });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await supervisor.post('/api/roster/months/2026-10/publish', { version: published.body.version })).body.error.details.reason).toBe('roster_published');
    const bell = (await presale1.get('/api/notifications')).body as Array<{ kind: string; payload: { month: string } }>;
    expect(bell).toContainEqual(expect.objectContaining({ kind: 'roster.published', payload: { month: '2026-10' } }));
    const audit = (await server.db.query("SELECT actor_id FROM audit_log WHERE action = 'roster.publish'")) as Array<{ actor_id: number }>;
    expect(audit.map((a) => a.actor_id)).toEqual([ids.supervisor]);
    const shifts = await mine(presale1);
    expect(shifts).toHaveLength(31);
    expect(shifts[0]).toMatchObject({ day: '2026-10-01', holiday: '国庆节' });
    expect(shifts[1]).toMatchObject({ day: '2026-10-02', duty: true });
    const one = await presale2.get(`/api/roster/shifts/${shifts[3]!.assignmentId}`);
    expect(one.body).toMatchObject({ staffId: ids.presale1, day: '2026-10-04', published: true });
  });
});

describe('swaps and leave in that month', () => {
  let early: string[] = [];

  const ask = (client: TestClient, colleagueId: number, day: string, colleagueDay = day) => client.post('/api/roster/swaps', { requesterDay: day, colleagueId, colleagueDay, note: '家里有事' });
  const swapThrough = async (day: string) => {
    const asked = await ask(presale1, ids.presale2!, day);
    expect(asked.status).toBe(201);
    const accepted = await presale2.post(`/api/roster/swaps/${asked.body.id}/accept`, { version: asked.body.version });
    expect(accepted.body.status).toBe('accepted');
    const approved = await supervisor.post(`/api/roster/swaps/${asked.body.id}/decide`, { version: accepted.body.version, approve: true });
    expect(approved.body.status).toBe('approved');
    return approved.body;
  };

  beforeAll(async () => {
    early = (await mine(presale1)).filter((s) => s.template.kind === 'early').map((s) => s.day);
  });

  it('a swap: asked, accepted, approved; my shifts show it; both shifts keep their role counts', async () => {
    const day = early.find((d) => d >= '2026-10-03')!;
    const swap = await swapThrough(day);
    expect(swap.remaining.map((r: { counts: { presale: number } }) => r.counts.presale)).toEqual([1, 1]);
    const shift = (await mine(presale1)).find((s) => s.day === day)!;
    expect(shift).toMatchObject({ template: { kind: 'late' }, swapId: swap.id });
    expect((await mine(presale2)).find((s) => s.day === day)).toMatchObject({ template: { kind: 'early' }, swapId: swap.id });
  });

  it.each([
    ['on a public holiday', '2026-10-01', 'presale2', 'swap_holiday'],
    ['the day after another swap', 'next', 'presale2', 'swap_after_swap'],
    ['with an after-sale agent', 'later', 'aftersale1', 'swap_role'],
    ['with oneself', 'later', 'presale1', 'swap_self'],
  ])('refused %s', async (_case, which, colleague, reason) => {
    const first = early.find((d) => d >= '2026-10-03')!;
    const day = which === 'next' ? early[early.indexOf(first) + 1]! : which === 'later' ? early[early.length - 1]! : which;
    const reply = await ask(presale1, ids[colleague]!, day);
    expect(reply.status).toBe(409);
    expect(reply.body.error.details.reason).toBe(reason);
  });

  it('a swap approved once its shift has begun is refused (last minute)', async () => {
    const day = early[early.length - 1]!;
    const asked = await ask(presale1, ids.presale2!, day);
    const accepted = await presale2.post(`/api/roster/swaps/${asked.body.id}/accept`, { version: asked.body.version });
    const saved = now;
    now = new Date(`${day}T01:00:00Z`); // 09:00 in Shanghai: the early shift begins
    const late = await supervisor.post(`/api/roster/swaps/${asked.body.id}/decide`, { version: accepted.body.version, approve: true });
    now = saved;
    expect(late.status).toBe(409);
    expect(late.body.error.details.reason).toBe('swap_too_late');
    expect((await supervisor.post(`/api/roster/swaps/${asked.body.id}/decide`, { version: accepted.body.version, approve: false })).body.status).toBe('refused');
  });

  let fourth = 0;
  it('three more swaps in the month, apart from each other: four approved', async () => {
    for (const day of ['2026-10-14', '2026-10-16', '2026-10-18']) {
      expect(early).toContain(day);
      fourth = (await swapThrough(day)).id;
    }
    const listed = (await supervisor.get('/api/roster/swaps?month=2026-10')).body as Array<{ status: string }>;
    expect(listed.filter((s) => s.status === 'approved')).toHaveLength(4);
    // the colleague sees them too; an unrelated agent sees none
    expect((await presale2.get('/api/roster/swaps?month=2026-10')).body).toHaveLength(listed.length);
    expect((await (await loggedIn(server.baseUrl, 'aftersale1')).get('/api/roster/swaps?month=2026-10')).body).toEqual([]);
  });

  it('leave: a late shift is void, a refused leave missed is G04, an approved one is not', async () => {
    const late = (await mine(presale1)).find((s) => s.template.kind === 'late' && s.day > '2026-10-05' && s.swapId === null)!;
    const voidLeave = await presale1.post('/api/roster/leave', { day: late.day, kind: 'ordinary', reason: '看病', supervisorId: ids.supervisor });
    expect(voidLeave.status).toBe(201);
    expect(voidLeave.body).toMatchObject({ status: 'void', voidReason: 'leave_late_shift' });

    const refusedDay = early[1]!;
    const asked = await presale1.post('/api/roster/leave', { day: refusedDay, kind: 'ordinary', reason: '搬家', supervisorId: ids.supervisor });
    expect(asked.body).toMatchObject({ status: 'asked', voidReason: null });
    // before deciding, the supervisor sees who stays on that shift
    expect(asked.body.remaining[0].counts).toEqual({ presale: 0, aftersale: 1, printer: 0 });
    expect((await presale2.post(`/api/roster/leave/${asked.body.id}/decide`, { version: 1, approve: true })).status).toBe(403);
    const refused = await supervisor.post(`/api/roster/leave/${asked.body.id}/decide`, { version: asked.body.version, approve: false, note: '人手不够' });
    expect(refused.body.status).toBe('refused');

    const grantedDay = early[2]!;
    const granted = await presale1.post('/api/roster/leave', { day: grantedDay, kind: 'ordinary', reason: '婚礼', supervisorId: ids.supervisor });
    const approved = await supervisor.post(`/api/roster/leave/${granted.body.id}/decide`, { version: granted.body.version, approve: true });
    expect(approved.body.status).toBe('approved');
    expect((await mine(presale1)).find((s) => s.day === grantedDay)).toMatchObject({ onLeave: true });

    // asked of a colleague, not the supervisor: void; but presale2 came and clocked in — no absence
    const p2Day = (await mine(presale2)).find((s) => s.template.kind === 'early' && s.day > '2026-10-20')!;
    const overHead = await presale2.post('/api/roster/leave', { day: p2Day.day, kind: 'ordinary', reason: '私事', supervisorId: ids.presale1 });
    expect(overHead.body).toMatchObject({ status: 'void', voidReason: 'leave_not_supervisor' });
    await server.db.query("INSERT INTO attendance_clock (staff_id, kind, at, ip, by_staff_id) VALUES (?, 'in', ?, '127.0.0.1', ?)", [ids.presale2, new Date(`${p2Day.day}T00:55:00Z`), ids.presale2]);

    await settleHere(server.db, '2026-10', { detectors: new DetectorRegistry().register(g04Detector).register(s02Detector).register(g14Detector) });
    const g04 = await proposals('G04');
    // the refused leave and the void one (a late shift allows none), both missed: absence; the granted one and presale2's (clocked in): not
    expect(g04.map((p) => p.staffId)).toEqual([ids.presale1, ids.presale1]);
    expect(g04[0]!.evidence).toContain(`"leave:${asked.body.id}"`);
    expect(g04[1]!.evidence).toContain(`"leave:${voidLeave.body.id}"`);
    // October was published in September: no S02; each approved swap beyond 3 is G14
    expect(await proposals('S02')).toEqual([]);
    const g14 = await proposals('G14');
    expect(g14.map((p) => p.staffId)).toEqual([ids.presale1]);
    expect(g14[0]!.evidence).toContain(`"swap:${fourth}"`);
  });

  it('S02: no roster for November by its 1st (October was kept in the console); none before the console kept any', async () => {
    const context = (month: string) => ({ month, ...monthBounds(month, 'Asia/Shanghai'), tz: 'Asia/Shanghai', now: new Date() });
    const november = await s02Detector.detect(server.db.manager, context('2026-11'));
    expect(november.map((p) => [p.staffId, p.evidence])).toEqual([[ids.supervisor, [{ kind: 'shift', id: 'month:2026-11' }]]]);
    expect(await s02Detector.detect(server.db.manager, context('2026-09'))).toEqual([]);
    // a roster published after the 1st is late all the same
    await server.db.query("INSERT INTO roster_month (month, status, version, published_at, published_by, updated_by, updated_at) VALUES ('2026-11', 'published', 2, '2026-11-03 02:00:00', ?, ?, '2026-11-03 02:00:00')", [ids.supervisor, ids.supervisor]);
    expect(await s02Detector.detect(server.db.manager, context('2026-11'))).toHaveLength(1);
    expect(await s02Detector.detect(server.db.manager, context('2026-10'))).toEqual([]);
  });
});

describe('bad input is refused with a clear error and changes nothing', () => {
  const counts = async () => {
    const [row] = (await server.db.query(
      'SELECT (SELECT COUNT(*) FROM roster_swap) AS swaps, (SELECT COUNT(*) FROM leave_request) AS leaves, (SELECT COUNT(*) FROM holiday) AS holidays, (SELECT SUM(version) FROM shift_template) AS templates, (SELECT COUNT(*) FROM audit_log) AS audits',
    )) as Array<Record<string, number>>;
    return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
  };
  it.each([
    ['a swap with a day that is no date', 'presale1', 'POST', '/api/roster/swaps', { requesterDay: '2026-10-32', colleagueId: 1, colleagueDay: '2026-10-05', note: 'x' }, 'requesterDay'],
    ['a swap with the colleague as a string', 'presale1', 'POST', '/api/roster/swaps', { requesterDay: '2026-10-05', colleagueId: '2', colleagueDay: '2026-10-05', note: 'x' }, 'colleagueId'],
    ['a leave of an unknown kind', 'presale1', 'POST', '/api/roster/leave', { day: '2026-10-20', kind: 'sick', reason: 'x', supervisorId: 1 }, 'kind'],
    ['a leave reason with a bidi control', 'presale1', 'POST', '/api/roster/leave', { day: '2026-10-20', kind: 'ordinary', reason: '有事\u202e', supervisorId: 1 }, 'reason'],
    ['a holiday without a name', 'supervisor', 'POST', '/api/roster/holidays', { day: '2026-10-02', name: ' ' }, 'name'],
    ['segments out of order', 'supervisor', 'PUT', '/api/roster/templates/1', { version: 1, nameZh: '早', nameEn: 'E', segments: [{ start: '12:30', end: '18:30' }, { start: '09:00', end: '11:30' }] }, 'segments'],
    ['a time that is no time', 'supervisor', 'PUT', '/api/roster/templates/1', { version: 1, nameZh: '早', nameEn: 'E', segments: [{ start: '9:00', end: '11:30' }] }, 'segments'],
  ])('%s', async (_case, who, method, path, body, field) => {
    const client = who === 'supervisor' ? supervisor : presale1;
    const before = await counts();
    const reply = await client.request(method, path, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid');
    expect(JSON.stringify(reply.body.error.details)).toContain(field);
    expect(await counts()).toEqual(before);
  });
});
