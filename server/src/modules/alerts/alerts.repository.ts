/**
 * Every read and write of the alert channel (order_alert) and the one question other
 * modules ask of it: is there unfinished work on these orders? Lock order: the order row,
 * then its changes, then its alerts — the same everywhere.
 */
import type { AlertAudience, AlertKind, AlertStatus } from '@kefu/shared/domain/orders/alerts';
import { affectedRows, type Tx } from '../../platform/db.ts';

type Raw = Record<string, any>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : (v as Date));

export interface AlertRecord {
  id: number;
  orderId: number;
  orderNo: string;
  buyerId: string;
  changeId: number | null;
  audience: AlertAudience;
  kind: AlertKind;
  summary: string;
  noteText: string | null;
  urgent: boolean;
  status: AlertStatus;
  requestedBy: number;
  requestedByName: string;
  createdAt: Date;
  claimedBy: number | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  doneBy: number | null;
  doneByName: string | null;
  doneAt: Date | null;
  reply: string | null;
  escalatedAt: Date | null;
  flaggedAt: Date | null;
  wrongInfo: string | null;
  version: number;
}

export type NewAlert = Pick<AlertRecord, 'orderId' | 'orderNo' | 'buyerId' | 'changeId' | 'audience' | 'kind' | 'summary' | 'noteText' | 'urgent' | 'requestedBy' | 'createdAt'>;

const SELECT = `a.id, a.order_id, a.order_no, a.buyer_id, a.change_id, a.audience, a.kind, a.summary, a.note_text, a.urgent, a.status,
  a.requested_by, r.display_name AS requested_by_name, a.created_at, a.claimed_by, c.display_name AS claimed_by_name, a.claimed_at,
  a.done_by, d.display_name AS done_by_name, a.done_at, a.reply, a.escalated_at, a.flagged_at, a.wrong_info, a.version`;
const FROM = 'order_alert a JOIN staff r ON r.id = a.requested_by LEFT JOIN staff c ON c.id = a.claimed_by LEFT JOIN staff d ON d.id = a.done_by';

function toAlert(row: Raw): AlertRecord {
  return {
    id: num(row.id),
    orderId: num(row.order_id),
    orderNo: row.order_no as string,
    buyerId: row.buyer_id as string,
    changeId: numOrNull(row.change_id),
    audience: row.audience as AlertAudience,
    kind: row.kind as AlertKind,
    summary: row.summary as string,
    noteText: (row.note_text as string | null) ?? null,
    urgent: Boolean(num(row.urgent)),
    status: row.status as AlertStatus,
    requestedBy: num(row.requested_by),
    requestedByName: row.requested_by_name as string,
    createdAt: row.created_at as Date,
    claimedBy: numOrNull(row.claimed_by),
    claimedByName: (row.claimed_by_name as string | null) ?? null,
    claimedAt: dateOrNull(row.claimed_at),
    doneBy: numOrNull(row.done_by),
    doneByName: (row.done_by_name as string | null) ?? null,
    doneAt: dateOrNull(row.done_at),
    reply: (row.reply as string | null) ?? null,
    escalatedAt: dateOrNull(row.escalated_at),
    flaggedAt: dateOrNull(row.flagged_at),
    wrongInfo: (row.wrong_info as string | null) ?? null,
    version: num(row.version),
  };
}

/** Unfinished work on an order: an open or claimed printer alert, or a change not yet done. */
export interface OpenWork {
  orderId: number;
  orderNo: string;
  alertId: number | null;
  changeId: number | null;
  /** The alert's status (open, claimed) or the change's (awaiting_confirmation, alerted). */
  status: string;
}

export const alertsRepository = {
  async insert(tx: Tx, alert: NewAlert): Promise<number> {
    const result = (await tx.query(
      `INSERT INTO order_alert (order_id, order_no, buyer_id, change_id, audience, kind, summary, note_text, urgent, status, requested_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
      [alert.orderId, alert.orderNo, alert.buyerId, alert.changeId, alert.audience, alert.kind, alert.summary, alert.noteText, alert.urgent ? 1 : 0, alert.requestedBy, alert.createdAt],
    )) as { insertId: number };
    return num(result.insertId);
  },

  async find(tx: Tx, id: number, options: { lock?: boolean } = {}): Promise<AlertRecord | null> {
    // FOR UPDATE locks only the alert row (the joined staff rows are read, not locked, under OF-less MariaDB too).
    const rows = (await tx.query(`SELECT ${SELECT} FROM ${FROM} WHERE a.id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id])) as Raw[];
    return rows[0] ? toAlert(rows[0]) : null;
  },

  async byIds(tx: Tx, ids: readonly number[]): Promise<AlertRecord[]> {
    if (!ids.length) return [];
    return ((await tx.query(`SELECT ${SELECT} FROM ${FROM} WHERE a.id IN (?) ORDER BY a.id`, [ids])) as Raw[]).map(toAlert);
  },

  /**
   * Alerts in one status that `audiences` act on or `requestedBy` asked for (null: all, the
   * supervisor). Open and claimed: urgent first, then the oldest; done: the newest first.
   */
  async list(tx: Tx, query: { status: AlertStatus; audiences: readonly AlertAudience[] | null; requestedBy: number; orderNo?: string; audience?: AlertAudience; limit: number }): Promise<AlertRecord[]> {
    const where = ['a.status = ?'];
    const params: unknown[] = [query.status];
    if (query.audience) {
      where.push('a.audience = ?');
      params.push(query.audience);
    }
    if (query.audiences) {
      where.push(query.audiences.length ? '(a.audience IN (?) OR a.requested_by = ?)' : 'a.requested_by = ?');
      params.push(...(query.audiences.length ? [query.audiences, query.requestedBy] : [query.requestedBy]));
    }
    if (query.orderNo) {
      where.push('a.order_no = ?');
      params.push(query.orderNo);
    }
    const order = query.status === 'done' ? 'a.done_at DESC, a.id DESC' : 'a.urgent DESC, a.created_at, a.id';
    const rows = (await tx.query(`SELECT ${SELECT} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`, [...params, query.limit])) as Raw[];
    return rows.map(toAlert);
  },

  /** Claims an open alert; false when someone else has it already (the row lock makes one winner). */
  async claim(tx: Tx, id: number, by: number, at: Date): Promise<boolean> {
    const result = await tx.query(`UPDATE order_alert SET status = 'claimed', claimed_by = ?, claimed_at = ?, version = version + 1 WHERE id = ? AND status = 'open'`, [by, at, id]);
    return affectedRows(result) === 1;
  },

  /** Closes a claimed alert with the reply; false when it is not claimed by `by` any more. */
  async done(tx: Tx, id: number, by: number, at: Date, reply: string, options: { anyClaimer: boolean }): Promise<boolean> {
    const result = await tx.query(
      `UPDATE order_alert SET status = 'done', done_by = ?, done_at = ?, reply = ?, version = version + 1 WHERE id = ? AND status = 'claimed'${options.anyClaimer ? '' : ' AND claimed_by = ?'}`,
      options.anyClaimer ? [by, at, reply, id] : [by, at, reply, id, by],
    );
    return affectedRows(result) === 1;
  },

  /**
   * Closes the unfinished alerts of one kind on an order as done by `by` (the work they asked
   * for was done elsewhere: the exchange waybill printed); returns the ids closed. An open one
   * counts as claimed by `by` at the same moment.
   */
  async closeDone(tx: Tx, orderId: number, kind: AlertRecord['kind'], by: number, at: Date, reply: string): Promise<number[]> {
    const rows = (await tx.query(`SELECT id FROM order_alert WHERE order_id = ? AND kind = ? AND status IN ('open', 'claimed') FOR UPDATE`, [orderId, kind])) as Raw[];
    const ids = rows.map((row) => num(row.id));
    if (!ids.length) return [];
    await tx.query(
      `UPDATE order_alert SET status = 'done', claimed_by = COALESCE(claimed_by, ?), claimed_at = COALESCE(claimed_at, ?), done_by = ?, done_at = ?, reply = ?, version = version + 1 WHERE id IN (?)`,
      [by, at, by, at, reply, ids],
    );
    return ids;
  },

  /** A warehouse clerk found the request's information wrong (rule 12): kept with the alert, once. */
  async markWrongInfo(tx: Tx, id: number, what: string, at: Date): Promise<void> {
    await tx.query('UPDATE order_alert SET wrong_info = ?, wrong_info_at = ? WHERE id = ? AND wrong_info IS NULL', [what, at, id]);
  },

  /** Marks an alert escalated once; false when it was claimed meanwhile or already escalated. */
  async markEscalated(tx: Tx, id: number, at: Date): Promise<boolean> {
    const result = await tx.query(`UPDATE order_alert SET escalated_at = ?, version = version + 1 WHERE id = ? AND status = 'open' AND escalated_at IS NULL`, [at, id]);
    return affectedRows(result) === 1;
  },

  /** Flags claimed alerts not done by `before` (the end of the printers' day); returns the ids flagged. */
  async flagOverdue(tx: Tx, claimedBefore: Date, at: Date): Promise<number[]> {
    const rows = (await tx.query(`SELECT id FROM order_alert WHERE status = 'claimed' AND flagged_at IS NULL AND claimed_at < ? FOR UPDATE`, [claimedBefore])) as Raw[];
    const ids = rows.map((row) => num(row.id));
    if (ids.length) await tx.query('UPDATE order_alert SET flagged_at = ?, version = version + 1 WHERE id IN (?)', [at, ids]);
    return ids;
  },

  /**
   * Unfinished work on these orders (what refuses printing, R02): an open or claimed alert
   * for the printers, or a change awaiting the buyer's confirmation or its alert's reply.
   */
  async openWorkOn(tx: Tx, orderIds: readonly number[]): Promise<OpenWork[]> {
    if (!orderIds.length) return [];
    const alerts = (await tx.query(
      `SELECT order_id, order_no, id, change_id, status FROM order_alert WHERE order_id IN (?) AND audience = 'printer' AND status IN ('open', 'claimed') ORDER BY id`,
      [orderIds],
    )) as Raw[];
    const changes = (await tx.query(
      `SELECT order_id, order_no, id, status FROM order_change WHERE order_id IN (?) AND status IN ('awaiting_confirmation', 'alerted') ORDER BY id`,
      [orderIds],
    )) as Raw[];
    return [
      ...alerts.map((row) => ({ orderId: num(row.order_id), orderNo: row.order_no as string, alertId: num(row.id), changeId: numOrNull(row.change_id), status: row.status as string })),
      ...changes.map((row) => ({ orderId: num(row.order_id), orderNo: row.order_no as string, alertId: null, changeId: num(row.id), status: row.status as string })),
    ];
  },
};

/** For other modules (print batches): unfinished work on these orders, empty when they may be printed. */
export const openWorkOn = alertsRepository.openWorkOn;
