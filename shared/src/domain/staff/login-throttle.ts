/**
 * Login throttling (issue 12): slow guessing down without handing anyone a way to lock a
 * colleague out.
 * - Per account (from any address) and per address (for any account): after a number of
 *   free failures, each further failure makes the next attempt wait, doubling from 1 s up to
 *   a cap. A wait is short, so the real person behind the account or the address waits
 *   seconds, never a quarter of an hour.
 * - Locked for a quarter of an hour: only the pair account + address that failed
 *   `pairLockAfter` times in the window. The supervisor can unlock it.
 * Failures are counted over `windowSeconds`; a successful login clears the account's and the
 * pair's counts.
 */
export const LOGIN_THROTTLE = {
  windowSeconds: 15 * 60,
  pairLockAfter: 5,
  pairLockSeconds: 15 * 60,
  account: { freeFailures: 10, maxDelaySeconds: 30 },
  ip: { freeFailures: 20, maxDelaySeconds: 60 },
} as const;

/** Seconds the next attempt must wait after `failures` failures in the window (0: none). */
export function loginDelaySeconds(failures: number, rule: { freeFailures: number; maxDelaySeconds: number }): number {
  if (failures < rule.freeFailures) return 0;
  const doublings = failures - rule.freeFailures;
  return Math.min(2 ** Math.min(doublings, 30), rule.maxDelaySeconds);
}
