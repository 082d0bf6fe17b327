/**
 * Clocking (打卡) and corrections (签卡), issue 14 (docs/attendance.md). A clock records
 * the time, the IP Express gives (`req.ip`, which follows the app's trust-proxy setting)
 * and who; a correction explains a missing clock of one's own published shift within 2
 * days, and the supervisor approves at most 3 a month per person. Every write is one
 * transaction with its audit line; the people concerned hear of it after the commit.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import {
  approvalRefusal,
  clocksOfShift,
  correctionDeadline,
  correctionRefusal,
  missingClocks,
  MAX_CORRECTIONS_PER_MONTH,
  type ClockKind,
  type CorrectionRefusal,
  type ShiftSpan,
} from '@kefu/shared/domain/attendance/clocking';
import { monthBounds, scoringMonth } from '@kefu/shared/domain/scoring/month';
import type { ClockEvent, Correction, Decision, MyAttendance, MyShift, NewCorrection } from '@kefu/shared/schemas/attendance';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { shiftsOf, type ShiftInstance } from '../roster/roster.shifts.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { attendanceRepository } from './attendance.repository.ts';

/** A click twice (or a retry) within this long records one clock. */
const SAME_CLOCK_MS = 60_000;
const HOUR = 3_600_000;

export function spanOf(shift: Pick<ShiftInstance, 'segments'>): ShiftSpan {
  return { start: shift.segments[0]!.start, end: shift.segments.at(-1)!.end };
}

const REFUSAL_MESSAGES: Record<CorrectionRefusal, string> = {
  correction_not_due: 'That clock is not due yet',
  correction_not_missing: 'That clock is not missing',
  correction_too_late: 'A missing clock must be explained within 2 days',
  correction_monthly_limit: `At most ${MAX_CORRECTIONS_PER_MONTH} corrections are approved a month`,
  correction_claimed_outside: 'The time given is not near that shift',
};

export class AttendanceService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  /** Records a clock-in or clock-out. The same kind again within a minute is the same clock (a double click, a retry). */
  async clockIn(actor: Actor, kind: ClockKind): Promise<ClockEvent> {
    const now = this.clock();
    const event = await this.db.transaction(async (tx) => {
      // One person's clocks are written one at a time.
      await tx.query('SELECT id FROM staff WHERE id = ? FOR UPDATE', [actor.id]);
      const last = await attendanceRepository.lastClock(tx, actor.id);
      if (last && last.kind === kind && now.getTime() - Date.parse(last.at) < SAME_CLOCK_MS) return last;
      const ip = actor.ip ?? 'unknown';
      const result = (await tx.query('INSERT INTO attendance_clock (staff_id, kind, at, ip, by_staff_id) VALUES (?, ?, ?, ?, ?)', [actor.id, kind, now, ip, actor.id])) as { insertId: number };
      await audit(tx, { actorId: actor.id, action: `attendance.clock_${kind}`, entity: 'attendance_clock', entityId: result.insertId, details: { kind }, ip: actor.ip, at: now });
      return { id: Number(result.insertId), staffId: actor.id, kind, at: now.toISOString(), ip };
    });
    this.emit(actor.id, 'clock', event.id);
    return event;
  }

  /** The person's month: clocks, shifts with what is missing, corrections, permissions. */
  async mine(actor: Actor, month?: string): Promise<MyAttendance> {
    const now = this.clock();
    const m = month ?? scoringMonth(now, this.tz);
    const { start, end } = monthBounds(m, this.tz);
    const tx = this.db.manager;
    const shifts = (await shiftsOf(tx, [actor.id], start, end, this.tz)).filter((s) => s.date.startsWith(m));
    const clocks = await attendanceRepository.clocks(tx, [actor.id], new Date(start.getTime() - 2 * HOUR), new Date(end.getTime() + 4 * HOUR));
    const corrections = await attendanceRepository.corrections(tx, { staffId: actor.id, fromDay: `${m}-01`, toDay: `${m}-31` });
    const asClocks = clocks.map((c) => ({ kind: c.kind, at: new Date(c.at) }));
    const mineShifts: MyShift[] = shifts.map((shift) => {
      const span = spanOf(shift);
      const found = clocksOfShift(span, asClocks);
      const missing = shift.onLeave
        ? []
        : missingClocks(span, asClocks, now).filter((kind) => !corrections.some((c) => c.day === shift.date && c.kind === kind && c.status === 'approved'));
      return {
        day: shift.date,
        name: shift.template.nameZh,
        nameEn: shift.template.nameEn,
        start: span.start.toISOString(),
        end: span.end.toISOString(),
        clockIn: found.in?.toISOString() ?? null,
        clockOut: found.out?.toISOString() ?? null,
        onLeave: shift.onLeave,
        missing,
        correctionDeadline: missing.length ? correctionDeadline(span, missing[0]!).toISOString() : null,
      };
    });
    return {
      month: m,
      clocks: clocks.filter((c) => Date.parse(c.at) >= start.getTime() && Date.parse(c.at) < end.getTime()),
      lastClock: await attendanceRepository.lastClock(tx, actor.id),
      shifts: mineShifts,
      corrections,
      approvedCorrections: corrections.filter((c) => c.status === 'approved').length,
      maxCorrections: MAX_CORRECTIONS_PER_MONTH,
      permissions: await attendanceRepository.permissions(tx, { staffId: actor.id }),
    };
  }

  /** Asks to explain a missing clock of one's own shift (签卡). */
  async requestCorrection(actor: Actor, input: NewCorrection): Promise<Correction> {
    const now = this.clock();
    const claimedAt = new Date(input.claimedAt);
    let notes: NotificationRecord[] = [];
    const correction = await this.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM staff WHERE id = ? FOR UPDATE', [actor.id]);
      const shift = await this.shiftOn(tx, actor.id, input.day);
      const span = spanOf(shift);
      const clocks = (await attendanceRepository.clocks(tx, [actor.id], new Date(span.start.getTime() - 2 * HOUR), new Date(span.end.getTime() + 4 * HOUR + 1))).map((c) => ({
        kind: c.kind,
        at: new Date(c.at),
      }));
      const approvedThisMonth = await attendanceRepository.approvedInMonth(tx, actor.id, input.day.slice(0, 7));
      const refusal = correctionRefusal({ shift: span, kind: input.kind, claimedAt, clocks, approvedThisMonth, now });
      if (refusal) {
        throw new AppError(refusal === 'correction_claimed_outside' ? 'invalid' : 'conflict', REFUSAL_MESSAGES[refusal], {
          reason: refusal,
          deadline: correctionDeadline(span, input.kind).toISOString(),
          max: MAX_CORRECTIONS_PER_MONTH,
        });
      }
      const existing = (await tx.query('SELECT id FROM attendance_correction WHERE staff_id = ? AND shift_day = ? AND kind = ?', [actor.id, input.day, input.kind])) as unknown[];
      if (existing.length) throw new AppError('conflict', 'A correction for that clock was asked already', { reason: 'correction_exists' });
      const result = (await tx.query(
        `INSERT INTO attendance_correction (staff_id, shift_day, kind, shift_start, shift_end, claimed_at, reason, status, requested_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, 1)`,
        [actor.id, input.day, input.kind, span.start, span.end, claimedAt, input.reason, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await audit(tx, { actorId: actor.id, action: 'attendance.correction_request', entity: 'attendance_correction', entityId: id, details: { day: input.day, kind: input.kind }, ip: actor.ip, at: now });
      const supervisors = await notificationsRepository.activeWithRoles(tx as EntityManager, ['supervisor']);
      notes = await notificationsRepository.insert(tx, supervisors.map((staffId) => ({ staffId, kind: 'attendance.correction', payload: { id, staffId: actor.id, name: actor.displayName, day: input.day, clock: input.kind } })), now);
      return (await attendanceRepository.correction(tx, id))!;
    });
    pushNotifications(this.io, notes);
    this.emit(actor.id, 'correction', correction.id);
    return correction;
  }

  async corrections(status?: Correction['status']): Promise<Correction[]> {
    return attendanceRepository.corrections(this.db.manager, { status });
  }

  /** The supervisor approves or refuses; at most 3 approved per person and month. */
  async decideCorrection(id: number, decision: Decision, actor: Actor): Promise<Correction> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const correction = await this.db.transaction(async (tx) => {
      const pre = await attendanceRepository.correction(tx, id);
      if (!pre) throw new AppError('not_found', `No correction ${id}`);
      // The person's row first (as when asking), then the request: approvals of one person queue up.
      await tx.query('SELECT id FROM staff WHERE id = ? FOR UPDATE', [pre.staffId]);
      const current = (await attendanceRepository.correction(tx, id, true))!;
      if (current.status !== 'pending') throw new AppError('conflict', 'The correction was decided already', { reason: 'request_decided', status: current.status });
      if (current.version !== decision.version) throw new AppError('conflict', 'The correction changed meanwhile', { reason: 'stale', version: current.version });
      if (decision.approve) {
        const refusal = approvalRefusal(await attendanceRepository.approvedInMonth(tx, current.staffId, current.day.slice(0, 7)));
        if (refusal) throw new AppError('conflict', REFUSAL_MESSAGES[refusal], { reason: refusal, max: MAX_CORRECTIONS_PER_MONTH });
      }
      const status = decision.approve ? 'approved' : 'refused';
      await tx.query('UPDATE attendance_correction SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, version = version + 1 WHERE id = ? AND version = ?', [
        status,
        actor.id,
        now,
        decision.note || null,
        id,
        current.version,
      ]);
      await audit(tx, { actorId: actor.id, action: `attendance.correction_${status}`, entity: 'attendance_correction', entityId: id, details: { staffId: current.staffId, day: current.day, kind: current.kind }, ip: actor.ip, at: now });
      notes = await notificationsRepository.insert(tx, [{ staffId: current.staffId, kind: 'attendance.correction_decided', payload: { id, day: current.day, clock: current.kind, status } }], now);
      return (await attendanceRepository.correction(tx, id))!;
    });
    pushNotifications(this.io, notes);
    this.emit(correction.staffId, 'correction', id);
    return correction;
  }

  /** The person's published shift on a day (not on leave), or 409 correction_no_shift. */
  private async shiftOn(tx: EntityManager, staffId: number, day: string): Promise<ShiftInstance> {
    const from = new Date(Date.parse(`${day}T00:00:00Z`) - 24 * HOUR);
    const to = new Date(Date.parse(`${day}T00:00:00Z`) + 48 * HOUR);
    const shift = (await shiftsOf(tx, [staffId], from, to, this.tz)).find((s) => s.date === day && !s.onLeave);
    if (!shift) throw new AppError('conflict', `No published shift of yours on ${day}`, { reason: 'correction_no_shift', day });
    return shift;
  }

  private emit(staffId: number, kind: 'clock' | 'correction' | 'permission', id: number): void {
    this.io.to([rooms.staff(staffId), rooms.role('supervisor')]).emit('attendance:changed', { kind, id, staffId });
  }
}
