import { UnrecoverableError, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import { remindFollowUps } from '@kefu/server/modules/exchanges/exchanges.followup';
import { pushNotifications } from '@kefu/server/modules/notifications/notifications.service';
import type { WorkerDeps } from '../workers.ts';

/** The exchanges queue: `exchanges.remindFollowUps` {} every 10 minutes, once per exchange (exchanges.followup.ts); pushed after the commit. */
export function exchangesProcessor(deps: WorkerDeps): Processor {
  return async (job) => {
    switch (job.name) {
      case 'exchanges.remindFollowUps': {
        const parsed = JOBS['exchanges.remindFollowUps'].payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
        const sent = await remindFollowUps(deps.db, deps.clock(), deps.config.shopTz);
        pushNotifications(deps.io, sent);
        return { reminded: sent.length };
      }
      default:
        throw new UnrecoverableError(`unknown job ${job.name}`);
    }
  };
}
