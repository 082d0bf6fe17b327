import { UnrecoverableError, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import { escalateAlert, flagOverdueAlerts } from '@kefu/server/modules/alerts/alerts.escalation';
import { announceAlerts } from '@kefu/server/modules/alerts/alerts.service';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import type { WorkerDeps } from '../workers.ts';

/**
 * The alerts queue: `alerts.escalate` {alertId} (delayed, one per alert) and
 * `alerts.flagOverdue` {} (the scheduler, at the end of the printers' day). Both are
 * idempotent (alerts.escalation.ts); the browsers are told after the commit.
 */
export function alertsProcessor(deps: WorkerDeps): Processor {
  return async (job) => {
    const now = deps.clock();
    switch (job.name) {
      case 'alerts.escalate': {
        const parsed = JOBS['alerts.escalate'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const outcome = await escalateAlert(deps.db, parsed.data.alertId, now);
        announceAlerts(deps.io, outcome.alerts);
        pushNotifications(deps.io, outcome.notifications);
        return { escalated: outcome.alerts.length };
      }
      case 'alerts.flagOverdue': {
        const parsed = JOBS['alerts.flagOverdue'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const outcome = await flagOverdueAlerts(deps.db, now);
        announceAlerts(deps.io, outcome.alerts);
        pushNotifications(deps.io, outcome.notifications);
        return { flagged: outcome.alerts.length };
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  };
}
