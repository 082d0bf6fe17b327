/**
 * Leave (请假), rulebook 部门总奖罚制度 4: an ordinary leave is asked a day ahead, an
 * emergency leave at least 2 hours before the shift, of one's own supervisor only; the
 * late shift and a public holiday's shift allow no leave (only swaps). Leave not granted
 * this way is absence (旷工, G04) if the shift is then missed.
 *
 * Choices (docs/roster.md): "a day ahead" is at least 24 hours before the shift begins;
 * a request that breaks a rule is still recorded, as void with its reason, so that the
 * absence it leads to can be shown; the supervisor decides before the shift begins.
 */
import type { ShiftKind } from './shifts.ts';

export const LEAVE_KINDS = ['ordinary', 'emergency'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];

export const LEAVE_NOTICE_HOURS: Record<LeaveKind, number> = { ordinary: 24, emergency: 2 };

export const LEAVE_REFUSALS = ['leave_no_shift', 'leave_not_supervisor', 'leave_late_shift', 'leave_holiday', 'leave_notice'] as const;
export type LeaveRefusal = (typeof LEAVE_REFUSALS)[number];

export interface LeaveFacts {
  now: Date;
  kind: LeaveKind;
  shift: { kind: ShiftKind; startsAt: Date; holiday: boolean } | null;
  /** The person asked of is a supervisor (their own: the console has one team). */
  askedOfSupervisor: boolean;
}

/** Why this leave does not count; null when it may be granted. */
export function leaveRefusal(f: LeaveFacts): LeaveRefusal | null {
  if (!f.shift) return 'leave_no_shift';
  if (!f.askedOfSupervisor) return 'leave_not_supervisor';
  if (f.shift.kind === 'late') return 'leave_late_shift';
  if (f.shift.holiday) return 'leave_holiday';
  if (f.shift.startsAt.getTime() - f.now.getTime() < LEAVE_NOTICE_HOURS[f.kind] * 3_600_000) return 'leave_notice';
  return null;
}

export type LeaveStatus = 'asked' | 'approved' | 'refused' | 'cancelled' | 'void';

/**
 * Absence (G04): the person asked leave for a shift, the leave was not granted (refused,
 * void, or still undecided), the shift is over and they never clocked in during it. A
 * cancelled request means they meant to come; missing the shift then is G02's business.
 */
export function isAbsence(f: { leave: LeaveStatus; shiftEnded: boolean; clockedIn: boolean }): boolean {
  return f.shiftEnded && !f.clockedIn && (f.leave === 'refused' || f.leave === 'void' || f.leave === 'asked');
}
