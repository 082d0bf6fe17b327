import { UnrecoverableError, type Processor } from 'bullmq';
import { JOBS } from '@kefu/shared/jobs';
import type { WorkerDeps } from '../workers.ts';

/** The scoring queue: `scoring.settle` (issue 4 fills in the settlement). */
export function scoringProcessor(deps: WorkerDeps): Processor {
  return async (job) => {
    if (job.name !== 'scoring.settle') throw new UnrecoverableError(`unknown job ${job.name} on the scoring queue`);
    const parsed = JOBS['scoring.settle'].payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
    deps.log.info('settle requested', { month: parsed.data.month });
    throw new UnrecoverableError('settlement is not built yet');
  };
}
