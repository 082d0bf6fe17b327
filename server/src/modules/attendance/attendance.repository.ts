/** Reads of the attendance tables, shared by the services, the board and the detectors. */
import type { EntityManager } from 'typeorm';
import type { ClockKind, CorrectionStatus, PermissionState, PermissionStatus } from '@kefu/shared/domain/attendance/clocking';
import type { PresenceChange } from '@kefu/shared/domain/attendance/presence';
import type { ClockEvent, Correction, Permission } from '@kefu/shared/schemas/attendance';
import type { PresenceStatus } from '@kefu/shared/schemas/chat';

export type Q = Pick<EntityManager, 'query'>;
type Row = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function clockView(r: Row): ClockEvent {
  return { id: Number(r.id), staffId: Number(r.staff_id), kind: r.kind as ClockKind, at: iso(r.at)!, ip: String(r.ip) };
}

export function correctionView(r: Row): Correction {
  return {
    id: Number(r.id),
    staffId: Number(r.staff_id),
    staffName: String(r.staff_name ?? ''),
    day: String(r.day),
    kind: r.kind as ClockKind,
    shiftStart: iso(r.shift_start)!,
    shiftEnd: iso(r.shift_end)!,
    claimedAt: iso(r.claimed_at)!,
    reason: String(r.reason),
    status: r.status as CorrectionStatus,
    requestedAt: iso(r.requested_at)!,
    decidedBy: numOrNull(r.decided_by),
    decidedAt: iso(r.decided_at),
    decisionNote: (r.decision_note as string | null) ?? null,
    version: Number(r.version),
  };
}

export function permissionView(r: Row): Permission {
  return {
    id: Number(r.id),
    staffId: Number(r.staff_id),
    staffName: String(r.staff_name ?? ''),
    status: r.status as PermissionStatus,
    from: iso(r.from_at)!,
    until: iso(r.until_at)!,
    reason: String(r.reason),
    state: r.state as PermissionState,
    requestedAt: iso(r.requested_at)!,
    decidedBy: numOrNull(r.decided_by),
    decidedAt: iso(r.decided_at),
    decisionNote: (r.decision_note as string | null) ?? null,
    version: Number(r.version),
  };
}

const CORRECTION_SELECT = `SELECT c.*, DATE_FORMAT(c.shift_day, '%Y-%m-%d') AS day, s.display_name AS staff_name FROM attendance_correction c JOIN staff s ON s.id = c.staff_id`;
const PERMISSION_SELECT = `SELECT p.*, s.display_name AS staff_name FROM presence_permission p JOIN staff s ON s.id = p.staff_id`;

export const attendanceRepository = {
  async clocks(tx: Q, staffIds: readonly number[], from: Date, to: Date): Promise<ClockEvent[]> {
    if (staffIds.length === 0) return [];
    const rows = (await tx.query(`SELECT * FROM attendance_clock WHERE staff_id IN (${staffIds.map(() => '?').join(',')}) AND at >= ? AND at < ? ORDER BY at, id`, [
      ...staffIds,
      from,
      to,
    ])) as Row[];
    return rows.map(clockView);
  },

  async lastClock(tx: Q, staffId: number): Promise<ClockEvent | null> {
    const rows = (await tx.query('SELECT * FROM attendance_clock WHERE staff_id = ? ORDER BY at DESC, id DESC LIMIT 1', [staffId])) as Row[];
    return rows[0] ? clockView(rows[0]) : null;
  },

  async correction(tx: Q, id: number, lock = false): Promise<Correction | null> {
    const rows = (await tx.query(`${CORRECTION_SELECT} WHERE c.id = ?${lock ? ' FOR UPDATE' : ''}`, [id])) as Row[];
    return rows[0] ? correctionView(rows[0]) : null;
  },

  async corrections(tx: Q, where: { staffId?: number; status?: CorrectionStatus; fromDay?: string; toDay?: string }): Promise<Correction[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (where.staffId !== undefined) (clauses.push('c.staff_id = ?'), params.push(where.staffId));
    if (where.status !== undefined) (clauses.push('c.status = ?'), params.push(where.status));
    if (where.fromDay !== undefined) (clauses.push('c.shift_day >= ?'), params.push(where.fromDay));
    if (where.toDay !== undefined) (clauses.push('c.shift_day <= ?'), params.push(where.toDay));
    const rows = (await tx.query(`${CORRECTION_SELECT}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY c.requested_at DESC, c.id DESC LIMIT 500`, params)) as Row[];
    return rows.map(correctionView);
  },

  /** Approved corrections of a person for shifts in the month (YYYY-MM). */
  async approvedInMonth(tx: Q, staffId: number, month: string): Promise<number> {
    const rows = (await tx.query(`SELECT COUNT(*) AS n FROM attendance_correction WHERE staff_id = ? AND status = 'approved' AND DATE_FORMAT(shift_day, '%Y-%m') = ?`, [
      staffId,
      month,
    ])) as Array<{ n: number }>;
    return Number(rows[0]?.n ?? 0);
  },

  async permission(tx: Q, id: number, lock = false): Promise<Permission | null> {
    const rows = (await tx.query(`${PERMISSION_SELECT} WHERE p.id = ?${lock ? ' FOR UPDATE' : ''}`, [id])) as Row[];
    return rows[0] ? permissionView(rows[0]) : null;
  },

  async permissions(tx: Q, where: { staffId?: number; state?: PermissionState; overlapping?: { from: Date; to: Date } }): Promise<Permission[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (where.staffId !== undefined) (clauses.push('p.staff_id = ?'), params.push(where.staffId));
    if (where.state !== undefined) (clauses.push('p.state = ?'), params.push(where.state));
    if (where.overlapping) (clauses.push('p.from_at < ? AND p.until_at > ?'), params.push(where.overlapping.to, where.overlapping.from));
    const rows = (await tx.query(`${PERMISSION_SELECT}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY p.requested_at DESC, p.id DESC LIMIT 500`, params)) as Row[];
    return rows.map(permissionView);
  },

  /** The presence log of some people: the last status before `from` and every change in [from, to). */
  async presence(tx: Q, staffIds: readonly number[], from: Date, to: Date): Promise<Map<number, { initial: PresenceStatus; changes: PresenceChange[] }>> {
    const out = new Map<number, { initial: PresenceStatus; changes: PresenceChange[] }>();
    for (const id of staffIds) out.set(id, { initial: 'offline', changes: [] });
    if (staffIds.length === 0) return out;
    const marks = staffIds.map(() => '?').join(',');
    const before = (await tx.query(
      `SELECT l.staff_id AS staffId, l.status FROM agent_presence_log l
       JOIN (SELECT staff_id, MAX(id) AS id FROM agent_presence_log WHERE staff_id IN (${marks}) AND at < ? GROUP BY staff_id) last ON last.id = l.id`,
      [...staffIds, from],
    )) as Array<{ staffId: number; status: PresenceStatus }>;
    for (const row of before) out.get(Number(row.staffId))!.initial = row.status;
    const changes = (await tx.query(`SELECT staff_id AS staffId, status, at FROM agent_presence_log WHERE staff_id IN (${marks}) AND at >= ? AND at < ? ORDER BY at, id`, [
      ...staffIds,
      from,
      to,
    ])) as Array<{ staffId: number; status: PresenceStatus; at: Date }>;
    for (const row of changes) out.get(Number(row.staffId))!.changes.push({ status: row.status, at: new Date(row.at) });
    return out;
  },
};
