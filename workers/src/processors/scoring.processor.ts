import { UnrecoverableError, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import { previousMonth, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { settleMonth, SettlementRefused, type SettlementDeps } from '@kefu/server/modules/scoring/scoring.settlement';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import { rooms } from '@kefu/server/platform/realtime';
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
          return await settle(parsed.data.month, parsed.data.requestedBy);
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
        try {
          return await settle(month, null);
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
