/** Every read and write of a buyer's change requests (order_change). Lock order: the order row, then its changes. */
import type { AlertKind } from '@kefu/shared/domain/orders/alerts';
import type { ChangeKind, ChangeStatus } from '@kefu/shared/domain/orders/changes';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { affectedRows, type Tx } from '../../platform/db.ts';

type Raw = Record<string, any>;
const num = (v: unknown): number => Number(v);
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : (v as Date));

/** What a change keeps besides its columns: its fields, what it asks the printers, its refund case. */
export interface ChangeDetails {
  fields: Record<string, unknown>;
  printerAlert: AlertKind | null;
  /** The attributes or address "to", for the after_print note once the documents are corrected. */
  to: string | null;
  refundCaseId: number | null;
}

export interface ChangeRecord {
  id: number;
  orderId: number;
  orderNo: string;
  buyerId: string;
  kind: ChangeKind;
  orderStatus: OrderStatus;
  status: ChangeStatus;
  details: ChangeDetails;
  summary: string;
  urgent: boolean;
  requestedBy: number;
  requestedByName: string;
  requestedAt: Date;
  confirmedAt: Date | null;
  doneAt: Date | null;
  version: number;
}

const SELECT = `c.id, c.order_id, c.order_no, c.buyer_id, c.kind, c.order_status, c.status, c.details, c.summary, c.urgent, c.requested_by,
  s.display_name, c.requested_at, c.confirmed_at, c.done_at, c.version FROM order_change c JOIN staff s ON s.id = c.requested_by`;

function toChange(row: Raw): ChangeRecord {
  return {
    id: num(row.id),
    orderId: num(row.order_id),
    orderNo: row.order_no as string,
    buyerId: row.buyer_id as string,
    kind: row.kind as ChangeKind,
    orderStatus: row.order_status as OrderStatus,
    status: row.status as ChangeStatus,
    details: JSON.parse(row.details as string) as ChangeDetails,
    summary: row.summary as string,
    urgent: Boolean(num(row.urgent)),
    requestedBy: num(row.requested_by),
    requestedByName: row.display_name as string,
    requestedAt: row.requested_at as Date,
    confirmedAt: dateOrNull(row.confirmed_at),
    doneAt: dateOrNull(row.done_at),
    version: num(row.version),
  };
}

export const orderChangesRepository = {
  async insert(tx: Tx, change: Omit<ChangeRecord, 'id' | 'requestedByName' | 'version' | 'doneAt'>): Promise<number> {
    const result = (await tx.query(
      `INSERT INTO order_change (order_id, order_no, buyer_id, kind, action, order_status, status, details, summary, urgent, requested_by, requested_at, confirmed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        change.orderId,
        change.orderNo,
        change.buyerId,
        change.kind,
        change.details.printerAlert ?? 'none',
        change.orderStatus,
        change.status,
        JSON.stringify(change.details),
        change.summary,
        change.urgent ? 1 : 0,
        change.requestedBy,
        change.requestedAt,
        change.confirmedAt,
      ],
    )) as { insertId: number };
    return num(result.insertId);
  },

  async find(tx: Tx, id: number, options: { lock?: boolean } = {}): Promise<ChangeRecord | null> {
    const rows = (await tx.query(`SELECT ${SELECT} WHERE c.id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id])) as Raw[];
    return rows[0] ? toChange(rows[0]) : null;
  },

  /** Oldest first. */
  async ofOrder(tx: Tx, orderId: number): Promise<ChangeRecord[]> {
    return ((await tx.query(`SELECT ${SELECT} WHERE c.order_id = ? ORDER BY c.id`, [orderId])) as Raw[]).map(toChange);
  },

  /** awaiting_confirmation → alerted, once. */
  async confirm(tx: Tx, id: number, at: Date): Promise<boolean> {
    const result = await tx.query(`UPDATE order_change SET status = 'alerted', confirmed_at = ?, version = version + 1 WHERE id = ? AND status = 'awaiting_confirmation'`, [at, id]);
    return affectedRows(result) === 1;
  },

  async finish(tx: Tx, id: number, at: Date): Promise<boolean> {
    const result = await tx.query(`UPDATE order_change SET status = 'done', done_at = ?, version = version + 1 WHERE id = ? AND status <> 'done'`, [at, id]);
    return affectedRows(result) === 1;
  },

  /** Who handles a change on the order now (may see the receiver's full phone): the asking agents and the claiming printers. */
  async handlers(tx: Tx, orderId: number): Promise<number[]> {
    const rows = (await tx.query(
      `SELECT requested_by AS staff_id FROM order_change WHERE order_id = ? AND status <> 'done'
       UNION SELECT claimed_by FROM order_alert WHERE order_id = ? AND status = 'claimed' AND claimed_by IS NOT NULL`,
      [orderId, orderId],
    )) as Raw[];
    return rows.map((row) => num(row.staff_id));
  },
};
