import type { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/**
 * GET /healthz → `{ status, database, redis, scheduler }`:
 * - 503 `unavailable` when the database or Redis does not answer within a second;
 * - 200 `degraded` when both answer but a job scheduler is missing from Redis (the monthly
 *   automatic settlement would not run; the workers register it again within 30 s, so a
 *   lasting `degraded` means no workers process is running). The server itself still
 *   serves everything, so a load balancer must not take it out: the status code stays 200;
 * - 200 `ok` otherwise. `scheduler` is `ok`, `missing` or `unknown` (Redis down).
 */
export function healthRoutes(router: Router, db: DataSource, redis: Redis, schedulersPresent: () => Promise<boolean>): void {
  router.get('/healthz', async (_req, res) => {
    const [database, cache, scheduler] = await Promise.all([
      within(db.query('SELECT 1'), 1000).then(() => 'ok', () => 'down'),
      within(redis.ping(), 1000).then(() => 'ok', () => 'down'),
      within(schedulersPresent(), 1000).then((present) => (present ? 'ok' : 'missing'), () => 'unknown'),
    ]);
    const up = database === 'ok' && cache === 'ok';
    const status = !up ? 'unavailable' : scheduler === 'ok' ? 'ok' : 'degraded';
    res.status(up ? 200 : 503).json({ status, database, redis: cache, scheduler });
  });
}
