/**
 * The kill-the-worker test: a real workers process (node --import tsx workers/src/main.ts,
 * as `npm start` runs it) is SIGKILLed in the middle of a settlement, after it has written
 * the draft rows but before its transaction commits (the env-only hook in test-hooks.ts
 * holds it there). A second process takes the stalled job up again; the result must equal
 * an uninterrupted settlement, with no entry counted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@kefu/server/testing/harness';
import { loggedIn, type TestClient } from '@kefu/server/testing/http-client';
import { entryBody, settleHere, shanghai, staffIds } from '@kefu/server/modules/scoring/scoring.fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const month = '2026-10';

let server: TestServer;
let supervisor: TestClient;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.close();
});

/** Starts a workers process on the test's database and Redis prefix; resolves once it says it is ready. */
async function startWorkersProcess(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; waitFor: (text: string) => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: server.config.databaseUrl,
      REDIS_URL: server.config.redisUrl,
      REDIS_PREFIX: server.config.redisPrefix,
      SHOP_TZ: server.config.shopTz,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const listeners: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      // Generous: a starting process under tsx takes 10 s and more on a loaded 2-core machine.
      const timer = setTimeout(() => reject(new Error(`the workers process did not print "${text}" within 45 s:\n${output}`)), 45_000);
      const check = () => {
        if (output.includes(text)) {
          clearTimeout(timer);
          resolve();
        }
      };
      listeners.push(check);
      child.once('exit', (code, signal) => {
        if (!output.includes(text)) reject(new Error(`the workers process exited (${code ?? signal}) before printing "${text}":\n${output}`));
      });
      check();
    });
  await waitFor('workers ready');
  return { child, output: () => output, waitFor };
}

const rows = () => server.db.query('SELECT * FROM scoresheet_row WHERE month = ? ORDER BY staff_id', [month]);
const monthRow = async () => (await server.db.query('SELECT status, version, settled_ledger_version AS settled FROM scoring_month WHERE month = ?', [month]))[0];

it('a worker killed mid-settlement leaves nothing half-written; the retried job gives the uninterrupted result', async () => {
  const ids = await staffIds(server.db);
  for (const [user, rule, day, extra] of [
    ['presale1', 'G05', 2, {}],
    ['presale1', 'G07', 3, {}],
    ['presale1', 'G07', 4, {}],
    ['presale2', 'G04', 5, {}],
    ['aftersale1', 'A04', 6, { amountFen: 2300 }],
    ['printer1', 'R02', 7, {}],
    ['supervisor', 'S02', 8, {}],
  ] as const) {
    expect((await supervisor.post('/api/ledger', entryBody(ids[user]!, rule, shanghai(month, day), extra))).status).toBe(201);
  }

  const first = await startWorkersProcess({ KEFU_TEST_SETTLE_PAUSE: 'written:60000' });
  const reply = await supervisor.post(`/api/scoring/months/${month}/settle`);
  expect(reply.status).toBe(202);
  await first.waitFor(`KEFU_TEST_PAUSED written ${month}`);
  // Rows are written inside the open transaction; nobody else sees them yet.
  expect(await rows()).toEqual([]);
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  // The killed transaction is rolled back by the database: no half-written draft.
  expect(await rows()).toEqual([]);
  expect((await monthRow()).status).toBe('none');

  // A new process picks the stalled job up (its lock expires) and settles from scratch.
  const second = await startWorkersProcess({});
  const takeoverFrom = Date.now(); // a standing worker in production; here the new one is now up
  const deadline = Date.now() + 20_000;
  while ((await monthRow()).status !== 'draft') {
    if (Date.now() > deadline) throw new Error(`the retried job did not settle the month:\n${second.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await second.waitFor('"msg":"month settled"'); // logged just after the commit the loop above saw
  // The production lock and stalled-check settings (workers.ts, not shortened here) let a
  // running worker take the job up within ~10 s (30 s lock + 30 s check before), plus the
  // settlement's own time.
  expect(Date.now() - takeoverFrom).toBeLessThan(13_000);
  const recovered = await rows();
  expect(recovered).toHaveLength(7);
  expect(recovered.find((row: { staff_id: number }) => row.staff_id === ids.presale1)).toMatchObject({ score: 94, entries: 3 }); // G05 −3, G07 0 then −3

  // The same month settled without interruption gives the same rows.
  await settleHere(server.db, month);
  expect(await rows()).toEqual(recovered);
  expect(await monthRow()).toMatchObject({ status: 'draft' });
  expect((await server.app.scoringQueue.getJobCounts('failed', 'waiting', 'active')).failed).toBe(0);

  second.child.kill('SIGTERM');
  await new Promise((resolve) => second.child.once('exit', resolve));
  expect(second.output()).toMatch(/"msg":"(workers )?stopped"/); // a clean shutdown after the job
}, 150_000);
