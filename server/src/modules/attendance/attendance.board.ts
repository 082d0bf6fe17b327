/**
 * The roster at this moment (issue 14, docs/attendance.md): who is on shift now, for chat
 * routing and for the supervisor's live board of who should be online against who is.
 * With no published roster for the current month, nobody is gated (the console behaves as
 * before the roster existed) and the board says so.
 */
import type { DataSource } from 'typeorm';
import { scoringMonth } from '@kefu/shared/domain/scoring/month';
import type { Board } from '@kefu/shared/schemas/attendance';
import type { PresenceStatus } from '@kefu/shared/schemas/chat';
import { isWorkingAt, shiftsOf, type ShiftInstance } from '../roster/roster.shifts.ts';
import type { ShiftGate } from '../chat/chat.routing.ts';
import { attendanceRepository, type Q } from './attendance.repository.ts';

export async function rosterPublishedFor(tx: Q, now: Date, tz: string): Promise<boolean> {
  const rows = (await tx.query(`SELECT 1 FROM roster_month WHERE month = ? AND status = 'published'`, [scoringMonth(now, tz)])) as unknown[];
  return rows.length > 0;
}

/** The shifts being worked at `now` (inside a segment, not on leave). */
export async function workingShifts(tx: Q, staffIds: readonly number[] | 'all', now: Date, tz: string): Promise<ShiftInstance[]> {
  const shifts = await shiftsOf(tx, staffIds, now, new Date(now.getTime() + 1), tz);
  return shifts.filter((s) => !s.onLeave && isWorkingAt(s, now));
}

/**
 * Of these people, who may be offered chats now: those on shift, when this month's roster
 * is published; null when it is not (then everyone online may be, as before).
 */
export async function onShiftNow(tx: Q, staffIds: readonly number[], now: Date, tz: string): Promise<Set<number> | null> {
  if (!(await rosterPublishedFor(tx, now, tz))) return null;
  return new Set((await workingShifts(tx, staffIds, now, tz)).map((s) => s.staffId));
}

export class AttendanceBoard {
  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  async now(): Promise<Board> {
    const now = this.clock();
    const tx = this.db.manager;
    const published = await rosterPublishedFor(tx, now, this.tz);
    const working = published ? await workingShifts(tx, 'all', now, this.tz) : [];
    const people = (await tx.query(
      `SELECT s.id, s.display_name AS displayName, GROUP_CONCAT(r.role ORDER BY r.role) AS roles, COALESCE(p.status, 'offline') AS status
       FROM staff s JOIN staff_role r ON r.staff_id = s.id LEFT JOIN agent_presence p ON p.staff_id = s.id
       WHERE s.active = 1 AND s.id IN (SELECT staff_id FROM staff_role WHERE role IN ('presale', 'aftersale', 'printer'))
       GROUP BY s.id, s.display_name, p.status ORDER BY s.id`,
    )) as Array<{ id: number; displayName: string; roles: string; status: PresenceStatus }>;
    const ids = people.map((p) => Number(p.id));
    const granted = await attendanceRepository.permissions(tx, { state: 'granted', overlapping: { from: now, to: new Date(now.getTime() + 1) } });
    const clocks = await attendanceRepository.clocks(tx, ids, new Date(now.getTime() - 16 * 3_600_000), new Date(now.getTime() + 1));
    const rows = people.map((p) => {
      const id = Number(p.id);
      const roles = String(p.roles ?? '').split(',').filter(Boolean);
      const shift = working.find((s) => s.staffId === id) ?? null;
      const agent = roles.includes('presale') || roles.includes('aftersale');
      const last = clocks.filter((c) => c.staffId === id).at(-1);
      const clockedIn = last?.kind === 'in';
      const permitted = granted.some((g) => g.staffId === id);
      const present = agent ? p.status === 'online' || p.status === 'away' : clockedIn;
      const mismatch = published && (shift ? !present && !permitted : agent && p.status === 'online');
      return { staffId: id, displayName: String(p.displayName), roles, onShift: Boolean(shift), shiftName: shift?.template.nameZh ?? null, status: p.status, permitted, mismatch, clockedIn };
    });
    return { at: now.toISOString(), rosterPublished: published, rows };
  }
}

/** The chat routing's view of the roster (chat.routing.ts `ShiftGate`): on shift now, or null with no published roster. */
export function rosterShiftGate(tz: string): ShiftGate {
  return { offerable: (tx, staffIds, now) => onShiftNow(tx, staffIds, now, tz) };
}
