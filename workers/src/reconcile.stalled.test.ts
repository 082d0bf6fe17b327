/**
 * Defect 10 (issue 12): a settlement whose worker dies more often than BullMQ allows stalls
 * for good. BullMQ then moves it to failed by itself ("job stalled more than allowable
 * limit") — no processor code runs, so only the reconciler can record it, tell the supervisor
 * and queue the next round. Here the job is really stalled: taken by a worker that never
 * renews its lock (a process killed mid-job), taken again and abandoned again each time the stalled
 * check puts it back, until BullMQ gives up (SETTLEMENT_RETRY.maxStalledCount stalls
 * allowed, as in the real workers).
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { loggedIn, type TestClient } from '@kefu/server/testing/http-client';
import { createLogger } from '@kefu/server/platform/log';
import { connectRedis } from '@kefu/server/platform/redis';
import { createIo, type Io } from '@kefu/server/platform/realtime';
import { JOBS } from '@kefu/shared/jobs';
import { SETTLEMENT_RETRY } from '@kefu/server/modules/scoring/scoring.attempts';
import { startReconciler, type Reconciler } from './reconcile.ts';

const month = '2026-08';
const ROUND_DELAY_MS = 60_000; // the retry only has to be queued here, not run

let server: TestServer;
let supervisor: TestClient;
let reconciler: Reconciler;
let io: Io;
let dead: Worker;
let workersConnection: Redis;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  const pub = await connectRedis(server.config.redisUrl, { name: 'stalled-pub' });
  const sub = await connectRedis(server.config.redisUrl, { name: 'stalled-sub' });
  const connection = await connectRedis(server.config.redisUrl, { forBullMQ: true, name: 'stalled-workers' });
  workersConnection = connection;
  io = createIo(pub, sub, server.config.redisPrefix);
  reconciler = startReconciler(
    { config: server.config, db: server.db, log: createLogger('test-reconciler', 'silent'), clock: () => new Date(), io, connection },
    { everyMs: 3_600_000, roundDelayMs: ROUND_DELAY_MS, schedulers: false },
  );
  // Takes the job and then behaves as a killed process: its lock is never renewed.
  dead = new Worker(JOBS['scoring.settle'].queue, null, {
    connection,
    prefix: server.config.redisPrefix,
    autorun: false,
    lockDuration: 400,
    stalledInterval: 400,
    maxStalledCount: SETTLEMENT_RETRY.maxStalledCount,
  });
  closers.push(
    () => reconciler.stop(),
    () => dead.close(true),
    () => io.of('/').adapter.close(),
    () => Promise.allSettled([pub.quit(), sub.quit()]),
    () => connection.quit(),
  );
});
afterAll(async () => {
  for (const close of closers) await Promise.resolve().then(close).catch(() => undefined);
  await server?.close();
});

const sheet = async () => (await supervisor.get(`/api/scoring/months/${month}`)).body;
const told = () => supervisor.get('/api/notifications').then((r) => r.body.filter((n: { kind: string }) => n.kind === 'scoring.settle_failed'));

it('a settlement stalled for good is recorded as failed, told to the supervisor once, and queued again', async () => {
  expect((await supervisor.post(`/api/scoring/months/${month}/settle`)).status).toBe(202);
  const queue = server.app.scoringQueue;
  void dead.startStalledCheckTimer();
  // Each time the stalled check puts the job back, the "next process" takes it and dies
  // too; once it has stalled more than allowed (BullMQ marks it so), a healthy worker takes
  // it up and BullMQ fails it without running the processor.
  const deadline = Date.now() + 15_000;
  let takes = 0;
  let healthy: Worker | null = null;
  let processorRan = false;
  for (;;) {
    const job = await queue.getJob(`settle-${month}`);
    const state = await job?.getState();
    if (state === 'failed') break;
    if (state === 'waiting' && job?.deferredFailure && !healthy) {
      healthy = new Worker(JOBS['scoring.settle'].queue, async () => void (processorRan = true), { connection: workersConnection, prefix: server.config.redisPrefix, maxStalledCount: SETTLEMENT_RETRY.maxStalledCount });
      const started = healthy;
      closers.unshift(() => started.close());
    } else if (state === 'waiting' && !healthy && (await dead.getNextJob(`dead-process-${takes}`))) takes += 1;
    if (Date.now() > deadline) throw new Error(`the job never failed for good (state ${state}, taken ${takes} times)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(processorRan).toBe(false);
  // Killed as often as allowed, then once more (on a loaded machine the loop may see the job
  // waiting once more before BullMQ's deferred failure shows: at least, never fewer).
  expect(takes).toBeGreaterThanOrEqual(SETTLEMENT_RETRY.maxStalledCount + 1);
  expect((await queue.getFailed()).map((job) => job.failedReason)).toEqual([expect.stringMatching(/stalled more than allowable limit/)]);
  // BullMQ alone leaves the month looking queued and nobody is told.
  expect((await sheet()).lastSettlement).toMatchObject({ outcome: 'queued', retryRound: 0 });
  expect(await told()).toEqual([]);

  await reconciler.run();
  const after = await sheet();
  expect(after.lastSettlement).toMatchObject({ outcome: 'failed', retryRound: 1, error: expect.stringMatching(/stalled/), nextRetryAt: expect.any(String) });
  expect(await told()).toEqual([expect.objectContaining({ payload: { month, retryAt: after.lastSettlement.nextRetryAt } })]);
  // The next round is queued under the month's job id, delayed by the round delay.
  const retry = await queue.getJob(`settle-${month}`);
  expect(await retry?.getState()).toBe('delayed');
  expect(retry?.opts.delay).toBe(ROUND_DELAY_MS);
  expect(await queue.getFailed()).toEqual([]);

  await reconciler.run();
  expect(await told()).toHaveLength(1); // told once, however many passes run
}, 20_000);
