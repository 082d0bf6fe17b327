/**
 * Outages (issue 12, defect 7): the database or Redis stops answering → HTTP 503
 * `unavailable` and socket acks `unavailable` ("send again"), never 500 `internal`; the
 * next request after the dependency is back works. The shared MariaDB and Redis are never
 * stopped: this app reaches them through TCP proxies of its own, and the test cuts those.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy } from '../../../client/e2e/proxy.ts';
import { createApp, type App } from '../app.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { loggedIn } from '../testing/http-client.ts';
import { connected, socketOf, startBuyer } from '../modules/chat/chat.fixtures.ts';
import { createDataSource } from './db.ts';
import { createLogger } from './log.ts';
import { connectRedis } from './redis.ts';
import { isOutage } from './outage.ts';

type Proxy = Awaited<ReturnType<typeof startProxy>>;
let base: TestServer;
let dbProxy: Proxy;
let redisProxy: Proxy;
let db: DataSource;
let redis: Redis;
let redisSub: Redis;
let app: App;
let http: Server;
let baseUrl: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  base = await startTestServer({ serveClient: false }); // migrated and seeded
  dbProxy = await startProxy(3306);
  redisProxy = await startProxy(6379);
  const proxied = new URL(base.config.databaseUrl);
  proxied.port = new URL(dbProxy.url).port;
  db = createDataSource({ databaseUrl: proxied.toString() });
  await db.initialize();
  redis = await connectRedis(`redis://127.0.0.1:${new URL(redisProxy.url).port}`, { name: 'outage-test' });
  redisSub = await connectRedis(base.config.redisUrl, { name: 'outage-test-sub' });
  app = createApp({ config: base.config, db, redis, redisSub, sessionSecret: 'o'.repeat(32), clock: () => new Date(), log: createLogger('outage-test', 'silent') });
  http = createServer(app.http);
  app.io.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  app?.chat.beginShutdown();
  http?.closeAllConnections();
  await app?.io.close();
  await db?.destroy().catch(() => undefined);
  redis?.disconnect();
  redisSub?.disconnect();
  await dbProxy?.close();
  await redisProxy?.close();
  await base?.close();
});

function cut(proxy: Proxy): void {
  proxy.setTarget(null);
  proxy.dropConnections();
}

describe('a database outage', () => {
  it('answers 503 unavailable on HTTP and socket acks, then works again once the database is back', async () => {
    const supervisor = await loggedIn(baseUrl, 'supervisor');
    const buyer = await startBuyer(baseUrl, '停电测试买家');
    const buyerSocket = await connected(socketOf(baseUrl, buyer.cookie, '/buyer'));
    sockets.push(buyerSocket);
    cut(dbProxy);
    try {
      const staff = await supervisor.get('/api/staff');
      expect(staff.status).toBe(503);
      expect(staff.body.error).toMatchObject({ code: 'unavailable' });
      const login = await new (supervisor.constructor as typeof import('../testing/http-client.ts').TestClient)(baseUrl).post('/api/auth/login', { username: 'manager', password: 'kefu-demo' });
      expect(login.status).toBe(503);
      const ack = await buyerSocket.timeout(15_000).emitWithAck('message:send', { clientId: 'c-outage-1', text: '在吗' });
      expect(ack).toMatchObject({ error: { code: 'unavailable' } });
    } finally {
      dbProxy.setTarget(3306);
    }
    await expect.poll(async () => (await supervisor.get('/api/staff')).status, { timeout: 10_000, interval: 200 }).toBe(200);
    // The message is sent again with the same client id and stored once.
    const again = await buyerSocket.timeout(10_000).emitWithAck('message:send', { clientId: 'c-outage-1', text: '在吗' });
    expect(again.message).toMatchObject({ text: '在吗' });
  }, 40_000);
});

describe('a Redis outage', () => {
  it('answers 503 unavailable on HTTP and socket acks, then works again once Redis is back', async () => {
    const supervisor = await loggedIn(baseUrl, 'supervisor');
    const socket = await connected(socketOf(baseUrl, supervisor.cookie));
    sockets.push(socket);
    cut(redisProxy);
    try {
      const me = await supervisor.get('/api/auth/me');
      expect(me.status).toBe(503);
      expect(me.body.error).toMatchObject({ code: 'unavailable' });
      const ack = await socket.timeout(15_000).emitWithAck('session:whoami', {});
      expect(ack).toMatchObject({ error: { code: 'unavailable' } });
    } finally {
      redisProxy.setTarget(6379);
    }
    await expect.poll(async () => (await supervisor.get('/api/auth/me')).status, { timeout: 10_000, interval: 200 }).toBe(200);
  }, 40_000);
});

describe('what counts as an outage', () => {
  it.each([
    ['mysql2 connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['TypeORM wrapping a lost connection', Object.assign(new Error('Query failed'), { driverError: Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }) }), true],
    ['ioredis giving up', Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }), true],
    ['a closed Redis connection', new Error('Connection is closed.'), true],
    ['a duplicate key (a bug or a conflict, not an outage)', Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' }), false],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
  ])('%s → %s', (_what, err, outage) => {
    expect(isOutage(err)).toBe(outage);
  });
});
