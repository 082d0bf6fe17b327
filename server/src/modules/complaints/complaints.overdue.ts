/**
 * A complaint past its deadline (issue 15): when it is registered, a delayed job
 * `complaints.overdue` {complaintId} is queued for its deadline (job id
 * `complaint-overdue-<id>`, so registering cannot queue two); the workers call
 * `notifyOverdue` when it fires. Idempotent: only an open complaint past its deadline and
 * not yet notified is marked (`overdue_notified_at`) and its handler and the supervisors
 * told, in one transaction, so a job run twice notifies once. A job that fires early
 * (clock skew) asks to be run again at the deadline.
 *
 * The delayed job alone misses complaints registered before it existed, and any whose job
 * was lost (a Redis flush): the workers' `complaints.overdueSweep` (every minute, and at
 * start) notifies every open complaint past its deadline that is not yet notified, through
 * the same `notifyOverdue`, so a complaint is notified once whichever comes first and
 * however often either runs. The deadline is fixed when a complaint is registered (a change
 * of the deadline setting applies to later complaints), so the sweep needs no re-queueing.
 */
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { affectedRows, transactionWithRetry } from '../../platform/db.ts';

export interface OverdueOutcome {
  notified: boolean;
  /** Set when the job ran before the deadline: how long until it. */
  retryInMs: number | null;
  notifications: NotificationRecord[];
}

export const overdueJobId = (complaintId: number) => `complaint-overdue-${complaintId}`;

/** Queues the overdue check at the deadline (after the registration's commit). */
export async function scheduleOverdue(queue: Queue | null, complaintId: number, deadlineAt: Date, now: Date): Promise<void> {
  if (!queue) return;
  await queue.add(
    'complaints.overdue',
    { complaintId },
    { jobId: overdueJobId(complaintId), delay: Math.max(0, deadlineAt.getTime() - now.getTime()), attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 100, removeOnFail: 100 },
  );
}

export async function notifyOverdue(db: DataSource, complaintId: number, now: Date): Promise<OverdueOutcome> {
  return transactionWithRetry(db, async (tx) => {
    const rows = (await tx.query('SELECT id, status, handler_id AS handlerId, deadline_at AS deadlineAt, buyer_id AS buyerId, severity, overdue_notified_at AS notifiedAt FROM complaint WHERE id = ? FOR UPDATE', [complaintId])) as Array<{
      id: number;
      status: string;
      handlerId: number;
      deadlineAt: Date;
      buyerId: string;
      severity: string;
      notifiedAt: Date | null;
    }>;
    const complaint = rows[0];
    const nothing: OverdueOutcome = { notified: false, retryInMs: null, notifications: [] };
    if (!complaint || complaint.status !== 'open' || complaint.notifiedAt) return nothing;
    const left = new Date(complaint.deadlineAt).getTime() - now.getTime();
    if (left > 0) return { ...nothing, retryInMs: left };
    const marked = await tx.query('UPDATE complaint SET overdue_notified_at = ? WHERE id = ? AND overdue_notified_at IS NULL', [now, complaintId]);
    if (affectedRows(marked) !== 1) return nothing;
    const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
    const audience = [...new Set([Number(complaint.handlerId), ...supervisors])];
    const notifications = await notificationsRepository.insert(
      tx,
      audience.map((staffId) => ({ staffId, kind: 'complaint.overdue', payload: { complaintId, buyerId: complaint.buyerId, severity: complaint.severity } })),
      now,
    );
    return { notified: true, retryInMs: null, notifications };
  });
}

/** At most this many complaints notified by one sweep run; the next run takes the rest. */
export const SWEEP_BATCH = 200;

export interface SweepOutcome {
  /** The complaints notified by this run. */
  notified: number[];
  notifications: NotificationRecord[];
}

/**
 * Notifies every open complaint past its deadline not yet notified (read from
 * `ix_complaint_status_deadline`), each in its own transaction through `notifyOverdue`.
 */
export async function sweepOverdue(db: DataSource, now: Date): Promise<SweepOutcome> {
  const due = (await db.query(
    "SELECT id FROM complaint WHERE status = 'open' AND deadline_at <= ? AND overdue_notified_at IS NULL ORDER BY deadline_at, id LIMIT ?",
    [now, SWEEP_BATCH],
  )) as Array<{ id: number }>;
  const outcome: SweepOutcome = { notified: [], notifications: [] };
  for (const { id } of due) {
    const one = await notifyOverdue(db, Number(id), now);
    if (!one.notified) continue;
    outcome.notified.push(Number(id));
    outcome.notifications.push(...one.notifications);
  }
  return outcome;
}
