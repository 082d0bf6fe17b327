import { aftersaleEntities } from '../modules/aftersale/aftersale.entity.ts';
import { attendanceEntities } from '../modules/attendance/attendance.entity.ts';
import { AuditEntity } from '../modules/audit/audit.entity.ts';
import { chatEntities } from '../modules/chat/chat.entity.ts';
import { importEntities } from '../modules/orderimport/import.entity.ts';
import { orderEntities } from '../modules/orders/orders.entity.ts';
import { NotificationEntity } from '../modules/notifications/notifications.entity.ts';
import { rosterEntities } from '../modules/roster/roster.entity.ts';
import { scoringEntities } from '../modules/scoring/scoring.entity.ts';
import { SettingEntity } from '../modules/settings/settings.entity.ts';
import { StaffEntity, StaffRoleEntity, StaffTermsEntity } from '../modules/staff/staff.entity.ts';

export const entities = [
  StaffEntity,
  StaffRoleEntity,
  StaffTermsEntity,
  AuditEntity,
  SettingEntity,
  ...scoringEntities,
  NotificationEntity,
  ...chatEntities,
  ...orderEntities,
  ...importEntities,
  ...aftersaleEntities,
  ...rosterEntities,
  ...attendanceEntities,
];
