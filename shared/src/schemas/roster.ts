/** The duty roster's requests and answers (issue 14, docs/roster.md). */
import { z } from 'zod';
import { Day, Id, Month } from './common.ts';
import { plainText } from './text.ts';
import { LEAVE_KINDS } from '../domain/roster/leave.ts';
import { ROSTER_ROLES, SHIFT_GROUPS, SHIFT_KINDS } from '../domain/roster/shifts.ts';

const Text = (field: string, max: number) => plainText(z.string().trim().min(1, `${field} must not be empty`).max(max, `${field} is at most ${max} characters`), field, { multiline: max > 100 });
const OptionalText = (field: string, max: number) => plainText(z.string().trim().max(max, `${field} is at most ${max} characters`), field, { multiline: true });
const Version = z.number().int().positive();

export const MonthParams = z.object({ month: Month });
export const DayParams = z.object({ day: Day });
export const MonthQuery = z.object({ month: Month.optional() });

export const SegmentSchema = z.strictObject({
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'start must be a time HH:mm'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'end must be a time HH:mm'),
});

export const ShiftTemplateView = z.object({
  id: z.number().int(),
  code: z.string(),
  group: z.enum(SHIFT_GROUPS),
  kind: z.enum(SHIFT_KINDS),
  nameZh: z.string(),
  nameEn: z.string(),
  segments: z.array(SegmentSchema),
  version: z.number().int(),
});
export type ShiftTemplateView = z.output<typeof ShiftTemplateView>;

export const TemplateUpdate = z.strictObject({
  version: Version,
  nameZh: Text('nameZh', 40),
  nameEn: Text('nameEn', 40),
  segments: z.array(SegmentSchema).min(1, 'segments: at least one').max(4, 'segments: at most four'),
});

export const HolidayView = z.object({ day: z.string(), name: z.string() });
export const NewHoliday = z.strictObject({ day: Day, name: Text('name', 60) });
export const HolidaysQuery = z.object({ year: z.string().regex(/^\d{4}$/, 'year must be four digits').optional() });

export const RosterCell = z.object({
  staffId: z.number().int(),
  day: z.string(),
  role: z.enum(ROSTER_ROLES),
  templateId: z.number().int(),
  swapId: z.number().int().nullable(),
  onLeave: z.boolean(),
});
export type RosterCell = z.output<typeof RosterCell>;

export const CoverageView = z.object({
  day: z.string(),
  templateId: z.number().int(),
  counts: z.object({ presale: z.number().int(), aftersale: z.number().int(), printer: z.number().int() }),
  missing: z.array(z.enum(ROSTER_ROLES)),
});

export const RosterPerson = z.object({ staffId: z.number().int(), name: z.string(), roles: z.array(z.enum(ROSTER_ROLES)) });

export const RosterMonthView = z.object({
  month: z.string(),
  status: z.enum(['none', 'draft', 'published']),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  days: z.array(z.string()),
  people: z.array(RosterPerson),
  templates: z.array(ShiftTemplateView),
  holidays: z.array(HolidayView),
  cells: z.array(RosterCell),
  duty: z.array(z.object({ day: z.string(), staffId: z.number().int() })),
  coverage: z.array(CoverageView),
});
export type RosterMonthView = z.output<typeof RosterMonthView>;

export const GenerateRoster = z.strictObject({ version: z.number().int().nonnegative() });

export const CellsUpdate = z.strictObject({
  version: Version,
  cells: z
    .array(z.strictObject({ staffId: Id, day: Day, templateId: Id.nullable(), role: z.enum(ROSTER_ROLES).optional() }))
    .min(1, 'cells: at least one')
    .max(2000, 'cells: at most 2000'),
});

export const DutyUpdate = z.strictObject({
  version: Version,
  duty: z.array(z.strictObject({ day: Day, staffId: Id.nullable() })).min(1, 'duty: at least one').max(62, 'duty: at most 62'),
});

export const Publish = z.strictObject({ version: Version });

export const MyShift = z.object({
  assignmentId: z.number().int(),
  day: z.string(),
  role: z.enum(ROSTER_ROLES),
  template: ShiftTemplateView,
  starts: z.string(),
  ends: z.string(),
  holiday: z.string().nullable(),
  swapId: z.number().int().nullable(),
  onLeave: z.boolean(),
  duty: z.boolean(),
});
export const MyShifts = z.object({ month: z.string(), published: z.boolean(), shifts: z.array(MyShift), dutyDays: z.array(z.string()) });

export const TodayTeam = z.object({
  day: z.string(),
  holiday: z.string().nullable(),
  published: z.boolean(),
  duty: z.object({ staffId: z.number().int(), name: z.string() }).nullable(),
  shifts: z.array(
    z.object({
      template: ShiftTemplateView,
      people: z.array(z.object({ staffId: z.number().int(), name: z.string(), role: z.enum(ROSTER_ROLES), onLeave: z.boolean(), swapId: z.number().int().nullable() })),
    }),
  ),
});

export const ShiftQuery = z.object({ id: z.string().regex(/^[1-9][0-9]{0,15}$/, 'must be an id written in digits').transform(Number) });
export const ShiftView = z.object({
  assignmentId: z.number().int(),
  staffId: z.number().int(),
  name: z.string(),
  day: z.string(),
  role: z.enum(ROSTER_ROLES),
  template: ShiftTemplateView,
  holiday: z.string().nullable(),
  swapId: z.number().int().nullable(),
  onLeave: z.boolean(),
  published: z.boolean(),
});

// Swaps (换班)
export const SWAP_STATUSES = ['asked', 'accepted', 'approved', 'refused', 'cancelled'] as const;
const Remaining = z.object({ day: z.string(), templateId: z.number().int(), counts: z.object({ presale: z.number().int(), aftersale: z.number().int(), printer: z.number().int() }) });

export const NewSwap = z.strictObject({ requesterDay: Day, colleagueId: Id, colleagueDay: Day, note: Text('note', 500) });
export const SwapDecision = z.strictObject({ version: Version, approve: z.boolean(), note: OptionalText('note', 500).optional() });
export const VersionBody = z.strictObject({ version: Version });
export const SwapView = z.object({
  id: z.number().int(),
  month: z.string(),
  requesterId: z.number().int(),
  requesterName: z.string(),
  requesterDay: z.string(),
  colleagueId: z.number().int(),
  colleagueName: z.string(),
  colleagueDay: z.string(),
  note: z.string(),
  status: z.enum(SWAP_STATUSES),
  askedAt: z.string(),
  acceptedAt: z.string().nullable(),
  decidedBy: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().int(),
  /** Both shifts once the swap is done: how many of each role work them (shown before approving). */
  remaining: z.array(Remaining),
});
export type SwapView = z.output<typeof SwapView>;

// Leave (请假)
export const LEAVE_STATUSES = ['asked', 'approved', 'refused', 'cancelled', 'void'] as const;
export const NewLeave = z.strictObject({ day: Day, kind: z.enum(LEAVE_KINDS), reason: Text('reason', 500), supervisorId: Id });
export const LeaveDecision = SwapDecision;
export const LeaveView = z.object({
  id: z.number().int(),
  staffId: z.number().int(),
  name: z.string(),
  day: z.string(),
  kind: z.enum(LEAVE_KINDS),
  reason: z.string(),
  supervisorId: z.number().int(),
  status: z.enum(LEAVE_STATUSES),
  voidReason: z.string().nullable(),
  shiftStart: z.string(),
  askedAt: z.string(),
  decidedBy: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().int(),
  remaining: z.array(Remaining),
});
export type LeaveView = z.output<typeof LeaveView>;
