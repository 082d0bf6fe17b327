import { UnrecoverableError, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import { rollupKpis } from '@kefu/server/modules/kpis/kpis.rollup';
import { QualityReportService } from '@kefu/server/modules/qualityreport/qualityreport.service';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import type { WorkerDeps } from '../workers.ts';

/**
 * The quality queue (issue 15): `quality.kpiRollup` {} (every 10 minutes) and
 * `quality.dailyReport` {day?} (07:00 shop time and at start). Both idempotent; the
 * report's readers are told after the commit.
 */
export function qualityProcessor(deps: WorkerDeps): Processor {
  return async (job) => {
    switch (job.name) {
      case 'quality.kpiRollup': {
        const parsed = JOBS['quality.kpiRollup'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const outcome = await rollupKpis(deps.db, deps.config.shopTz, deps.clock());
        return { days: outcome.days.length };
      }
      case 'quality.dailyReport': {
        const parsed = JOBS['quality.dailyReport'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const reports = new QualityReportService(deps.db, deps.clock, deps.config.shopTz);
        const outcome = await reports.build(parsed.data.day);
        pushNotifications(deps.io, outcome.notifications);
        return { day: outcome.report.day, created: outcome.created, unusual: outcome.report.report.unusual };
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  };
}
