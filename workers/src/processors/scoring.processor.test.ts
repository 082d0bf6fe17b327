import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { Queue } from 'bullmq';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { loggedIn, type TestClient } from '@kefu/server/testing/http-client';
import { createLogger } from '@kefu/server/platform/log';
import { connectRedis } from '@kefu/server/platform/redis';
import { DetectorRegistry } from '@kefu/server/modules/scoring/scoring.detectors';
import { entryBody, settleHere, shanghai, staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';
import { previousMonth, scoringMonth, settlementRunAt } from '@kefu/shared/domain/scoring/month';
import { startWorkers, type RunningWorkers } from '../workers.ts';
import { AUTO_SETTLE_SCHEDULER, upsertSchedulers } from '../schedulers.ts';

let server: TestServer;
let workers: RunningWorkers;
let supervisor: TestClient;
let manager: TestClient;
let ids: Record<string, number>;
/** What the test detector finds; a real one reads chats, orders… (none are registered in this issue). */
const found: Array<Parameters<DetectorRegistry['register']>[0] extends { detect: (...a: never[]) => Promise<infer R> } ? R extends Array<infer P> ? P : never : never> = [];
/** The workers' clock, moved by the scheduler test. */
let now = () => new Date();

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  const detectors = new DetectorRegistry().register({ name: 'test.window', rules: ['G09'], detect: async () => found });
  workers = await startWorkers(server.config, createLogger('test-workers', 'silent'), { detectors, schedule: false, clock: () => now() });
  [supervisor, manager] = await Promise.all([loggedIn(server.baseUrl, 'supervisor'), loggedIn(server.baseUrl, 'manager')]);
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await workers?.close();
  await server?.close();
});

/** Asks for a settlement through the API and waits until the worker has written it. */
async function settleThroughApi(month: string): Promise<any> {
  const before = (await supervisor.get(`/api/scoring/months/${month}`)).body;
  const reply = await supervisor.post(`/api/scoring/months/${month}/settle`);
  expect(reply.status).toBe(202);
  return waitForSettlement(month, before.version);
}

async function waitForSettlement(month: string, versionBefore: number): Promise<any> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const sheet = (await supervisor.get(`/api/scoring/months/${month}`)).body;
    if (sheet.status === 'draft' && sheet.version > versionBefore) return sheet;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`month ${month} was not settled within 10 s`);
}

async function rowsOf(month: string) {
  return server.db.query('SELECT * FROM scoresheet_row WHERE month = ? ORDER BY staff_id', [month]);
}

describe('a worked month, settled by the worker, every figure worked out by hand', () => {
  const month = '2026-10';

  it('matches scoring.md for each person, the supervisor and the activity fund', async () => {
    const record = async (user: string, rule: string, day: number, extra: Record<string, unknown> = {}) => {
      const reply = await supervisor.post('/api/ledger', entryBody(ids[user]!, rule, shanghai(month, day), extra));
      expect(reply.status).toBe(201);
      return reply.body.id as number;
    };
    // 李娜 presale1: G05 −3, G16 −3, G09 −1 twice → 92. A G15 revoked counts nothing.
    await record('presale1', 'G05', 2);
    await record('presale1', 'G16', 3);
    await record('presale1', 'G09', 4);
    await record('presale1', 'G09', 5);
    const revoked = await record('presale1', 'G15', 6);
    await supervisor.post(`/api/ledger/${revoked}/revoke`, { reason: '误记' });
    // Outside the month, in shop time: 23:59 on Sep 30 and 00:30 on Nov 1, Shanghai.
    await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G05', '2026-09-30T15:59:00Z'));
    await supervisor.post('/api/ledger', entryBody(ids.presale1!, 'G05', '2026-10-31T16:30:00Z'));
    // 张敏 presale2: G04 absent (day wage 360000 / 21.75 = 16551.72 → 16552 fen, bonus forfeited), G06 +10 → 110 → M01 +100 yuan.
    await record('presale2', 'G04', 7);
    await record('presale2', 'G06', 8, { points: 10 });
    // 刘洋 aftersale1: A04 −2 and 15 yuan postage, G15 −5 nine times → 53: dismissal, and M04 for the supervisor.
    await record('aftersale1', 'A04', 9, { amountFen: 1500 });
    for (let day = 10; day < 19; day++) await record('aftersale1', 'G15', day);
    // 赵静 aftersale2: G07 three times (0, −3, −3) → 94, flagged for dismissal review; G03a 50 yuan fine.
    await record('aftersale2', 'G07', 10);
    await record('aftersale2', 'G07', 11);
    await record('aftersale2', 'G07', 12);
    await record('aftersale2', 'G03a', 13);
    // 孙磊 printer1: R01 −2 → 98; G02 50 yuan fine, bonus forfeited.
    await record('printer1', 'R01', 14);
    await record('printer1', 'G02', 15);
    // 王芳 supervisor: S02 twice counts once (−3), G11 +5 → 102.
    await record('supervisor', 'S02', 16);
    await record('supervisor', 'S02', 17);
    await record('supervisor', 'G11', 18);
    // 周强 warehouse1: only a detector's proposal, never confirmed: counts nothing.
    found.push({ staffId: ids.warehouse1!, rule: 'G09', occurredAt: new Date(shanghai(month, 19)), evidence: [{ kind: 'chat', id: 'w-1' }] });

    const sheet = await settleThroughApi(month);
    const BASE: Record<string, number> = { supervisor: 520000, presale1: 380000, presale2: 360000, aftersale1: 400000, aftersale2: 380000, printer1: 340000, warehouse1: 330000 };
    const row = (username: string, displayName: string, figures: Record<string, number | boolean>) => ({
      staffId: ids[username],
      username,
      displayName,
      dismissal: false,
      dismissalReview: false,
      baseWageFen: BASE[username],
      pointDeductionFen: 0,
      finesFen: 0,
      dayWageFen: 0,
      postageFen: 0,
      attendanceBonusFen: 10000,
      performanceBonusFen: 20000,
      rewardFen: 0,
      supervisorAdjustmentFen: 0,
      supervisorBonusFen: 0,
      supervisorChargeFen: 0,
      correctionsFen: 0,
      daysEmployed: 31,
      daysInMonth: 31,
      ...figures,
      payFen: BASE[username]! + Number(figures.netFen),
    });
    expect(sheet).toMatchObject({ month, status: 'draft', stale: false, proposals: 1, settledBy: ids.supervisor });
    expect(sheet.staff).toEqual([
      // Department (6 but the supervisor): 2 at 100 or more (张敏, 周强) is under half → no M03; 刘洋 under 60 → M04 −100 yuan.
      row('supervisor', '王芳', { score: 102, supervisorAdjustmentFen: -10000, supervisorChargeFen: 10000, netFen: 20000, entries: 3 }),
      row('presale1', '李娜', { score: 92, pointDeductionFen: 8000, netFen: 22000, entries: 4 }),
      row('presale2', '张敏', { score: 110, dayWageFen: 16552, attendanceBonusFen: 0, rewardFen: 10000, netFen: 13448, entries: 2 }),
      // 47 points lost: 10×10 + 10×20 + 10×30 + 10×40 + 7×40 = 1280 yuan.
      row('aftersale1', '刘洋', { score: 53, pointDeductionFen: 128000, postageFen: 1500, netFen: -99500, dismissal: true, entries: 10 }),
      row('aftersale2', '赵静', { score: 94, pointDeductionFen: 6000, finesFen: 5000, netFen: 19000, dismissalReview: true, entries: 4 }),
      row('printer1', '孙磊', { score: 98, pointDeductionFen: 2000, finesFen: 5000, attendanceBonusFen: 0, netFen: 13000, entries: 2 }),
      row('warehouse1', '周强', { score: 100, netFen: 30000, entries: 0 }),
    ]);
    // Point deductions 8000 + 128000 + 6000 + 2000, fines G03a 5000 + G02 5000, M04 10000; G04 and A04 go to no fund.
    expect(sheet.activityFundFen).toBe(164000);
  });

  it('settling again, or twice at once, gives the same figures and counts no entry twice', async () => {
    const first = await rowsOf(month);
    const again = await settleThroughApi(month);
    expect(await rowsOf(month)).toEqual(first);
    expect(again.proposals).toBe(1); // the detector ran again and proposed nothing new

    // Two requests at once share the month's job; two settlements at once run one after the other.
    const versionBefore = again.version;
    const [a, b] = await Promise.all([supervisor.post(`/api/scoring/months/${month}/settle`), supervisor.post(`/api/scoring/months/${month}/settle`)]);
    expect(a.body.jobId).toBe(b.body.jobId);
    await waitForSettlement(month, versionBefore);
    const direct = await Promise.all([settleHere(server.db, month), settleHere(server.db, month), settleHere(server.db, month)]);
    expect(new Set(direct.map((outcome) => outcome.version)).size).toBe(3);
    expect(await rowsOf(month)).toEqual(first);
    expect(Number((await server.db.query("SELECT COUNT(*) AS n FROM ledger_entry WHERE source = 'test.window'"))[0].n)).toBe(1);
  });

  it('a person employed in the month appears from their first day; disabling later keeps them; a start moved past the month removes them', async () => {
    const temp = (await supervisor.post('/api/staff', { username: 'temp1', displayName: '临时工', password: 'password1', roles: ['warehouse'], baseWageFen: 310000, employedFrom: '2026-10-22' })).body;
    let sheet = await settleThroughApi(month);
    expect(sheet.staff.find((r: { username: string }) => r.username === 'temp1')).toMatchObject({ daysEmployed: 10, baseWageFen: 100000, attendanceBonusFen: 0 });
    await supervisor.patch(`/api/staff/${temp.id}`, { active: false });
    sheet = await settleThroughApi(month);
    expect(sheet.staff.map((r: { username: string }) => r.username)).toContain('temp1');
    await supervisor.patch(`/api/staff/${temp.id}`, { employedFrom: '2026-11-01', employedUntil: '2026-11-02' });
    sheet = await settleThroughApi(month);
    expect(sheet.staff.map((r: { username: string }) => r.username)).not.toContain('temp1');
    expect(await rowsOf(month)).toHaveLength(7);
  });

  it('a submitted month is refused by the worker without retries', async () => {
    await supervisor.post('/api/scoring/proposals/confirm', { ids: (await supervisor.get(`/api/scoring/proposals?month=${month}`)).body.map((p: { id: number }) => p.id) });
    await settleThroughApi(month);
    expect((await supervisor.post(`/api/scoring/months/${month}/submit`)).status).toBe(200);
    // The API refuses at once; a job that was already queued is refused by the worker.
    expect((await supervisor.post(`/api/scoring/months/${month}/settle`)).status).toBe(409);
    const job = await server.app.scoringQueue.add('scoring.settle', { month, requestedBy: ids.supervisor! });
    const deadline = Date.now() + 10_000;
    while (!(await job.isFailed()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const failed = await server.app.scoringQueue.getJob(job.id!);
    expect(failed?.failedReason).toBe('Month 2026-10 is submitted for approval: settling must wait until the manager returns it');
    expect(failed?.attemptsMade).toBe(1);
    expect((await manager.post(`/api/scoring/months/${month}/return`, { reason: '再看看' })).body.status).toBe('draft');
  });
});

describe('the automatic settlement', () => {
  it('runs at 00:30 shop time on the day before payday, as the domain says', async () => {
    const redis = await connectRedis(server.config.redisUrl, { forBullMQ: true });
    const queue = new Queue('scoring', { connection: redis, prefix: server.config.redisPrefix });
    try {
      await upsertSchedulers(redis, server.config);
      await upsertSchedulers(redis, server.config); // idempotent: one scheduler
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      const scheduler = await queue.getJobScheduler(AUTO_SETTLE_SCHEDULER);
      const current = scoringMonth(new Date(), server.config.shopTz);
      const candidates = [settlementRunAt(previousMonth(current), server.config.payday, server.config.shopTz), settlementRunAt(current, server.config.payday, server.config.shopTz)];
      const expected = candidates.find((at) => at.getTime() > Date.now())!;
      expect(new Date(Number(scheduler!.next)).toISOString()).toBe(expected.toISOString());
      expect(scheduler).toMatchObject({ pattern: '30 0 9 * *', tz: 'Asia/Shanghai' });
      await queue.removeJobScheduler(AUTO_SETTLE_SCHEDULER);
    } finally {
      await queue.close();
      await redis.quit();
    }
  });

  it('its run settles the previous month and notifies the supervisor in the console', async () => {
    // 00:30 on 9 December, Shanghai: the scheduler's run settles November.
    now = () => new Date(settlementRunAt('2026-11', 10, 'Asia/Shanghai').getTime() + 1000);
    await supervisor.post('/api/ledger', entryBody(ids.printer1!, 'R03', shanghai('2026-11', 3)));
    const socket = connect(server.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: supervisor.cookie }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const notified = new Promise<{ kind: string; payload: Record<string, unknown> }>((resolve) => socket.on('notification:new', (n) => n.kind === 'scoring.settled' && resolve(n)));
    const changed = new Promise<{ month: string; status: string }>((resolve) => socket.on('scoring:changed', (c) => c.month === '2026-11' && resolve(c)));
    try {
      await server.app.scoringQueue.add('scoring.autoSettle', {});
      expect(await notified).toMatchObject({ kind: 'scoring.settled', payload: { month: '2026-11', automatic: true } });
      expect(await changed).toMatchObject({ month: '2026-11', status: 'draft' });
      const sheet = (await supervisor.get('/api/scoring/months/2026-11')).body;
      expect(sheet).toMatchObject({ status: 'draft', settledBy: null });
      expect(sheet.staff.find((r: { username: string }) => r.username === 'printer1').score).toBe(98);
      // Other jobs (the daily quality report at workers' start) may notify the supervisor too.
      const listed = (await supervisor.get('/api/notifications')).body as { kind: string }[];
      expect(listed.filter((n) => n.kind === 'scoring.settled')).toEqual([expect.objectContaining({ payload: expect.objectContaining({ month: '2026-11', automatic: true }) })]);
    } finally {
      socket.close();
      now = () => new Date();
    }
  });
});
