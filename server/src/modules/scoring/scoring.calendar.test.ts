/**
 * Issue 13: the month as the shop pays it — who is on a month's sheet (disabling never
 * changes a past month), the calendar (no future entries, no early settle/submit/approve),
 * corrections after approval and reopening before payday. The server's clock is the
 * test's: 5 November 2026, 10:00 in Shanghai, payday the 10th.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { entryBody, settleHere, shanghai, staffIds } from './scoring.fixtures.ts';

let now = new Date('2026-11-05T02:00:00Z');
let server: TestServer;
let supervisor: TestClient;
let manager: TestClient;
let presale1: TestClient;
let ids: Record<string, number>;

async function logInAll() {
  [supervisor, manager, presale1] = await Promise.all([loggedIn(server.baseUrl, 'supervisor'), loggedIn(server.baseUrl, 'manager'), loggedIn(server.baseUrl, 'presale1')]);
}

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  await logInAll();
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

type Row = { staffId: number; [key: string]: unknown };
/** The figures of a month's sheet, without what says when it was settled. */
async function figures(month: string) {
  const sheet = (await supervisor.get(`/api/scoring/months/${month}`)).body as { staff: Row[]; activityFundFen: number; status: string };
  return { status: sheet.status, staff: sheet.staff, activityFundFen: sheet.activityFundFen };
}
const rowOf = (rows: Row[], staffId: number) => rows.find((row) => row.staffId === staffId);

async function approve(month: string) {
  expect((await supervisor.post(`/api/scoring/months/${month}/submit`)).status).toBe(200);
  expect((await manager.post(`/api/scoring/months/${month}/approve`)).status).toBe(200);
}

describe('who is on a month’s sheet', () => {
  const month = '2026-10';

  it('disabling a person and settling again leaves the month as it was: their entries, flags and the supervisor’s M04 stay', async () => {
    const printer = ids.printer1!;
    await supervisor.post('/api/ledger', entryBody(printer, 'G01', shanghai(month, 2)));
    for (const day of [3, 10, 17]) await supervisor.post('/api/ledger', entryBody(printer, 'G07', shanghai(month, day)));
    for (const day of [4, 5, 6, 7, 8, 9, 11, 12]) await supervisor.post('/api/ledger', entryBody(printer, 'G15', shanghai(month, day))); // −40
    await settleHere(server.db, month);
    const before = await figures(month);
    expect(rowOf(before.staff, printer)).toMatchObject({ score: 54, dismissal: true, dismissalReview: true, finesFen: 3000, attendanceBonusFen: 0 });
    expect(rowOf(before.staff, ids.supervisor!)).toMatchObject({ supervisorChargeFen: 10000 });

    const disabled = await supervisor.patch(`/api/staff/${printer}`, { active: false });
    expect(disabled.body).toMatchObject({ active: false, employedUntil: '2026-11-05' });
    // Someone created today is not on October's sheet, and does not count toward M03.
    expect((await supervisor.post('/api/staff', { username: 'newbie', displayName: '新人', password: 'password1', roles: ['presale'], baseWageFen: 300000 })).status).toBe(201);
    await settleHere(server.db, month);
    expect(await figures(month)).toEqual(before);
  });

  it('someone who joined on 22 October is on the sheet from then: 10 of 31 days’ base wage, no 全勤奖', async () => {
    const joined = await supervisor.post('/api/staff', { username: 'joiner', displayName: '后来', password: 'password1', roles: ['aftersale'], baseWageFen: 310000, employedFrom: '2026-10-22' });
    const early = await supervisor.post('/api/ledger', entryBody(joined.body.id, 'A01', shanghai(month, 20)));
    expect(early.status).toBe(400);
    expect(early.body.error.details).toMatchObject({ field: 'occurredAt' });
    await settleHere(server.db, month);
    expect(rowOf((await figures(month)).staff, joined.body.id)).toMatchObject({
      score: 100,
      daysEmployed: 10,
      daysInMonth: 31,
      baseWageFen: 100000,
      attendanceBonusFen: 0,
      performanceBonusFen: 20000,
      payFen: 120000,
    });
  });
});

describe('the calendar', () => {
  it('refuses an entry dated in the future beyond a few minutes’ slack', async () => {
    const later = new Date(now.getTime() + 10 * 60_000).toISOString();
    const refused = await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G05', later));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toMatchObject({ field: 'occurredAt', reason: 'future' });
    const slack = new Date(now.getTime() + 60_000).toISOString();
    expect((await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G05', slack))).status).toBe(201);
  });

  it('refuses to settle a month not begun, and to submit or approve one not ended', async () => {
    const december = await supervisor.post('/api/scoring/months/2026-12/settle');
    expect(december.status).toBe(409);
    expect(december.body.error.details).toMatchObject({ reason: 'month_not_begun' });
    await settleHere(server.db, '2026-11');
    const submit = await supervisor.post('/api/scoring/months/2026-11/submit');
    expect(submit.status).toBe(409);
    expect(submit.body.error.details).toMatchObject({ reason: 'month_not_ended' });
    const approve = await manager.post('/api/scoring/months/2026-11/approve');
    expect(approve.status).toBe(409);
    expect(approve.body.error.details).toMatchObject({ reason: 'month_not_ended' });
    expect((await figures('2026-11')).status).toBe('draft');
  });
});

describe('corrections after approval', () => {
  const month = '2026-09';

  it('an appeal decided after approval becomes a correction in the current month; the approved month stays identical', async () => {
    const fine = await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G01', shanghai(month, 8))); // 30 yuan + 全勤奖
    await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G15', shanghai(month, 9))); // −5: 50 yuan
    await settleHere(server.db, month);
    await approve(month);
    const approved = await figures(month);
    expect(rowOf(approved.staff, ids.presale1!)).toMatchObject({ score: 95, finesFen: 3000, attendanceBonusFen: 0, pointDeductionFen: 5000 });

    expect((await presale1.post(`/api/ledger/${fine.body.id}/appeal`, { reason: '我那天请了假，主管批准过' })).status).toBe(201);
    const decided = await supervisor.post(`/api/ledger/${fine.body.id}/appeal/decision`, { decision: 'revoke', reason: '查到请假记录' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'revoked', decisionReason: '查到请假记录' });

    const mine = (await presale1.get('/api/ledger?month=2026-11')).body as Array<{ id: number; correction: unknown; amountFen: number; source: string }>;
    const correction = mine.find((e) => e.source === 'correction');
    // Back: the 30 yuan fine and the 100 yuan 全勤奖; the fund gives back the 30.
    expect(correction).toMatchObject({ rule: 'G01', month: '2026-11', amountFen: 13000, correction: { entryId: fine.body.id, month, fundFen: 3000 } });
    expect((await presale1.get(`/api/ledger?month=${month}`)).body.find((e: { id: number }) => e.id === fine.body.id)).toMatchObject({ correctedBy: correction!.id, revocation: null });
    expect(await figures(month)).toEqual(approved);

    const audit = await server.db.query("SELECT actor_id FROM audit_log WHERE action = 'ledger.correct' AND entity_id = ?", [String(correction!.id)]);
    expect(audit).toEqual([{ actor_id: ids.supervisor }]);

    // Deciding again, or revoking the corrected entry, is refused.
    expect((await supervisor.post(`/api/ledger/${fine.body.id}/revoke`, { reason: '再撤一次' })).status).toBe(409);

    await settleHere(server.db, '2026-11');
    expect(rowOf((await figures('2026-11')).staff, ids.presale1!)).toMatchObject({ correctionsFen: 13000 });
  });
});

describe('reopening an approved month', () => {
  const month = '2026-08';

  it('the manager reopens before payday only, with a reason; the fund’s inflow is taken back', async () => {
    now = new Date('2026-09-05T02:00:00Z'); // August's payday: 10 September
    await logInAll();
    await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G15', shanghai(month, 9)));
    await settleHere(server.db, month);
    await approve(month);
    expect((await manager.post(`/api/scoring/months/${month}/reopen`, {})).status).toBe(400);
    expect((await supervisor.post(`/api/scoring/months/${month}/reopen`, { reason: '核对' })).status).toBe(403);
    const reopened = await manager.post(`/api/scoring/months/${month}/reopen`, { reason: '赵静的出勤要再核对' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'draft', reopenReason: '赵静的出勤要再核对', reopenedBy: ids.manager, approvedAt: null });
    expect((await presale1.get('/api/scoring/fund')).body.inflows.find((i: { month: string }) => i.month === month)).toBeUndefined();

    await approve(month);
    now = new Date('2026-09-10T01:00:00Z'); // payday, 09:00 in Shanghai
    await logInAll();
    const late = await manager.post(`/api/scoring/months/${month}/reopen`, { reason: '太晚了' });
    expect(late.status).toBe(409);
    expect(late.body.error.details).toMatchObject({ reason: 'after_payday' });
    expect((await figures(month)).status).toBe('approved');
    const audits = await server.db.query("SELECT action FROM audit_log WHERE entity = 'scoring_month' AND entity_id = ? ORDER BY id", [month]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['scoring.settle', 'scoring.submit', 'scoring.approve', 'scoring.reopen', 'scoring.submit', 'scoring.approve']);
  });
});
