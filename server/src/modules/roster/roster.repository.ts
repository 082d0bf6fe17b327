/** The roster's reads and row-level writes (SQL); the services hold the rules and transactions. */
import type { EntityManager } from 'typeorm';
import { parseSegments, ROSTER_ROLES, type RosterRole, type Segment, type ShiftGroup, type ShiftKind } from '@kefu/shared/domain/roster/shifts';
import type { RosterCell, ShiftTemplateView } from '@kefu/shared/schemas/roster';

type Q = Pick<EntityManager, 'query'>;
type Row = Record<string, unknown>;

export interface MonthRow {
  month: string;
  status: 'draft' | 'published';
  version: number;
  publishedAt: Date | null;
}

export interface Person {
  staffId: number;
  name: string;
  roles: RosterRole[];
  allRoles: string[];
}

export const rosterRepository = {
  async templates(tx: Q): Promise<ShiftTemplateView[]> {
    const rows = (await tx.query('SELECT id, code, shift_group, kind, name_zh, name_en, segments, version FROM shift_template ORDER BY id')) as Row[];
    return rows.map((r) => ({
      id: Number(r.id),
      code: String(r.code),
      group: r.shift_group as ShiftGroup,
      kind: r.kind as ShiftKind,
      nameZh: String(r.name_zh),
      nameEn: String(r.name_en),
      segments: parseSegments(String(r.segments)),
      version: Number(r.version),
    }));
  },

  async holidays(tx: Q, from: string, to: string): Promise<Array<{ day: string; name: string }>> {
    const rows = (await tx.query("SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, name FROM holiday WHERE day >= ? AND day <= ? ORDER BY day", [from, to])) as Row[];
    return rows.map((r) => ({ day: String(r.day), name: String(r.name) }));
  },

  async month(tx: Q, month: string, lock = false): Promise<MonthRow | null> {
    const rows = (await tx.query(`SELECT month, status, version, published_at FROM roster_month WHERE month = ?${lock ? ' FOR UPDATE' : ''}`, [month])) as Row[];
    const r = rows[0];
    return r ? { month: String(r.month), status: r.status as MonthRow['status'], version: Number(r.version), publishedAt: r.published_at ? new Date(r.published_at as Date) : null } : null;
  },

  /** Active staff employed at some time in [first, last] holding a role the roster places. */
  async people(tx: Q, first: string, last: string): Promise<Person[]> {
    const rows = (await tx.query(
      `SELECT s.id, s.display_name, GROUP_CONCAT(r.role ORDER BY r.role SEPARATOR ',') AS roles
       FROM staff s JOIN staff_role r ON r.staff_id = s.id
       WHERE s.active = 1 AND s.employed_from <= ? AND (s.employed_until IS NULL OR s.employed_until >= ?)
       GROUP BY s.id, s.display_name ORDER BY s.id`,
      [last, first],
    )) as Row[];
    return rows
      .map((r) => {
        const allRoles = String(r.roles).split(',');
        return { staffId: Number(r.id), name: String(r.display_name), allRoles, roles: ROSTER_ROLES.filter((role) => allRoles.includes(role)) };
      })
      .filter((p) => p.roles.length > 0);
  },

  /** The cells of [first, last], each with its own times (segments). */
  async cells(tx: Q, first: string, last: string, staffId?: number): Promise<Array<RosterCell & { segments: Segment[] }>> {
    const rows = (await tx.query(
      `SELECT a.staff_id, DATE_FORMAT(a.day, '%Y-%m-%d') AS day, a.role, a.template_id, a.segments, a.swap_id,
              EXISTS (SELECT 1 FROM leave_request l WHERE l.staff_id = a.staff_id AND l.day = a.day AND l.status = 'approved') AS on_leave
       FROM roster_assignment a WHERE a.day >= ? AND a.day <= ?${staffId ? ' AND a.staff_id = ?' : ''} ORDER BY a.day, a.staff_id`,
      staffId ? [first, last, staffId] : [first, last],
    )) as Row[];
    return rows.map((r) => ({
      staffId: Number(r.staff_id),
      day: String(r.day),
      role: r.role as RosterRole,
      templateId: Number(r.template_id),
      segments: parseSegments(String(r.segments)),
      swapId: r.swap_id === null ? null : Number(r.swap_id),
      onLeave: Number(r.on_leave) === 1,
    }));
  },

  async duty(tx: Q, month: string): Promise<Array<{ day: string; staffId: number }>> {
    const rows = (await tx.query("SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, staff_id FROM roster_duty WHERE month = ? ORDER BY day", [month])) as Row[];
    return rows.map((r) => ({ day: String(r.day), staffId: Number(r.staff_id) }));
  },

  /** One person's shift on a day (any month status), with its template and holiday. */
  async shiftOn(tx: Q, staffId: number, day: string, lock = false): Promise<ShiftRow | null> {
    const rows = (await tx.query(
      `SELECT a.id, a.staff_id, DATE_FORMAT(a.day, '%Y-%m-%d') AS day, a.role, a.template_id, a.swap_id, a.month, m.status AS month_status,
              t.kind, t.shift_group, a.segments, h.name AS holiday
       FROM roster_assignment a JOIN shift_template t ON t.id = a.template_id
       LEFT JOIN roster_month m ON m.month = a.month LEFT JOIN holiday h ON h.day = a.day
       WHERE a.staff_id = ? AND a.day = ?${lock ? ' FOR UPDATE' : ''}`,
      [staffId, day],
    )) as Row[];
    const r = rows[0];
    return r ? toShiftRow(r) : null;
  },

  async days(tx: Q, staffId: number, from: string, to: string): Promise<string[]> {
    const rows = (await tx.query("SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day FROM roster_assignment WHERE staff_id = ? AND day >= ? AND day <= ?", [staffId, from, to])) as Row[];
    return rows.map((r) => String(r.day));
  },

  async rolesOf(tx: Q, staffId: number): Promise<string[]> {
    const rows = (await tx.query('SELECT r.role FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE r.staff_id = ? AND s.active = 1', [staffId])) as Row[];
    return rows.map((r) => String(r.role));
  },

  /** Role counts on one template on one day (the published or draft roster alike), without people on approved leave. */
  async counts(tx: Q, day: string, templateId: number): Promise<Record<RosterRole, number>> {
    const rows = (await tx.query(
      `SELECT a.role, COUNT(*) AS n FROM roster_assignment a
       WHERE a.day = ? AND a.template_id = ? AND NOT EXISTS (SELECT 1 FROM leave_request l WHERE l.staff_id = a.staff_id AND l.day = a.day AND l.status = 'approved')
       GROUP BY a.role`,
      [day, templateId],
    )) as Row[];
    const counts: Record<RosterRole, number> = { presale: 0, aftersale: 0, printer: 0 };
    for (const r of rows) if ((ROSTER_ROLES as readonly string[]).includes(String(r.role))) counts[r.role as RosterRole] = Number(r.n);
    return counts;
  },
};

export interface ShiftRow {
  id: number;
  staffId: number;
  day: string;
  month: string;
  monthStatus: 'draft' | 'published' | null;
  role: RosterRole;
  templateId: number;
  swapId: number | null;
  kind: ShiftKind;
  group: ShiftGroup;
  segments: ReturnType<typeof parseSegments>;
  holiday: string | null;
}

function toShiftRow(r: Row): ShiftRow {
  return {
    id: Number(r.id),
    staffId: Number(r.staff_id),
    day: String(r.day),
    month: String(r.month),
    monthStatus: (r.month_status as ShiftRow['monthStatus']) ?? null,
    role: r.role as RosterRole,
    templateId: Number(r.template_id),
    swapId: r.swap_id === null ? null : Number(r.swap_id),
    kind: r.kind as ShiftKind,
    group: r.shift_group as ShiftGroup,
    segments: parseSegments(String(r.segments)),
    holiday: (r.holiday as string | null) ?? null,
  };
}
