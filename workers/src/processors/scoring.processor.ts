import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import { previousMonth, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { settleMonth, SettlementRefused, type SettlementDeps } from '@kefu/server/modules/scoring/scoring.settlement';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import { rooms } from '@kefu/server/platform/realtime';
import { settlementAttempts, settlementJobKey } from '@kefu/server/modules/scoring/scoring.attempts';
import type { WorkerDeps } from '../workers.ts';

export interface SettleJobResult {
  month: string;
  status: 'draft' | 'skipped';
  version?: number;
  staff?: number;
  activityFundFen?: number;
  proposed?: number;
  reason?: string;
}

/**
 * The month a settlement job is about: its payload's, or for an automatic run the month the
 * run wrote in its progress (the month before the one it ran in), else the month before
 * the one it was created in. The reconciler reads it from a failed job.
 */
export function monthOfSettleJob(job: Pick<Job, 'name' | 'data' | 'progress' | 'timestamp'>, tz: string): string | null {
  if (job.name === 'scoring.settle') {
    const parsed = JOBS['scoring.settle'].payload.safeParse(job.data);
    return parsed.success ? parsed.data.month : null;
  }
  if (job.name !== 'scoring.autoSettle') return null;
  const progress = job.progress as { month?: unknown } | null;
  if (progress && typeof progress === 'object' && typeof progress.month === 'string' && /^\d{4}-\d{2}$/.test(progress.month)) return progress.month;
  return previousMonth(scoringMonth(new Date(job.timestamp), tz));
}

/**
 * The scoring queue:
 * - `scoring.settle` {month, requestedBy}: settle one month (the supervisor's button).
 * - `scoring.autoSettle` {}: the scheduler's run on the day before payday; settles the month
 *   before the current shop month and notifies the supervisors. A month already submitted
 *   or approved by then is skipped, not failed: the supervisor was early.
 *
 * Safe to run twice (a stalled job is retried): see scoring.settlement.ts.
 */
export function scoringProcessor(deps: WorkerDeps): Processor {
  const settlement: SettlementDeps = {
    db: deps.db,
    detectors: deps.detectors,
    tz: deps.config.shopTz,
    clock: deps.clock,
    log: deps.log,
    ...(deps.hooks.pause ? { pause: deps.hooks.pause } : {}),
  };

  /**
   * Each attempt is recorded (running, then succeeded / retrying / refused) for the month's
   * `lastSettlement`; a job that fails for good is taken up by the reconciler.
   */
  const recorded = async <T>(job: Job, month: string, work: () => Promise<T>): Promise<T> => {
    const key = settlementJobKey(job);
    await settlementAttempts.running(deps.db.manager, month, key, job.attemptsMade + 1, deps.clock());
    try {
      const result = await work();
      await settlementAttempts.ended(deps.db.manager, month, key, 'succeeded', null, deps.clock());
      return result;
    } catch (err) {
      const refused = err instanceof SettlementRefused;
      await settlementAttempts
        .ended(deps.db.manager, month, key, refused ? 'refused' : 'retrying', (err as Error).message, deps.clock())
        .catch((recordErr: Error) => deps.log.error('could not record a settlement attempt', { month, err: recordErr.message }));
      throw err;
    }
  };

  const settle = async (month: string, requestedBy: number | null): Promise<SettleJobResult> => {
    const outcome = await settleMonth(settlement, month, requestedBy);
    // Committed: now tell the browsers (through the Redis adapter).
    deps.io.to(rooms.allStaff).emit('scoring:changed', { month, status: outcome.status, version: outcome.version });
    pushNotifications(deps.io, outcome.notifications);
    deps.log.info('month settled', { month, staff: outcome.result.staff.length, activityFundFen: outcome.result.activityFundFen, proposed: outcome.proposed });
    return { month, status: 'draft', version: outcome.version, staff: outcome.result.staff.length, activityFundFen: outcome.result.activityFundFen, proposed: outcome.proposed };
  };

  return async (job) => {
    switch (job.name) {
      case 'scoring.settle': {
        const parsed = JOBS['scoring.settle'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        try {
          return await recorded(job, parsed.data.month, () => settle(parsed.data.month, parsed.data.requestedBy));
        } catch (err) {
          // A submitted or approved month never becomes settleable by retrying.
          if (err instanceof SettlementRefused) throw new UnrecoverableError(err.message);
          throw err;
        }
      }
      case 'scoring.autoSettle': {
        const parsed = JOBS['scoring.autoSettle'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const month = previousMonth(scoringMonth(deps.clock(), deps.config.shopTz));
        await job.updateProgress({ month });
        try {
          return await recorded(job, month, () => settle(month, null));
        } catch (err) {
          if (err instanceof SettlementRefused) {
            deps.log.info('automatic settlement skipped', { month, reason: err.message });
            return { month, status: 'skipped', reason: err.message } satisfies SettleJobResult;
          }
          throw err;
        }
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name} on the scoring queue`);
    }
  };
}
