import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { loadConfig, type Config } from '../platform/config.ts';
import { dropDatabase } from '../platform/db.ts';
import { createLogger } from '../platform/log.ts';
import { connectRedis } from '../platform/redis.ts';
import { prepareDatabase } from '../platform/setup.ts';
import { sessionSecret } from '../modules/settings/settings.service.ts';
import { createApp, type App } from '../app.ts';
import { deletePrefixedKeys, recordCreated } from './created-log.ts';

export const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../client/dist');

/** The buyer-link secret of every test server (tests sign buyer links with it: chat.fixtures.ts). */
export const TEST_BUYER_LINK_SECRET = 'test-buyer-link-secret-0123456789abcdef';

/** A database and a Redis prefix of the test's own: created here, dropped by `cleanup`. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: `mysql://root@127.0.0.1:3306/kefu_test_${id}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `kefutest_${id}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    UPLOAD_DIR: path.join(os.tmpdir(), `kefu_test_uploads_${id}`),
    BUYER_LINK_SECRET: TEST_BUYER_LINK_SECRET,
    ...overrides,
  });
  recordCreated(config.redisPrefix, config.redisUrl, config.databaseUrl);
  return config;
}

export { deletePrefixedKeys };

export interface TestServer {
  baseUrl: string;
  config: Config;
  db: DataSource;
  redis: Redis;
  app: App;
  server: Server;
  /** Stops this server process's part but keeps the database (to start another on it). */
  stop(): Promise<void>;
  /** Stops and drops the database and the Redis keys. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Reuse a database (a second server process, or a restart). */
  config?: Config;
  seed?: boolean;
  clock?: () => Date;
  serveClient?: boolean;
}

/**
 * A real server on a random port against a fresh database and Redis prefix: migrations run,
 * the demo accounts seeded, the built client served. Integration and browser tests use it.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = options.config ?? testConfig();
  const clock = options.clock ?? (() => new Date());
  // The demo team employed since 2020: tests settle fixed past months and must find them all there.
  const { db } = await prepareDatabase(config, { seed: options.seed ?? true, clock, demoEmployedFrom: '2020-01-01' });
  const redis = await connectRedis(config.redisUrl, { name: 'test-server' });
  const redisSub = await connectRedis(config.redisUrl, { name: 'test-server-sub' });
  const secret = await sessionSecret(db, config.sessionSecret, clock());
  const app = createApp({
    config,
    db,
    redis,
    redisSub,
    sessionSecret: secret,
    clock,
    log: createLogger('test-server', 'error'),
    ...(options.serveClient === false ? {} : { clientDir: CLIENT_DIST }),
  });
  const server = createServer(app.http);
  app.io.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    app.chat.beginShutdown();
    // Keep-alive connections (a browser's) would hold server.close() open for a minute.
    server.closeAllConnections();
    await app.io.close();
    await app.chat.messages.drain();
    await db.destroy();
    await redisSub.quit();
  };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    db,
    redis,
    app,
    server,
    stop: async () => {
      await stop();
      await redis.quit();
    },
    close: async () => {
      await stop();
      await deletePrefixedKeys(redis, config.redisPrefix);
      await redis.quit();
      await dropDatabase(config.databaseUrl);
      await rm(config.uploadDir, { recursive: true, force: true });
    },
  };
}
