/**
 * Permission to go offline or invisible during a shift (issue 14, docs/attendance.md):
 * the agent asks in the console with a reason and a time window; the supervisor grants
 * or refuses it there, live (both hear of it at once). Recorded with who and when; the
 * G03a detector subtracts granted windows from the absences it finds.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { Decision, NewPermission, Permission } from '@kefu/shared/schemas/attendance';
import type { PermissionState } from '@kefu/shared/domain/attendance/clocking';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { attendanceRepository } from './attendance.repository.ts';

/** A permission may start a little before it is asked (the agent asks as they go). */
const PAST_SLACK_MS = 10 * 60_000;

export class PermissionsService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
  ) {}

  async request(actor: Actor, input: NewPermission): Promise<Permission> {
    const now = this.clock();
    const from = new Date(input.from);
    const until = new Date(input.until);
    if (until.getTime() <= now.getTime() || from.getTime() < now.getTime() - PAST_SLACK_MS) {
      throw new AppError('invalid', 'A permission is asked for now or later, not for the past', { reason: 'permission_past', field: 'from' });
    }
    let notes: NotificationRecord[] = [];
    const permission = await this.db.transaction(async (tx) => {
      const result = (await tx.query(
        `INSERT INTO presence_permission (staff_id, status, from_at, until_at, reason, state, requested_at, version) VALUES (?, ?, ?, ?, ?, 'pending', ?, 1)`,
        [actor.id, input.status, from, until, input.reason, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await audit(tx, { actorId: actor.id, action: 'attendance.permission_request', entity: 'presence_permission', entityId: id, details: { status: input.status, from, until }, ip: actor.ip, at: now });
      const supervisors = await notificationsRepository.activeWithRoles(tx as EntityManager, ['supervisor']);
      notes = await notificationsRepository.insert(
        tx,
        supervisors.map((staffId) => ({ staffId, kind: 'attendance.permission', payload: { id, staffId: actor.id, name: actor.displayName, status: input.status, from: input.from, until: input.until } })),
        now,
      );
      return (await attendanceRepository.permission(tx, id))!;
    });
    pushNotifications(this.io, notes);
    this.emit(permission);
    return permission;
  }

  async list(state?: PermissionState): Promise<Permission[]> {
    return attendanceRepository.permissions(this.db.manager, { state });
  }

  /** The supervisor grants or refuses a pending request (guarded by its version). */
  async decide(id: number, decision: Decision, actor: Actor): Promise<Permission> {
    return this.move(id, decision.version, actor, decision.approve ? 'granted' : 'refused', decision.note ?? null);
  }

  /** The agent takes back their own request while it is pending. */
  async withdraw(id: number, version: number, actor: Actor): Promise<Permission> {
    return this.move(id, version, actor, 'withdrawn', null);
  }

  private async move(id: number, version: number, actor: Actor, state: Exclude<PermissionState, 'pending'>, note: string | null): Promise<Permission> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const permission = await this.db.transaction(async (tx) => {
      const current = await attendanceRepository.permission(tx, id, true);
      if (!current) throw new AppError('not_found', `No permission request ${id}`);
      if (state === 'withdrawn' && current.staffId !== actor.id) throw new AppError('forbidden', 'Only the person who asked may withdraw it');
      if (current.state !== 'pending') throw new AppError('conflict', 'The request was decided already', { reason: 'request_decided', status: current.state });
      if (current.version !== version) throw new AppError('conflict', 'The request changed meanwhile', { reason: 'stale', version: current.version });
      const decider = state === 'withdrawn' ? null : actor.id;
      await tx.query('UPDATE presence_permission SET state = ?, decided_by = ?, decided_at = ?, decision_note = ?, version = version + 1 WHERE id = ? AND version = ?', [
        state,
        decider,
        now,
        note || null,
        id,
        version,
      ]);
      await audit(tx, { actorId: actor.id, action: `attendance.permission_${state}`, entity: 'presence_permission', entityId: id, details: { staffId: current.staffId }, ip: actor.ip, at: now });
      if (state !== 'withdrawn') {
        notes = await notificationsRepository.insert(tx, [{ staffId: current.staffId, kind: 'attendance.permission_decided', payload: { id, state, status: current.status, from: current.from, until: current.until } }], now);
      }
      return (await attendanceRepository.permission(tx, id))!;
    });
    pushNotifications(this.io, notes);
    this.emit(permission);
    return permission;
  }

  private emit(permission: Permission): void {
    this.io.to([rooms.staff(permission.staffId), rooms.role('supervisor')]).emit('attendance:changed', { kind: 'permission', id: permission.id, staffId: permission.staffId });
  }
}
