/**
 * Every read and write of the order tables. Lock order: the order row, then (through the
 * chat module) the buyer's conversation — the same order everywhere.
 */
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import type { OrdersQuery } from '@kefu/shared/schemas/orders';
import { affectedRows, type Tx } from '../../platform/db.ts';
import type { OrderEventRow, OrderItemRow, OrderRow } from './orders.entity.ts';

type Raw = Record<string, any>;
const num = (v: unknown): number => Number(v);
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : (v as Date));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** An order with the names the console shows next to its ids. */
export interface OrderRecord extends OrderRow {
  createdByName: string;
}

export interface OrderEventRecord extends OrderEventRow {
  staffName: string;
}

const ORDER_SELECT = `o.id, o.order_no, o.buyer_id, o.status, o.total_fen, o.receiver_name, o.receiver_phone, o.receiver_province,
  o.receiver_city, o.receiver_district, o.receiver_street, o.buyer_message, o.placed_at, o.paid_at, o.shipped_at, o.delivered_at,
  o.cancelled_at, o.returned_at, o.courier, o.tracking_no, o.created_by, o.created_at, o.updated_at, o.version, s.display_name AS created_by_name`;
const ORDER_FROM = 'shop_order o JOIN staff s ON s.id = o.created_by';

function toOrder(row: Raw): OrderRecord {
  return {
    id: num(row.id),
    orderNo: row.order_no as string,
    buyerId: row.buyer_id as string,
    status: row.status as OrderStatus,
    totalFen: num(row.total_fen),
    receiverName: textOrNull(row.receiver_name),
    receiverPhone: textOrNull(row.receiver_phone),
    receiverProvince: textOrNull(row.receiver_province),
    receiverCity: textOrNull(row.receiver_city),
    receiverDistrict: textOrNull(row.receiver_district),
    receiverStreet: textOrNull(row.receiver_street),
    buyerMessage: textOrNull(row.buyer_message),
    placedAt: row.placed_at as Date,
    paidAt: dateOrNull(row.paid_at),
    shippedAt: dateOrNull(row.shipped_at),
    deliveredAt: dateOrNull(row.delivered_at),
    cancelledAt: dateOrNull(row.cancelled_at),
    returnedAt: dateOrNull(row.returned_at),
    courier: (row.courier as string | null) ?? null,
    trackingNo: (row.tracking_no as string | null) ?? null,
    createdBy: num(row.created_by),
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    version: num(row.version),
    createdByName: row.created_by_name as string,
  };
}

/** The columns a move may set, by their names in OrderRow. */
const MOVE_COLUMNS = {
  status: 'status',
  paidAt: 'paid_at',
  shippedAt: 'shipped_at',
  deliveredAt: 'delivered_at',
  cancelledAt: 'cancelled_at',
  courier: 'courier',
  trackingNo: 'tracking_no',
  updatedAt: 'updated_at',
  // A buyer's address change (order-changes.service.ts) goes through the same guarded update.
  receiverName: 'receiver_name',
  receiverPhone: 'receiver_phone',
  receiverProvince: 'receiver_province',
  receiverCity: 'receiver_city',
  receiverDistrict: 'receiver_district',
  receiverStreet: 'receiver_street',
  returnedAt: 'returned_at',
} as const;
export type OrderMoveChanges = Partial<Pick<OrderRow, keyof typeof MOVE_COLUMNS>>;

export const ordersRepository = {
  /** Inserts an order with its items; a second order with the same number fails on the unique key. */
  async insert(tx: Tx, order: Omit<OrderRow, 'id' | 'version'>, items: readonly Omit<OrderItemRow, 'orderId'>[]): Promise<number> {
    const result = (await tx.query(
      `INSERT INTO shop_order (order_no, buyer_id, status, total_fen, receiver_name, receiver_phone, receiver_province, receiver_city, receiver_district,
         receiver_street, buyer_message, placed_at, paid_at, shipped_at, delivered_at, cancelled_at, returned_at, courier, tracking_no, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        order.orderNo, order.buyerId, order.status, order.totalFen, order.receiverName, order.receiverPhone, order.receiverProvince, order.receiverCity,
        order.receiverDistrict, order.receiverStreet, order.buyerMessage, order.placedAt, order.paidAt, order.shippedAt, order.deliveredAt,
        order.cancelledAt, order.returnedAt, order.courier, order.trackingNo, order.createdBy, order.createdAt, order.updatedAt,
      ],
    )) as { insertId: number };
    const id = num(result.insertId);
    await tx.query(
      `INSERT INTO shop_order_item (order_id, line_no, title, colour, size, quantity, price_fen, in_stock) VALUES ${items.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      items.flatMap((item) => [id, item.lineNo, item.title, item.colour, item.size, item.quantity, item.priceFen, item.inStock ? 1 : 0]),
    );
    return id;
  },

  async findByNo(tx: Tx, orderNo: string, options: { lock?: boolean } = {}): Promise<OrderRecord | null> {
    const rows = (await tx.query(`SELECT ${ORDER_SELECT} FROM ${ORDER_FROM} WHERE o.order_no = ?${options.lock ? ' FOR UPDATE' : ''}`, [orderNo])) as Raw[];
    return rows[0] ? toOrder(rows[0]) : null;
  },

  /** Which of these numbers are the tracking number of one of the shop's parcels (an order shipped, or re-sent). */
  async trackingNosAmong(tx: Tx, numbers: readonly string[]): Promise<string[]> {
    if (!numbers.length) return [];
    const rows = (await tx.query(
      `SELECT tracking_no AS no FROM shop_order WHERE tracking_no IN (?) UNION SELECT tracking_no FROM shop_order_event WHERE tracking_no IN (?)`,
      [numbers, numbers],
    )) as Array<{ no: string }>;
    return rows.map((row) => row.no);
  },

  /** Newest first; `before` pages on. */
  async list(tx: Tx, query: OrdersQuery): Promise<OrderRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.buyerId) {
      where.push('o.buyer_id = ?');
      params.push(query.buyerId);
    }
    if (query.status) {
      where.push('o.status = ?');
      params.push(query.status);
    }
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push('(o.order_no LIKE ? OR o.buyer_id LIKE ? OR o.tracking_no LIKE ?)');
      params.push(like, like, like);
    }
    if (query.before) {
      where.push('o.id < ?');
      params.push(query.before);
    }
    const rows = (await tx.query(
      `SELECT ${ORDER_SELECT} FROM ${ORDER_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.id DESC LIMIT ?`,
      [...params, query.limit],
    )) as Raw[];
    return rows.map(toOrder);
  },

  async itemsOf(tx: Tx, orderIds: readonly number[]): Promise<Map<number, OrderItemRow[]>> {
    const byOrder = new Map<number, OrderItemRow[]>(orderIds.map((id) => [id, []]));
    if (!orderIds.length) return byOrder;
    const rows = (await tx.query(
      'SELECT order_id, line_no, title, colour, size, quantity, price_fen, in_stock FROM shop_order_item WHERE order_id IN (?) ORDER BY order_id, line_no',
      [orderIds],
    )) as Raw[];
    for (const row of rows) {
      byOrder.get(num(row.order_id))?.push({
        orderId: num(row.order_id),
        lineNo: num(row.line_no),
        title: row.title as string,
        colour: textOrNull(row.colour),
        size: textOrNull(row.size),
        quantity: num(row.quantity),
        priceFen: num(row.price_fen),
        inStock: Boolean(num(row.in_stock)),
      });
    }
    return byOrder;
  },

  /** A buyer's attribute change on one item line (in the transaction that bumps the order's version). */
  async updateItemAttributes(tx: Tx, orderId: number, lineNo: number, colour: string | null, size: string | null): Promise<boolean> {
    const result = await tx.query('UPDATE shop_order_item SET colour = ?, size = ? WHERE order_id = ? AND line_no = ?', [colour, size, orderId, lineNo]);
    return affectedRows(result) === 1;
  },

  async insertEvent(tx: Tx, event: Omit<OrderEventRow, 'id'>): Promise<void> {
    await tx.query(
      'INSERT INTO shop_order_event (order_id, from_status, to_status, courier, tracking_no, note, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [event.orderId, event.fromStatus, event.toStatus, event.courier, event.trackingNo, event.note, event.staffId, event.at],
    );
  },

  async eventsOf(tx: Tx, orderId: number): Promise<OrderEventRecord[]> {
    const rows = (await tx.query(
      `SELECT e.id, e.order_id, e.from_status, e.to_status, e.courier, e.tracking_no, e.note, e.staff_id, e.at, s.display_name
       FROM shop_order_event e JOIN staff s ON s.id = e.staff_id WHERE e.order_id = ? ORDER BY e.id`,
      [orderId],
    )) as Raw[];
    return rows.map((row) => ({
      id: num(row.id),
      orderId: num(row.order_id),
      fromStatus: (row.from_status as OrderStatus | null) ?? null,
      toStatus: row.to_status as OrderStatus,
      courier: (row.courier as string | null) ?? null,
      trackingNo: (row.tracking_no as string | null) ?? null,
      note: (row.note as string | null) ?? null,
      staffId: num(row.staff_id),
      at: row.at as Date,
      staffName: row.display_name as string,
    }));
  },

  /** Moves an order on if nobody changed it since `version` was read; false otherwise. */
  async move(tx: Tx, id: number, version: number, changes: OrderMoveChanges): Promise<boolean> {
    const entries = Object.entries(changes) as Array<[keyof typeof MOVE_COLUMNS, unknown]>;
    const sets = entries.map(([key]) => `${MOVE_COLUMNS[key]} = ?`);
    const result = await tx.query(`UPDATE shop_order SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = ? AND version = ?`, [
      ...entries.map(([, value]) => value),
      id,
      version,
    ]);
    return affectedRows(result) === 1;
  },

  /**
   * What chat routing needs (docs/orders.md): the buyer's order that best argues for
   * after-sale — a shipped one if any, else the latest delivered one — or null.
   */
  async afterSaleCandidate(tx: Tx, buyerId: string): Promise<Pick<OrderRow, 'status' | 'deliveredAt'> | null> {
    const rows = (await tx.query(
      `SELECT status, delivered_at FROM shop_order WHERE buyer_id = ? AND status IN ('shipped', 'delivered')
       ORDER BY status = 'shipped' DESC, delivered_at DESC LIMIT 1`,
      [buyerId],
    )) as Raw[];
    return rows[0] ? { status: rows[0].status as OrderStatus, deliveredAt: dateOrNull(rows[0].delivered_at) } : null;
  },
};
