import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../server/src/platform/db.ts';
import { testConfig } from '../server/src/testing/harness.ts';
import { TestClient } from '../server/src/testing/http-client.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = testConfig();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

afterAll(async () => {
  await dropDatabase(config.databaseUrl);
});

describe('npm start', () => {
  it('creates and seeds an empty database, serves the console with the demo logins, and stops both processes on Ctrl-C', async () => {
    const port = await freePort();
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/start.ts')], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl, REDIS_PREFIX: config.redisPrefix, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 45_000, interval: 200 }).toMatch(/"msg":"workers ready"/);
      await expect.poll(() => output, { timeout: 45_000, interval: 200 }).toMatch(new RegExp(`http://localhost:${port}/`));
      expect(output).toMatch(/supervisor\s+王芳/);
      expect(output).toMatch(/password kefu-demo/);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      const client = await new TestClient(`http://127.0.0.1:${port}`).login('presale1');
      expect((await client.get('/api/auth/me')).body.user.displayName).toBe('李娜');
      // The demo orders the README's walk-through uses: 小鹿买鞋's parcel is on its way.
      const demo = (await client.get('/api/orders?buyerId=' + encodeURIComponent('小鹿买鞋'))).body.orders;
      expect(demo).toMatchObject([{ orderNo: '3921550016882001', status: 'shipped', trackingNo: 'ZT7788123456' }]);
      // Production runs the compiled JavaScript with plain node (tsx is for development only).
      const group = execFileSync('ps', ['-o', 'args=', '-g', String(child.pid)], { encoding: 'utf8' }).split('\n');
      expect(group.filter((args) => /^\S*node .*dist\/(server|workers)\/main\.js$/.test(args))).toHaveLength(2);
      expect(group.filter((args) => /(server|workers)\/src\/main\.ts/.test(args))).toEqual([]);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGINT'); // Ctrl-C reaches the whole process group
      expect(await exited).toBe(0);
    }
    expect(output).toMatch(/"name":"server","msg":"shutting down"/);
    expect(output).toMatch(/"name":"workers","msg":"stopped"/);
  }, 120_000); // migrates an empty database and starts two processes: slow on a loaded machine
});
