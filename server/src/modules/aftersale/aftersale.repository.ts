/**
 * Every read and write of the after-sale registry. Lock order: the order row, then its cases.
 * Each move is one `UPDATE … WHERE id = ? AND version = ?` plus a line of the case's story.
 */
import type { CaseKind, CaseStatus, InspectionResult } from '@kefu/shared/domain/aftersale/cases';
import type { PostagePayer } from '@kefu/shared/domain/aftersale/postage';
import type { CasesQuery } from '@kefu/shared/schemas/aftersale';
import { affectedRows, type Tx } from '../../platform/db.ts';
import type { CaseRow } from './aftersale.entity.ts';

type Raw = Record<string, any>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const dateOrNull = (v: unknown): Date | null => (v as Date | null) ?? null;
const strOrNull = (v: unknown): string | null => (v as string | null) ?? null;

/** The staff names a case shows beside its who-columns. */
export interface CaseRecord extends CaseRow {
  openedByName: string;
  closedByName: string | null;
  returnTrackingEnteredByName: string | null;
  receivedByName: string | null;
  refundedByName: string | null;
  exchangeShippedByName: string | null;
  postageRefundedByName: string | null;
  earlyShipApprovedByName: string | null;
}

/** Columns a move may set (the rest are fixed at opening or by the version/status guard). */
export type CaseChanges = Partial<Omit<CaseRow, 'id' | 'orderId' | 'orderNo' | 'buyerId' | 'kind' | 'openedBy' | 'openedAt' | 'version'>>;

const COLUMN: Record<keyof CaseChanges, string> = {
  status: 'status',
  reason: 'reason',
  closedBy: 'closed_by',
  closedAt: 'closed_at',
  closeNote: 'close_note',
  conversationId: 'conversation_id',
  quality: 'quality',
  qualityLocation: 'quality_location',
  liningInsole: 'lining_insole',
  returnPostagePayer: 'return_postage_payer',
  resendPostagePayer: 'resend_postage_payer',
  returnCourier: 'return_courier',
  returnTrackingNo: 'return_tracking_no',
  returnTrackingMessageId: 'return_tracking_message_id',
  returnTrackingEnteredAt: 'return_tracking_entered_at',
  returnTrackingEnteredBy: 'return_tracking_entered_by',
  wantedColor: 'wanted_color',
  wantedSize: 'wanted_size',
  postageAdvancedFen: 'postage_advanced_fen',
  postageRefundedAt: 'postage_refunded_at',
  postageRefundedBy: 'postage_refunded_by',
  receivedAt: 'received_at',
  receivedBy: 'received_by',
  inspectionResult: 'inspection_result',
  inspectionNote: 'inspection_note',
  cardPresent: 'card_present',
  refundedAt: 'refunded_at',
  refundedBy: 'refunded_by',
  exchangeCourier: 'exchange_courier',
  exchangeTrackingNo: 'exchange_tracking_no',
  exchangeShippedAt: 'exchange_shipped_at',
  exchangeShippedBy: 'exchange_shipped_by',
  rejectedReason: 'rejected_reason',
  earlyShipApprovedBy: 'early_ship_approved_by',
  earlyShipApprovedAt: 'early_ship_approved_at',
  earlyShipReason: 'early_ship_reason',
};

const NAMED: Array<[alias: string, column: string]> = [
  ['closed_by_name', 'closed_by'],
  ['tracking_by_name', 'return_tracking_entered_by'],
  ['received_by_name', 'received_by'],
  ['refunded_by_name', 'refunded_by'],
  ['shipped_by_name', 'exchange_shipped_by'],
  ['postage_by_name', 'postage_refunded_by'],
  ['approved_by_name', 'early_ship_approved_by'],
];

export const CASE_SELECT = `c.*, o.display_name AS opened_by_name, ${NAMED.map(([alias]) => `${alias}.display_name AS ${alias}`).join(', ')}`;
export const CASE_FROM = `after_sale_case c JOIN staff o ON o.id = c.opened_by ${NAMED.map(([alias, column]) => `LEFT JOIN staff ${alias} ON ${alias}.id = c.${column}`).join(' ')}`;

export function toCase(row: Raw): CaseRecord {
  return {
    id: num(row.id),
    orderId: num(row.order_id),
    orderNo: row.order_no as string,
    buyerId: row.buyer_id as string,
    kind: row.kind as CaseKind,
    status: row.status as CaseStatus,
    reason: row.reason as string,
    openedBy: num(row.opened_by),
    openedAt: row.opened_at as Date,
    closedBy: numOrNull(row.closed_by),
    closedAt: dateOrNull(row.closed_at),
    closeNote: strOrNull(row.close_note),
    version: num(row.version),
    conversationId: numOrNull(row.conversation_id),
    quality: Boolean(num(row.quality)),
    qualityLocation: strOrNull(row.quality_location),
    liningInsole: Boolean(num(row.lining_insole)),
    returnPostagePayer: strOrNull(row.return_postage_payer) as PostagePayer | null,
    resendPostagePayer: strOrNull(row.resend_postage_payer) as PostagePayer | null,
    returnCourier: strOrNull(row.return_courier),
    returnTrackingNo: strOrNull(row.return_tracking_no),
    returnTrackingMessageId: numOrNull(row.return_tracking_message_id),
    returnTrackingEnteredAt: dateOrNull(row.return_tracking_entered_at),
    returnTrackingEnteredBy: numOrNull(row.return_tracking_entered_by),
    wantedColor: strOrNull(row.wanted_color),
    wantedSize: strOrNull(row.wanted_size),
    postageAdvancedFen: numOrNull(row.postage_advanced_fen),
    postageRefundedAt: dateOrNull(row.postage_refunded_at),
    postageRefundedBy: numOrNull(row.postage_refunded_by),
    receivedAt: dateOrNull(row.received_at),
    receivedBy: numOrNull(row.received_by),
    inspectionResult: strOrNull(row.inspection_result) as InspectionResult | null,
    inspectionNote: strOrNull(row.inspection_note),
    cardPresent: row.card_present === null || row.card_present === undefined ? null : Boolean(num(row.card_present)),
    refundedAt: dateOrNull(row.refunded_at),
    refundedBy: numOrNull(row.refunded_by),
    exchangeCourier: strOrNull(row.exchange_courier),
    exchangeTrackingNo: strOrNull(row.exchange_tracking_no),
    exchangeShippedAt: dateOrNull(row.exchange_shipped_at),
    exchangeShippedBy: numOrNull(row.exchange_shipped_by),
    rejectedReason: strOrNull(row.rejected_reason),
    earlyShipApprovedBy: numOrNull(row.early_ship_approved_by),
    earlyShipApprovedAt: dateOrNull(row.early_ship_approved_at),
    earlyShipReason: strOrNull(row.early_ship_reason),
    openedByName: row.opened_by_name as string,
    closedByName: strOrNull(row.closed_by_name),
    returnTrackingEnteredByName: strOrNull(row.tracking_by_name),
    receivedByName: strOrNull(row.received_by_name),
    refundedByName: strOrNull(row.refunded_by_name),
    exchangeShippedByName: strOrNull(row.shipped_by_name),
    postageRefundedByName: strOrNull(row.postage_by_name),
    earlyShipApprovedByName: strOrNull(row.approved_by_name),
  };
}

export interface NewCaseRow {
  orderId: number;
  orderNo: string;
  buyerId: string;
  kind: CaseKind;
  reason: string;
  openedBy: number;
  openedAt: Date;
  details?: CaseChanges;
}

/** Active: neither closed nor rejected (the generated `open_order_id` keeps one per order). */
const ACTIVE = "c.status NOT IN ('closed', 'rejected')";

export const aftersaleRepository = {
  /** Fails on the unique key when the order already has an active case. */
  async insert(tx: Tx, row: NewCaseRow): Promise<number> {
    const extra = Object.entries(row.details ?? {}).filter(([, value]) => value !== undefined) as Array<[keyof CaseChanges, unknown]>;
    const columns = ['order_id', 'order_no', 'buyer_id', 'kind', 'status', 'reason', 'opened_by', 'opened_at', ...extra.map(([key]) => COLUMN[key])];
    const values = [row.orderId, row.orderNo, row.buyerId, row.kind, 'open', row.reason, row.openedBy, row.openedAt, ...extra.map(([, value]) => (typeof value === 'boolean' ? (value ? 1 : 0) : value))];
    const result = (await tx.query(`INSERT INTO after_sale_case (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, values)) as { insertId: number };
    const id = num(result.insertId);
    await this.addEvent(tx, { caseId: id, what: 'opened', by: row.openedBy, at: row.openedAt, payload: { kind: row.kind, reason: row.reason } });
    return id;
  },

  async find(tx: Tx, id: number, options: { lock?: boolean } = {}): Promise<CaseRecord | null> {
    if (options.lock) await tx.query('SELECT id FROM after_sale_case WHERE id = ? FOR UPDATE', [id]);
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.id = ?`, [id])) as Raw[];
    return rows[0] ? toCase(rows[0]) : null;
  },

  async openCaseOf(tx: Tx, orderId: number): Promise<CaseRecord | null> {
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.open_order_id = ?`, [orderId])) as Raw[];
    return rows[0] ? toCase(rows[0]) : null;
  },

  /** Newest first; `before` pages on by id. */
  async list(tx: Tx, query: CasesQuery, range: { from?: Date; to?: Date } = {}): Promise<CaseRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (query.status) add('c.status = ?', query.status);
    if (query.active) add(ACTIVE);
    if (query.kind) add('c.kind = ?', query.kind);
    if (query.buyerId) add('c.buyer_id = ?', query.buyerId);
    if (query.orderNo) add('c.order_no = ?', query.orderNo);
    if (query.agentId) add('c.opened_by = ?', query.agentId);
    if (query.trackingNo) add('(c.return_tracking_no = ? OR c.exchange_tracking_no = ?)', query.trackingNo, query.trackingNo);
    if (range.from) add('c.opened_at >= ?', range.from);
    if (range.to) add('c.opened_at < ?', range.to);
    if (query.postageToRefund) add("c.return_postage_payer = 'shop' AND c.postage_advanced_fen > 0 AND c.postage_refunded_at IS NULL AND c.received_at IS NOT NULL AND c.status <> 'rejected'");
    if (query.before) add('c.id < ?', query.before);
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id DESC LIMIT ?`, [...params, query.limit])) as Raw[];
    return rows.map(toCase);
  },

  /** Sets the columns and bumps the version, if the case is still at `version`. */
  async update(tx: Tx, id: number, version: number, changes: CaseChanges): Promise<boolean> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as Array<[keyof CaseChanges, unknown]>;
    const sets = entries.map(([key]) => `${COLUMN[key]} = ?`);
    const values = entries.map(([, value]) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
    const result = await tx.query(`UPDATE after_sale_case SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = ? AND version = ?`, [...values, id, version]);
    return affectedRows(result) === 1;
  },

  /** One line of the case's story. */
  async addEvent(tx: Tx, event: { caseId: number; what: string; by: number; at: Date; payload?: unknown }): Promise<void> {
    await tx.query('INSERT INTO after_sale_case_event (case_id, what, by_staff_id, at, payload) VALUES (?, ?, ?, ?, ?)', [
      event.caseId,
      event.what,
      event.by,
      event.at,
      event.payload === undefined ? null : JSON.stringify(event.payload),
    ]);
  },

  async events(tx: Tx, caseId: number): Promise<Array<{ id: number; what: string; by: { id: number; displayName: string }; at: Date; payload: unknown }>> {
    const rows = (await tx.query(
      'SELECT e.id, e.what, e.by_staff_id, s.display_name, e.at, e.payload FROM after_sale_case_event e JOIN staff s ON s.id = e.by_staff_id WHERE e.case_id = ? ORDER BY e.id',
      [caseId],
    )) as Raw[];
    return rows.map((row) => ({ id: num(row.id), what: row.what as string, by: { id: num(row.by_staff_id), displayName: row.display_name as string }, at: row.at as Date, payload: row.payload ? JSON.parse(row.payload as string) : null }));
  },

  /** What chat routing needs: does this buyer have an active case? */
  async hasOpenCase(tx: Tx, buyerId: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM after_sale_case c WHERE c.buyer_id = ? AND ${ACTIVE} LIMIT 1`, [buyerId])) as unknown[];
    return rows.length > 0;
  },

  /** Which of these numbers are the tracking number of a return or an exchange the shop knows. */
  async trackingNosAmong(tx: Tx, numbers: readonly string[]): Promise<string[]> {
    if (!numbers.length) return [];
    const rows = (await tx.query(
      `SELECT return_tracking_no AS no FROM after_sale_case WHERE return_tracking_no IN (?)
       UNION SELECT exchange_tracking_no FROM after_sale_case WHERE exchange_tracking_no IN (?)
       UNION SELECT tracking_no FROM exchange_shipment WHERE tracking_no IN (?)`,
      [numbers, numbers, numbers],
    )) as Array<{ no: string }>;
    return rows.map((row) => row.no);
  },

  /** Active cases whose return came back under this tracking number, or of this buyer (a parcel without a card). */
  async activeByTracking(tx: Tx, trackingNo: string): Promise<CaseRecord[]> {
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.return_tracking_no = ? AND ${ACTIVE} ORDER BY c.id`, [trackingNo])) as Raw[];
    return rows.map(toCase);
  },

  async activeOfBuyer(tx: Tx, buyerId: string): Promise<CaseRecord[]> {
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.buyer_id = ? AND ${ACTIVE} ORDER BY c.id`, [buyerId])) as Raw[];
    return rows.map(toCase);
  },
};
