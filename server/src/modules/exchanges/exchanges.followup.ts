/**
 * The exchange's follow-up reminder (售后 ⑥, docs/recall.md "Exchanges shipped"): FOLLOW_UP_DAYS
 * after shipping, after-sale checks with the buyer that the exchange arrived. On the follow-up
 * day the responsible after-sale agent (the one who registered the case; every active
 * after-sale agent when that person has left) gets a console notification, unless the
 * follow-up was recorded before then.
 *
 * A sweep, run by the workers' scheduler (`exchanges.remindFollowUps`), not a delayed job per
 * exchange: nothing is lost if the server crashed between the shipment's commit and an
 * enqueue, or Redis lost its delayed jobs. Once: the rows are locked, `follow_up_reminded_at`
 * is set only where still empty and the notification is written in the same transaction, so a
 * second sweep (a retry, a restart, two workers) finds nothing; a run late after an outage
 * still reminds. The notifications are pushed after the commit by the caller.
 */
import type { DataSource } from 'typeorm';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NewNotification, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { transactionWithRetry } from '../../platform/db.ts';

type Raw = Record<string, any>;

/** At most this many per sweep; the next sweep takes the rest. */
const BATCH = 200;

export async function remindFollowUps(db: DataSource, now: Date, tz: string): Promise<NotificationRecord[]> {
  const today = shopDay(now, tz);
  return transactionWithRetry(db, async (tx) => {
    const due = (await tx.query(
      `SELECT x.case_id, x.agent_id, s.active AS agent_active, x.order_no, x.buyer_id, x.courier, x.tracking_no, x.follow_up_on
       FROM exchange_shipment x JOIN staff s ON s.id = x.agent_id
       WHERE x.shipped_at IS NOT NULL AND x.follow_up_on <= ? AND x.followed_up_at IS NULL AND x.follow_up_reminded_at IS NULL
       ORDER BY x.follow_up_on, x.case_id LIMIT ${BATCH} FOR UPDATE`,
      [today],
    )) as Raw[];
    if (!due.length) return [];
    const fallback = due.some((r) => !Number(r.agent_active)) ? await notificationsRepository.activeWithRoles(tx, ['aftersale']) : [];
    const notices: NewNotification[] = [];
    for (const row of due) {
      const caseId = Number(row.case_id);
      // The rows are locked; the guard repeats the conditions so a changed row is never reminded.
      await tx.query('UPDATE exchange_shipment SET follow_up_reminded_at = ?, version = version + 1 WHERE case_id = ? AND follow_up_reminded_at IS NULL AND followed_up_at IS NULL', [now, caseId]);
      const to = Number(row.agent_active) ? [Number(row.agent_id)] : fallback;
      const payload = { caseId, orderNo: row.order_no, buyerId: row.buyer_id, courier: row.courier, trackingNo: row.tracking_no, followUpOn: row.follow_up_on };
      notices.push(...to.map((staffId) => ({ staffId, kind: 'exchange.follow_up_due', payload })));
      await audit(tx, { actorId: null, action: 'exchange.follow_up_reminded', entity: 'after_sale_case', entityId: caseId, details: { to, followUpOn: row.follow_up_on }, ip: null, at: now });
    }
    return notificationsRepository.insert(tx, notices, now);
  });
}
