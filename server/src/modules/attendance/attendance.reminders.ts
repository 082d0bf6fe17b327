/**
 * The reminder 15 minutes before a shift starts (issue 14): run every minute by the workers'
 * scheduler (`attendance.remind`). Each person + shift start is reminded once, whatever the
 * number of runs (attendance_reminder's primary key, written with the notification in one
 * transaction). A run late after an outage still reminds a shift not begun yet.
 */
import type { DataSource } from 'typeorm';
import { REMINDER_MINUTES_BEFORE } from '@kefu/shared/domain/attendance/presence';
import { affectedRows } from '../../platform/db.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { shiftsOf } from '../roster/roster.shifts.ts';

export async function remindShifts(db: DataSource, now: Date, tz: string): Promise<NotificationRecord[]> {
  const until = new Date(now.getTime() + REMINDER_MINUTES_BEFORE * 60_000);
  const soon = (await shiftsOf(db.manager, 'all', now, new Date(until.getTime() + 1), tz)).filter(
    (s) => !s.onLeave && s.segments[0]!.start.getTime() > now.getTime() && s.segments[0]!.start.getTime() <= until.getTime(),
  );
  const sent: NotificationRecord[] = [];
  for (const shift of soon) {
    const start = shift.segments[0]!.start;
    const records = await db.transaction(async (tx) => {
      const result = await tx.query('INSERT IGNORE INTO attendance_reminder (staff_id, shift_start, sent_at) VALUES (?, ?, ?)', [shift.staffId, start, now]);
      if (affectedRows(result) === 0) return [];
      return notificationsRepository.insert(
        tx,
        [{ staffId: shift.staffId, kind: 'attendance.shift_soon', payload: { day: shift.date, name: shift.template.nameZh, nameEn: shift.template.nameEn, start: start.toISOString(), assignmentId: shift.assignmentId } }],
        now,
      );
    });
    sent.push(...records);
  }
  return sent;
}
