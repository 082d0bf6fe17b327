/**
 * Self-healing, run by every workers process on a timer and whenever its Redis connection
 * is ready again (after an outage, or a Redis restart that lost its keys):
 *
 * 1. a job scheduler missing from Redis is registered again (schedulers.ts);
 * 2. a settlement that failed for good (attempts spent, or stalled more than allowed) is
 *    recorded as failed, the supervisors are notified once, and a new round is queued
 *    while rounds remain (SETTLEMENT_RETRY in scoring.attempts.ts).
 *
 * Several processes may run it at once: the month's settlement row is locked while a
 * failure is handled, and the job key says whether that failure was handled already; the
 * retry's job id is the month's, so it is queued once.
 */
import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from '@kefu/server/platform/config';
import type { Logger } from '@kefu/server/platform/log';
import type { Io } from '@kefu/server/platform/realtime';
import { JOBS } from '@kefu/shared/jobs';
import { SETTLEMENT_RETRY, settlementAttempts, settlementJobKey } from '@kefu/server/modules/scoring/scoring.attempts';
import { settleJobId, settleJobOptions } from '@kefu/server/modules/scoring/scoring.service';
import { notificationsRepository, type NotificationRecord } from '@kefu/server/modules/notifications/notifications.repository';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import { missingSchedulers, upsertSchedulers } from './schedulers.ts';
import { monthOfSettleJob } from './processors/scoring.processor.ts';

export const RECONCILE_EVERY_MS = 30_000;

export interface ReconcilerDeps {
  config: Config;
  db: DataSource;
  log: Logger;
  clock: () => Date;
  io: Io;
  connection: Redis;
}

export interface Reconciler {
  /** One pass now (waits for a pass already running, then runs again). */
  run(): Promise<void>;
  stop(): Promise<void>;
}

export function startReconciler(deps: ReconcilerDeps, options: { everyMs?: number; roundDelayMs?: number; schedulers?: boolean } = {}): Reconciler {
  const everyMs = options.everyMs ?? RECONCILE_EVERY_MS;
  const roundDelayMs = options.roundDelayMs ?? SETTLEMENT_RETRY.roundDelayMs;
  const queue = new Queue(JOBS['scoring.settle'].queue, { connection: deps.connection, prefix: deps.config.redisPrefix });
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  const pass = async () => {
    const missing = options.schedulers === false ? [] : await missingSchedulers(deps.connection, deps.config);
    if (missing.length) {
      await upsertSchedulers(deps.connection, deps.config);
      deps.log.warn('job schedulers were missing and are registered again', { schedulers: missing });
    }
    for (const job of await queue.getFailed(0, 99)) await handleFailedSettlement(job);
  };

  const handleFailedSettlement = async (job: Job) => {
    const month = monthOfSettleJob(job, deps.config.shopTz);
    if (!month) return; // a payload that never parsed: logged by the worker when it failed
    const key = settlementJobKey(job);
    const now = deps.clock();
    const handled = await deps.db.transaction(async (tx) => {
      const last = await settlementAttempts.find(tx, month, true);
      // Handled already (or refused: the month is locked, retrying cannot help).
      if (last?.jobKey === key && (last.outcome === 'failed' || last.outcome === 'refused')) return null;
      // Another run owns the month now: this failure is history. (A job that failed before
      // it could record its start, the database being down, leaves the row queued, key null.)
      if (last?.jobKey && last.jobKey !== key) return null;
      const round = last?.retryRound ?? 0;
      const retry = round < SETTLEMENT_RETRY.rounds;
      const nextRetryAt = retry ? new Date(now.getTime() + roundDelayMs) : null;
      const error = job.failedReason || 'failed';
      await settlementAttempts.failed(tx, month, key, { error, retryRound: retry ? round + 1 : round, nextRetryAt }, now);
      const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
      const notifications: NotificationRecord[] = await notificationsRepository.insert(
        tx,
        supervisors.map((staffId) => ({ staffId, kind: 'scoring.settle_failed', payload: { month, retryAt: nextRetryAt ? nextRetryAt.toISOString() : null } })),
        now,
      );
      return { notifications, retry, error };
    });
    if (!handled) return;
    // Committed: tell, then queue the next round (STYLE.md habit 4).
    pushNotifications(deps.io, handled.notifications);
    deps.log.error('settlement failed for good', { month, job: job.name, id: job.id, err: handled.error, retry: handled.retry });
    if (!handled.retry) return;
    const requestedBy = job.name === 'scoring.settle' ? ((job.data as { requestedBy?: number | null }).requestedBy ?? null) : null;
    await job.remove().catch(() => undefined);
    await queue.add('scoring.settle', JOBS['scoring.settle'].payload.parse({ month, requestedBy }), settleJobOptions(settleJobId(month), roundDelayMs));
  };

  const run = () => {
    const next = current.then(async () => {
      if (stopped) return;
      try {
        await pass();
      } catch (err) {
        deps.log.warn('reconcile pass failed; the next one retries', { err: (err as Error).message });
      }
    });
    current = next;
    return next;
  };

  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  // ioredis says `ready` again after every reconnection: Redis may have come back empty.
  const onReady = () => void run();
  deps.connection.on('ready', onReady);

  return {
    run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      deps.connection.off('ready', onReady);
      await current;
      await queue.close();
    },
  };
}
