import { EntitySchema } from 'typeorm';
import { instant } from '../../platform/columns.ts';

/** Something the console tells one staff member (the bell). Written in the transaction of what it announces. */
export interface NotificationRow {
  id: string;
  staffId: number;
  kind: string;
  /** JSON object */
  payload: string;
  createdAt: Date;
  readAt: Date | null;
}

export const NotificationEntity = new EntitySchema<NotificationRow>({
  name: 'Notification',
  tableName: 'notification',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    kind: { type: 'varchar', length: 32 },
    payload: { type: 'text' },
    createdAt: instant('created_at'),
    readAt: instant('read_at', { nullable: true }),
  },
});
