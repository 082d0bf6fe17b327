/** Every read and write of after-sale cases. Lock order: the order row, then its cases. */
import type { CaseKind, CaseStatus } from '@kefu/shared/domain/aftersale/cases';
import type { CasesQuery } from '@kefu/shared/schemas/aftersale';
import { affectedRows, type Tx } from '../../platform/db.ts';
import type { CaseRow } from './aftersale.entity.ts';

type Raw = Record<string, any>;
const num = (v: unknown): number => Number(v);

export interface CaseRecord extends CaseRow {
  openedByName: string;
  closedByName: string | null;
}

const CASE_SELECT = `c.id, c.order_id, c.order_no, c.buyer_id, c.kind, c.status, c.reason, c.opened_by, c.opened_at, c.closed_by, c.closed_at,
  c.close_note, c.version, o.display_name AS opened_by_name, x.display_name AS closed_by_name`;
const CASE_FROM = 'after_sale_case c JOIN staff o ON o.id = c.opened_by LEFT JOIN staff x ON x.id = c.closed_by';

function toCase(row: Raw): CaseRecord {
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
    closedBy: row.closed_by === null ? null : num(row.closed_by),
    closedAt: (row.closed_at as Date | null) ?? null,
    closeNote: (row.close_note as string | null) ?? null,
    version: num(row.version),
    openedByName: row.opened_by_name as string,
    closedByName: (row.closed_by_name as string | null) ?? null,
  };
}

export const aftersaleRepository = {
  /** Fails on the unique key when the order already has an open case. */
  async insert(tx: Tx, row: Omit<CaseRow, 'id' | 'version' | 'closedBy' | 'closedAt' | 'closeNote' | 'status'>): Promise<number> {
    const result = (await tx.query(
      `INSERT INTO after_sale_case (order_id, order_no, buyer_id, kind, status, reason, opened_by, opened_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
      [row.orderId, row.orderNo, row.buyerId, row.kind, row.reason, row.openedBy, row.openedAt],
    )) as { insertId: number };
    return num(result.insertId);
  },

  async find(tx: Tx, id: number, options: { lock?: boolean } = {}): Promise<CaseRecord | null> {
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id])) as Raw[];
    return rows[0] ? toCase(rows[0]) : null;
  },

  async openCaseOf(tx: Tx, orderId: number): Promise<CaseRecord | null> {
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.open_order_id = ?`, [orderId])) as Raw[];
    return rows[0] ? toCase(rows[0]) : null;
  },

  /** Newest first; `before` pages on by id. */
  async list(tx: Tx, query: CasesQuery): Promise<CaseRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      where.push('c.status = ?');
      params.push(query.status);
    }
    if (query.buyerId) {
      where.push('c.buyer_id = ?');
      params.push(query.buyerId);
    }
    if (query.orderNo) {
      where.push('c.order_no = ?');
      params.push(query.orderNo);
    }
    if (query.before) {
      where.push('c.id < ?');
      params.push(query.before);
    }
    const rows = (await tx.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id DESC LIMIT ?`, [
      ...params,
      query.limit,
    ])) as Raw[];
    return rows.map(toCase);
  },

  async close(tx: Tx, id: number, version: number, closing: { by: number; at: Date; note: string }): Promise<boolean> {
    const result = await tx.query(
      `UPDATE after_sale_case SET status = 'closed', closed_by = ?, closed_at = ?, close_note = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'open'`,
      [closing.by, closing.at, closing.note, id, version],
    );
    return affectedRows(result) === 1;
  },

  /** What chat routing needs: does this buyer have an open case? */
  async hasOpenCase(tx: Tx, buyerId: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM after_sale_case WHERE buyer_id = ? AND status = 'open' LIMIT 1`, [buyerId])) as unknown[];
    return rows.length > 0;
  },
};
