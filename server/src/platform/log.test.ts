import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('logs (pino)', () => {
  it('write one JSON line per event with t, level, name, msg and the fields; warn and error on stderr; below the level nothing', async () => {
    const script = `
      import { createLogger } from './server/src/platform/log.ts';
      const log = createLogger('server', 'info');
      log.debug('not shown');
      log.info('listening', { url: 'http://localhost:3000/' });
      log.child({ requestId: 'r-1' }).warn('request refused', { path: '/api/staff' });
      log.error('request failed', { err: 'boom' });`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    const out = stdout.trim().split('\n').map((line) => JSON.parse(line));
    const err = stderr.trim().split('\n').map((line) => JSON.parse(line));
    expect(out).toEqual([{ t: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), level: 'info', name: 'server', msg: 'listening', url: 'http://localhost:3000/' }]);
    expect(err).toEqual([
      { t: expect.any(String), level: 'warn', name: 'server', requestId: 'r-1', msg: 'request refused', path: '/api/staff' },
      { t: expect.any(String), level: 'error', name: 'server', msg: 'request failed', err: 'boom' },
    ]);
  }, 30_000);
});

describe('request ids', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ serveClient: false, seed: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['none given: a new UUID', undefined, /^[0-9a-f-]{36}$/],
    ["a proxy's id is kept", 'lb-7f3a.1', /^lb-7f3a\.1$/],
    ['a malformed one is replaced', 'x'.repeat(65), /^[0-9a-f-]{36}$/],
  ])('%s', async (_what, given, expected) => {
    const res = await fetch(`${server.baseUrl}/api/openapi.json`, given ? { headers: { 'x-request-id': given } } : {});
    expect(res.headers.get('x-request-id')).toMatch(expected);
  });
});
