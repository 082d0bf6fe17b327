import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '@kefu/server/platform/db';
import { prepareDatabase } from '@kefu/server/platform/setup';
import { testConfig } from '@kefu/server/testing/harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const config = testConfig();

beforeAll(async () => {
  const { db } = await prepareDatabase(config, { seed: false });
  await db.destroy();
});
/** Spawned workers (tsx and its node child, one process group each); a failed test must not leave one running. */
const spawned: ChildProcess[] = [];
afterAll(async () => {
  for (const child of spawned) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await dropDatabase(config.databaseUrl);
});

describe('the workers process', () => {
  it('logs that it is ready and stops cleanly on SIGTERM', async () => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'workers/src/main.ts')], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl, REDIS_PREFIX: config.redisPrefix, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    spawned.push(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    await expect.poll(() => output, { timeout: 20_000, interval: 100 }).toMatch(/"msg":"workers ready"/);
    expect(output).toMatch(/"queues":\["scoring"/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/"name":"workers","msg":"stopped"/);
  });

  it('refuses to start with a bad setting, naming it', async () => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'workers/src/main.ts')], {
      env: { ...process.env, REDIS_URL: 'not-a-url' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(output).toMatch(/REDIS_URL: REDIS_URL must be a redis:\/\/ URL/);
  });
});
