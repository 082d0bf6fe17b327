import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { loadConfig, ConfigError } from './config.ts';
import { createLogger } from './log.ts';
import { connectRedis, createRedis } from './redis.ts';
import { startTestServer, testConfig, type TestServer } from '../testing/harness.ts';
import { SCHEDULERS } from '@kefu/shared/jobs';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
});
afterAll(async () => {
  await server?.close();
});

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    expect(loadConfig({})).toMatchObject({
      databaseUrl: 'mysql://root@127.0.0.1:3306/kefu',
      databaseName: 'kefu',
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'kefu',
      port: 3000,
      shopTz: 'Asia/Shanghai',
      demoPassword: 'kefu-demo',
      payday: 10,
      buyerLimits: { messages: 20, typing: 30, uploads: 30 },
    });
    expect(loadConfig({ BUYER_MESSAGES_PER_10S: '100000', BUYER_TYPING_PER_10S: '5', BUYER_IMAGES_PER_10MIN: '2' }).buyerLimits).toEqual({ messages: 100_000, typing: 5, uploads: 2 });
  });

  it.each([
    ['PORT', 'abc', /PORT: PORT must be a port number/],
    ['SHOP_TZ', 'Mars/Olympus', /SHOP_TZ: SHOP_TZ must be an IANA time zone/],
    ['DATABASE_URL', 'postgres://localhost/kefu', /DATABASE_URL: DATABASE_URL must be a mysql:\/\/ URL/],
    ['REDIS_URL', 'http://localhost', /REDIS_URL: REDIS_URL must be a redis:\/\/ URL/],
    ['REDIS_PREFIX', 'has space', /REDIS_PREFIX: REDIS_PREFIX must be/],
    ['SESSION_SECRET', 'short', /SESSION_SECRET: SESSION_SECRET must have at least 32 characters/],
    ['DEMO_PASSWORD', 'short', /DEMO_PASSWORD: DEMO_PASSWORD must have at least 8/],
    ['PAYDAY', '31', /PAYDAY: PAYDAY must be between 2 and 28/],
    // The settlement runs the day before payday, in the next month: payday 1 would put it in the month itself.
    ['PAYDAY', '1', /PAYDAY: PAYDAY must be between 2 and 28/],
    ['BUYER_LINK_SECRET', 'short', /BUYER_LINK_SECRET: BUYER_LINK_SECRET must have at least 32 characters/],
    ['BUYER_LINK_MAX_AGE', '10', /BUYER_LINK_MAX_AGE: BUYER_LINK_MAX_AGE must be at least 60 seconds/],
    ['BUYER_MESSAGES_PER_10S', '0', /BUYER_MESSAGES_PER_10S: BUYER_MESSAGES_PER_10S must be at least 1/],
    ['BUYER_TYPING_PER_10S', 'many', /BUYER_TYPING_PER_10S: BUYER_TYPING_PER_10S must be a number/],
    ['BUYER_IMAGES_PER_10MIN', '1.5', /BUYER_IMAGES_PER_10MIN: BUYER_IMAGES_PER_10MIN must be a whole number/],
    ['BUYER_LINK_MAX_AGE', 'soon', /BUYER_LINK_MAX_AGE: BUYER_LINK_MAX_AGE must be a number of seconds/],
  ])('a bad %s stops the start with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('health', () => {
  it('is 200 when the database and Redis answer and the workers registered their schedulers; degraded without them', async () => {
    const noScheduler = await fetch(`${server.baseUrl}/healthz`);
    expect(noScheduler.status).toBe(200);
    expect(await noScheduler.json()).toEqual({ status: 'degraded', database: 'ok', redis: 'ok', scheduler: 'missing' });
    await server.app.scoringQueue.upsertJobScheduler(SCHEDULERS.autoSettle.id, { pattern: '30 0 9 * *' }, { name: 'scoring.autoSettle', data: {} });
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok', scheduler: 'ok' });
  });

  it('is 503 when Redis does not answer', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1', { name: 'dead' });
    deadRedis.on('error', () => {});
    // The adapter gets a live subscriber: only the health check's Redis is the dead one.
    const sub = await connectRedis(server.config.redisUrl);
    const app = createApp({ config: server.config, db: server.db, redis: deadRedis, redisSub: sub, sessionSecret: 'x'.repeat(32), clock: () => new Date(), log: createLogger('t', 'silent') });
    const http = createServer(app.http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'ok', redis: 'down', scheduler: 'unknown' });
    } finally {
      http.close();
      deadRedis.disconnect();
      sub.disconnect();
    }
  });
});

describe('OpenAPI', () => {
  it('documents every route from the same zod schemas that validate it', async () => {
    const res = await fetch(`${server.baseUrl}/api/openapi.json`);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    for (const route of server.app.routes) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const create = doc.paths['/api/staff'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['username', 'displayName', 'password', 'roles', 'baseWageFen']));
    expect(schema.properties.roles.items.enum).toEqual(['supervisor', 'manager', 'presale', 'aftersale', 'printer', 'warehouse']);
    expect(schema.properties.password.minLength).toBe(8);
    expect(doc.paths['/api/staff/{id}'].patch.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });
});

describe('the served client', () => {
  it('carries the configured shop zone, so the console shows days and months as the server counts them', async () => {
    const tokyo = await startTestServer({ config: testConfig({ SHOP_TZ: 'Asia/Tokyo' }), seed: false });
    try {
      for (const path of ['/', '/console/scoring', '/chat']) {
        const res = await fetch(`${tokyo.baseUrl}${path}`);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('<meta name="kefu-shop-tz" content="Asia/Tokyo" />');
      }
    } finally {
      await tokyo.close();
    }
  });
});
