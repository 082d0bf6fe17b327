/**
 * The roster's tables (migration 1734048000000, docs/roster.md). The module reads and writes
 * them with SQL; these schemas give every column its explicit type for TypeORM.
 */
import { EntitySchema } from 'typeorm';
import { instant } from '../../platform/columns.ts';

export interface ShiftTemplateRow {
  id: number;
  code: string;
  shiftGroup: string;
  kind: string;
  nameZh: string;
  nameEn: string;
  /** "09:00-11:30,12:30-18:30", shop wall clock */
  segments: string;
  version: number;
  updatedBy: number | null;
  updatedAt: Date;
}

export const ShiftTemplateEntity = new EntitySchema<ShiftTemplateRow>({
  name: 'ShiftTemplate',
  tableName: 'shift_template',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    code: { type: 'varchar', length: 32, unique: true },
    shiftGroup: { name: 'shift_group', type: 'varchar', length: 16 },
    kind: { type: 'varchar', length: 8 },
    nameZh: { name: 'name_zh', type: 'varchar', length: 40 },
    nameEn: { name: 'name_en', type: 'varchar', length: 40 },
    segments: { type: 'varchar', length: 200 },
    version: { type: 'int', default: 1 },
    updatedBy: { name: 'updated_by', type: 'int', nullable: true },
    updatedAt: instant('updated_at'),
  },
});

export interface HolidayRow {
  /** YYYY-MM-DD, a shop day */
  day: string;
  name: string;
  createdBy: number;
  createdAt: Date;
}

export const HolidayEntity = new EntitySchema<HolidayRow>({
  name: 'Holiday',
  tableName: 'holiday',
  columns: {
    day: { type: 'date', primary: true },
    name: { type: 'varchar', length: 60 },
    createdBy: { name: 'created_by', type: 'int' },
    createdAt: instant('created_at'),
  },
});

export interface RosterMonthRow {
  month: string;
  status: 'draft' | 'published';
  version: number;
  publishedAt: Date | null;
  publishedBy: number | null;
  updatedBy: number;
  updatedAt: Date;
}

export const RosterMonthEntity = new EntitySchema<RosterMonthRow>({
  name: 'RosterMonth',
  tableName: 'roster_month',
  columns: {
    month: { type: 'char', length: 7, primary: true },
    status: { type: 'varchar', length: 12 },
    version: { type: 'int', default: 1 },
    publishedAt: instant('published_at', { nullable: true }),
    publishedBy: { name: 'published_by', type: 'int', nullable: true },
    updatedBy: { name: 'updated_by', type: 'int' },
    updatedAt: instant('updated_at'),
  },
});

export interface RosterAssignmentRow {
  id: number;
  month: string;
  day: string;
  staffId: number;
  role: string;
  templateId: number;
  /** The shift's own times, "09:00-11:30,12:30-18:30" (shop wall clock): the template's when written, kept when the template is edited. */
  segments: string;
  swapId: number | null;
}

export const RosterAssignmentEntity = new EntitySchema<RosterAssignmentRow>({
  name: 'RosterAssignment',
  tableName: 'roster_assignment',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    month: { type: 'char', length: 7 },
    day: { type: 'date' },
    staffId: { name: 'staff_id', type: 'int' },
    role: { type: 'varchar', length: 16 },
    templateId: { name: 'template_id', type: 'int' },
    segments: { type: 'varchar', length: 200 },
    swapId: { name: 'swap_id', type: 'int', nullable: true },
  },
  uniques: [{ name: 'uq_roster_assignment_staff_day', columns: ['staffId', 'day'] }],
});

export interface RosterDutyRow {
  day: string;
  month: string;
  staffId: number;
}

export const RosterDutyEntity = new EntitySchema<RosterDutyRow>({
  name: 'RosterDuty',
  tableName: 'roster_duty',
  columns: {
    day: { type: 'date', primary: true },
    month: { type: 'char', length: 7 },
    staffId: { name: 'staff_id', type: 'int' },
  },
});

export interface RosterSwapRow {
  id: number;
  month: string;
  requesterId: number;
  requesterDay: string;
  colleagueId: number;
  colleagueDay: string;
  note: string;
  status: 'asked' | 'accepted' | 'approved' | 'refused' | 'cancelled';
  askedAt: Date;
  acceptedAt: Date | null;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  version: number;
}

export const RosterSwapEntity = new EntitySchema<RosterSwapRow>({
  name: 'RosterSwap',
  tableName: 'roster_swap',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    month: { type: 'char', length: 7 },
    requesterId: { name: 'requester_id', type: 'int' },
    requesterDay: { name: 'requester_day', type: 'date' },
    colleagueId: { name: 'colleague_id', type: 'int' },
    colleagueDay: { name: 'colleague_day', type: 'date' },
    note: { type: 'varchar', length: 500 },
    status: { type: 'varchar', length: 12 },
    askedAt: instant('asked_at'),
    acceptedAt: instant('accepted_at', { nullable: true }),
    decidedBy: { name: 'decided_by', type: 'int', nullable: true },
    decidedAt: instant('decided_at', { nullable: true }),
    decisionNote: { name: 'decision_note', type: 'varchar', length: 500, nullable: true },
    version: { type: 'int', default: 1 },
  },
});

export interface LeaveRequestRow {
  id: number;
  staffId: number;
  day: string;
  kind: 'ordinary' | 'emergency';
  reason: string;
  supervisorId: number;
  status: 'asked' | 'approved' | 'refused' | 'cancelled' | 'void';
  voidReason: string | null;
  shiftStart: Date;
  askedAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  version: number;
}

export const LeaveRequestEntity = new EntitySchema<LeaveRequestRow>({
  name: 'LeaveRequest',
  tableName: 'leave_request',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    day: { type: 'date' },
    kind: { type: 'varchar', length: 12 },
    reason: { type: 'varchar', length: 500 },
    supervisorId: { name: 'supervisor_id', type: 'int' },
    status: { type: 'varchar', length: 12 },
    voidReason: { name: 'void_reason', type: 'varchar', length: 32, nullable: true },
    shiftStart: instant('shift_start'),
    askedAt: instant('asked_at'),
    decidedBy: { name: 'decided_by', type: 'int', nullable: true },
    decidedAt: instant('decided_at', { nullable: true }),
    decisionNote: { name: 'decision_note', type: 'varchar', length: 500, nullable: true },
    version: { type: 'int', default: 1 },
  },
});

export const rosterEntities = [ShiftTemplateEntity, HolidayEntity, RosterMonthEntity, RosterAssignmentEntity, RosterDutyEntity, RosterSwapEntity, LeaveRequestEntity];
