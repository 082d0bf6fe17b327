import type { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/** 200 when the database and Redis both answer within a second, 503 otherwise. */
export function healthRoutes(router: Router, db: DataSource, redis: Redis): void {
  router.get('/healthz', async (_req, res) => {
    const [database, cache] = await Promise.all([
      within(db.query('SELECT 1'), 1000).then(() => 'ok', () => 'down'),
      within(redis.ping(), 1000).then(() => 'ok', () => 'down'),
    ]);
    const ok = database === 'ok' && cache === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database, redis: cache });
  });
}
