import { UnrecoverableError, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import { remindShifts } from '@kefu/server/modules/attendance/attendance.reminders';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import type { WorkerDeps } from '../workers.ts';

/** The attendance queue: `attendance.remind` {} every minute, idempotent per person and shift (attendance.reminders.ts). */
export function attendanceProcessor(deps: WorkerDeps): Processor {
  return async (job) => {
    switch (job.name) {
      case 'attendance.remind': {
        const parsed = JOBS['attendance.remind'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const sent = await remindShifts(deps.db, deps.clock(), deps.config.shopTz);
        pushNotifications(deps.io, sent);
        return { reminded: sent.length };
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  };
}
