import { EntitySchema } from 'typeorm';

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
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    readAt: { name: 'read_at', type: 'datetime', precision: 3, nullable: true },
  },
});
