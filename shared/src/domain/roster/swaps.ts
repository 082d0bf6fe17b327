/**
 * Swaps (换班), domain.md and rulebook 部门总奖罚制度 2 and 14: arranged with a colleague,
 * approved by the supervisor before it takes effect (a last-minute swap does not).
 *
 * Choices (docs/roster.md): a swap exchanges two shifts — the requester's on one day for
 * the colleague's on the same or another day — so each still works one shift. Refused:
 * - `swap_self`: with oneself;
 * - `swap_no_shift`: the requester has no shift that day;
 * - `swap_as_leave`: the colleague has no shift to give back (that is leave, not a swap),
 *   or either person has leave on either day;
 * - `swap_double`: someone would work two shifts on one day;
 * - `swap_role`: the colleague does not hold the role of the shift they take, or back;
 * - `swap_holiday`: either shift is on a public holiday;
 * - `swap_too_late`: either shift has begun (asking, accepting and approving alike);
 * - `swap_after_swap`: a swap directly after another — either shift came from a swap, or
 *   either person has another swap (asked or approved) on the same or a neighbouring day.
 */
import { dayNumber, type RosterRole } from './shifts.ts';

export interface SwapShift {
  staffId: number;
  day: string;
  role: RosterRole;
  startsAt: Date;
  holiday: boolean;
  /** The shift itself came from an approved swap. */
  fromSwap: boolean;
}

export interface SwapFacts {
  now: Date;
  requesterId: number;
  colleagueId: number;
  /** The requester's shift on the day they give away. */
  given: SwapShift | null;
  /** The colleague's shift the requester takes in return. */
  taken: SwapShift | null;
  requesterRoles: readonly string[];
  colleagueRoles: readonly string[];
  /** Days the requester already works besides `given` (to spot two shifts on one day). */
  requesterDays: readonly string[];
  colleagueDays: readonly string[];
  /** Days of the two people's other swaps, asked, accepted or approved. */
  otherSwapDays: readonly string[];
  /** Days either person has leave asked or approved. */
  leaveDays: readonly string[];
}

export const SWAP_REFUSALS = ['swap_self', 'swap_no_shift', 'swap_as_leave', 'swap_double', 'swap_role', 'swap_holiday', 'swap_too_late', 'swap_after_swap'] as const;
export type SwapRefusal = (typeof SWAP_REFUSALS)[number];

const near = (a: string, b: string) => Math.abs(dayNumber(a) - dayNumber(b)) <= 1;

/** Why this swap may not be asked, accepted or approved now; null when it may. */
export function swapRefusal(f: SwapFacts): SwapRefusal | null {
  if (f.requesterId === f.colleagueId) return 'swap_self';
  if (!f.given || f.given.staffId !== f.requesterId) return 'swap_no_shift';
  if (!f.taken || f.taken.staffId !== f.colleagueId) return 'swap_as_leave';
  const days = [f.given.day, f.taken.day];
  if (f.leaveDays.some((day) => days.includes(day))) return 'swap_as_leave';
  if (f.given.day !== f.taken.day && (f.requesterDays.includes(f.taken.day) || f.colleagueDays.includes(f.given.day))) return 'swap_double';
  if (!f.colleagueRoles.includes(f.given.role) || !f.requesterRoles.includes(f.taken.role)) return 'swap_role';
  if (f.given.holiday || f.taken.holiday) return 'swap_holiday';
  if (f.now.getTime() >= Math.min(f.given.startsAt.getTime(), f.taken.startsAt.getTime())) return 'swap_too_late';
  if (f.given.fromSwap || f.taken.fromSwap) return 'swap_after_swap';
  if (f.otherSwapDays.some((other) => days.some((day) => near(other, day)))) return 'swap_after_swap';
  return null;
}

/** At most 3 swaps a month; each approved swap beyond 3 costs 2 points (G14). */
export const FREE_SWAPS_PER_MONTH = 3;

/** The approved swaps (ordered by approval) that each call for a G14. */
export function swapsBeyondAllowance<T>(approvedInOrder: readonly T[]): T[] {
  return approvedInOrder.slice(FREE_SWAPS_PER_MONTH);
}
