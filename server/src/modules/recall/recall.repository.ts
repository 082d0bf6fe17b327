/**
 * Every read and write of recall slips (recall_slip, recall_slip_counter). Lock order: the
 * order row, then its after-sale case, then its slip — as in the aftersale module.
 */
import type { SlipStatus } from '@kefu/shared/domain/recall/recall';
import type { SlipsQuery } from '@kefu/shared/schemas/recall';
import { affectedRows, type Tx } from '../../platform/db.ts';

type Raw = Record<string, any>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : (v as Date));

export interface SlipRecord {
  id: number;
  slipNo: string;
  day: string;
  seq: number;
  orderId: number;
  orderNo: string;
  buyerId: string;
  caseId: number | null;
  receiverName: string | null;
  courier: string | null;
  trackingNo: string | null;
  reason: string;
  status: SlipStatus;
  createdBy: number;
  createdByName: string;
  createdAt: Date;
  courierName: string | null;
  signedAt: Date | null;
  signedRecordedBy: number | null;
  signedRecordedByName: string | null;
  receivedBy: number | null;
  receivedByName: string | null;
  receivedAt: Date | null;
  registryLine: string | null;
  stockBackAt: Date | null;
  version: number;
}

const SELECT = `r.id, r.slip_no, r.day, r.seq, r.order_id, r.order_no, r.buyer_id, r.case_id, r.receiver_name, r.courier, r.tracking_no, r.reason, r.status,
  r.created_by, c.display_name AS created_by_name, r.created_at, r.courier_name, r.signed_at, r.signed_recorded_by, s.display_name AS signed_recorded_by_name,
  r.received_by, x.display_name AS received_by_name, r.received_at, r.registry_line, r.stock_back_at, r.version`;
const FROM = 'recall_slip r JOIN staff c ON c.id = r.created_by LEFT JOIN staff s ON s.id = r.signed_recorded_by LEFT JOIN staff x ON x.id = r.received_by';

function toSlip(row: Raw): SlipRecord {
  return {
    id: num(row.id),
    slipNo: row.slip_no as string,
    day: row.day as string,
    seq: num(row.seq),
    orderId: num(row.order_id),
    orderNo: row.order_no as string,
    buyerId: row.buyer_id as string,
    caseId: numOrNull(row.case_id),
    receiverName: (row.receiver_name as string | null) ?? null,
    courier: (row.courier as string | null) ?? null,
    trackingNo: (row.tracking_no as string | null) ?? null,
    reason: row.reason as string,
    status: row.status as SlipStatus,
    createdBy: num(row.created_by),
    createdByName: row.created_by_name as string,
    createdAt: row.created_at as Date,
    courierName: (row.courier_name as string | null) ?? null,
    signedAt: dateOrNull(row.signed_at),
    signedRecordedBy: numOrNull(row.signed_recorded_by),
    signedRecordedByName: (row.signed_recorded_by_name as string | null) ?? null,
    receivedBy: numOrNull(row.received_by),
    receivedByName: (row.received_by_name as string | null) ?? null,
    receivedAt: dateOrNull(row.received_at),
    registryLine: (row.registry_line as string | null) ?? null,
    stockBackAt: dateOrNull(row.stock_back_at),
    version: num(row.version),
  };
}

export type NewSlipRow = Pick<SlipRecord, 'slipNo' | 'day' | 'seq' | 'orderId' | 'orderNo' | 'buyerId' | 'caseId' | 'receiverName' | 'courier' | 'trackingNo' | 'reason' | 'createdBy' | 'createdAt'>;

export const recallRepository = {
  /**
   * The day's next number. One counter row per day: the first slip of a day inserts it, every
   * other bumps it; the row lock serialises two slips made at once, so numbers never repeat
   * and have no gaps (a rolled-back transaction takes its bump back with it).
   */
  async nextSeq(tx: Tx, day: string): Promise<number> {
    await tx.query('INSERT INTO recall_slip_counter (day, last_seq) VALUES (?, 1) ON DUPLICATE KEY UPDATE last_seq = last_seq + 1', [day]);
    const rows = (await tx.query('SELECT last_seq FROM recall_slip_counter WHERE day = ?', [day])) as Raw[];
    return num(rows[0]!.last_seq);
  },

  /** Fails on the unique key when the order already has a slip not received. */
  async insert(tx: Tx, row: NewSlipRow): Promise<number> {
    const result = (await tx.query(
      `INSERT INTO recall_slip (slip_no, day, seq, order_id, open_order_id, order_no, buyer_id, case_id, receiver_name, courier, tracking_no, reason, status, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued', ?, ?)`,
      [row.slipNo, row.day, row.seq, row.orderId, row.orderId, row.orderNo, row.buyerId, row.caseId, row.receiverName, row.courier, row.trackingNo, row.reason, row.createdBy, row.createdAt],
    )) as { insertId: number };
    return num(result.insertId);
  },

  async find(tx: Tx, id: number, options: { lock?: boolean } = {}): Promise<SlipRecord | null> {
    const rows = (await tx.query(`SELECT ${SELECT} FROM ${FROM} WHERE r.id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id])) as Raw[];
    return rows[0] ? toSlip(rows[0]) : null;
  },

  async openSlipOf(tx: Tx, orderId: number): Promise<SlipRecord | null> {
    const rows = (await tx.query(`SELECT ${SELECT} FROM ${FROM} WHERE r.open_order_id = ?`, [orderId])) as Raw[];
    return rows[0] ? toSlip(rows[0]) : null;
  },

  /** Is the order's parcel being recalled or back from a recall (then it is never "delivered")? */
  async isRecalled(tx: Tx, orderId: number): Promise<boolean> {
    const rows = (await tx.query('SELECT 1 FROM recall_slip WHERE order_id = ? LIMIT 1', [orderId])) as unknown[];
    return rows.length > 0;
  },

  /** Open ones (not received) first, then newest first; `before` pages on by id. */
  async list(tx: Tx, query: SlipsQuery): Promise<SlipRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      where.push('r.status = ?');
      params.push(query.status);
    }
    if (query.orderNo) {
      where.push('r.order_no = ?');
      params.push(query.orderNo);
    }
    if (query.before) {
      where.push('r.id < ?');
      params.push(query.before);
    }
    const rows = (await tx.query(`SELECT ${SELECT} FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT ?`, [...params, query.limit])) as Raw[];
    return rows.map(toSlip);
  },

  async sign(tx: Tx, id: number, version: number, signing: { courierName: string; at: Date; by: number }): Promise<boolean> {
    const result = await tx.query(
      `UPDATE recall_slip SET status = 'signed', courier_name = ?, signed_at = ?, signed_recorded_by = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'issued'`,
      [signing.courierName, signing.at, signing.by, id, version],
    );
    return affectedRows(result) === 1;
  },

  async receive(tx: Tx, id: number, version: number, receipt: { by: number; at: Date; line: string }): Promise<boolean> {
    const result = await tx.query(
      `UPDATE recall_slip SET status = 'received', open_order_id = NULL, received_by = ?, received_at = ?, registry_line = ?, stock_back_at = ?, version = version + 1
       WHERE id = ? AND version = ? AND status = 'signed'`,
      [receipt.by, receipt.at, receipt.line, receipt.at, id, version],
    );
    return affectedRows(result) === 1;
  },
};
