/**
 * The log of what a test run created (databases, Redis prefixes), so the run's global
 * teardown (global-setup.ts) can remove what a test's own cleanup missed.
 */
import { appendFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export const CREATED_LOG_ENV = 'KEFU_TEST_CREATED_LOG';

/** Records a prefix and database this run made; a no-op outside a vitest run. */
export function recordCreated(redisPrefix: string, redisUrl: string, databaseUrl: string): void {
  const log = process.env[CREATED_LOG_ENV];
  if (log) appendFileSync(log, `${redisPrefix}\t${redisUrl}\t${databaseUrl}\n`);
}

/** Deletes every Redis key under the prefix (and only those). */
export async function deletePrefixedKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
