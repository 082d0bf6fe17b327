/**
 * Self-healing (issue 12, defects 6 and 10): the automatic settlement's scheduler comes back
 * after Redis loses the keys (a flush of the test's own prefix stands for a Redis restart
 * without persistence), /healthz says `degraded` meanwhile; a settlement that fails for
 * good is shown on the month, notified to the supervisor once, and retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefixedKeys, startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { loggedIn, type TestClient } from '@kefu/server/testing/http-client';
import { createLogger } from '@kefu/server/platform/log';
import { SCHEDULERS } from '@kefu/shared/jobs';
import { startWorkers, type RunningWorkers } from './workers.ts';

const RECONCILE_MS = 4_000;
const ROUND_DELAY_MS = 1_500;

let server: TestServer;
let workers: RunningWorkers;
let supervisor: TestClient;
/** While true, every settlement attempt throws after computing (a database error, say). */
let failing = false;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  workers = await startWorkers(server.config, createLogger('test-workers', 'silent'), {
    reconcileMs: RECONCILE_MS,
    roundDelayMs: ROUND_DELAY_MS,
    hooks: {
      pause: async (step) => {
        if (failing && step === 'computed') throw new Error('Deadlock found when trying to get lock');
      },
    },
  });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
});
afterAll(async () => {
  await workers?.close();
  await server?.close();
});

const health = async () => (await fetch(`${server.baseUrl}/healthz`)).json();
const scheduler = () => server.app.scoringQueue.getJobScheduler(SCHEDULERS.autoSettle.id);

describe('the job schedulers', () => {
  it('are registered again after Redis loses its keys; /healthz says degraded until then', async () => {
    expect(await health()).toEqual({ status: 'ok', database: 'ok', redis: 'ok', scheduler: 'ok' });
    await workers.reconciler.run(); // the timer's next pass is a whole interval away
    await deletePrefixedKeys(server.redis, server.config.redisPrefix);
    expect(await scheduler()).toBeUndefined();
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(200); // the server itself still serves
    expect(await res.json()).toEqual({ status: 'degraded', database: 'ok', redis: 'ok', scheduler: 'missing' });
    await expect.poll(scheduler, { timeout: RECONCILE_MS + 3_000, interval: 200 }).toMatchObject({ pattern: '30 0 9 * *', tz: 'Asia/Shanghai' });
    expect(await health()).toMatchObject({ status: 'ok', scheduler: 'ok' });
    supervisor = await loggedIn(server.baseUrl, 'supervisor'); // the flush took the session too
  }, 20_000);
});

describe('a settlement that fails for good', () => {
  it('shows on the month, tells the supervisor once, and is retried in a new round', async () => {
    const month = '2026-09';
    failing = true;
    expect((await supervisor.post(`/api/scoring/months/${month}/settle`)).status).toBe(202);
    expect((await supervisor.get(`/api/scoring/months/${month}`)).body.lastSettlement).toMatchObject({ outcome: expect.stringMatching(/queued|running|retrying/), retryRound: 0 });

    // 3 attempts (1 s, then 2 s apart), then the reconciler's pass.
    await expect
      .poll(async () => (await supervisor.get(`/api/scoring/months/${month}`)).body.lastSettlement, { timeout: 15_000, interval: 200 })
      .toMatchObject({ outcome: 'failed', retryRound: 1, error: 'Deadlock found when trying to get lock', nextRetryAt: expect.any(String) });
    const sheet = (await supervisor.get(`/api/scoring/months/${month}`)).body;
    expect(sheet.status).toBe('none'); // nothing half-written; the existing fields are unchanged
    const told = () => supervisor.get('/api/notifications').then((r) => r.body.filter((n: { kind: string }) => n.kind === 'scoring.settle_failed'));
    expect(await told()).toEqual([expect.objectContaining({ payload: { month, retryAt: sheet.lastSettlement.nextRetryAt } })]);

    // The next round runs after its delay and succeeds.
    failing = false;
    await expect
      .poll(async () => (await supervisor.get(`/api/scoring/months/${month}`)).body, { timeout: 15_000, interval: 200 })
      .toMatchObject({ status: 'draft', lastSettlement: { outcome: 'succeeded', retryRound: 1, error: null, nextRetryAt: null } });
    await workers.reconciler.run();
    expect(await told()).toHaveLength(1); // told once, however many passes ran
  }, 40_000);
});
