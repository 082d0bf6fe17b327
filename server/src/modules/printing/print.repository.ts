/** Reads and writes of print batches, and what a print view needs of the orders. */
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { formatAddress } from '@kefu/shared/domain/orders/receiver';
import type { Tx } from '../../platform/db.ts';

type Raw = Record<string, any>;

export interface BatchRecord {
  id: number;
  label: string;
  printedAt: Date;
  printedBy: number;
  printedByName: string;
  orders: Array<{ orderNo: string; reprint: boolean }>;
}

export interface PrintableOrder {
  id: number;
  orderNo: string;
  buyerId: string;
  status: OrderStatus;
  courier: string | null;
  trackingNo: string | null;
  paidAt: Date | null;
  items: Array<{ title: string; colour: string | null; size: string | null; quantity: number }>;
  receiver: { name: string; phone: string; address: string } | null;
  buyerMessage: string | null;
  /** Every note: the order's history notes (not the print batches' own), the signed notes, the imported seller notes. */
  notes: string[];
}

export const printRepository = {
  async insertBatch(tx: Tx, batch: { label: string; shopDay: string; printedBy: number; printedAt: Date; orders: Array<{ orderId: number; reprint: boolean }> }): Promise<number> {
    const result = (await tx.query('INSERT INTO print_batch (label, shop_day, printed_by, printed_at, order_count, reprint_count) VALUES (?, ?, ?, ?, ?, ?)', [
      batch.label,
      batch.shopDay,
      batch.printedBy,
      batch.printedAt,
      batch.orders.length,
      batch.orders.filter((o) => o.reprint).length,
    ])) as { insertId: number };
    const id = Number(result.insertId);
    await tx.query(
      `INSERT INTO print_batch_order (batch_id, position, order_id, reprint) VALUES ${batch.orders.map(() => '(?, ?, ?, ?)').join(', ')}`,
      batch.orders.flatMap((o, i) => [id, i + 1, o.orderId, o.reprint ? 1 : 0]),
    );
    return id;
  },

  async batches(tx: Tx, where: { id?: number; shopDay?: string }): Promise<BatchRecord[]> {
    const rows = (await tx.query(
      `SELECT b.id, b.label, b.printed_at, b.printed_by, s.display_name, o.order_no, bo.reprint
       FROM print_batch b JOIN staff s ON s.id = b.printed_by
       JOIN print_batch_order bo ON bo.batch_id = b.id JOIN shop_order o ON o.id = bo.order_id
       WHERE ${where.id !== undefined ? 'b.id = ?' : 'b.shop_day = ?'} ORDER BY b.id DESC, bo.position`,
      [where.id ?? where.shopDay],
    )) as Raw[];
    const byId = new Map<number, BatchRecord>();
    for (const row of rows) {
      const id = Number(row.id);
      let batch = byId.get(id);
      if (!batch) {
        batch = { id, label: row.label, printedAt: row.printed_at, printedBy: Number(row.printed_by), printedByName: row.display_name, orders: [] };
        byId.set(id, batch);
      }
      batch.orders.push({ orderNo: row.order_no, reprint: Boolean(Number(row.reprint)) });
    }
    return [...byId.values()];
  },

  /** The orders of a batch in its order, with their items and notes. */
  async printable(tx: Tx, batchId: number): Promise<PrintableOrder[]> {
    const orders = (await tx.query(
      `SELECT o.id, o.order_no, o.buyer_id, o.status, o.courier, o.tracking_no, o.paid_at, o.receiver_name, o.receiver_phone,
         o.receiver_province, o.receiver_city, o.receiver_district, o.receiver_street, o.buyer_message FROM print_batch_order bo JOIN shop_order o ON o.id = bo.order_id
       WHERE bo.batch_id = ? ORDER BY bo.position`,
      [batchId],
    )) as Raw[];
    const ids = orders.map((o) => Number(o.id));
    const byId = new Map<number, PrintableOrder>(
      orders.map((o) => [
        Number(o.id),
        { id: Number(o.id), orderNo: o.order_no, buyerId: o.buyer_id, status: o.status, courier: o.courier ?? null, trackingNo: o.tracking_no ?? null, paidAt: o.paid_at ?? null,
          receiver: o.receiver_name
            ? { name: o.receiver_name, phone: o.receiver_phone ?? '', address: formatAddress({ province: o.receiver_province ?? '', city: o.receiver_city ?? '', district: o.receiver_district ?? '', street: o.receiver_street ?? '' }) }
            : null,
          buyerMessage: o.buyer_message ?? null,
          items: [],
          notes: [],
        },
      ]),
    );
    if (!ids.length) return [];
    for (const row of (await tx.query('SELECT order_id, title, colour, size, quantity FROM shop_order_item WHERE order_id IN (?) ORDER BY order_id, line_no', [ids])) as Raw[]) {
      byId.get(Number(row.order_id))!.items.push({ title: row.title, colour: row.colour ?? null, size: row.size ?? null, quantity: Number(row.quantity) });
    }
    for (const row of (await tx.query("SELECT order_id, note FROM shop_order_event WHERE order_id IN (?) AND note IS NOT NULL AND to_status <> 'printed' ORDER BY order_id, id", [ids])) as Raw[]) {
      byId.get(Number(row.order_id))!.notes.push(row.note);
    }
    // The signed notes written in the console (红旗备注), then those imported from the back office.
    for (const row of (await tx.query('SELECT order_id, text FROM order_note WHERE order_id IN (?) ORDER BY order_id, id', [ids])) as Raw[]) {
      byId.get(Number(row.order_id))!.notes.push(row.text);
    }
    for (const row of (await tx.query('SELECT order_id, text FROM order_imported_note WHERE order_id IN (?) ORDER BY order_id, id', [ids])) as Raw[]) {
      byId.get(Number(row.order_id))!.notes.push(row.text);
    }
    return ids.map((id) => byId.get(id)!);
  },
};
