/**
 * Buyer identity (issue 11, 保密制度 4: no buyer may read another's chat). A buyer is
 * identified only by a link the shop's site or marketplace integration signed:
 * `/chat?buyer=ID&ts=…&sig=HMAC-SHA256(secret, "ID|ts")`. The signature is checked on the
 * server; this file holds the pure parts: what is signed, and when a link is too old.
 */

/** The text the HMAC covers: the buyer ID and the signing time, joined by `|`. */
export function signedText(buyerId: string, ts: number): string {
  return `${buyerId}|${ts}`;
}

/** A link signed a little in the future is accepted (clocks differ); more is refused. */
export const LINK_CLOCK_SKEW_SECONDS = 5 * 60;

export type LinkFreshness = 'fresh' | 'stale' | 'future';

/**
 * Whether a link signed at `ts` (Unix seconds) may still be used at `now`: no older than
 * `maxAgeSeconds`, and not from further ahead than the allowed clock skew.
 */
export function linkFreshness({ ts, now, maxAgeSeconds }: { ts: number; now: Date; maxAgeSeconds: number }): LinkFreshness {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (ts > nowSeconds + LINK_CLOCK_SKEW_SECONDS) return 'future';
  if (nowSeconds - ts > maxAgeSeconds) return 'stale';
  return 'fresh';
}
