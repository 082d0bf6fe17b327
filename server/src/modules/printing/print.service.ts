/**
 * Printing (打单, docs/orders.md "Printing"). A batch moves each paid order to printed and
 * keeps the day's signed label (`YYYY.MM.DD 姓名`); an order already printed or packed is
 * printed again and recorded as a reprint. The batch is all or nothing: one order that may
 * not be printed (its state, or a guard such as an open alert on it, which prevents R02)
 * refuses the whole batch with 409 naming the order and the reason, and nothing is written.
 * The orders are locked (SELECT … FOR UPDATE) so a colleague's change waits for the batch or
 * the batch for it. Commit, then tell the consoles.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { batchLabel, PRINT_CUTOFF_HOUR, shopDay, waybillSequence } from '@kefu/shared/domain/orders/print/label';
import { isHandmade } from '@kefu/shared/domain/chat/ship-date';
import { ORDER_READERS, type OrderStatus } from '@kefu/shared/domain/orders/status';
import type { NewPrintBatch, PrintBatch, PrintBatches, PrintQueue, PrintQueueQuery } from '@kefu/shared/schemas/print';
import { audit } from '../audit/audit.service.ts';
import { presentOrder } from '../orders/orders.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import type { Actor } from '../../platform/http.ts';
import { transactionWithRetry, type Tx } from '../../platform/db.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { printRepository, type BatchRecord, type PrintableOrder } from './print.repository.ts';

/**
 * Something that may forbid printing an order (an open or claimed alert, an unfinished
 * change): registered where the app is composed. Returns, per refused order, why.
 */
export type PrintGuard = (tx: Tx, orders: ReadonlyArray<{ id: number; orderNo: string }>) => Promise<Array<{ orderNo: string; reason: string; details?: Record<string, unknown> }>>;

const PRINTABLE: readonly OrderStatus[] = ['paid', 'printed', 'packed'];

function present(batch: BatchRecord): PrintBatch {
  return {
    id: batch.id,
    label: batch.label,
    orderNos: batch.orders.map((o) => o.orderNo),
    reprints: batch.orders.filter((o) => o.reprint).map((o) => o.orderNo),
    printedAt: batch.printedAt.toISOString(),
    printedBy: { id: batch.printedBy, displayName: batch.printedByName },
  };
}

export class PrintService {
  private readonly guards: PrintGuard[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  /** Where the app is composed: what else may refuse a print (the alert channel). */
  registerGuard(guard: PrintGuard): void {
    this.guards.push(guard);
  }

  /** Paid orders not yet printed, the longest-waiting first. */
  async queue(query: PrintQueueQuery): Promise<PrintQueue> {
    const now = this.clock();
    const cutoff = cutoffOf(now, this.tz);
    const orders = await ordersRepository.list(this.db.manager, { status: 'paid', limit: 200, ...(query.q ? { q: query.q } : {}) });
    const items = await ordersRepository.itemsOf(this.db.manager, orders.map((o) => o.id));
    const notes = new Map<number, Array<{ text: string; signed: boolean }>>();
    if (orders.length) {
      for (const row of (await this.db.query('SELECT order_id, text, signed FROM order_imported_note WHERE order_id IN (?) ORDER BY id', [orders.map((o) => o.id)])) as Array<Record<string, unknown>>) {
        const list = notes.get(Number(row.order_id)) ?? [];
        list.push({ text: String(row.text), signed: Boolean(Number(row.signed)) });
        notes.set(Number(row.order_id), list);
      }
    }
    const shown = orders
      .filter((o) => !query.dueToday || (o.paidAt ?? o.placedAt) < cutoff)
      .filter((o) => {
        if (!query.kind) return true;
        const handmade = (items.get(o.id) ?? []).some((i) => isHandmade(i.title));
        return query.kind === 'handmade' ? handmade : !handmade;
      })
      .sort((a, b) => (a.paidAt ?? a.placedAt).getTime() - (b.paidAt ?? b.placedAt).getTime());
    return { orders: shown.map((o) => ({ ...presentOrder(o, items.get(o.id) ?? []), notes: notes.get(o.id) ?? [] })), cutoff: cutoff.toISOString() };
  }

  async create(input: NewPrintBatch, actor: Actor): Promise<PrintBatch> {
    const now = this.clock();
    const batch = await transactionWithRetry(this.db, async (tx) => {
      const rows = (await tx.query('SELECT id, order_no, status, version, tracking_no FROM shop_order WHERE order_no IN (?) ORDER BY id FOR UPDATE', [input.orderNos])) as Array<Record<string, unknown>>;
      const found = new Map(rows.map((r) => [String(r.order_no), { id: Number(r.id), orderNo: String(r.order_no), status: r.status as OrderStatus, version: Number(r.version), trackingNo: (r.tracking_no as string | null) ?? null }]));
      const missing = input.orderNos.filter((no) => !found.has(no));
      if (missing.length) throw new AppError('not_found', `No order ${missing.join(', ')}`, { orderNos: missing });
      const orders = input.orderNos.map((no) => found.get(no)!);
      const wrongState = orders.filter((o) => !PRINTABLE.includes(o.status));
      if (wrongState.length) {
        const first = wrongState[0]!;
        throw new AppError('conflict', `Order ${first.orderNo} is ${first.status}: only paid orders are printed (and printed or packed ones reprinted)`, {
          refused: wrongState.map((o) => ({ orderNo: o.orderNo, reason: 'status', status: o.status })),
        });
      }
      for (const guard of this.guards) {
        const refused = await guard(tx, orders);
        if (refused.length) {
          throw new AppError('conflict', `Order ${refused[0]!.orderNo} may not be printed: ${refused[0]!.reason}`, { refused });
        }
      }
      const fresh = orders.filter((o) => o.status === 'paid');
      const needNumbers = fresh.filter((o) => !o.trackingNo);
      const numbers = input.firstTrackingNo ? waybillSequence(input.firstTrackingNo, needNumbers.length) : null;
      if (input.firstTrackingNo && !numbers) throw new AppError('invalid', 'firstTrackingNo must end in digits to count on from', { field: 'firstTrackingNo' });
      const label = batchLabel(now, this.tz, actor.displayName);
      // Orders taking a number from the roll get theirs in one CASE per 500; the rest in one statement.
      const numbered = new Map(numbers ? needNumbers.map((o, i) => [o.id, numbers[i]!]) : []);
      const numberedList = [...numbered];
      for (let at = 0; at < numberedList.length; at += 500) {
        const part = numberedList.slice(at, at + 500);
        await tx.query(
          `UPDATE shop_order SET status = 'printed', tracking_no = CASE id ${part.map(() => 'WHEN ? THEN ?').join(' ')} END, courier = ?, updated_at = ?, version = version + 1
           WHERE id IN (?) AND status = 'paid'`,
          [...part.flat(), input.courier ?? null, now, part.map(([id]) => id)],
        );
      }
      const plain = fresh.filter((o) => !numbered.has(o.id)).map((o) => o.id);
      if (plain.length) await tx.query("UPDATE shop_order SET status = 'printed', updated_at = ?, version = version + 1 WHERE id IN (?) AND status = 'paid'", [now, plain]);
      if (fresh.length) {
        await tx.query(
          `INSERT INTO shop_order_event (order_id, from_status, to_status, courier, tracking_no, note, staff_id, at) VALUES ${fresh.map(() => "(?, 'paid', 'printed', ?, ?, ?, ?, ?)").join(', ')}`,
          fresh.flatMap((o) => [o.id, numbered.has(o.id) ? (input.courier ?? null) : null, numbered.get(o.id) ?? null, `打印批次 ${label}`, actor.id, now]),
        );
      }
      const id = await printRepository.insertBatch(tx, { label, shopDay: shopDay(now, this.tz), printedBy: actor.id, printedAt: now, orders: orders.map((o) => ({ orderId: o.id, reprint: o.status !== 'paid' })) });
      await audit(tx, {
        actorId: actor.id,
        action: 'print.batch',
        entity: 'print_batch',
        entityId: id,
        // Counts only: which orders, reprinted or not, is in print_batch_order and each order's
        // history, and 2,000 order numbers would not fit an audit line.
        details: { label, printed: fresh.length, reprinted: orders.length - fresh.length, waybills: numbered.size, firstTrackingNo: input.firstTrackingNo ?? null, courier: input.courier ?? null },
        ip: actor.ip,
        at: now,
      });
      const [record] = await printRepository.batches(tx, { id });
      const moved = fresh.length ? ((await tx.query('SELECT order_no, buyer_id, status, version FROM shop_order WHERE id IN (?)', [fresh.map((o) => o.id)])) as Array<Record<string, unknown>>) : [];
      return { batch: present(record!), moved };
    });
    for (const row of batch.moved) {
      this.io.to(ORDER_READERS.map(rooms.role)).emit('order:changed', { orderNo: String(row.order_no), buyerId: String(row.buyer_id), status: row.status as OrderStatus, version: Number(row.version) });
    }
    return batch.batch;
  }

  async list(day: string | undefined): Promise<PrintBatches> {
    const shop = day ?? shopDay(this.clock(), this.tz);
    return { day: shop, batches: (await printRepository.batches(this.db.manager, { shopDay: shop })).map(present) };
  }

  /** The print view's data; it shows full receiver phones (on the waybills), so each view is audited. */
  async printView(id: number, actor: Actor): Promise<{ batch: PrintBatch; orders: PrintableOrder[] }> {
    const found = await this.batch(id);
    await audit(this.db.manager, { actorId: actor.id, action: 'print.view', entity: 'print_batch', entityId: id, details: { orders: found.batch.orderNos.length }, ip: actor.ip, at: this.clock() });
    return found;
  }

  async batch(id: number): Promise<{ batch: PrintBatch; orders: PrintableOrder[] }> {
    const [record] = await printRepository.batches(this.db.manager, { id });
    if (!record) throw new AppError('not_found', `No print batch ${id}`);
    return { batch: present(record), orders: await printRepository.printable(this.db.manager, id) };
  }
}

/** Today's print cut-off (R01: paid before it, printed today) as an instant. */
function cutoffOf(now: Date, tz: string): Date {
  const day = shopDay(now, tz);
  const guess = new Date(`${day}T${String(PRINT_CUTOFF_HOUR).padStart(2, '0')}:00:00Z`);
  // The zone's offset at that moment, from its wall clock.
  const wall = new Date(new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(guess).replace(' ', 'T') + 'Z');
  return new Date(guess.getTime() - (wall.getTime() - guess.getTime()));
}
