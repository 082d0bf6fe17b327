import type { EntityManager } from 'typeorm';
import type { Role } from '@kefu/shared/domain/staff/roles';
import { NotificationEntity, type NotificationRow } from './notifications.entity.ts';

export interface NewNotification {
  staffId: number;
  kind: string;
  payload: Record<string, unknown>;
}

export interface NotificationRecord {
  id: number;
  staffId: number;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

function toRecord(row: NotificationRow): NotificationRecord {
  return {
    id: Number(row.id),
    staffId: row.staffId,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}

export const notificationsRepository = {
  /** Written in the caller's transaction, so a notification exists exactly when what it announces does. */
  async insert(tx: EntityManager, items: readonly NewNotification[], at: Date): Promise<NotificationRecord[]> {
    const records: NotificationRecord[] = [];
    for (const item of items) {
      const result = await tx.getRepository(NotificationEntity).insert({ staffId: item.staffId, kind: item.kind, payload: JSON.stringify(item.payload), createdAt: at, readAt: null });
      records.push({ id: Number(result.identifiers[0]?.id), staffId: item.staffId, kind: item.kind, payload: item.payload, createdAt: at, readAt: null });
    }
    return records;
  },

  async listFor(tx: EntityManager, staffId: number, limit: number): Promise<NotificationRecord[]> {
    const rows = await tx.getRepository(NotificationEntity).find({ where: { staffId }, order: { id: 'DESC' }, take: limit });
    return rows.map(toRecord);
  },

  /** Marks one of the person's own notifications read; false when it is not theirs or does not exist. */
  async markRead(tx: EntityManager, id: number, staffId: number, at: Date): Promise<boolean> {
    const rows = (await tx.query('SELECT id FROM notification WHERE id = ? AND staff_id = ?', [id, staffId])) as unknown[];
    if (rows.length === 0) return false;
    await tx.query('UPDATE notification SET read_at = ? WHERE id = ? AND staff_id = ? AND read_at IS NULL', [at, id, staffId]);
    return true;
  },

  /** Active staff holding any of the roles: who hears about a month or an appeal. */
  async activeWithRoles(tx: EntityManager, roles: readonly Role[]): Promise<number[]> {
    const rows = (await tx.query(
      `SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.active = 1 AND r.role IN (${roles.map(() => '?').join(', ')}) ORDER BY s.id`,
      [...roles],
    )) as Array<{ id: number }>;
    return rows.map((row) => Number(row.id));
  },
};
