/**
 * Who a buyer is (issue 11; rulebook 保密制度 4: no buyer reads another's chat).
 *
 * - Identified buyers arrive through a link the shop's site or marketplace integration
 *   signed: `/chat?buyer=ID&ts=…&sig=HMAC-SHA256(secret, "ID|ts")` (hex), like Chatwoot's
 *   identity validation. A bad signature, or a link older than BUYER_LINK_MAX_AGE, is refused.
 * - Everyone else is an anonymous visitor: a fresh visitor id (`~` + 22 random characters)
 *   kept in their own signed cookie `kefu.visitor`, so they find their own history again and
 *   nobody else's. The name they type is only a display name (访客 + name for the agents).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '@kefu/shared/errors';
import { linkFreshness, signedText } from '@kefu/shared/domain/chat/identity';
import { VISITOR_PREFIX, type SignedBuyerSession } from '@kefu/shared/schemas/chat';

export const VISITOR_COOKIE = 'kefu.visitor';
export const VISITOR_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** Why a signed link was refused; the client shows its own sentence for each (no server English on a Chinese screen). */
export type LinkRefusal = 'link_bad_signature' | 'link_stale' | 'link_future';

export function isVisitorId(buyerId: string): boolean {
  return buyerId.startsWith(VISITOR_PREFIX);
}

export function signBuyerLink(secret: string, buyerId: string, ts: number): string {
  return createHmac('sha256', secret).update(signedText(buyerId, ts), 'utf8').digest('hex');
}

/** The page a signed link opens: what the shop's site would generate for a logged-in buyer. */
export function signedBuyerUrl(baseUrl: string, secret: string, buyerId: string, now: Date): string {
  const ts = Math.floor(now.getTime() / 1000);
  const url = new URL('/chat', baseUrl);
  url.searchParams.set('buyer', buyerId);
  url.searchParams.set('ts', String(ts));
  url.searchParams.set('sig', signBuyerLink(secret, buyerId, ts));
  return url.toString();
}

export class BuyerIdentity {
  constructor(
    private readonly linkSecret: string,
    private readonly cookieSecret: string,
    private readonly maxAgeSeconds: number,
  ) {}

  /** Throws `unauthenticated` (401) with `details.reason` when the link is forged or too old. */
  verifyLink(link: SignedBuyerSession, now: Date): void {
    const expected = Buffer.from(signBuyerLink(this.linkSecret, link.buyer, link.ts), 'hex');
    const given = Buffer.from(link.sig.toLowerCase(), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw refusal('link_bad_signature', 'This chat link is not valid (its signature does not match); open the chat again from the shop');
    }
    const freshness = linkFreshness({ ts: link.ts, now, maxAgeSeconds: this.maxAgeSeconds });
    if (freshness === 'stale') throw refusal('link_stale', 'This chat link has expired; open the chat again from the shop');
    if (freshness === 'future') throw refusal('link_future', 'This chat link is dated in the future; check the clock of the site that signed it');
  }

  newVisitorId(): string {
    return `${VISITOR_PREFIX}${randomBytes(16).toString('base64url')}`;
  }

  visitorCookie(visitorId: string): string {
    return `${visitorId}.${this.signVisitor(visitorId)}`;
  }

  /** The visitor id in a cookie, or null when it is missing or forged. */
  visitorOf(cookie: string | undefined): string | null {
    if (!cookie) return null;
    const dot = cookie.lastIndexOf('.');
    if (dot <= 0) return null;
    const id = cookie.slice(0, dot);
    if (!isVisitorId(id)) return null;
    const given = Buffer.from(cookie.slice(dot + 1));
    const expected = Buffer.from(this.signVisitor(id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  private signVisitor(id: string): string {
    // A purpose prefix: no other cookie's signature verifies as a visitor's.
    return createHmac('sha256', this.cookieSecret).update(`visitor:${id}`).digest('base64url');
  }
}

function refusal(reason: LinkRefusal, message: string): AppError {
  return new AppError('unauthenticated', message, { reason });
}
