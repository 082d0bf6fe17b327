/**
 * Importing orders from the back office (docs/orders.md "Import"). Idempotent by order
 * number: an order not yet recorded is created; one recorded is moved on only where the back
 * office knows more (a payment, a shipment, a receipt, a closure: `importedMove`) and gains
 * the seller notes it did not have; anything else leaves it unchanged, so the same files
 * twice create and change nothing the second time.
 *
 * Every order is checked whole before anything is written (never half an order). Orders
 * are written in chunks, one transaction each, for speed; if a chunk fails (a colleague
 * importing the same new order at the same moment), its orders are written again one
 * transaction each, and only the order at fault is reported. Side effects (the chat's
 * conversion, the console's refresh) follow the commit.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { importedMove, splitSellerNote } from '@kefu/shared/domain/orders/import/reconcile';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { ImportOrder, type ImportError, type ImportResult } from '@kefu/shared/schemas/orders-import';
import { audit } from '../audit/audit.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { transactionWithRetry, type Tx } from '../../platform/db.ts';
import type { OrderSource } from './import.source.ts';

/** Who imports: a logged-in person (the API) or the person the command names. */
export interface Importer {
  id: number;
  ip: string | null;
  via: 'api' | 'command';
}

/** What the composition gives the import beyond the database (the command has none of it). */
export interface ImportEffects {
  /** Credits a payment to the buyer's chat (G09 conversion) inside the transaction; returns what to announce. */
  recordPaid?: (tx: Tx, buyerId: string, paidAt: Date) => Promise<unknown>;
  /** After the commit: what recordPaid returned, and each order created or changed. */
  afterCommit?: (paid: unknown[], orders: Array<{ orderNo: string; buyerId: string; status: OrderStatus; version: number }>) => Promise<void>;
  /**
   * Enters the open refunds and disputes the export names (the disputes module, idempotent)
   * inside the transaction; returns the ids of those entered.
   */
  recordDisputes?: (tx: Tx, items: ImportedAftersale[], now: Date) => Promise<number[]>;
  /** After the commit: the refunds and disputes entered. */
  afterDisputes?: (ids: number[]) => Promise<void>;
}

/** An open refund or dispute of an imported order, as the disputes module takes it. */
export interface ImportedAftersale {
  orderId: number;
  orderNo: string;
  buyerId: string;
  kind: 'refund' | 'dispute';
  amountFen: number | null;
  deadlineAt: Date | null;
  createdBy: number;
}

const CHUNK = 250;

type Outcome = 'created' | 'updated' | 'unchanged';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export class OrderImportService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly tz: string,
    private readonly effects: ImportEffects = {},
  ) {}

  /**
   * Reads every order from `source` and writes the good ones. `progress` is told after each
   * chunk (the command's progress line).
   */
  async run(source: OrderSource, importer: Importer, progress?: (done: number, total: number) => void): Promise<ImportResult> {
    const read = await source.read();
    const errors: ImportError[] = [...read.errors];
    const good: Array<{ line: number; order: ImportOrder }> = [];
    const seen = new Set<string>();
    for (const candidate of read.orders) {
      const parsed = ImportOrder.safeParse(candidate.candidate);
      if (parsed.success && seen.has(parsed.data.orderNo)) {
        errors.push({ line: candidate.line, orderNo: parsed.data.orderNo, code: 'duplicate_order', field: 'orderNo', message: `order ${parsed.data.orderNo} appears twice` });
      } else if (parsed.success) {
        seen.add(parsed.data.orderNo);
        good.push({ line: candidate.line, order: parsed.data });
      } else {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.map(String).join('.');
        errors.push({
          line: candidate.line,
          ...(candidate.orderNo ? { orderNo: candidate.orderNo } : {}),
          ...(candidate.file ? { file: candidate.file } : {}),
          code: 'invalid_field',
          ...(field ? { field } : {}),
          message: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
        });
      }
    }
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (let at = 0; at < good.length; at += CHUNK) {
      const chunk = good.slice(at, at + CHUNK);
      let outcomes: Outcome[];
      try {
        outcomes = await this.writeChunk(chunk.map((c) => c.order), importer);
      } catch {
        outcomes = [];
        for (const { line, order } of chunk) {
          try {
            outcomes.push(...(await this.writeChunk([order], importer)));
          } catch {
            errors.push({ line, orderNo: order.orderNo, code: 'conflict', message: `order ${order.orderNo} was being changed by someone else; import it again` });
          }
        }
      }
      for (const outcome of outcomes) counts[outcome] += 1;
      progress?.(Math.min(at + CHUNK, good.length), good.length);
    }
    errors.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
    return { ...counts, errors };
  }

  private async writeChunk(orders: readonly ImportOrder[], importer: Importer): Promise<Outcome[]> {
    const now = this.clock();
    const today = shopDay(now, this.tz);
    const { outcomes, paid, changed, disputes } = await transactionWithRetry(this.db, async (tx) => {
      const existing = await this.lockExisting(tx, orders.map((o) => o.orderNo));
      const fresh = orders.filter((o) => !existing.has(o.orderNo));
      const ids = new Map<string, number>(await this.createAll(tx, fresh, importer, now));
      const paid: unknown[] = [];
      const moved = new Set<string>();
      for (const order of orders) {
        const found = existing.get(order.orderNo);
        if (!found) {
          if (order.status !== 'unpaid' && order.status !== 'cancelled' && this.effects.recordPaid) {
            paid.push(await this.effects.recordPaid(tx, order.buyerId, new Date(order.paidAt ?? order.placedAt ?? now.toISOString())));
          }
          continue;
        }
        ids.set(order.orderNo, found.id);
        const to = await this.moveOn(tx, found, order, importer, now);
        if (!to) continue;
        moved.add(order.orderNo);
        if (found.status === 'unpaid' && to !== 'cancelled' && this.effects.recordPaid) {
          paid.push(await this.effects.recordPaid(tx, order.buyerId, new Date(order.paidAt ?? now.toISOString())));
        }
      }
      const noted = await this.keepNotes(tx, orders, ids, existing, today, importer, now);
      const { disputes, disputed } = await this.keepDisputes(tx, orders, ids, importer, now);
      const outcomes = orders.map((o): Outcome => (!existing.has(o.orderNo) ? 'created' : moved.has(o.orderNo) || noted.has(o.orderNo) || disputed.has(o.orderNo) ? 'updated' : 'unchanged'));
      const touched = orders.filter((_, i) => outcomes[i] !== 'unchanged').map((o) => ids.get(o.orderNo)!);
      const changed = touched.length
        ? ((await tx.query('SELECT order_no, buyer_id, status, version FROM shop_order WHERE id IN (?)', [touched])) as Array<Record<string, unknown>>).map((r) => ({
            orderNo: String(r.order_no),
            buyerId: String(r.buyer_id),
            status: r.status as OrderStatus,
            version: Number(r.version),
          }))
        : [];
      return { outcomes, paid: paid.filter((p) => p !== null), changed, disputes };
    });
    if (this.effects.afterCommit && (paid.length || changed.length)) await this.effects.afterCommit(paid, changed);
    if (this.effects.afterDisputes && disputes.length) await this.effects.afterDisputes(disputes);
    return outcomes;
  }

  private async lockExisting(tx: Tx, orderNos: string[]): Promise<Map<string, Found>> {
    const rows = (await tx.query('SELECT id, order_no, status, version, tracking_no FROM shop_order WHERE order_no IN (?) FOR UPDATE', [orderNos])) as Array<Record<string, unknown>>;
    return new Map(
      rows.map((r) => [String(r.order_no), { id: Number(r.id), orderNo: String(r.order_no), status: r.status as OrderStatus, version: Number(r.version), trackingNo: (r.tracking_no as string | null) ?? null }]),
    );
  }

  /**
   * Records new orders with multi-row INSERTs (orders, then their items, first events and
   * audit lines): thousands of orders a minute instead of hundreds. A second importer
   * recording one of them meanwhile fails the unique key, and the caller retries one by one.
   */
  private async createAll(tx: Tx, orders: readonly ImportOrder[], importer: Importer, now: Date): Promise<Array<[string, number]>> {
    if (!orders.length) return [];
    const rows = orders.map((order) => {
      const paidAt = order.status === 'unpaid' ? null : order.paidAt ? new Date(order.paidAt) : null;
      const placedAt = order.placedAt ? new Date(order.placedAt) : (paidAt ?? now);
      const shipped = order.status === 'shipped' || order.status === 'delivered';
      const items = order.items.map((item, index) => ({ lineNo: index + 1, title: item.title, colour: item.colour ?? null, size: item.size ?? null, quantity: item.quantity, priceFen: item.priceFen, inStock: item.inStock }));
      const totalFen = items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0);
      const receiver = order.receiver;
      return {
        order,
        items,
        totalFen,
        shipped,
        values: [
          order.orderNo,
          order.buyerId,
          order.status,
          totalFen,
          receiver?.name ?? null,
          receiver?.phone ?? null,
          receiver?.address.province ?? null,
          receiver?.address.city ?? null,
          receiver?.address.district ?? null,
          receiver?.address.street ?? null,
          order.buyerMessage ?? null,
          placedAt,
          // A paid order the export gives no payment time: paid when placed.
          order.status === 'unpaid' || (order.status === 'cancelled' && !paidAt) ? null : (paidAt ?? placedAt),
          // The export has no shipping or receipt time: the import is when the shop learnt of it.
          shipped ? now : null,
          order.status === 'delivered' ? now : null,
          order.status === 'cancelled' ? now : null,
          order.courier ?? null,
          order.trackingNo ?? null,
          importer.id,
          now,
          now,
        ],
      };
    });
    await tx.query(
      `INSERT INTO shop_order (order_no, buyer_id, status, total_fen, receiver_name, receiver_phone, receiver_province, receiver_city, receiver_district, receiver_street,
         buyer_message, placed_at, paid_at, shipped_at, delivered_at, cancelled_at, courier, tracking_no, created_by, created_at, updated_at)
       VALUES ${rows.map(() => `(${Array(21).fill('?').join(', ')})`).join(', ')}`,
      rows.flatMap((r) => r.values),
    );
    const idRows = (await tx.query('SELECT id, order_no FROM shop_order WHERE order_no IN (?)', [orders.map((o) => o.orderNo)])) as Array<{ id: number; order_no: string }>;
    const ids = new Map(idRows.map((r) => [String(r.order_no), Number(r.id)]));
    const items = rows.flatMap((r) => r.items.map((item) => [ids.get(r.order.orderNo), item.lineNo, item.title, item.colour, item.size, item.quantity, item.priceFen, item.inStock ? 1 : 0]));
    await tx.query(`INSERT INTO shop_order_item (order_id, line_no, title, colour, size, quantity, price_fen, in_stock) VALUES ${items.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, items.flat());
    await tx.query(
      `INSERT INTO shop_order_event (order_id, from_status, to_status, courier, tracking_no, note, staff_id, at) VALUES ${rows.map(() => '(?, NULL, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((r) => [
        ids.get(r.order.orderNo),
        r.order.status,
        r.shipped ? (r.order.courier ?? null) : null,
        r.shipped ? (r.order.trackingNo ?? null) : null,
        null,
        importer.id,
        now,
      ]),
    );
    await auditMany(tx, rows.map((r) => ({ actorId: importer.id, action: 'order.import.create', entityId: r.order.orderNo, details: { via: importer.via, order: r.order, totalFen: r.totalFen }, ip: importer.ip, at: now })));
    return [...ids.entries()];
  }

  /** Moves a recorded order on where the back office knows more; returns the new status or null. */
  private async moveOn(tx: Tx, found: Found, order: ImportOrder, importer: Importer, now: Date): Promise<OrderStatus | null> {
    const to = importedMove(found.status, order.status);
    if (!to) return null;
    const changes: Parameters<typeof ordersRepository.move>[3] = { status: to, updatedAt: now };
    if (found.status === 'unpaid' && to !== 'cancelled') changes.paidAt = order.paidAt ? new Date(order.paidAt) : now;
    if (to === 'shipped' || (to === 'delivered' && found.status !== 'shipped')) Object.assign(changes, { shippedAt: now, courier: order.courier ?? null, trackingNo: order.trackingNo ?? found.trackingNo });
    if (to === 'delivered') changes.deliveredAt = now;
    if (to === 'cancelled') changes.cancelledAt = now;
    if (!(await ordersRepository.move(tx, found.id, found.version, changes))) throw new Error(`order ${found.orderNo} changed meanwhile`);
    const shipped = to === 'shipped';
    await ordersRepository.insertEvent(tx, { orderId: found.id, fromStatus: found.status, toStatus: to, courier: shipped ? (order.courier ?? null) : null, trackingNo: shipped ? (order.trackingNo ?? null) : null, note: '后台导入', staffId: importer.id, at: now });
    await audit(tx, { actorId: importer.id, action: 'order.import.move', entity: 'order', entityId: found.orderNo, details: { via: importer.via, from: found.status, to, imported: order.status }, ip: importer.ip, at: now });
    return to;
  }

  /** The export's open refunds and disputes, entered through the disputes module; returns the ids and the orders that gained one. */
  private async keepDisputes(tx: Tx, orders: readonly ImportOrder[], ids: Map<string, number>, importer: Importer, now: Date): Promise<{ disputes: number[]; disputed: Set<string> }> {
    if (!this.effects.recordDisputes) return { disputes: [], disputed: new Set() };
    const items: ImportedAftersale[] = [];
    for (const order of orders) {
      const base = { orderId: ids.get(order.orderNo)!, orderNo: order.orderNo, buyerId: order.buyerId, createdBy: importer.id };
      if (order.refund) items.push({ ...base, kind: 'refund', amountFen: order.refund.amountFen ?? null, deadlineAt: order.refund.deadlineAt ? new Date(order.refund.deadlineAt) : null });
      if (order.dispute) items.push({ ...base, kind: 'dispute', amountFen: null, deadlineAt: order.dispute.deadlineAt ? new Date(order.dispute.deadlineAt) : null });
    }
    if (!items.length) return { disputes: [], disputed: new Set() };
    const disputes = await this.effects.recordDisputes(tx, items, now);
    const entered = disputes.length
      ? new Set(((await tx.query('SELECT order_no FROM order_dispute WHERE id IN (?)', [disputes])) as Array<{ order_no: string }>).map((r) => String(r.order_no)))
      : new Set<string>();
    return { disputes, disputed: entered };
  }

  /**
   * Keeps each note line of the 订单备注 once per order (one read of the chunk's notes, one
   * insert); returns the orders that gained a note. The order rows are locked, so nobody adds
   * their notes between the read and the insert.
   */
  private async keepNotes(tx: Tx, orders: readonly ImportOrder[], ids: Map<string, number>, existing: Map<string, Found>, today: string, importer: Importer, now: Date): Promise<Set<string>> {
    const withNotes = orders.filter((o) => o.sellerNote);
    if (!withNotes.length) return new Set();
    const known = new Set(
      ((await tx.query('SELECT order_id, text_sha FROM order_imported_note WHERE order_id IN (?)', [withNotes.map((o) => ids.get(o.orderNo)!)])) as Array<{ order_id: number; text_sha: string }>).map(
        (r) => `${Number(r.order_id)}:${r.text_sha}`,
      ),
    );
    const rows: unknown[][] = [];
    const noted = new Map<string, ReturnType<typeof splitSellerNote>>();
    for (const order of withNotes) {
      const orderId = ids.get(order.orderNo)!;
      for (const note of splitSellerNote(order.sellerNote!, today)) {
        const key = `${orderId}:${sha(note.text)}`;
        if (known.has(key)) continue;
        known.add(key);
        rows.push([orderId, note.text.slice(0, 1000), sha(note.text), note.signed ? 1 : 0, note.signedBy, note.signedOn, importer.id, now]);
        noted.set(order.orderNo, [...(noted.get(order.orderNo) ?? []), note]);
      }
    }
    if (!rows.length) return new Set();
    await tx.query(`INSERT INTO order_imported_note (order_id, text, text_sha, signed, signed_by, signed_on, imported_by, imported_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
    const onRecorded = [...noted].filter(([orderNo]) => existing.has(orderNo));
    await auditMany(tx, onRecorded.map(([orderNo, notes]) => ({ actorId: importer.id, action: 'order.import.notes', entityId: orderNo, details: { via: importer.via, notes }, ip: importer.ip, at: now })));
    return new Set(noted.keys());
  }
}

interface Found {
  id: number;
  orderNo: string;
  status: OrderStatus;
  version: number;
  trackingNo: string | null;
}

/** Audit lines of many orders in one INSERT (the same columns audit() writes), in the caller's transaction. */
async function auditMany(tx: Tx, events: Array<{ actorId: number; action: string; entityId: string; details: unknown; ip: string | null; at: Date }>): Promise<void> {
  if (!events.length) return;
  await tx.query(
    `INSERT INTO audit_log (actor_id, action, entity, entity_id, details, ip, at) VALUES ${events.map(() => "(?, ?, 'order', ?, ?, ?, ?)").join(', ')}`,
    events.flatMap((e) => [e.actorId, e.action, e.entityId, JSON.stringify(e.details), e.ip, e.at]),
  );
}
