import { DelayedError, UnrecoverableError, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import { notifyOverdue, sweepOverdue } from '@kefu/server/modules/complaints/complaints.overdue';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import type { WorkerDeps } from '../workers.ts';

/**
 * The complaints queue: `complaints.overdue` {complaintId} (delayed to the complaint's
 * deadline) and `complaints.overdueSweep` {} (every minute: every overdue complaint not yet
 * notified). Idempotent (complaints.overdue.ts); the browsers are told after the commit. A
 * job that fired before the deadline moves itself to the deadline.
 */
export function complaintsProcessor(deps: WorkerDeps): Processor {
  return async (job, token) => {
    switch (job.name) {
      case 'complaints.overdue': {
        const parsed = JOBS['complaints.overdue'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const outcome = await notifyOverdue(deps.db, parsed.data.complaintId, deps.clock());
        if (outcome.retryInMs !== null && token) {
          await job.moveToDelayed(Date.now() + outcome.retryInMs, token);
          throw new DelayedError();
        }
        pushNotifications(deps.io, outcome.notifications);
        return { notified: outcome.notified };
      }
      case 'complaints.overdueSweep': {
        const parsed = JOBS['complaints.overdueSweep'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const outcome = await sweepOverdue(deps.db, deps.clock());
        pushNotifications(deps.io, outcome.notifications);
        return { notified: outcome.notified };
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  };
}
