import { EntitySchema } from 'typeorm';
import type { Role } from '@kefu/shared/domain/staff/roles';
import { instant } from '../../platform/columns.ts';

/** A staff member: one account, one person (rulebook 保密制度 1–2). */
export interface StaffRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  baseWageFen: number;
  active: boolean;
  /** First day employed (shop day, YYYY-MM-DD). */
  employedFrom: string;
  /** Last day employed; null while employed. */
  employedUntil: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Roles and base wage in force from a day on (dated changes: who was what in which month). */
export interface StaffTermsRow {
  id: number;
  staffId: number;
  effectiveOn: string;
  /** Comma-separated roles. */
  roles: string;
  baseWageFen: number;
  recordedBy: number | null;
  recordedAt: Date;
}

export interface StaffRoleRow {
  staffId: number;
  role: Role;
}

/** DATE columns as `YYYY-MM-DD` (the driver reads them as UTC midnights). */
const shopDay = {
  from: (value: Date | string | null): string | null => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  to: (value: string | null | undefined): string | null | undefined => value,
};

// Explicit column types everywhere: esbuild/oxc do not emit decorator metadata, and
// EntitySchema needs none.
export const StaffEntity = new EntitySchema<StaffRow>({
  name: 'Staff',
  tableName: 'staff',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    username: { type: 'varchar', length: 32, unique: true },
    displayName: { name: 'display_name', type: 'varchar', length: 32 },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 100 },
    baseWageFen: { name: 'base_wage_fen', type: 'int' },
    active: { type: 'boolean' },
    employedFrom: { name: 'employed_from', type: 'date', transformer: shopDay },
    employedUntil: { name: 'employed_until', type: 'date', nullable: true, transformer: shopDay },
    version: { type: 'int', default: 1 },
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at'),
  },
});

export const StaffRoleEntity = new EntitySchema<StaffRoleRow>({
  name: 'StaffRole',
  tableName: 'staff_role',
  columns: {
    staffId: { name: 'staff_id', type: 'int', primary: true },
    role: { type: 'varchar', length: 16, primary: true },
  },
});

export const StaffTermsEntity = new EntitySchema<StaffTermsRow>({
  name: 'StaffTerms',
  tableName: 'staff_terms',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    effectiveOn: { name: 'effective_on', type: 'date', transformer: shopDay },
    roles: { type: 'varchar', length: 200 },
    baseWageFen: { name: 'base_wage_fen', type: 'int' },
    recordedBy: { name: 'recorded_by', type: 'int', nullable: true },
    recordedAt: instant('recorded_at'),
  },
});
