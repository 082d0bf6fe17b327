import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../platform/redis.ts';

export const SESSION_COOKIE = 'kefu.sid';
/** A working day and then some; every request slides it forward. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface Session {
  token: string;
  staffId: number;
}

/**
 * Sessions live in Redis. One account, one person: each account has at most one session,
 * and a new login replaces (and so ends) the earlier one.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly secret: string,
  ) {}

  /** Starts a session for the account; returns the cookie value and the token it replaced, if any. */
  async start(staffId: number): Promise<{ cookie: string; token: string; replaced: string | null }> {
    const token = randomBytes(32).toString('base64url');
    const sessionKey = this.keys.key('sess', token);
    const ownerKey = this.keys.key('staff-sess', staffId);
    // The session exists before the account points at it, so two logins racing still
    // leave exactly one: whichever swaps the pointer second deletes the other's.
    await this.redis.set(sessionKey, String(staffId), 'EX', SESSION_TTL_SECONDS);
    const replaced = await this.redis.getset(ownerKey, token);
    await this.redis.expire(ownerKey, SESSION_TTL_SECONDS);
    if (replaced && replaced !== token) await this.redis.del(this.keys.key('sess', replaced));
    return { cookie: `${token}.${this.sign(token)}`, token, replaced };
  }

  /** The session a cookie names, or null when it is forged, ended or expired. */
  async resolve(cookie: string | undefined): Promise<Session | null> {
    if (!cookie) return null;
    const dot = cookie.lastIndexOf('.');
    if (dot <= 0) return null;
    const token = cookie.slice(0, dot);
    const given = Buffer.from(cookie.slice(dot + 1));
    const expected = Buffer.from(this.sign(token));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const sessionKey = this.keys.key('sess', token);
    const staffId = await this.redis.get(sessionKey);
    if (!staffId) return null;
    await this.redis
      .multi()
      .expire(sessionKey, SESSION_TTL_SECONDS)
      .expire(this.keys.key('staff-sess', staffId), SESSION_TTL_SECONDS)
      .exec();
    return { token, staffId: Number(staffId) };
  }

  async end(session: Session): Promise<void> {
    const ownerKey = this.keys.key('staff-sess', session.staffId);
    await this.redis.del(this.keys.key('sess', session.token));
    // Only clear the owner pointer if it still points at this session.
    if ((await this.redis.get(ownerKey)) === session.token) await this.redis.del(ownerKey);
  }

  /** Ends whatever session the account has (account disabled, password changed). */
  async endAllFor(staffId: number): Promise<string | null> {
    const ownerKey = this.keys.key('staff-sess', staffId);
    const token = await this.redis.get(ownerKey);
    if (token) await this.redis.del(this.keys.key('sess', token));
    await this.redis.del(ownerKey);
    return token;
  }

  private sign(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('base64url');
  }
}
