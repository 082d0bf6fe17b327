/** Attendance's requests and answers (issue 14, docs/attendance.md): clocking, corrections (签卡), presence permissions, the live board. */
import { z } from 'zod';
import { CLOCK_KINDS, CORRECTION_STATUSES, PERMISSION_STATES, PERMISSION_STATUSES } from '../domain/attendance/clocking.ts';
import { Day, Instant, Month } from './common.ts';
import { PresenceStatus } from './chat.ts';
import { plainText } from './text.ts';

const Text = (field: string, max: number) => plainText(z.string().trim().min(1, `${field} must not be empty`).max(max, `${field} is at most ${max} characters`), field, { multiline: false });
const OptionalNote = plainText(z.string().trim().max(500, 'note is at most 500 characters'), 'note', { multiline: false }).optional();
const Version = z.number().int().positive();

export const ClockKind = z.enum(CLOCK_KINDS);
export type ClockKind = z.infer<typeof ClockKind>;

export const ClockBody = z.strictObject({ kind: ClockKind });

export const ClockEvent = z.object({ id: z.number().int(), staffId: z.number().int(), kind: ClockKind, at: z.string(), ip: z.string() });
export type ClockEvent = z.infer<typeof ClockEvent>;

export const NewCorrection = z.strictObject({
  /** The shift's day in the shop's zone. */
  day: Day,
  kind: ClockKind,
  /** When the person came (in) or left (out). */
  claimedAt: Instant,
  reason: Text('reason', 500),
});
export type NewCorrection = z.output<typeof NewCorrection>;

export const Decision = z.strictObject({ approve: z.boolean(), note: OptionalNote, version: Version });
export type Decision = z.output<typeof Decision>;

export const Correction = z.object({
  id: z.number().int(),
  staffId: z.number().int(),
  staffName: z.string(),
  day: z.string(),
  kind: ClockKind,
  shiftStart: z.string(),
  shiftEnd: z.string(),
  claimedAt: z.string(),
  reason: z.string(),
  status: z.enum(CORRECTION_STATUSES),
  requestedAt: z.string(),
  decidedBy: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().int(),
});
export type Correction = z.infer<typeof Correction>;

export const NewPermission = z
  .strictObject({
    status: z.enum(PERMISSION_STATUSES),
    from: Instant,
    until: Instant,
    reason: Text('reason', 500),
  })
  .refine((p) => Date.parse(p.until) > Date.parse(p.from), { message: 'until must be after from', path: ['until'] })
  .refine((p) => Date.parse(p.until) - Date.parse(p.from) <= 12 * 3_600_000, { message: 'a permission lasts at most 12 hours', path: ['until'] });
export type NewPermission = z.output<typeof NewPermission>;

export const Permission = z.object({
  id: z.number().int(),
  staffId: z.number().int(),
  staffName: z.string(),
  status: z.enum(PERMISSION_STATUSES),
  from: z.string(),
  until: z.string(),
  reason: z.string(),
  state: z.enum(PERMISSION_STATES),
  requestedAt: z.string(),
  decidedBy: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().int(),
});
export type Permission = z.infer<typeof Permission>;

export const CorrectionsQuery = z.strictObject({ status: z.enum(CORRECTION_STATUSES).optional() });
export const PermissionsQuery = z.strictObject({ state: z.enum(PERMISSION_STATES).optional() });
export const MonthQuery = z.strictObject({ month: Month.optional() });

/** One shift of the person's month with what its clocks say. */
export const MyShift = z.object({
  day: z.string(),
  name: z.string(),
  nameEn: z.string(),
  start: z.string(),
  end: z.string(),
  clockIn: z.string().nullable(),
  clockOut: z.string().nullable(),
  onLeave: z.boolean(),
  /** Clocks missing (once due) with no approved correction. */
  missing: z.array(ClockKind),
  /** Until when a correction may be asked for the missing clocks. */
  correctionDeadline: z.string().nullable(),
});
export type MyShift = z.infer<typeof MyShift>;

export const MyAttendance = z.object({
  month: z.string(),
  clocks: z.array(ClockEvent),
  lastClock: ClockEvent.nullable(),
  shifts: z.array(MyShift),
  corrections: z.array(Correction),
  approvedCorrections: z.number().int(),
  maxCorrections: z.number().int(),
  permissions: z.array(Permission),
});
export type MyAttendance = z.infer<typeof MyAttendance>;

/** The supervisor's live board: who should be online now (the published roster) against who is. */
export const BoardRow = z.object({
  staffId: z.number().int(),
  displayName: z.string(),
  roles: z.array(z.string()),
  /** On shift now by the roster (in a segment of a published shift, not on leave). */
  onShift: z.boolean(),
  shiftName: z.string().nullable(),
  status: PresenceStatus,
  /** A granted permission covering now. */
  permitted: z.boolean(),
  /** On shift and not online/away without permission, or off shift and online. */
  mismatch: z.boolean(),
  clockedIn: z.boolean(),
});
export const Board = z.object({ at: z.string(), rosterPublished: z.boolean(), rows: z.array(BoardRow) });
export type Board = z.infer<typeof Board>;
