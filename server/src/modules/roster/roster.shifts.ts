/**
 * The roster as other modules read it (chat routing, the attendance detectors): who works
 * when, as UTC instants. Only published months count — a draft decides nothing.
 */
import type { EntityManager } from 'typeorm';
import { shopDay } from '@kefu/shared/domain/scoring/month';
import { addDays, parseSegments, segmentInstants, type Interval, type RosterRole, type Segment, type ShiftGroup, type ShiftKind } from '@kefu/shared/domain/roster/shifts';

/** Anything that can run a query: the DataSource's manager or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;

export interface ShiftInstance {
  /** roster_assignment.id: the evidence id of a shift (kind 'shift'). */
  assignmentId: number;
  staffId: number;
  /** The role the person works this shift in. */
  role: RosterRole;
  /** The shop day (YYYY-MM-DD). */
  date: string;
  /** The template, with the shift's own segments (kept from when it was rostered, not the template's current times). */
  template: { id: number; code: string; group: ShiftGroup; kind: ShiftKind; nameZh: string; nameEn: string; segments: Segment[] };
  /** The segments on that day, as UTC instants, in order. */
  segments: Interval[];
  /** A public holiday in the supervisor's calendar. */
  holiday: boolean;
  /** The approved swap that put this person on this shift, or null. */
  swapId: number | null;
  /** An approved leave covers it: the person is excused. */
  onLeave: boolean;
}

type Row = Record<string, unknown>;

/**
 * Every published shift of the people asked for (or 'all') with a segment overlapping
 * [fromUtc, toUtc), ordered by start then person.
 */
export async function shiftsOf(tx: Queryable, staffIds: readonly number[] | 'all', fromUtc: Date, toUtc: Date, tz: string): Promise<ShiftInstance[]> {
  if (staffIds !== 'all' && staffIds.length === 0) return [];
  if (toUtc.getTime() <= fromUtc.getTime()) return [];
  // Days whose shifts may touch the window: a day on either side is plenty for same-day segments.
  const firstDay = addDays(shopDay(fromUtc, tz), -1);
  const lastDay = addDays(shopDay(toUtc, tz), 1);
  const params: unknown[] = [firstDay, lastDay];
  let who = '';
  if (staffIds !== 'all') {
    who = `AND a.staff_id IN (${staffIds.map(() => '?').join(',')})`;
    params.push(...staffIds);
  }
  const rows = (await tx.query(
    `SELECT a.id, a.staff_id AS staffId, a.role, DATE_FORMAT(a.day, '%Y-%m-%d') AS day, a.swap_id AS swapId,
            t.id AS templateId, t.code, t.shift_group AS shiftGroup, t.kind, t.name_zh AS nameZh, t.name_en AS nameEn, a.segments,
            (h.day IS NOT NULL) AS holiday,
            EXISTS (SELECT 1 FROM leave_request l WHERE l.staff_id = a.staff_id AND l.day = a.day AND l.status = 'approved') AS onLeave
     FROM roster_assignment a
     JOIN roster_month m ON m.month = a.month AND m.status = 'published'
     JOIN shift_template t ON t.id = a.template_id
     LEFT JOIN holiday h ON h.day = a.day
     WHERE a.day >= ? AND a.day <= ? ${who}
     ORDER BY a.day, a.staff_id`,
    params,
  )) as Row[];
  const shifts: ShiftInstance[] = [];
  for (const row of rows) {
    const segments = parseSegments(String(row.segments));
    const day = String(row.day);
    const instants = segmentInstants(day, segments, tz);
    if (!instants.some((s) => s.start < toUtc && s.end > fromUtc)) continue;
    shifts.push({
      assignmentId: Number(row.id),
      staffId: Number(row.staffId),
      role: row.role as RosterRole,
      date: day,
      template: { id: Number(row.templateId), code: String(row.code), group: row.shiftGroup as ShiftGroup, kind: row.kind as ShiftKind, nameZh: String(row.nameZh), nameEn: String(row.nameEn), segments },
      segments: instants,
      holiday: Number(row.holiday) === 1,
      swapId: row.swapId === null || row.swapId === undefined ? null : Number(row.swapId),
      onLeave: Number(row.onLeave) === 1,
    });
  }
  return shifts.sort((a, b) => (a.segments[0]?.start.getTime() ?? 0) - (b.segments[0]?.start.getTime() ?? 0) || a.staffId - b.staffId);
}

/** Whether an instant falls inside one of a shift's segments (not in its break). */
export function isWorkingAt(shift: Pick<ShiftInstance, 'segments'>, at: Date): boolean {
  return shift.segments.some((s) => s.start <= at && at < s.end);
}
