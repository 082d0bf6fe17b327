/**
 * What the alerts queue does (workers/src/processors/alerts.processor.ts calls these):
 * - an alert unclaimed `ALERT_ESCALATE_MINUTES` after it was raised escalates to the
 *   supervisors (a notification each, the alert marked);
 * - at the end of the printers' day, alerts claimed but not done are flagged (R03) and the
 *   supervisors and the claimer told.
 * Both are idempotent: the UPDATE only touches an alert not yet escalated / flagged, and the
 * notifications are written in the same transaction, so a job run twice counts once.
 */
import type { DataSource } from 'typeorm';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { transactionWithRetry } from '../../platform/db.ts';
import { alertsRepository, type AlertRecord } from './alerts.repository.ts';

export interface EscalationOutcome {
  alerts: AlertRecord[];
  notifications: NotificationRecord[];
}

export async function escalateAlert(db: DataSource, alertId: number, now: Date): Promise<EscalationOutcome> {
  return transactionWithRetry(db, async (tx) => {
    const alert = await alertsRepository.find(tx, alertId, { lock: true });
    if (!alert || !(await alertsRepository.markEscalated(tx, alertId, now))) return { alerts: [], notifications: [] };
    const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
    const notifications = await notificationsRepository.insert(
      tx,
      supervisors.map((staffId) => ({ staffId, kind: 'alert.escalated', payload: { alertId, orderNo: alert.orderNo, summary: alert.summary, requestedBy: alert.requestedByName } })),
      now,
    );
    return { alerts: [(await alertsRepository.find(tx, alertId))!], notifications };
  });
}

/** Flags every alert claimed before `now` and still not done (the job runs at the end of the printers' day). */
export async function flagOverdueAlerts(db: DataSource, now: Date): Promise<EscalationOutcome> {
  return transactionWithRetry(db, async (tx) => {
    const ids = await alertsRepository.flagOverdue(tx, now, now);
    if (!ids.length) return { alerts: [], notifications: [] };
    const alerts = await alertsRepository.byIds(tx, ids);
    const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
    const notifications = await notificationsRepository.insert(
      tx,
      alerts.flatMap((alert) =>
        [...new Set([...supervisors, alert.claimedBy!])].map((staffId) => ({
          staffId,
          kind: 'alert.overdue',
          payload: { alertId: alert.id, orderNo: alert.orderNo, claimedBy: alert.claimedByName },
        })),
      ),
      now,
    );
    return { alerts, notifications };
  });
}
