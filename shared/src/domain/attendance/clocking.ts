/**
 * Clocking (打卡) and corrections (签卡), issue 14 and the rulebook's 日常管理制度 1:
 * 上下班时间必须严格打卡。忘记打卡须于2日内向部门主管说明情况 … 签卡申请每月不得超过3次；
 * 2日内未向主管申请签卡则视为离岗、脱岗 (G01). Away from a shift with no approved swap or
 * leave is G02. Pure rules: the clock is an argument (docs/attendance.md).
 */

export const CLOCK_KINDS = ['in', 'out'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const CORRECTION_STATUSES = ['pending', 'approved', 'refused'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

/** What a presence permission lets the person be during a shift. */
export const PERMISSION_STATUSES = ['offline', 'invisible'] as const;
export type PermissionStatus = (typeof PERMISSION_STATUSES)[number];
export const PERMISSION_STATES = ['pending', 'granted', 'refused', 'withdrawn'] as const;
export type PermissionState = (typeof PERMISSION_STATES)[number];

/** A missing clock may be explained this long after it was due (2 days). */
export const CORRECTION_WINDOW_HOURS = 48;
/** Approved corrections per person and month (of the shift, in the shop's zone). */
export const MAX_CORRECTIONS_PER_MONTH = 3;
/** A clock-in counts for a shift from 2 hours before it starts until it ends. */
export const CLOCK_IN_EARLY_MINUTES = 120;
/** A clock-out counts for a shift from its start until 4 hours after it ends. */
export const CLOCK_OUT_LATE_MINUTES = 240;

const MINUTE = 60_000;

/** One person's shift as instants: the first part's start to the last part's end. */
export interface ShiftSpan {
  start: Date;
  end: Date;
}

export interface Clock {
  kind: ClockKind;
  at: Date;
}

/** The clocks that count for a shift: the first clock-in in its window, the last clock-out in its. */
export function clocksOfShift(shift: ShiftSpan, clocks: readonly Clock[]): { in: Date | null; out: Date | null } {
  const s = shift.start.getTime();
  const e = shift.end.getTime();
  let clockIn: Date | null = null;
  let clockOut: Date | null = null;
  for (const clock of clocks) {
    const t = clock.at.getTime();
    if (clock.kind === 'in' && t >= s - CLOCK_IN_EARLY_MINUTES * MINUTE && t < e && (!clockIn || t < clockIn.getTime())) clockIn = clock.at;
    if (clock.kind === 'out' && t > s && t <= e + CLOCK_OUT_LATE_MINUTES * MINUTE && (!clockOut || t > clockOut.getTime())) clockOut = clock.at;
  }
  return { in: clockIn, out: clockOut };
}

/** When a clock was due: the shift's start for a clock-in, its end for a clock-out. */
export function dueAt(shift: ShiftSpan, kind: ClockKind): Date {
  return kind === 'in' ? shift.start : shift.end;
}

/** A clock is missing once its own window has closed without one. */
export function missingClocks(shift: ShiftSpan, clocks: readonly Clock[], now: Date): ClockKind[] {
  const found = clocksOfShift(shift, clocks);
  const missing: ClockKind[] = [];
  if (!found.in && now.getTime() >= shift.end.getTime()) missing.push('in');
  if (!found.out && now.getTime() > shift.end.getTime() + CLOCK_OUT_LATE_MINUTES * MINUTE) missing.push('out');
  return missing;
}

/** The last moment a correction for this missing clock may be asked. */
export function correctionDeadline(shift: ShiftSpan, kind: ClockKind): Date {
  return new Date(dueAt(shift, kind).getTime() + CORRECTION_WINDOW_HOURS * 3_600_000);
}

export type CorrectionRefusal = 'correction_not_due' | 'correction_not_missing' | 'correction_too_late' | 'correction_monthly_limit' | 'correction_claimed_outside';

/**
 * Why a correction request for this shift's clock is refused, or null. It may be asked from
 * the moment the clock was due (a clock-in forgotten can be asked right after the start;
 * clocking in late is also fine), until 2 days after; not for a clock that is there.
 */
export function correctionRefusal(input: {
  shift: ShiftSpan;
  kind: ClockKind;
  claimedAt: Date;
  clocks: readonly Clock[];
  approvedThisMonth: number;
  now: Date;
}): CorrectionRefusal | null {
  const { shift, kind, claimedAt, now } = input;
  const due = dueAt(shift, kind);
  if (now.getTime() < due.getTime()) return 'correction_not_due';
  if (clocksOfShift(shift, input.clocks)[kind]) return 'correction_not_missing';
  if (now.getTime() > correctionDeadline(shift, kind).getTime()) return 'correction_too_late';
  const c = claimedAt.getTime();
  if (c < shift.start.getTime() - CLOCK_IN_EARLY_MINUTES * MINUTE || c > shift.end.getTime() + CLOCK_OUT_LATE_MINUTES * MINUTE) return 'correction_claimed_outside';
  if (input.approvedThisMonth >= MAX_CORRECTIONS_PER_MONTH) return 'correction_monthly_limit';
  return null;
}

/** The supervisor may approve while fewer than 3 corrections are approved in the shift's month. */
export function approvalRefusal(approvedThisMonth: number): 'correction_monthly_limit' | null {
  return approvedThisMonth >= MAX_CORRECTIONS_PER_MONTH ? 'correction_monthly_limit' : null;
}

export interface CorrectionRecord {
  kind: ClockKind;
  status: CorrectionStatus;
}

export type ShiftOutcome =
  | { rule: null; why: 'excused' | 'in_progress' | 'present' | 'explained' | 'pending' | 'time_to_explain' }
  | { rule: 'G01'; missing: ClockKind[] }
  | { rule: 'G02' };

/**
 * What a finished shift comes to:
 * - excused (approved leave, or a leave that G04 judges, or swapped away): nothing;
 * - both clocks there, or each missing one explained by an approved correction: nothing;
 * - a correction still waiting for the supervisor, or still time to ask one: nothing yet;
 * - otherwise, no clock at all and never seen online or away during the shift → G02
 *   (away from the shift without an approved swap or leave);
 * - otherwise G01 (a forgotten clock not explained within 2 days), once per shift.
 */
export function judgeShift(input: {
  shift: ShiftSpan;
  clocks: readonly Clock[];
  corrections: readonly CorrectionRecord[];
  excused: boolean;
  seenDuringShift: boolean;
  now: Date;
}): ShiftOutcome {
  const { shift, now } = input;
  if (input.excused) return { rule: null, why: 'excused' };
  if (now.getTime() < shift.end.getTime()) return { rule: null, why: 'in_progress' };
  const found = clocksOfShift(shift, input.clocks);
  const missing = CLOCK_KINDS.filter((kind) => !found[kind]);
  if (missing.length === 0) return { rule: null, why: 'present' };
  const unexplained = missing.filter((kind) => !input.corrections.some((c) => c.kind === kind && c.status === 'approved'));
  if (unexplained.length === 0) return { rule: null, why: 'explained' };
  if (unexplained.some((kind) => input.corrections.some((c) => c.kind === kind && c.status === 'pending'))) return { rule: null, why: 'pending' };
  if (unexplained.some((kind) => now.getTime() <= correctionDeadline(shift, kind).getTime())) return { rule: null, why: 'time_to_explain' };
  if (unexplained.length === 2 && !input.seenDuringShift) return { rule: 'G02' };
  return { rule: 'G01', missing: unexplained };
}
