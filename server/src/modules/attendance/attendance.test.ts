import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { putMonth, putShift, templateIds } from '../roster/roster.fixtures.ts';

// 2031-03-10: presale1 works the early service shift (09:00–11:30, 12:30–18:30 Shanghai =
// 01:00–03:30, 04:30–10:30 UTC), presale2 the late one (13:00–17:30, 18:30–23:30 = 05:00–15:30 UTC).
let server: TestServer;
let supervisor: TestClient;
let presale1: TestClient;
let presale2: TestClient;
let ids: Record<string, number>;
// The clock stands still where a test puts it.
let now = new Date('2031-03-10T00:30:00Z');
const setNow = (iso: string) => {
  now = new Date(iso);
};

beforeAll(async () => {
  setNow('2031-03-10T00:30:00Z');
  server = await startTestServer({ serveClient: false, clock: () => now });
  ids = await staffIds(server.db);
  const t = await templateIds(server.db);
  await putMonth(server.db, '2031-03', 'published', ids.supervisor!);
  for (const day of ['2031-03-10', '2031-03-11']) {
    await putShift(server.db, { staffId: ids.presale1!, day, role: 'presale', templateId: t['service-early']! });
    await putShift(server.db, { staffId: ids.presale2!, day, role: 'presale', templateId: t['service-late']! });
  }
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  presale1 = await loggedIn(server.baseUrl, 'presale1');
  presale2 = await loggedIn(server.baseUrl, 'presale2');
});
afterAll(async () => {
  await server?.close();
});

describe('clocking (打卡)', () => {
  it('records the time, the IP and who, once for a double click, with an audit line', async () => {
    setNow('2031-03-10T00:55:00Z');
    const first = await presale1.post('/api/attendance/clock', { kind: 'in' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ staffId: ids.presale1, kind: 'in', at: '2031-03-10T00:55:00.000Z' });
    expect(first.body.ip).toMatch(/127\.0\.0\.1/);
    const again = await presale1.post('/api/attendance/clock', { kind: 'in' });
    expect(again.body.id).toBe(first.body.id);
    const rows = (await server.db.query('SELECT by_staff_id AS byId FROM attendance_clock WHERE staff_id = ?', [ids.presale1])) as Array<{ byId: number }>;
    expect(rows.map((r) => Number(r.byId))).toEqual([ids.presale1]);
    const audits = (await server.db.query(`SELECT actor_id AS actorId FROM audit_log WHERE action = 'attendance.clock_in'`)) as Array<{ actorId: number }>;
    expect(audits.map((a) => Number(a.actorId))).toEqual([ids.presale1]);
  });

  it('refuses a kind that is not in or out, and changes nothing', async () => {
    const reply = await presale1.post('/api/attendance/clock', { kind: 'lunch' });
    expect(reply.status).toBe(400);
    const rows = (await server.db.query('SELECT COUNT(*) AS n FROM attendance_clock')) as Array<{ n: number }>;
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('shows my month with the clock-in found and the clock-out missing once its window closed', async () => {
    setNow('2031-03-10T15:00:00Z');
    const me = await presale1.get('/api/attendance/me?month=2031-03');
    expect(me.status).toBe(200);
    const day = me.body.shifts.find((s: { day: string }) => s.day === '2031-03-10');
    expect(day).toMatchObject({ name: '客服早班', clockIn: '2031-03-10T00:55:00.000Z', clockOut: null, missing: ['out'], correctionDeadline: '2031-03-12T10:30:00.000Z' });
  });
});

describe('corrections (签卡): within 2 days, at most 3 approved a month, the supervisor decides', () => {
  let correction: { id: number; version: number };

  it.each([
    ['a clock that is there', { day: '2031-03-10', kind: 'in', claimedAt: '2031-03-10T08:55:00+08:00' }, 409, 'correction_not_missing'],
    ['a day without my shift', { day: '2031-03-09', kind: 'in', claimedAt: '2031-03-09T08:55:00+08:00' }, 409, 'correction_no_shift'],
    ['a time far from the shift', { day: '2031-03-10', kind: 'out', claimedAt: '2031-03-11T08:00:00+08:00' }, 400, 'correction_claimed_outside'],
  ])('refuses %s', async (_case, body, status, reason) => {
    const reply = await presale1.post('/api/attendance/corrections', { ...body, reason: '忘记打卡' });
    expect(reply.status).toBe(status);
    expect(reply.body.error.details.reason).toBe(reason);
  });

  it('refuses a correction asked more than 2 days after the clock was due', async () => {
    setNow('2031-03-12T05:00:01Z');
    const reply = await presale2.post('/api/attendance/corrections', { day: '2031-03-10', kind: 'in', claimedAt: '2031-03-10T12:58:00+08:00', reason: '忘记打卡' });
    expect(reply.status).toBe(409);
    expect(reply.body.error.details.reason).toBe('correction_too_late');
  });

  it('takes a request within 2 days, once, tells the supervisor, who approves it (recorded)', async () => {
    setNow('2031-03-11T09:00:00Z');
    const asked = await presale1.post('/api/attendance/corrections', { day: '2031-03-10', kind: 'out', claimedAt: '2031-03-10T18:35:00+08:00', reason: '下班忘记打卡' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', kind: 'out', day: '2031-03-10', claimedAt: '2031-03-10T10:35:00.000Z' });
    correction = asked.body;
    const twice = await presale1.post('/api/attendance/corrections', { day: '2031-03-10', kind: 'out', claimedAt: '2031-03-10T18:35:00+08:00', reason: '再问一次' });
    expect(twice.body.error.details.reason).toBe('correction_exists');
    const told = (await server.db.query(`SELECT staff_id AS staffId FROM notification WHERE kind = 'attendance.correction'`)) as Array<{ staffId: number }>;
    expect(told.map((n) => Number(n.staffId))).toEqual([ids.supervisor]);
    const pending = await supervisor.get('/api/attendance/corrections?status=pending');
    expect(pending.body.map((c: { id: number }) => c.id)).toEqual([correction.id]);
    expect((await presale1.post(`/api/attendance/corrections/${correction.id}/decide`, { approve: true, version: 1 })).status).toBe(403);
    expect((await supervisor.post(`/api/attendance/corrections/${correction.id}/decide`, { approve: true, version: 9 })).body.error.details.reason).toBe('stale');
    const approved = await supervisor.post(`/api/attendance/corrections/${correction.id}/decide`, { approve: true, note: '属实', version: correction.version });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: ids.supervisor, decisionNote: '属实' });
    const again = await supervisor.post(`/api/attendance/corrections/${correction.id}/decide`, { approve: false, version: approved.body.version });
    expect(again.body.error.details.reason).toBe('request_decided');
    const me = await presale1.get('/api/attendance/me?month=2031-03');
    expect(me.body.shifts.find((s: { day: string }) => s.day === '2031-03-10').missing).toEqual([]);
    expect(me.body.approvedCorrections).toBe(1);
  });

  it('approves no fourth correction in a month', async () => {
    for (const day of ['2031-03-02', '2031-03-03']) {
      await server.db.query(
        `INSERT INTO attendance_correction (staff_id, shift_day, kind, shift_start, shift_end, claimed_at, reason, status, requested_at, version) VALUES (?, ?, 'in', ?, ?, ?, 'x', 'approved', ?, 2)`,
        [ids.presale1, day, new Date(`${day}T01:00:00Z`), new Date(`${day}T10:30:00Z`), new Date(`${day}T01:00:00Z`), new Date(`${day}T02:00:00Z`)],
      );
    }
    setNow('2031-03-11T11:00:00Z');
    // A request when 3 are approved is refused at once.
    const asked = await presale1.post('/api/attendance/corrections', { day: '2031-03-11', kind: 'in', claimedAt: '2031-03-11T08:58:00+08:00', reason: '忘记打卡' });
    expect(asked.status).toBe(409);
    expect(asked.body.error.details).toMatchObject({ reason: 'correction_monthly_limit', max: 3 });
  });
});

describe('presence permissions and invisible (隐身)', () => {
  it('an agent asks to go invisible, the supervisor grants it; colleagues see them offline, the supervisor sees the truth', async () => {
    setNow('2031-03-11T02:00:00Z');
    const asked = await presale1.post('/api/attendance/permissions', { status: 'invisible', from: '2031-03-11T10:00:00+08:00', until: '2031-03-11T10:30:00+08:00', reason: '去仓库核对库存' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ state: 'pending', status: 'invisible', staffName: '李娜' });
    expect((await presale1.post('/api/attendance/permissions', { status: 'offline', from: '2031-03-10T10:00:00+08:00', until: '2031-03-10T10:30:00+08:00', reason: 'x' })).body.error.details.reason).toBe('permission_past');
    expect((await presale1.post('/api/attendance/permissions', { status: 'away', from: '2031-03-11T10:00:00+08:00', until: '2031-03-11T10:30:00+08:00', reason: 'x' })).status).toBe(400);
    const list = await supervisor.get('/api/attendance/permissions?state=pending');
    expect(list.body.map((p: { id: number }) => p.id)).toEqual([asked.body.id]);
    const granted = await supervisor.post(`/api/attendance/permissions/${asked.body.id}/decide`, { approve: true, version: asked.body.version });
    expect(granted.body).toMatchObject({ state: 'granted', decidedBy: ids.supervisor });
    expect((await presale1.post(`/api/attendance/permissions/${asked.body.id}/withdraw`, { version: granted.body.version })).body.error.details.reason).toBe('request_decided');
    const told = (await server.db.query(`SELECT staff_id AS staffId FROM notification WHERE kind = 'attendance.permission_decided'`)) as Array<{ staffId: number }>;
    expect(told.map((n) => Number(n.staffId))).toEqual([ids.presale1]);

    const set = await presale1.request('PUT', '/api/chat/presence', { status: 'invisible' });
    expect(set.status).toBe(200);
    expect(set.body.presence.status).toBe('invisible');
    const seenByColleague = await presale2.get('/api/chat/presence');
    expect(seenByColleague.body.agents.find((a: { staffId: number }) => a.staffId === ids.presale1).status).toBe('offline');
    const seenBySupervisor = await supervisor.get('/api/chat/presence');
    expect(seenBySupervisor.body.agents.find((a: { staffId: number }) => a.staffId === ids.presale1).status).toBe('invisible');
    const log = (await server.db.query('SELECT status FROM agent_presence_log WHERE staff_id = ? ORDER BY id', [ids.presale1])) as Array<{ status: string }>;
    expect(log.map((l) => l.status)).toEqual(['invisible']);
  });

  it('the board shows who should be online now against who is', async () => {
    setNow('2031-03-11T02:10:00Z');
    const board = await supervisor.get('/api/attendance/board');
    expect(board.status).toBe(200);
    expect(board.body.rosterPublished).toBe(true);
    const row = (id: number) => board.body.rows.find((r: { staffId: number }) => r.staffId === id);
    // presale1: on shift, invisible with permission → no mismatch; presale2: off shift, offline → fine.
    expect(row(ids.presale1!)).toMatchObject({ onShift: true, shiftName: '客服早班', status: 'invisible', permitted: true, mismatch: false });
    expect(row(ids.presale2!)).toMatchObject({ onShift: false, status: 'offline', mismatch: false });
    setNow('2031-03-11T03:00:00Z');
    const later = await supervisor.get('/api/attendance/board');
    expect(later.body.rows.find((r: { staffId: number }) => r.staffId === ids.presale1).mismatch).toBe(true);
  });
});

describe('the reminder 15 minutes before a shift', () => {
  it('reminds each person once per shift, however often the job runs', async () => {
    const { remindShifts } = await import('./attendance.reminders.ts');
    expect(await remindShifts(server.db, new Date('2031-03-11T00:44:59Z'), 'Asia/Shanghai')).toEqual([]);
    const sent = await remindShifts(server.db, new Date('2031-03-11T00:45:00Z'), 'Asia/Shanghai');
    expect(sent.map((n) => [n.staffId, n.kind, n.payload.start])).toEqual([[ids.presale1, 'attendance.shift_soon', '2031-03-11T01:00:00.000Z']]);
    expect(await remindShifts(server.db, new Date('2031-03-11T00:50:00Z'), 'Asia/Shanghai')).toEqual([]);
    // 张敏's late shift starts at 05:00 UTC: her turn comes at 04:45.
    expect((await remindShifts(server.db, new Date('2031-03-11T04:46:00Z'), 'Asia/Shanghai')).map((n) => n.staffId)).toEqual([ids.presale2]);
  });
});
