import { Redis } from 'ioredis';

/**
 * A Redis connection that fails fast when Redis is down (BullMQ's advice) instead of
 * queueing commands forever. `maxRetriesPerRequest: null` is what BullMQ workers need.
 */
export function createRedis(url: string, options: { forBullMQ?: boolean; name?: string } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.forBullMQ ? null : 2,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Reconnects on its own; a lost connection is logged, not fatal.
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    console.error(JSON.stringify({ t: new Date().toISOString(), level: 'error', name: options.name ?? 'redis', msg: 'redis error', err: err.message }));
  });
  return redis;
}

/** Every key the console writes carries the instance's prefix, so two instances can share one Redis. */
export class Keys {
  constructor(readonly prefix: string) {}
  key(...parts: Array<string | number>): string {
    return [this.prefix, ...parts].join(':');
  }
}

/**
 * A connected Redis client, or an error within `timeoutMs` when Redis does not answer (fail
 * fast at start rather than hang). The adapter's subscriber must be ready before it
 * subscribes, or ioredis' ready check runs on a subscribed connection and fails.
 */
export async function connectRedis(url: string, options: { forBullMQ?: boolean; name?: string; timeoutMs?: number } = {}): Promise<Redis> {
  const redis = createRedis(url, options);
  if (redis.status === 'ready') return redis;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.disconnect();
      reject(new Error(`Redis at ${url} did not answer within ${options.timeoutMs ?? 5000} ms`));
    }, options.timeoutMs ?? 5000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}
