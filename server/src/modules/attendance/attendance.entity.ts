/**
 * Attendance records (issue 14, docs/attendance.md): clock events, correction requests
 * (签卡), presence permission requests, and the shift reminders already sent.
 */
import { EntitySchema } from 'typeorm';
import type { ClockKind, CorrectionStatus, PermissionState, PermissionStatus } from '@kefu/shared/domain/attendance/clocking';
import { instant } from '../../platform/columns.ts';

/** One clock-in or clock-out (打卡), with the IP it came from and who recorded it. */
export interface ClockRow {
  id: number;
  staffId: number;
  kind: ClockKind;
  at: Date;
  ip: string;
  byStaffId: number;
}

/** A request to explain a missing clock (签卡), decided by the supervisor. */
export interface CorrectionRow {
  id: number;
  staffId: number;
  /** The shift's day in the shop's zone, YYYY-MM-DD. */
  shiftDay: string;
  kind: ClockKind;
  shiftStart: Date;
  shiftEnd: Date;
  /** When the person says they came (in) or left (out). */
  claimedAt: Date;
  reason: string;
  status: CorrectionStatus;
  requestedAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  version: number;
}

/** A request for permission to be offline or invisible for a while during a shift. */
export interface PermissionRow {
  id: number;
  staffId: number;
  status: PermissionStatus;
  fromAt: Date;
  untilAt: Date;
  reason: string;
  state: PermissionState;
  requestedAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  version: number;
}

export interface ReminderRow {
  staffId: number;
  shiftStart: Date;
  sentAt: Date;
}

export const ClockEntity = new EntitySchema<ClockRow>({
  name: 'AttendanceClock',
  tableName: 'attendance_clock',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    kind: { type: 'varchar', length: 8 },
    at: instant(),
    ip: { type: 'varchar', length: 64 },
    byStaffId: { name: 'by_staff_id', type: 'int' },
  },
});

export const CorrectionEntity = new EntitySchema<CorrectionRow>({
  name: 'AttendanceCorrection',
  tableName: 'attendance_correction',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    shiftDay: { name: 'shift_day', type: 'date' },
    kind: { type: 'varchar', length: 8 },
    shiftStart: instant('shift_start'),
    shiftEnd: instant('shift_end'),
    claimedAt: instant('claimed_at'),
    reason: { type: 'varchar', length: 500 },
    status: { type: 'varchar', length: 10 },
    requestedAt: instant('requested_at'),
    decidedBy: { name: 'decided_by', type: 'int', nullable: true },
    decidedAt: instant('decided_at', { nullable: true }),
    decisionNote: { name: 'decision_note', type: 'varchar', length: 500, nullable: true },
    version: { type: 'int', default: 1 },
  },
});

export const PermissionEntity = new EntitySchema<PermissionRow>({
  name: 'PresencePermission',
  tableName: 'presence_permission',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    status: { type: 'varchar', length: 16 },
    fromAt: instant('from_at'),
    untilAt: instant('until_at'),
    reason: { type: 'varchar', length: 500 },
    state: { type: 'varchar', length: 10 },
    requestedAt: instant('requested_at'),
    decidedBy: { name: 'decided_by', type: 'int', nullable: true },
    decidedAt: instant('decided_at', { nullable: true }),
    decisionNote: { name: 'decision_note', type: 'varchar', length: 500, nullable: true },
    version: { type: 'int', default: 1 },
  },
});

export const ReminderEntity = new EntitySchema<ReminderRow>({
  name: 'AttendanceReminder',
  tableName: 'attendance_reminder',
  columns: {
    staffId: { name: 'staff_id', type: 'int', primary: true },
    shiftStart: { ...instant('shift_start'), primary: true },
    sentAt: instant('sent_at'),
  },
});

export const attendanceEntities = [ClockEntity, CorrectionEntity, PermissionEntity, ReminderEntity];
