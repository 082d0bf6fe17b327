/**
 * Once per test run (vitest `globalSetup`): every test database and Redis prefix that
 * `testConfig()` hands out is written to a log file of this run, and when the run ends the
 * keys under those prefixes and any of those databases still there are removed.
 *
 * Tests clean up after themselves, but some writers outlive a test's own cleanup: a spawned
 * workers process or a BullMQ scheduler re-registers its repeat keys after the harness has
 * deleted the prefix. Only what this run created is touched.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { dropDatabase } from '../platform/db.ts';
import { deletePrefixedKeys, CREATED_LOG_ENV } from './created-log.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-test-run-'));
  const log = path.join(dir, 'created.tsv');
  process.env[CREATED_LOG_ENV] = log;
  return async () => {
    const text = await readFile(log, 'utf8').catch(() => '');
    const created = text.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string, string]);
    if (created.length) {
      const redis = new Redis(created[0]![1], { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        for (const [prefix] of created) await deletePrefixedKeys(redis, prefix);
      } catch {
        // Redis down at the end of the run: nothing more can be cleaned there.
      } finally {
        redis.disconnect();
      }
      for (const [, , databaseUrl] of created) await dropDatabase(databaseUrl).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
  };
}
