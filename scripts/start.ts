/**
 * `npm start`: brings the database up to date (creates it, migrates, seeds the demo team
 * and demo orders when empty), then runs the server (API + Socket.IO + the built client) and the workers
 * as two processes. Ctrl-C stops both cleanly; if either dies, the other is stopped too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../server/src/platform/config.ts';
import { prepareDatabase } from '../server/src/platform/setup.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

async function main(): Promise<void> {
  const config = loadConfig();
  try {
    const { db } = await prepareDatabase(config, { seed: true, demoOrders: true });
    await db.destroy();
  } catch (err) {
    console.error(`Could not prepare the database at ${config.databaseUrl}: ${(err as Error).message}`);
    console.error('Is MySQL/MariaDB running? See the README, "Requirements".');
    process.exit(1);
  }

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
    const waitAll = [...children.values()].map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null));
    void Promise.all(waitAll).then(() => process.exit(code));
    setTimeout(() => process.exit(code || 1), 20_000).unref();
  };

  for (const [name, entry] of [
    ['server', 'server/src/main.ts'],
    ['workers', 'workers/src/main.ts'],
  ] as const) {
    const child = spawn(tsx, [path.join(root, entry)], { stdio: 'inherit', env: process.env, cwd: root });
    children.set(name, child);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`The ${name} process stopped (${signal ?? `exit ${code}`}); stopping the console.`);
        stopAll(code || 1);
      }
    });
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
