import type { Redis } from 'ioredis';
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@kefu/shared/errors';
import { LOGIN_THROTTLE, loginDelaySeconds } from '@kefu/shared/domain/staff/login-throttle';
import type { Keys } from '../../platform/redis.ts';

/** Why a login must wait (the error's `details.reason`; the client says it in the user's language). */
export type LoginWait = 'locked' | 'account_slow' | 'ip_slow';

/**
 * Counts failed logins in Redis (rate-limiter-flexible), so every server process shares them,
 * and turns them into the waits of domain/staff/login-throttle.ts: growing delays per account
 * and per address, a lockout only for the pair account + address.
 */
export class LoginLimiter {
  private readonly failures: { account: RateLimiterRedis; ip: RateLimiterRedis; pair: RateLimiterRedis };
  /** Blocks: while one holds, attempts are refused before the password is checked. */
  private readonly waits: { account: RateLimiterRedis; ip: RateLimiterRedis; pair: RateLimiterRedis };

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    const counter = (name: string) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.key('login-fail', name), points: 1_000_000, duration: LOGIN_THROTTLE.windowSeconds });
    const blocker = (name: string) => new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.key('login-wait', name), points: 1, duration: 1 });
    this.failures = { account: counter('account'), ip: counter('ip'), pair: counter('pair') };
    this.waits = { account: blocker('account'), ip: blocker('ip'), pair: blocker('pair') };
  }

  /** Refuses (429) while the pair is locked or the account or the address must wait. */
  async assertAllowed(username: string, ip: string): Promise<void> {
    const account = accountKey(username);
    const checks: Array<[LoginWait, Promise<RateLimiterRes | null>]> = [
      ['locked', this.waits.pair.get(pairKey(account, ip))],
      ['account_slow', this.waits.account.get(account)],
      ['ip_slow', this.waits.ip.get(ip)],
    ];
    for (const [reason, pending] of checks) {
      const wait = await pending;
      if (!wait || wait.consumedPoints <= 1) continue;
      const retryAfterSeconds = Math.max(1, Math.ceil(wait.msBeforeNext / 1000));
      throw new AppError(
        'rate_limited',
        reason === 'locked'
          ? `Too many failed logins for this account from this address; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s) or ask your supervisor to unlock it`
          : `Too many failed logins; try again in ${retryAfterSeconds} second(s)`,
        { reason, retryAfterSeconds },
      );
    }
  }

  /** Counts a failure; answers whether it has just locked the pair (to be audited and logged). */
  async recordFailure(username: string, ip: string): Promise<{ locked: boolean }> {
    const account = accountKey(username);
    const pair = pairKey(account, ip);
    const [byAccount, byIp, byPair] = await Promise.all([this.failures.account.penalty(account), this.failures.ip.penalty(ip), this.failures.pair.penalty(pair)]);
    const accountDelay = loginDelaySeconds(byAccount.consumedPoints, LOGIN_THROTTLE.account);
    const ipDelay = loginDelaySeconds(byIp.consumedPoints, LOGIN_THROTTLE.ip);
    const locked = byPair.consumedPoints === LOGIN_THROTTLE.pairLockAfter;
    await Promise.all([
      accountDelay > 0 ? this.waits.account.block(account, accountDelay) : null,
      ipDelay > 0 ? this.waits.ip.block(ip, ipDelay) : null,
      locked ? this.lock(account, ip) : null,
    ]);
    return { locked };
  }

  /** The right password: the account's and this pair's counts start again (the address's does not). */
  async recordSuccess(username: string, ip: string): Promise<void> {
    const account = accountKey(username);
    await Promise.all([this.failures.account.delete(account), this.waits.account.delete(account), this.failures.pair.delete(pairKey(account, ip))]);
  }

  /** The supervisor unlocks an account: every locked pair of it, and its delay. Answers the addresses unlocked. */
  async unlock(username: string): Promise<string[]> {
    const account = accountKey(username);
    const lockedIps = await this.redis.smembers(this.lockedIpsKey(account));
    await Promise.all([
      ...lockedIps.flatMap((ip) => [this.waits.pair.delete(pairKey(account, ip)), this.failures.pair.delete(pairKey(account, ip))]),
      this.failures.account.delete(account),
      this.waits.account.delete(account),
      this.redis.del(this.lockedIpsKey(account)),
    ]);
    return lockedIps;
  }

  private async lock(account: string, ip: string): Promise<void> {
    await this.waits.pair.block(pairKey(account, ip), LOGIN_THROTTLE.pairLockSeconds);
    // Remembered so the supervisor's unlock finds every address that locked the account.
    await this.redis.multi().sadd(this.lockedIpsKey(account), ip).expire(this.lockedIpsKey(account), LOGIN_THROTTLE.pairLockSeconds).exec();
  }

  private lockedIpsKey(account: string): string {
    return this.keys.key('login-locked-ips', account);
  }
}

function accountKey(username: string): string {
  return username.trim().toLowerCase();
}

function pairKey(account: string, ip: string): string {
  return `${account}|${ip}`;
}
