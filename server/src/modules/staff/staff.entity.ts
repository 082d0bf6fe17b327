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
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface StaffRoleRow {
  staffId: number;
  role: Role;
}

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
