import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { DetectorRegistry, type DetectorProposal } from './scoring.detectors.ts';
import { entryBody, scoringSnapshot, settleHere, shanghai, staffIds } from './scoring.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let manager: TestClient;
let presale1: TestClient;
let ids: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, manager, presale1] = await Promise.all([loggedIn(server.baseUrl, 'supervisor'), loggedIn(server.baseUrl, 'manager'), loggedIn(server.baseUrl, 'presale1')]);
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

/** A detector that proposes whatever the test puts in `found` (registered in this test only). */
function testDetector(found: DetectorProposal[]) {
  return new DetectorRegistry().register({ name: 'test.chat-window', rules: ['G09', 'P04'], detect: async () => found });
}

describe('detectors and proposals', () => {
  const month = '2026-03';

  it('proposals are deduplicated by rule + person + evidence: running the detectors again proposes nothing twice', async () => {
    const found: DetectorProposal[] = [
      { staffId: ids.presale1!, rule: 'G09', occurredAt: new Date(shanghai(month, 5)), evidence: [{ kind: 'chat', id: '101' }] },
      { staffId: ids.presale2!, rule: 'P04', occurredAt: new Date(shanghai(month, 6)), evidence: [{ kind: 'note', id: '7' }, { kind: 'order', id: 'E1001' }] },
      // Refused, never stored: a pre-sale rule on an after-sale agent, a rule the detector does not own, another month.
      { staffId: ids.aftersale1!, rule: 'P04', occurredAt: new Date(shanghai(month, 6)), evidence: [{ kind: 'note', id: '8' }] },
      { staffId: ids.presale1!, rule: 'G05', occurredAt: new Date(shanghai(month, 6)), evidence: [{ kind: 'chat', id: '102' }] },
      { staffId: ids.presale1!, rule: 'G09', occurredAt: new Date(shanghai('2026-04', 1)), evidence: [{ kind: 'chat', id: '103' }] },
    ];
    const detectors = testDetector(found);
    const first = await settleHere(server.db, month, { detectors });
    expect(first.proposed).toBe(2);

    // The same finding again, its evidence listed in another order: nothing new.
    found[1] = { ...found[1]!, evidence: [{ kind: 'order', id: 'E1001' }, { kind: 'note', id: '7' }] };
    const before = await scoringSnapshot(server.db);
    const second = await settleHere(server.db, month, { detectors });
    expect(second.proposed).toBe(0);
    expect((await scoringSnapshot(server.db)).entries).toBe(before.entries);

    const proposals = await supervisor.get(`/api/scoring/proposals?month=${month}`);
    expect(proposals.status).toBe(200);
    expect(proposals.body.map((p: { rule: string; staffId: number; status: string; source: string; createdBy: null }) => [p.rule, p.staffId, p.status, p.source, p.createdBy])).toEqual([
      ['G09', ids.presale1, 'proposed', 'test.chat-window', null],
      ['P04', ids.presale2, 'proposed', 'test.chat-window', null],
    ]);
    // Proposals count nothing until confirmed, and the agent does not see them.
    const sheet = await supervisor.get(`/api/scoring/months/${month}`);
    expect(sheet.body.staff.find((row: { staffId: number }) => row.staffId === ids.presale1).score).toBe(100);
    expect(sheet.body.proposals).toBe(2);
    expect((await presale1.get(`/api/ledger?month=${month}`)).body).toEqual([]);
  });

  it('submit is refused while proposals are undecided', async () => {
    const reply = await supervisor.post(`/api/scoring/months/${month}/submit`);
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toBe('2 proposed entries of month 2026-03 are undecided: confirm or dismiss them first');
  });

  it('confirming is all or nothing; a dismissal needs a reason and is never proposed again', async () => {
    const [g09, p04] = (await supervisor.get(`/api/scoring/proposals?month=${month}`)).body as Array<{ id: number }>;
    const noReason = await supervisor.post(`/api/scoring/proposals/${p04!.id}/dismiss`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/reason: reason is required/);
    const dismissed = await supervisor.post(`/api/scoring/proposals/${p04!.id}/dismiss`, { reason: '备注有署名，检测误报' });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', decisionReason: '备注有署名，检测误报', decidedBy: ids.supervisor });

    const before = await scoringSnapshot(server.db);
    const mixed = await supervisor.post('/api/scoring/proposals/confirm', { ids: [g09!.id, p04!.id] });
    expect(mixed.status).toBe(409);
    expect(mixed.body.error.message).toMatch(new RegExp(`Entries ${p04!.id} \\(dismissed\\) are not proposals`));
    expect(await scoringSnapshot(server.db)).toEqual(before);
    expect((await supervisor.post('/api/scoring/proposals/confirm', { ids: [99999] })).status).toBe(404);
    expect((await supervisor.post('/api/scoring/proposals/confirm', { ids: [] })).body.error.message).toMatch(/ids: ids must name at least one entry/);
    expect((await presale1.post('/api/scoring/proposals/confirm', { ids: [g09!.id] })).status).toBe(403);

    const confirmed = await supervisor.post('/api/scoring/proposals/confirm', { ids: [g09!.id] });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmed).toEqual([expect.objectContaining({ id: g09!.id, status: 'confirmed', decidedBy: ids.supervisor })]);
    expect((await presale1.get('/api/scoring/me?month=2026-03')).body.score).toBe(99);

    // Dismissed stays dismissed: the detector finds it again, nothing is proposed.
    const again = await settleHere(server.db, month, {
      detectors: testDetector([{ staffId: ids.presale2!, rule: 'P04', occurredAt: new Date(shanghai(month, 6)), evidence: [{ kind: 'note', id: '7' }, { kind: 'order', id: 'E1001' }] }]),
    });
    expect(again.proposed).toBe(0);
  });

  it('a draft the ledger changed under is stale: submit asks to settle again', async () => {
    await settleHere(server.db, month);
    await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G11', shanghai(month, 20)));
    const sheet = await supervisor.get(`/api/scoring/months/${month}`);
    expect(sheet.body).toMatchObject({ status: 'draft', stale: true, proposals: 0 });
    const refused = await supervisor.post(`/api/scoring/months/${month}/submit`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('The ledger of month 2026-03 changed since it was settled: settle again before submitting');
    await settleHere(server.db, month);
    const fresh = await supervisor.get(`/api/scoring/months/${month}`);
    expect(fresh.body.stale).toBe(false);
    expect(fresh.body.staff.find((row: { staffId: number }) => row.staffId === ids.presale1).score).toBe(104); // −1 G09, +5 G11
  });
});

describe('settle, submit, approve, return', () => {
  it('settle answers 202 with the month’s job id; two requests share one job', async () => {
    const [a, b] = await Promise.all([supervisor.post('/api/scoring/months/2026-02/settle'), supervisor.post('/api/scoring/months/2026-02/settle')]);
    expect(a.status).toBe(202);
    expect(a.body).toEqual({ jobId: 'settle-2026-02' });
    expect(b.body).toEqual({ jobId: 'settle-2026-02' });
    const jobs = await server.app.scoringQueue.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
    expect(jobs.map((job) => [job.id, job.name, job.data])).toEqual([['settle-2026-02', 'scoring.settle', { month: '2026-02', requestedBy: ids.supervisor }]]);
    expect((await presale1.post('/api/scoring/months/2026-02/settle')).status).toBe(403);
    const bad = await supervisor.post('/api/scoring/months/2026-13/settle');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/month: month must look like YYYY-MM/);
  });

  it('a month never settled answers status none and no rows', async () => {
    const reply = await manager.get('/api/scoring/months/2025-12');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ month: '2025-12', status: 'none', staff: [], activityFundFen: 0, stale: false });
    expect((await presale1.get('/api/scoring/months/2025-12')).status).toBe(403);
    expect((await supervisor.post('/api/scoring/months/2025-12/submit')).status).toBe(409);
    expect((await manager.get('/api/scoring/months/2025-12/export.csv')).status).toBe(404);
  });

  it('the manager returns a submitted month with a reason, then approves it; its fund money goes in once', async () => {
    const month = '2026-01';
    await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G01', shanghai(month, 7))); // −30 yuan fine, into the fund
    await supervisor.post('/api/ledger', entryBody(ids.presale2!, 'G15', shanghai(month, 8))); // −5 points: 50 yuan, into the fund
    await settleHere(server.db, month);
    expect((await manager.post(`/api/scoring/months/${month}/submit`)).status).toBe(403);
    expect((await supervisor.post(`/api/scoring/months/${month}/approve`)).status).toBe(403);
    expect((await manager.post(`/api/scoring/months/${month}/approve`)).status).toBe(409); // draft: not submitted

    const submitted = await supervisor.post(`/api/scoring/months/${month}/submit`);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedBy: ids.supervisor, activityFundFen: 8000 });
    expect((await manager.get('/api/notifications')).body[0]).toMatchObject({ kind: 'scoring.submitted', payload: { month } });
    expect((await manager.post(`/api/scoring/months/${month}/return`, {})).body.error.message).toMatch(/reason: reason is required/);
    const returned = await manager.post(`/api/scoring/months/${month}/return`, { reason: '张敏的扣分请再核实' });
    expect(returned.body).toMatchObject({ status: 'draft', returnReason: '张敏的扣分请再核实', returnedBy: ids.manager });

    await supervisor.post(`/api/scoring/months/${month}/submit`);
    const approved = await manager.post(`/api/scoring/months/${month}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: ids.manager, activityFundFen: 8000 });
    const twice = await manager.post(`/api/scoring/months/${month}/approve`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('locked');

    const fund = await presale1.get('/api/scoring/fund');
    expect(fund.body).toMatchObject({ inflowFen: 8000, outflowFen: 0, balanceFen: 8000, inflows: [{ month, amountFen: 8000 }] });

    const audits = await server.db.query("SELECT action FROM audit_log WHERE entity = 'scoring_month' AND entity_id = ? ORDER BY id", [month]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['scoring.settle', 'scoring.submit', 'scoring.return', 'scoring.submit', 'scoring.approve']);
  });
});

describe('the activity fund', () => {
  it('the supervisor records outflows, never more than the balance', async () => {
    const before = await scoringSnapshot(server.db);
    const tooMuch = await supervisor.post('/api/scoring/fund/outflows', { amountFen: 8001, occurredAt: shanghai('2026-02', 14), purpose: '团建聚餐' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.message).toBe('The activity fund holds 8000 fen; an outflow of 8001 fen is more than that');
    expect((await presale1.post('/api/scoring/fund/outflows', { amountFen: 100, occurredAt: shanghai('2026-02', 14), purpose: '奶茶' })).status).toBe(403);
    const noPurpose = await supervisor.post('/api/scoring/fund/outflows', { amountFen: 100, occurredAt: shanghai('2026-02', 14) });
    expect(noPurpose.body.error.message).toMatch(/purpose: purpose is required/);
    expect(await scoringSnapshot(server.db)).toEqual(before);

    const spent = await supervisor.post('/api/scoring/fund/outflows', { amountFen: 5000, occurredAt: shanghai('2026-02', 14), purpose: '团建聚餐' });
    expect(spent.status).toBe(201);
    expect(spent.body).toMatchObject({ amountFen: 5000, purpose: '团建聚餐', createdBy: ids.supervisor, occurredAt: '2026-02-14T02:00:00.000Z' });
    const fund = await manager.get('/api/scoring/fund');
    expect(fund.body).toMatchObject({ inflowFen: 8000, outflowFen: 5000, balanceFen: 3000 });
    expect(fund.body.outflows).toHaveLength(1);
  });
});

describe('export and my score', () => {
  it('the CSV is UTF-8 with a BOM, bilingual headers, Chinese names and money in yuan', async () => {
    const res = await fetch(`${server.baseUrl}/api/scoring/months/2026-01/export.csv`, { headers: { cookie: manager.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="scoresheet-2026-01.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('月份 Month,2026-01,状态 Status,已批准 approved');
    expect(lines[1]).toMatch(/^工号 Staff ID,用户名 Username,姓名 Name,在职天数 Days employed,得分 Score,基本工资\(元\) Base wage \(yuan\),扣分金额\(元\) Point deduction \(yuan\)/);
    // 李娜: G01 fine 30 yuan, attendance bonus forfeited → 0 + 200 − 30 = 170.00; take-home 3800 + 170
    expect(lines).toContain(`${ids.presale1},presale1,李娜,31/31,100,3800.00,0.00,30.00,0.00,0.00,0.00,200.00,0.00,0.00,0.00,0.00,170.00,3970.00,否 no,否 no,1`);
    // 张敏: 95 points → 50 yuan deducted → 100 + 200 − 50 = 250.00; take-home 3600 + 250
    expect(lines).toContain(`${ids.presale2},presale2,张敏,31/31,95,3600.00,50.00,0.00,0.00,0.00,100.00,200.00,0.00,0.00,0.00,0.00,250.00,3850.00,否 no,否 no,1`);
    expect(lines).toContain('部门活动经费 Activity fund (yuan),80.00');
    expect((await presale1.get('/api/scoring/months/2026-01/export.csv')).status).toBe(403);
  });

  it('my score shows the running score, each entry’s counted points (G07: warning first) and the approved row', async () => {
    const month = '2026-01';
    const me = await presale1.get(`/api/scoring/me?month=${month}`);
    expect(me.body).toMatchObject({ month, scored: true, status: 'approved', score: 100, pointDeductionFen: 0 });
    expect(me.body.sheet).toMatchObject({ staffId: ids.presale1, netFen: 17000, finesFen: 3000, attendanceBonusFen: 0 });

    const open = '2026-04';
    await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G07', shanghai(open, 3)));
    await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G07', shanghai(open, 4)));
    const running = await presale1.get(`/api/scoring/me?month=${open}`);
    expect(running.body.entries.filter((e: { rule: string }) => e.rule === 'G07').map((e: { countedPoints: number }) => e.countedPoints)).toEqual([0, -3]);
    expect(running.body.sheet).toBeNull();
    expect((await manager.get('/api/scoring/me')).body).toMatchObject({ scored: false, score: 100, entries: [] });
  });
});

describe('notifications', () => {
  it('a person reads and marks their own notifications, not anyone else’s', async () => {
    const list = await presale1.get('/api/notifications');
    expect(list.body.length).toBeGreaterThan(0);
    const first = list.body[0];
    expect((await manager.post(`/api/notifications/${first.id}/read`)).status).toBe(404);
    expect((await presale1.post(`/api/notifications/${first.id}/read`)).status).toBe(204);
    expect((await presale1.get('/api/notifications')).body[0].readAt).toEqual(expect.any(String));
  });
});

describe('decisions at once', () => {
  it('one proposal confirmed twice at once is confirmed once; a month approved twice at once is approved once', async () => {
    const month = '2025-11';
    await settleHere(server.db, month, {
      detectors: testDetector([{ staffId: ids.presale1!, rule: 'G09', occurredAt: new Date(shanghai(month, 5)), evidence: [{ kind: 'chat', id: 'race-1' }] }]),
    });
    const [proposal] = (await supervisor.get(`/api/scoring/proposals?month=${month}`)).body;
    const confirms = await Promise.all([supervisor.post('/api/scoring/proposals/confirm', { ids: [proposal.id] }), supervisor.post('/api/scoring/proposals/confirm', { ids: [proposal.id] })]);
    expect(confirms.map((r) => r.status).sort()).toEqual([200, 409]);
    const audits = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ledger.confirm' AND entity_id = ?", [String(proposal.id)]);
    expect(Number(audits[0].n)).toBe(1);

    await settleHere(server.db, month);
    await supervisor.post(`/api/scoring/months/${month}/submit`);
    const approvals = await Promise.all([manager.post(`/api/scoring/months/${month}/approve`), manager.post(`/api/scoring/months/${month}/approve`)]);
    expect(approvals.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await manager.get('/api/scoring/fund')).body.inflows.filter((i: { month: string }) => i.month === month)).toHaveLength(1);
  });
});
