import { AuditEntity } from '../modules/audit/audit.entity.ts';
import { SettingEntity } from '../modules/settings/settings.entity.ts';
import { StaffEntity, StaffRoleEntity } from '../modules/staff/staff.entity.ts';

export const entities = [StaffEntity, StaffRoleEntity, AuditEntity, SettingEntity];
