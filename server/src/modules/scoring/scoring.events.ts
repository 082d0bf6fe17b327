import type { DataSource, EntityManager } from 'typeorm';
import type { MonthStatus } from './scoring.entity.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import type { NotificationRecord } from '../notifications/notifications.repository.ts';

/**
 * What a scoring write tells the world, collected during the transaction and sent only
 * after it commits (STYLE.md habit 4): a rolled-back write announces nothing.
 */
export class Announcements {
  private readonly notifications: NotificationRecord[] = [];
  private readonly ledger = new Map<number, { id: number; staffId: number; month: string }>();
  private readonly months = new Map<string, { month: string; status: MonthStatus; version: number }>();
  /** Supervisors and managers: they see every entry, so they hear of every change. */
  watchers: number[] = [];

  notify(records: readonly NotificationRecord[]): void {
    this.notifications.push(...records);
  }

  entryChanged(entry: { id: number; staffId: number; month: string }): void {
    this.ledger.set(entry.id, { id: entry.id, staffId: entry.staffId, month: entry.month });
  }

  monthChanged(month: { month: string; status: MonthStatus; version: number }): void {
    this.months.set(month.month, { month: month.month, status: month.status, version: month.version });
  }

  send(io: Io): void {
    for (const change of this.ledger.values()) {
      io.to([rooms.staff(change.staffId), ...this.watchers.map((id) => rooms.staff(id))]).emit('ledger:changed', change);
    }
    // The month's status and version only, no figures: everyone may hear it.
    for (const change of this.months.values()) io.to(rooms.allStaff).emit('scoring:changed', change);
    pushNotifications(io, this.notifications);
  }
}

/**
 * Runs `work` in a transaction, then (committed) sends what it announced.
 *
 * READ COMMITTED: a scoring write first takes its month row lock (or the entry's), and
 * must then read what the writer it waited for committed. Under REPEATABLE READ it would
 * read the snapshot of its first query, taken before the wait (a second concurrent
 * revocation of one entry would not see the first), and its gap locks would make two
 * inserts into one index deadlock.
 */
export async function transactionThenAnnounce<T>(db: DataSource, io: Io, work: (tx: EntityManager, out: Announcements) => Promise<T>): Promise<T> {
  const out = new Announcements();
  const result = await db.transaction('READ COMMITTED', (tx) => work(tx, out));
  out.send(io);
  return result;
}
