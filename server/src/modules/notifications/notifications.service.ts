import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { rooms, type Io } from '../../platform/realtime.ts';
import { notificationsRepository, type NotificationRecord } from './notifications.repository.ts';

export interface NotificationView {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export function notificationView(record: NotificationRecord): NotificationView {
  return { id: record.id, kind: record.kind, payload: record.payload, createdAt: record.createdAt.toISOString(), readAt: record.readAt?.toISOString() ?? null };
}

/**
 * Pushes committed notifications to their recipients' sockets. Called after the commit
 * (STYLE.md habit 4), by the server or by a worker: through the Redis adapter the event
 * reaches the recipient whichever server process holds their socket.
 */
export function pushNotifications(io: Io, records: readonly NotificationRecord[]): void {
  for (const record of records) {
    const { readAt: _readAt, ...view } = notificationView(record);
    io.to(rooms.staff(record.staffId)).emit('notification:new', view);
  }
}

export class NotificationsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
  ) {}

  async list(staffId: number): Promise<NotificationView[]> {
    return (await notificationsRepository.listFor(this.db.manager, staffId, 50)).map(notificationView);
  }

  async markRead(id: number, staffId: number): Promise<void> {
    const found = await notificationsRepository.markRead(this.db.manager, id, staffId, this.clock());
    if (!found) throw new AppError('not_found', `No notification with id ${id}`);
  }
}
