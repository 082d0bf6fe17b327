import { Redis } from 'ioredis';

/**
 * A Redis connection that fails fast when Redis is down (BullMQ's advice) instead of
 * queueing commands forever. `maxRetriesPerRequest: null` is what BullMQ workers need.
 */
export function createRedis(url: string, options: { forBullMQ?: boolean; name?: string } = {}): Redis {
  const redis = new Redis(url, {
    connectionName: options.name,
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
