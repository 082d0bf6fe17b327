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
}

const CHUNK = 250;

type Outcome = 'created' | 'updated' | 'unchanged';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** The item line as the registry keeps it until colour and size have columns of their own: `黑色 38`. */
function skuOf(item: ImportOrder['items'][number]): string | null {
  const parts = [item.colour, item.size].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' ').slice(0, 60) : null;
}

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
    for (const candidate of read.orders) {
      const parsed = ImportOrder.safeParse(candidate.candidate);
      if (parsed.success) good.push({ line: candidate.line, order: parsed.data });
      else {
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
          } catch (err) {
            errors.push({ line, orderNo: order.orderNo, code: 'conflict', message: `order ${order.orderNo} could not be written: ${err instanceof Error ? err.message : String(err)}` });
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
    const { outcomes, paid, changed } = await transactionWithRetry(this.db, async (tx) => {
      const existing = await this.lockExisting(tx, orders.map((o) => o.orderNo));
      const paid: unknown[] = [];
      const outcomes: Outcome[] = [];
      const touched: number[] = [];
      for (const order of orders) {
        const found = existing.get(order.orderNo);
        let orderId: number;
        let outcome: Outcome;
        if (!found) {
          orderId = await this.create(tx, order, importer, now);
          outcome = 'created';
          if (order.status !== 'unpaid' && order.status !== 'cancelled' && this.effects.recordPaid) {
            paid.push(await this.effects.recordPaid(tx, order.buyerId, new Date(order.paidAt ?? order.placedAt ?? now.toISOString())));
          }
        } else {
          orderId = found.id;
          const moved = await this.moveOn(tx, found, order, importer, now);
          if (moved && found.status === 'unpaid' && moved !== 'cancelled' && this.effects.recordPaid) {
            paid.push(await this.effects.recordPaid(tx, order.buyerId, new Date(order.paidAt ?? now.toISOString())));
          }
          outcome = moved ? 'updated' : 'unchanged';
        }
        const notes = order.sellerNote ? await this.keepNotes(tx, orderId, order.sellerNote, today, importer, now) : 0;
        if (outcome === 'unchanged' && notes > 0) outcome = 'updated';
        if (outcome !== 'unchanged') touched.push(orderId);
        outcomes.push(outcome);
      }
      const changed = touched.length
        ? ((await tx.query('SELECT order_no, buyer_id, status, version FROM shop_order WHERE id IN (?)', [touched])) as Array<Record<string, unknown>>).map((r) => ({
            orderNo: String(r.order_no),
            buyerId: String(r.buyer_id),
            status: r.status as OrderStatus,
            version: Number(r.version),
          }))
        : [];
      return { outcomes, paid: paid.filter((p) => p !== null), changed };
    });
    if (this.effects.afterCommit && (paid.length || changed.length)) await this.effects.afterCommit(paid, changed);
    return outcomes;
  }

  private async lockExisting(tx: Tx, orderNos: string[]): Promise<Map<string, { id: number; orderNo: string; status: OrderStatus; version: number; trackingNo: string | null }>> {
    const rows = (await tx.query('SELECT id, order_no, status, version, tracking_no FROM shop_order WHERE order_no IN (?) FOR UPDATE', [orderNos])) as Array<Record<string, unknown>>;
    return new Map(
      rows.map((r) => [String(r.order_no), { id: Number(r.id), orderNo: String(r.order_no), status: r.status as OrderStatus, version: Number(r.version), trackingNo: (r.tracking_no as string | null) ?? null }]),
    );
  }

  private async create(tx: Tx, order: ImportOrder, importer: Importer, now: Date): Promise<number> {
    const paidAt = order.status === 'unpaid' ? null : order.paidAt ? new Date(order.paidAt) : null;
    const placedAt = order.placedAt ? new Date(order.placedAt) : (paidAt ?? now);
    const items = order.items.map((item, index) => ({ lineNo: index + 1, title: item.title, sku: skuOf(item), quantity: item.quantity, priceFen: item.priceFen, inStock: item.inStock }));
    const totalFen = items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0);
    const shipped = order.status === 'shipped' || order.status === 'delivered';
    const id = await ordersRepository.insert(
      tx,
      {
        orderNo: order.orderNo,
        buyerId: order.buyerId,
        status: order.status,
        totalFen,
        placedAt,
        // A paid order the export gives no payment time: paid when placed.
        paidAt: order.status === 'unpaid' ? null : (paidAt ?? (order.status === 'cancelled' ? null : placedAt)),
        // The export has no shipping or receipt time: the import is when the shop learnt of it.
        shippedAt: shipped ? now : null,
        deliveredAt: order.status === 'delivered' ? now : null,
        cancelledAt: order.status === 'cancelled' ? now : null,
        courier: order.courier ?? null,
        trackingNo: order.trackingNo ?? null,
        createdBy: importer.id,
        createdAt: now,
        updatedAt: now,
      },
      items,
    );
    await ordersRepository.insertEvent(tx, { orderId: id, fromStatus: null, toStatus: order.status, courier: shipped ? (order.courier ?? null) : null, trackingNo: shipped ? (order.trackingNo ?? null) : null, note: order.buyerMessage ? `买家留言：${order.buyerMessage}`.slice(0, 500) : null, staffId: importer.id, at: now });
    await audit(tx, { actorId: importer.id, action: 'order.import.create', entity: 'order', entityId: order.orderNo, details: { via: importer.via, order, totalFen }, ip: importer.ip, at: now });
    return id;
  }

  /** Moves a recorded order on where the back office knows more; returns the new status or null. */
  private async moveOn(tx: Tx, found: { id: number; orderNo: string; status: OrderStatus; version: number; trackingNo: string | null }, order: ImportOrder, importer: Importer, now: Date): Promise<OrderStatus | null> {
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

  /** Keeps each note line of the 订单备注 once per order; returns how many were new. */
  private async keepNotes(tx: Tx, orderId: number, cell: string, today: string, importer: Importer, now: Date): Promise<number> {
    const lines = splitSellerNote(cell, today);
    if (!lines.length) return 0;
    // The order row is locked, so nobody adds its notes between this read and the insert.
    const known = new Set(((await tx.query('SELECT text_sha FROM order_imported_note WHERE order_id = ?', [orderId])) as Array<{ text_sha: string }>).map((r) => r.text_sha));
    const notes = [...new Map(lines.map((n) => [sha(n.text), n])).entries()].filter(([hash]) => !known.has(hash));
    if (!notes.length) return 0;
    await tx.query(
      `INSERT INTO order_imported_note (order_id, text, text_sha, signed, signed_by, signed_on, imported_by, imported_at) VALUES ${notes.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      notes.flatMap(([hash, n]) => [orderId, n.text.slice(0, 1000), hash, n.signed ? 1 : 0, n.signedBy, n.signedOn, importer.id, now]),
    );
    const added = notes.length;
    if (added > 0) {
      await audit(tx, { actorId: importer.id, action: 'order.import.notes', entity: 'order', entityId: orderId, details: { via: importer.via, notes: notes.map(([, n]) => n) }, ip: importer.ip, at: now });
    }
    return added;
  }
}
