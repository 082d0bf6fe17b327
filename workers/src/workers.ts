import { Worker, type Job, type Processor } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Config } from '@kefu/server/platform/config';
import { createDataSource } from '@kefu/server/platform/db';
import type { Logger } from '@kefu/server/platform/log';
import { connectRedis } from '@kefu/server/platform/redis';
import { QUEUE_NAMES, type QueueName } from '@kefu/shared/jobs';
import { createIo, type Io } from '@kefu/server/platform/realtime';
import type { DetectorRegistry } from '@kefu/server/modules/scoring/scoring.detectors';
import { appDetectors } from '@kefu/server/detectors';
import { upsertSchedulers } from './schedulers.ts';
import { startReconciler, type Reconciler } from './reconcile.ts';
import { SETTLEMENT_RETRY } from '@kefu/server/modules/scoring/scoring.attempts';

/**
 * A killed worker's job is taken up again within about 10 s: its lock (renewed every 2.5 s
 * while it runs) expires 5 s after the kill, and the stalled check runs every 5 s.
 */
export const LOCK_MS = 5_000;
import type { TestHooks } from './test-hooks.ts';

export interface WorkerDeps {
  config: Config;
  db: DataSource;
  log: Logger;
  clock: () => Date;
  /** Emits to browsers through the Socket.IO Redis adapter (this process serves no sockets). */
  io: Io;
  /** The scoring detectors run before each settlement. */
  detectors: DetectorRegistry;
  hooks: TestHooks;
}

/** One processor per queue; each dispatches on the job name and parses its payload first. */
export type Processors = Record<QueueName, (deps: WorkerDeps) => Processor>;

export interface RunningWorkers {
  queues: string[];
  workers: Worker[];
  reconciler: Reconciler;
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker for every queue against the database (migrated by the server's
 * start) and Redis, with the instance's prefix on every key.
 */
export async function startWorkers(
  config: Config,
  log: Logger,
  options: {
    processors?: Partial<Processors>;
    clock?: () => Date;
    detectors?: DetectorRegistry;
    hooks?: TestHooks;
    schedule?: boolean;
    /** How often the reconciler runs (reconcile.ts); tests shorten it. */
    reconcileMs?: number;
    /** The delay before a failed settlement's next round; tests shorten it. */
    roundDelayMs?: number;
  } = {},
): Promise<RunningWorkers> {
  const { processors } = await import('./processors/index.ts');
  const all = { ...processors, ...options.processors } as Processors;
  const db = createDataSource(config, { poolSize: 5 });
  await db.initialize();
  const connection = await connectRedis(config.redisUrl, { forBullMQ: true, name: 'workers' });
  const pub = await connectRedis(config.redisUrl, { name: 'workers-pub' });
  const sub = await connectRedis(config.redisUrl, { name: 'workers-sub' });
  const io = createIo(pub, sub, config.redisPrefix);
  const hooks = options.hooks ?? {};
  const deps: WorkerDeps = { config, db, log, clock: options.clock ?? (() => new Date()), io, detectors: options.detectors ?? appDetectors(), hooks };
  const workers = QUEUE_NAMES.map((queue) => {
    const worker = new Worker(queue, all[queue](deps), {
      connection,
      prefix: config.redisPrefix,
      concurrency: 1,
      lockDuration: hooks.lockMs ?? LOCK_MS,
      stalledInterval: hooks.lockMs ?? LOCK_MS,
      // A job stalled a third time fails for good: the reconciler notifies and retries it.
      maxStalledCount: SETTLEMENT_RETRY.maxStalledCount,
    });
    worker.on('failed', (job: Job | undefined, err: Error) => log.error('job failed', { queue, job: job?.name, id: job?.id, err: err.message }));
    worker.on('completed', (job: Job) => log.info('job done', { queue, job: job.name, id: job.id }));
    worker.on('error', (err: Error) => log.error('worker error', { queue, err: err.message }));
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  if (options.schedule !== false) await upsertSchedulers(connection, config);
  const reconciler = startReconciler(
    { config, db, log, clock: deps.clock, io, connection },
    { schedulers: options.schedule !== false, ...(options.reconcileMs ? { everyMs: options.reconcileMs } : {}), ...(options.roundDelayMs ? { roundDelayMs: options.roundDelayMs } : {}) },
  );
  return {
    queues: [...QUEUE_NAMES],
    workers,
    reconciler,
    close: async () => {
      await reconciler.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await io.of('/').adapter.close();
      await Promise.allSettled([pub.quit(), sub.quit()]);
      await connection.quit();
      await db.destroy();
    },
  };
}
