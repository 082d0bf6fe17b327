/**
 * `npm start`: brings the database up to date (creates it, migrates, seeds the demo team
 * and demo orders when empty), then runs the server (API + Socket.IO + the built client) and the workers
 * as two processes. Ctrl-C stops both cleanly; if either dies, the other is stopped too.
 *
 * The two processes run the JavaScript compiled by `npm run build` (dist/, see
 * scripts/build-server.mjs) with plain node; this launcher itself runs compiled too under
 * `npm start` (dist/scripts/start.js), and from source under tsx in development and tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../server/src/platform/config.ts';
import { prepareDatabase } from '../server/src/platform/setup.ts';

/** The repository root: the nearest folder above this file holding package-lock.json (scripts/ or dist/scripts/). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package-lock.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package-lock.json above ${from}`);
  }
}

const root = findRoot(path.dirname(fileURLToPath(import.meta.url)));
const ENTRIES = [
  ['server', 'dist/server/main.js'],
  ['workers', 'dist/workers/main.js'],
] as const;

async function main(): Promise<void> {
  const config = loadConfig();
  const missing = ENTRIES.filter(([, entry]) => !existsSync(path.join(root, entry)));
  if (missing.length) {
    console.error(`${missing.map(([, entry]) => entry).join(' and ')} missing: run \`npm run build\` first (\`npm start\` does).`);
    process.exit(1);
  }
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

  for (const [name, entry] of ENTRIES) {
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, entry)], { stdio: 'inherit', env: process.env, cwd: root });
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
