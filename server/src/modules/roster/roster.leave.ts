/**
 * Leave (请假), docs/roster.md: asked of one's own supervisor for a shift of the published
 * roster; decided by that supervisor before the shift begins. A request that breaks a rule
 * (`leaveRefusal`) is kept as void with its reason, so the absence that may follow (G04)
 * shows what was asked and why it did not count.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { leaveRefusal, type LeaveKind } from '@kefu/shared/domain/roster/leave';
import { remainingAfter } from '@kefu/shared/domain/roster/coverage';
import { shiftStart } from '@kefu/shared/domain/roster/shifts';
import type { LeaveView } from '@kefu/shared/schemas/roster';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { affectedRows } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { rosterRepository as repo } from './roster.repository.ts';

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);

export class LeaveService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  private readonly select = `SELECT l.*, DATE_FORMAT(l.day, '%Y-%m-%d') AS day, s.display_name AS name FROM leave_request l JOIN staff s ON s.id = l.staff_id`;

  private async view(tx: Pick<EntityManager, 'query'>, r: Row): Promise<LeaveView> {
    const day = String(r.day);
    const shift = await repo.shiftOn(tx, Number(r.staff_id), day);
    const remaining = [];
    if (shift) {
      const counts = await repo.counts(tx, day, shift.templateId);
      // Before it is granted: what stays if it is; once granted, the counts already leave them out.
      remaining.push({ day, templateId: shift.templateId, counts: r.status === 'approved' ? counts : remainingAfter(counts, shift.role) });
    }
    return {
      id: Number(r.id),
      staffId: Number(r.staff_id),
      name: String(r.name),
      day,
      kind: r.kind as LeaveKind,
      reason: String(r.reason),
      supervisorId: Number(r.supervisor_id),
      status: r.status as LeaveView['status'],
      voidReason: (r.void_reason as string | null) ?? null,
      shiftStart: iso(r.shift_start)!,
      askedAt: iso(r.asked_at)!,
      decidedBy: r.decided_by === null ? null : Number(r.decided_by),
      decidedAt: iso(r.decided_at),
      decisionNote: (r.decision_note as string | null) ?? null,
      version: Number(r.version),
      remaining,
    };
  }

  private async one(tx: Pick<EntityManager, 'query'>, id: number, lock = false): Promise<Row> {
    const rows = (await tx.query(`${this.select} WHERE l.id = ?${lock ? ' FOR UPDATE' : ''}`, [id])) as Row[];
    if (!rows[0]) throw new AppError('not_found', `No leave request ${id}`);
    return rows[0];
  }

  /** The supervisor sees the requests asked of them; others their own. */
  async list(month: string, actor: Actor): Promise<LeaveView[]> {
    const supervisor = actor.roles.includes('supervisor');
    const rows = (await this.db.query(
      `${this.select} WHERE l.day >= ? AND l.day <= LAST_DAY(?) AND (l.staff_id = ?${supervisor ? ' OR l.supervisor_id = ?' : ''}) ORDER BY l.id DESC`,
      supervisor ? [`${month}-01`, `${month}-01`, actor.id, actor.id] : [`${month}-01`, `${month}-01`, actor.id],
    )) as Row[];
    const views: LeaveView[] = [];
    for (const r of rows) views.push(await this.view(this.db.manager, r));
    return views;
  }

  async ask(input: { day: string; kind: LeaveKind; reason: string; supervisorId: number }, actor: Actor): Promise<LeaveView> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const view = await this.db.transaction(async (tx) => {
      const shift = await repo.shiftOn(tx, actor.id, input.day, true);
      if (!shift || shift.monthStatus !== 'published') throw new AppError('conflict', `You have no shift on ${input.day} in the published roster`, { reason: 'leave_no_shift', day: input.day });
      const open = (await tx.query("SELECT id FROM leave_request WHERE staff_id = ? AND day = ? AND status IN ('asked', 'approved')", [actor.id, input.day])) as unknown[];
      if (open.length > 0) throw new AppError('conflict', `You have asked leave for ${input.day} already`, { reason: 'leave_open', day: input.day });
      const supervisorRoles = await repo.rolesOf(tx, input.supervisorId);
      if (supervisorRoles.length === 0) throw new AppError('invalid', `supervisorId: no active staff member ${input.supervisorId}`, { field: 'supervisorId' });
      const startsAt = shiftStart(shift.day, shift.segments, this.tz);
      const refusal = leaveRefusal({ now, kind: input.kind, shift: { kind: shift.kind, startsAt, holiday: shift.holiday !== null }, askedOfSupervisor: supervisorRoles.includes('supervisor') && input.supervisorId !== actor.id });
      const result = (await tx.query(
        'INSERT INTO leave_request (staff_id, day, kind, reason, supervisor_id, status, void_reason, shift_start, asked_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
        [actor.id, input.day, input.kind, input.reason, input.supervisorId, refusal ? 'void' : 'asked', refusal, startsAt, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await audit(tx, { actorId: actor.id, action: 'roster.leave.ask', entity: 'leave_request', entityId: id, details: { ...input, void: refusal }, ip: actor.ip, at: now });
      if (!refusal) notes = await notificationsRepository.insert(tx, [{ staffId: input.supervisorId, kind: 'leave.asked', payload: { leaveId: id, month: input.day.slice(0, 7) } }], now);
      return this.view(tx, await this.one(tx, id));
    });
    pushNotifications(this.io, notes);
    this.io.to([rooms.staff(actor.id), rooms.role('supervisor')]).emit('roster:changed', { month: input.day.slice(0, 7), version: 0 });
    return view;
  }

  private async move(id: number, version: number, actor: Actor, to: 'approved' | 'refused' | 'cancelled', note: string | undefined): Promise<LeaveView> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const view = await this.db.transaction(async (tx) => {
      const r = await this.one(tx, id, true);
      if (to === 'cancelled' ? Number(r.staff_id) !== actor.id : Number(r.supervisor_id) !== actor.id || !actor.roles.includes('supervisor')) {
        throw new AppError('forbidden', to === 'cancelled' ? 'Only the person who asked can cancel it' : 'Only the supervisor it was asked of decides it');
      }
      if (Number(r.version) !== version) throw new AppError('conflict', 'Someone else has changed this leave request; reload it', { reason: 'stale' });
      if (String(r.status) !== 'asked') throw new AppError('conflict', `A leave request that is ${String(r.status)} cannot be ${to}`, { reason: 'leave_status', status: r.status });
      if (to !== 'cancelled' && now.getTime() >= new Date(r.shift_start as Date).getTime()) throw new AppError('conflict', 'The shift has begun: decide leave before it', { reason: 'shift_begun' });
      const result = await tx.query('UPDATE leave_request SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, version = version + 1 WHERE id = ? AND version = ?', [to, actor.id, now, note ?? null, id, version]);
      if (affectedRows(result) !== 1) throw new AppError('conflict', 'Someone else has changed this leave request; reload it', { reason: 'stale' });
      await audit(tx, { actorId: actor.id, action: `roster.leave.${to}`, entity: 'leave_request', entityId: id, details: { note: note ?? null }, ip: actor.ip, at: now });
      const recipient = to === 'cancelled' ? Number(r.supervisor_id) : Number(r.staff_id);
      notes = await notificationsRepository.insert(tx, [{ staffId: recipient, kind: `leave.${to}`, payload: { leaveId: id, month: String(r.day).slice(0, 7) } }], now);
      return this.view(tx, await this.one(tx, id));
    });
    pushNotifications(this.io, notes);
    this.io.to([rooms.staff(view.staffId), rooms.role('supervisor')]).emit('roster:changed', { month: view.day.slice(0, 7), version: 0 });
    return view;
  }

  decide(id: number, input: { version: number; approve: boolean; note?: string | undefined }, actor: Actor): Promise<LeaveView> {
    return this.move(id, input.version, actor, input.approve ? 'approved' : 'refused', input.note);
  }

  cancel(id: number, version: number, actor: Actor): Promise<LeaveView> {
    return this.move(id, version, actor, 'cancelled', undefined);
  }
}
