import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@kefu/shared/errors';
import type { Buyer } from '@kefu/shared/schemas/chat';
import type { Keys } from '../../platform/redis.ts';

/** The buyer's cookie: a different name (and key space) from the staff session's `kefu.sid`. */
export const BUYER_COOKIE = 'kefu.buyer';
export const BUYER_SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
export const BUYER_SESSION_WINDOW_SECONDS = 10 * 60;

export interface BuyerSession extends Buyer {
  token: string;
}

/**
 * Buyer chat sessions in Redis. A buyer session names a buyer — a marketplace ID proven by
 * a signed link, or an anonymous visitor's own id (chat.identity.ts) — and the order they
 * asked about; it opens no staff route and no other buyer's conversation.
 */
export class BuyerSessions {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly secret: string,
  ) {}

  async start(buyer: Buyer): Promise<{ cookie: string; token: string }> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(token), JSON.stringify(buyer), 'EX', BUYER_SESSION_TTL_SECONDS);
    return { cookie: `${token}.${this.sign(token)}`, token };
  }

  /** The buyer behind a cookie, or null when it is forged, ended or expired. */
  async resolve(cookie: string | undefined, options: { slide?: boolean } = {}): Promise<BuyerSession | null> {
    const token = this.verify(cookie);
    if (!token) return null;
    const stored = await this.redis.get(this.key(token));
    if (!stored) return null;
    if (options.slide) await this.redis.expire(this.key(token), BUYER_SESSION_TTL_SECONDS);
    const buyer = JSON.parse(stored) as Partial<Buyer>;
    // A session from before identities were checked (a typed ID, no `verified`) is not honoured.
    if (typeof buyer.buyerId !== 'string' || typeof buyer.verified !== 'boolean' || typeof buyer.name !== 'string') return null;
    return { buyerId: buyer.buyerId, orderNo: buyer.orderNo ?? null, name: buyer.name, verified: buyer.verified, token };
  }

  async end(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }

  private verify(cookie: string | undefined): string | null {
    if (!cookie) return null;
    const dot = cookie.lastIndexOf('.');
    if (dot <= 0) return null;
    const token = cookie.slice(0, dot);
    const given = Buffer.from(cookie.slice(dot + 1));
    const expected = Buffer.from(this.sign(token));
    return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
  }

  private key(token: string): string {
    return this.keys.key('buyer-sess', token);
  }

  private sign(token: string): string {
    // A purpose prefix: a staff cookie's signature never verifies as a buyer's.
    return createHmac('sha256', this.secret).update(`buyer:${token}`).digest('base64url');
  }
}

/**
 * What one buyer (one marketplace ID, however many sessions, tabs, sockets or server
 * processes) may do: messages and typing signals per 10 s, images per 10 minutes. A person
 * writes far less; a script with 20 sockets no longer gets 20 times the per-socket limit.
 * These are the defaults; the points are settings (BUYER_MESSAGES_PER_10S, BUYER_TYPING_PER_10S,
 * BUYER_IMAGES_PER_10MIN: config.ts), the windows are fixed.
 */
export const BUYER_LIMITS = {
  messages: { points: 20, durationSeconds: 10 },
  typing: { points: 30, durationSeconds: 10 },
  uploads: { points: 30, durationSeconds: 10 * 60 },
} as const;
export type BuyerAction = keyof typeof BUYER_LIMITS;

/**
 * Points a process takes from a buyer's count in Redis at once, then spends on its own: one
 * Redis call per few messages instead of one per message (bench/chat: the call per message
 * cost about a sixth of the console's ceiling; bench/README.md). Never looser than the limit
 * — every point spent was counted in Redis first — but with a buyer on several processes,
 * each may hold up to `lease − 1` unspent points, so that buyer may be refused that many
 * messages early in a window. An image is one point (their limit is small).
 */
export const BUYER_LEASE: Record<BuyerAction, number> = { messages: 5, typing: 5, uploads: 1 };

/** Points of a buyer's action this process may still spend until `until`, or, refused, none until then. */
interface Lease {
  left: number;
  until: number;
  refused: boolean;
}

function limited(action: BuyerAction, msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('rate_limited', `Too many ${action === 'uploads' ? 'images' : action === 'typing' ? 'typing signals' : 'messages'} sent; try again in ${retryAfterSeconds} s`, {
    action,
    retryAfterSeconds,
  });
}

/** The per-buyer limits, counted in Redis (rate-limiter-flexible) under the instance's prefix, spent from leases (BUYER_LEASE). */
export class BuyerRateLimits {
  private readonly limiters: Record<BuyerAction, RateLimiterRedis>;
  private readonly leases = new Map<string, Lease>();
  private readonly counting = new Map<string, Promise<void>>();
  private taken = 0;

  constructor(
    redis: Redis,
    keys: Keys,
    private readonly points: Record<BuyerAction, number> = { messages: BUYER_LIMITS.messages.points, typing: BUYER_LIMITS.typing.points, uploads: BUYER_LIMITS.uploads.points },
    private readonly now: () => number = Date.now,
  ) {
    const limiter = (action: BuyerAction) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.key('buyer-rate', action), points: points[action], duration: BUYER_LIMITS[action].durationSeconds });
    this.limiters = { messages: limiter('messages'), typing: limiter('typing'), uploads: limiter('uploads') };
  }

  /**
   * Counts one action of the buyer; 429 `rate_limited` with the seconds to wait when over. A
   * point left in this process's lease (until the Redis window it was counted in ends) is
   * spent without asking Redis; else a new lease is counted there, of which only the points
   * still within the limit are granted. Sends that arrive while a lease is being counted wait
   * for it (a burst takes one lease at a time, so on one process the limit is exact); a
   * refusal is kept until its window ends (Redis would refuse as well).
   */
  async take(action: BuyerAction, buyerId: string): Promise<void> {
    const key = `${action}:${buyerId}`;
    for (;;) {
      const held = this.leases.get(key);
      if (held && held.until > this.now()) {
        if (held.left > 0) {
          held.left--;
          return;
        }
        if (held.refused) throw limited(action, held.until - this.now());
      }
      const counting = this.counting.get(key);
      if (!counting) break;
      await counting.catch(() => undefined);
    }
    const counting = this.count(action, buyerId, key).finally(() => this.counting.delete(key));
    this.counting.set(key, counting);
    await counting;
  }

  /** A new lease counted in Redis; the caller spends its first point. */
  private async count(action: BuyerAction, buyerId: string, key: string): Promise<void> {
    const size = Math.max(1, Math.min(BUYER_LEASE[action], this.points[action]));
    const asked = this.now();
    try {
      const res = await this.limiters[action].consume(buyerId, size);
      this.lease(key, { left: size - 1, until: asked + res.msBeforeNext, refused: false });
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err; // Redis down: an outage, not a limit
      // The points counted before this lease that were still under the limit.
      const granted = Math.min(size, this.points[action] - (err.consumedPoints - size));
      this.lease(key, { left: Math.max(0, granted - 1), until: asked + err.msBeforeNext, refused: granted <= 1 });
      if (granted > 0) return;
      throw limited(action, err.msBeforeNext);
    }
  }

  private lease(key: string, lease: Lease): void {
    this.leases.set(key, lease);
    // Leases of buyers who went quiet: dropped once their window is over.
    if (++this.taken % 1000 === 0) {
      const now = this.now();
      for (const [k, held] of this.leases) if (held.until <= now) this.leases.delete(k);
    }
  }
}

/** A fixed-window counter in Redis (shared by every process): buyers' sessions per IP. */
export class BuyerLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly options: { name: string; perWindow: number; windowSeconds: number; message: string },
  ) {}

  async take(who: string): Promise<void> {
    const key = this.keys.key(this.options.name, who);
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, this.options.windowSeconds, 'NX').exec()) as [[unknown, number], unknown];
    if (count <= this.options.perWindow) return;
    const ttl = Math.max(await this.redis.ttl(key), 1);
    throw new AppError('rate_limited', `${this.options.message}; try again in ${Math.ceil(ttl / 60)} minute(s)`, { retryAfterSeconds: ttl });
  }
}

export function buyerSessionLimiter(redis: Redis, keys: Keys, perWindow: number): BuyerLimiter {
  return new BuyerLimiter(redis, keys, { name: 'buyer-sess-rate', perWindow, windowSeconds: BUYER_SESSION_WINDOW_SECONDS, message: 'Too many chats started from this address' });
}

