import { Worker, type Job, type Processor } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Config } from '@kefu/server/platform/config';
import { createDataSource } from '@kefu/server/platform/db';
import type { Logger } from '@kefu/server/platform/log';
import { connectRedis } from '@kefu/server/platform/redis';
import { QUEUE_NAMES, type QueueName } from '@kefu/shared/jobs';

export interface WorkerDeps {
  config: Config;
  db: DataSource;
  log: Logger;
  clock: () => Date;
}

/** One processor per queue; each dispatches on the job name and parses its payload first. */
export type Processors = Record<QueueName, (deps: WorkerDeps) => Processor>;

export interface RunningWorkers {
  queues: string[];
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker for every queue against the database (migrated by the server's
 * start) and Redis, with the instance's prefix on every key.
 */
export async function startWorkers(config: Config, log: Logger, options: { processors?: Partial<Processors>; clock?: () => Date } = {}): Promise<RunningWorkers> {
  const { processors } = await import('./processors/index.ts');
  const all = { ...processors, ...options.processors } as Processors;
  const db = createDataSource(config, { poolSize: 5 });
  await db.initialize();
  const connection = await connectRedis(config.redisUrl, { forBullMQ: true, name: 'workers' });
  const deps: WorkerDeps = { config, db, log, clock: options.clock ?? (() => new Date()) };
  const workers = QUEUE_NAMES.map((queue) => {
    const worker = new Worker(queue, all[queue](deps), { connection, prefix: config.redisPrefix, concurrency: 1 });
    worker.on('failed', (job: Job | undefined, err: Error) => log.error('job failed', { queue, job: job?.name, id: job?.id, err: err.message }));
    worker.on('completed', (job: Job) => log.info('job done', { queue, job: job.name, id: job.id }));
    worker.on('error', (err: Error) => log.error('worker error', { queue, err: err.message }));
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    queues: [...QUEUE_NAMES],
    workers,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await connection.quit();
      await db.destroy();
    },
  };
}
