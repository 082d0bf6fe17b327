import path from 'node:path';
import { z } from 'zod';

/** The demo accounts' password when DEMO_PASSWORD is unset (the README says so). */
export const DEMO_PASSWORD_DEFAULT = 'kefu-demo';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

const Env = z.object({
  DATABASE_URL: z
    .url({ protocol: /^mysql$/, error: 'DATABASE_URL must be a mysql:// URL, e.g. mysql://root@127.0.0.1:3306/kefu' })
    .default('mysql://root@127.0.0.1:3306/kefu')
    .refine((url) => /^\/[A-Za-z0-9_]+$/.test(new URL(url).pathname), 'DATABASE_URL must name a database (letters, digits, _)'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
    .default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'REDIS_PREFIX must be 1-32 letters, digits, _ or -')
    .default('kefu'),
  PORT: z.coerce.number({ error: 'PORT must be a port number' }).int('PORT must be a whole number').min(0).max(65535, 'PORT must be at most 65535').default(3000),
  SHOP_TZ: z.string().refine(isTimeZone, 'SHOP_TZ must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must have at least 32 characters').optional(),
  DEMO_PASSWORD: z.string().min(8, 'DEMO_PASSWORD must have at least 8 characters').default(DEMO_PASSWORD_DEFAULT),
  // From 2: the settlement runs the day before payday, which must fall in the next month (domain/scoring/month.ts).
  PAYDAY: z.coerce.number({ error: 'PAYDAY must be a day of the month' }).int('PAYDAY must be a whole number').min(2, 'PAYDAY must be between 2 and 28').max(28, 'PAYDAY must be between 2 and 28').default(10),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Where chat images are stored (relative paths are from the working directory). */
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  /** The console's own origin(s), comma-separated (`https://kefu.example.com`); unset: the request's own host. */
  PUBLIC_ORIGIN: z
    .string()
    .refine((value) => value.split(',').every((one) => isOrigin(one.trim())), 'PUBLIC_ORIGIN must be one or more origins such as https://kefu.example.com, separated by commas')
    .optional(),
  /** Buyer chat sessions one IP address may start per 10 minutes. */
  BUYER_SESSION_LIMIT: z.coerce.number({ error: 'BUYER_SESSION_LIMIT must be a number' }).int().min(1).max(1_000_000).default(30),
  /** Per buyer (every session, socket and process together): messages per 10 s, typing signals per 10 s, images per 10 minutes (BUYER_LIMITS). Raised by bench/chat. */
  BUYER_MESSAGES_PER_10S: z.coerce.number({ error: 'BUYER_MESSAGES_PER_10S must be a number' }).int('BUYER_MESSAGES_PER_10S must be a whole number').min(1, 'BUYER_MESSAGES_PER_10S must be at least 1').max(1_000_000, 'BUYER_MESSAGES_PER_10S must be at most 1000000').default(20),
  BUYER_TYPING_PER_10S: z.coerce.number({ error: 'BUYER_TYPING_PER_10S must be a number' }).int('BUYER_TYPING_PER_10S must be a whole number').min(1, 'BUYER_TYPING_PER_10S must be at least 1').max(1_000_000, 'BUYER_TYPING_PER_10S must be at most 1000000').default(30),
  BUYER_IMAGES_PER_10MIN: z.coerce.number({ error: 'BUYER_IMAGES_PER_10MIN must be a number' }).int('BUYER_IMAGES_PER_10MIN must be a whole number').min(1, 'BUYER_IMAGES_PER_10MIN must be at least 1').max(1_000_000, 'BUYER_IMAGES_PER_10MIN must be at most 1000000').default(30),
  /** Signs buyer links (/chat?buyer=…&ts=…&sig=…); the shop's site must use the same one. */
  BUYER_LINK_SECRET: z.string().min(32, 'BUYER_LINK_SECRET must have at least 32 characters').optional(),
  /** How long a signed buyer link stays usable, in seconds. */
  BUYER_LINK_MAX_AGE: z.coerce.number({ error: 'BUYER_LINK_MAX_AGE must be a number of seconds' }).int('BUYER_LINK_MAX_AGE must be whole seconds').min(60, 'BUYER_LINK_MAX_AGE must be at least 60 seconds').max(30 * 86_400, 'BUYER_LINK_MAX_AGE must be at most 30 days').default(86_400),
  /** Minutes an alert to the printers may stay unclaimed before it escalates to the supervisor. */
  ALERT_ESCALATE_MINUTES: z.coerce.number({ error: 'ALERT_ESCALATE_MINUTES must be a number of minutes' }).positive('ALERT_ESCALATE_MINUTES must be more than 0').max(1440, 'ALERT_ESCALATE_MINUTES must be at most 1440').default(10),
});

export interface Config {
  databaseUrl: string;
  databaseName: string;
  redisUrl: string;
  redisPrefix: string;
  port: number;
  shopTz: string;
  sessionSecret: string | undefined;
  demoPassword: string;
  payday: number;
  cookieSecure: 'auto' | 'true' | 'false';
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Absolute folder for chat images. */
  uploadDir: string;
  buyerSessionLimit: number;
  /** Points per window of each per-buyer limit (BUYER_LIMITS's windows). */
  buyerLimits: { messages: number; typing: number; uploads: number };
  /** Origins a state-changing request or a socket handshake may come from; empty: the request's own host. */
  publicOrigins: string[];
  /** Unset: one is generated on the first start and kept in the database (like the session secret). */
  buyerLinkSecret: string | undefined;
  buyerLinkMaxAgeSeconds: number;
  alertEscalateMinutes: number;
}

export class ConfigError extends Error {}

/** Reads the environment once at start; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = Env.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databaseName: new URL(e.DATABASE_URL).pathname.slice(1),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    port: e.PORT,
    shopTz: e.SHOP_TZ,
    sessionSecret: e.SESSION_SECRET,
    demoPassword: e.DEMO_PASSWORD,
    payday: e.PAYDAY,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    uploadDir: path.resolve(e.UPLOAD_DIR),
    buyerSessionLimit: e.BUYER_SESSION_LIMIT,
    buyerLimits: { messages: e.BUYER_MESSAGES_PER_10S, typing: e.BUYER_TYPING_PER_10S, uploads: e.BUYER_IMAGES_PER_10MIN },
    publicOrigins: e.PUBLIC_ORIGIN ? e.PUBLIC_ORIGIN.split(',').map((one) => new URL(one.trim()).origin) : [],
    buyerLinkSecret: e.BUYER_LINK_SECRET,
    buyerLinkMaxAgeSeconds: e.BUYER_LINK_MAX_AGE,
    alertEscalateMinutes: e.ALERT_ESCALATE_MINUTES,
  };
}
