import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { parse as parseCookies } from 'cookie';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Config } from './platform/config.ts';
import { Api, errorHandler, notFound, openApiDocument, type Actor } from './platform/http.ts';
import { createIo, RealtimeHub, type Io } from './platform/realtime.ts';
import { Keys } from './platform/redis.ts';
import type { Logger } from './platform/log.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { LoginLimiter } from './modules/auth/login-limiter.ts';
import { SESSION_COOKIE, SessionStore } from './modules/auth/session.store.ts';
import { authSocket } from './modules/auth/auth.socket.ts';
import { StaffService } from './modules/staff/staff.service.ts';
import { staffRoutes } from './modules/staff/staff.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';

export interface AppDeps {
  config: Config;
  db: DataSource;
  /** Commands, sessions, rate limits; also the adapter's publisher. */
  redis: Redis;
  /** The adapter's subscriber (a subscribed connection can do nothing else). */
  redisSub: Redis;
  sessionSecret: string;
  clock: () => Date;
  log: Logger;
  /** The built client to serve (client/dist); skipped when absent. */
  clientDir?: string;
}

export interface App {
  http: express.Express;
  io: Io;
  hub: RealtimeHub;
  /** Every declared API route (the OpenAPI document and the authorisation matrix test read it). */
  routes: Api['documented'];
}

/** Builds the HTTP app and the Socket.IO server without listening: main.ts and tests attach them. */
export function createApp(deps: AppDeps): App {
  const keys = new Keys(deps.config.redisPrefix);
  const io = createIo(deps.redis, deps.redisSub, deps.config.redisPrefix);
  const hub = new RealtimeHub(io);
  const sessions = new SessionStore(deps.redis, keys, deps.sessionSecret);
  const auth = new AuthService(deps.db, sessions, new LoginLimiter(deps.redis, keys), hub, deps.clock);
  const staff = new StaffService(deps.db, sessions, hub, deps.clock);

  const authenticate = async (req: express.Request): Promise<Actor | null> => {
    if (req.actor) return req.actor;
    const current = await auth.userOf(req.cookies?.[SESSION_COOKIE]);
    if (!current) return null;
    req.actor = { ...current.user, ip: req.ip ?? null };
    return req.actor;
  };
  const api = new Api(authenticate);
  authRoutes(api, auth, deps.config.cookieSecure);
  staffRoutes(api, staff);

  const http = express();
  http.disable('x-powered-by');
  http.set('trust proxy', deps.config.trustProxy);
  http.use((req, _res, next) => {
    req.cookies = parseCookies(req.headers.cookie ?? '');
    next();
  });
  healthRoutes(http, deps.db, deps.redis);
  const document = openApiDocument(api.documented);
  http.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  http.use('/api', express.json({ limit: '1mb' }));
  http.use(api.router);
  http.use('/api', (req) => notFound(req));

  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    http.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The client routes itself (/, /console/…, /chat): every other GET gets index.html.
    http.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'), { maxAge: 0 });
    });
  }
  http.use(errorHandler(deps.log));

  authSocket(io, auth, deps.log);
  return { http, io, hub, routes: api.documented };
}
