import type { Redis } from 'ioredis';
import { AppError } from '@kefu/shared/errors';
import type { Keys } from '../../platform/redis.ts';

/** Failed logins allowed per window before the account, or the address, is made to wait. */
export const LOGIN_LIMITS = { perAccount: 5, perIp: 20, windowSeconds: 15 * 60 } as const;

/** Rate limit on failed logins, per account and per IP, counted in Redis so every server process shares it. */
export class LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async assertAllowed(username: string, ip: string): Promise<void> {
    const [account, address] = await this.redis.mget(this.accountKey(username), this.ipKey(ip));
    const blocked = Number(account ?? 0) >= LOGIN_LIMITS.perAccount ? this.accountKey(username) : Number(address ?? 0) >= LOGIN_LIMITS.perIp ? this.ipKey(ip) : null;
    if (!blocked) return;
    const ttl = Math.max(await this.redis.ttl(blocked), 1);
    const minutes = Math.ceil(ttl / 60);
    throw new AppError('rate_limited', `Too many failed logins; try again in ${minutes} minute(s)`, { retryAfterSeconds: ttl });
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of [this.accountKey(username), this.ipKey(ip)]) {
      multi.incr(key);
      multi.expire(key, LOGIN_LIMITS.windowSeconds, 'NX');
    }
    await multi.exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.accountKey(username));
  }

  private accountKey(username: string): string {
    return this.keys.key('login-fail', 'user', username.toLowerCase());
  }

  private ipKey(ip: string): string {
    return this.keys.key('login-fail', 'ip', ip);
  }
}
