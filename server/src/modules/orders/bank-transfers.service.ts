/**
 * The bank-transfer register (银行转账明细表, 售前 ⑦; docs/orders.md "Bank transfers"). Pre-sale
 * enters a buyer's transfer on an unpaid order (payer, amount in fen, time) and attaches the
 * proof image; the supervisor, who sees the shop's bank account, confirms it — the order moves
 * unpaid → paid in the same transaction — or either cancels it with a reason. Every step is
 * guarded by the row's version and audited; the list shows each pending transfer's age.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { BankTransfer, BankTransfersList, NewBankTransfer, TransfersQuery, TransferStatus } from '@kefu/shared/schemas/bank-transfers';
import { audit } from '../audit/audit.service.ts';
import type { ImageStore } from '../chat/chat.images.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { affectedRows, transactionWithRetry, type Tx } from '../../platform/db.ts';
import { ordersRepository } from './orders.repository.ts';
import type { OrdersService } from './orders.service.ts';

/** Who keeps the register: pre-sale enters (售前 ⑦), the supervisor confirms. */
export const TRANSFER_READERS = ['supervisor', 'presale'] as const;
export const TRANSFER_CONFIRMERS = ['supervisor'] as const;
const FUTURE_SLACK_MS = 5 * 60_000;

type Raw = Record<string, any>;
const SELECT = `t.id, t.order_id, t.order_no, t.buyer_id, o.total_fen, o.status AS order_status, t.payer, t.amount_fen, t.transferred_at, t.proof_path, t.proof_mime,
  t.status, t.entered_by, e.display_name AS entered_by_name, t.entered_at, t.settled_by, s.display_name AS settled_by_name, t.settled_at, t.cancel_reason, t.version`;
const FROM = 'bank_transfer t JOIN shop_order o ON o.id = t.order_id JOIN staff e ON e.id = t.entered_by LEFT JOIN staff s ON s.id = t.settled_by';

interface TransferRecord extends BankTransfer {
  orderId: number;
  proofPath: string | null;
  proofMime: string | null;
}

function toTransfer(row: Raw): TransferRecord {
  const iso = (v: unknown) => (v ? (v as Date).toISOString() : null);
  return {
    id: Number(row.id),
    orderId: Number(row.order_id),
    orderNo: row.order_no as string,
    buyerId: row.buyer_id as string,
    orderTotalFen: Number(row.total_fen),
    orderStatus: row.order_status as string,
    payer: row.payer as string,
    amountFen: Number(row.amount_fen),
    transferredAt: (row.transferred_at as Date).toISOString(),
    hasProof: row.proof_path !== null,
    proofPath: (row.proof_path as string | null) ?? null,
    proofMime: (row.proof_mime as string | null) ?? null,
    status: row.status as TransferStatus,
    enteredBy: { id: Number(row.entered_by), displayName: row.entered_by_name as string },
    enteredAt: (row.entered_at as Date).toISOString(),
    settledBy: row.settled_by === null ? null : { id: Number(row.settled_by), displayName: row.settled_by_name as string },
    settledAt: iso(row.settled_at),
    cancelReason: (row.cancel_reason as string | null) ?? null,
    version: Number(row.version),
  };
}

function present(record: TransferRecord): BankTransfer {
  const { orderId: _orderId, proofPath: _path, proofMime: _mime, ...transfer } = record;
  return transfer;
}

async function find(tx: Tx, id: number, lock = false): Promise<TransferRecord | null> {
  const rows = (await tx.query(`SELECT ${SELECT} FROM ${FROM} WHERE t.id = ?${lock ? ' FOR UPDATE' : ''}`, [id])) as Raw[];
  return rows[0] ? toTransfer(rows[0]) : null;
}

export class BankTransfersService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly orders: OrdersService,
    private readonly images: ImageStore,
    private readonly clock: () => Date,
  ) {}

  async list(query: TransfersQuery): Promise<BankTransfersList> {
    // Pending: the oldest first (the one waiting longest is followed up first); settled: the newest.
    const order = query.status === 'pending' ? 't.entered_at, t.id' : 't.settled_at DESC, t.id DESC';
    const rows = (await this.db.query(`SELECT ${SELECT} FROM ${FROM} WHERE t.status = ? ORDER BY ${order} LIMIT ?`, [query.status, query.limit])) as Raw[];
    return { transfers: rows.map((row) => present(toTransfer(row))) };
  }

  async enter(orderNo: string, input: NewBankTransfer, actor: Actor): Promise<BankTransfer> {
    const now = this.clock();
    const transferredAt = new Date(input.transferredAt);
    if (transferredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) throw new AppError('invalid', 'transferredAt is in the future', { field: 'transferredAt' });
    const id = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${orderNo}`);
      if (order.status !== 'unpaid') throw new AppError('conflict', `Order ${orderNo} is ${order.status}, not awaiting payment`, { reason: 'transfer_order_not_unpaid', orderStatus: order.status });
      const pending = (await tx.query(`SELECT id FROM bank_transfer WHERE order_id = ? AND status = 'pending'`, [order.id])) as Raw[];
      if (pending.length) throw new AppError('conflict', `Order ${orderNo} has a pending bank transfer already (#${pending[0]!.id})`, { reason: 'transfer_pending', transferId: Number(pending[0]!.id) });
      const result = (await tx.query(
        `INSERT INTO bank_transfer (order_id, order_no, buyer_id, payer, amount_fen, transferred_at, status, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        [order.id, order.orderNo, order.buyerId, input.payer, input.amountFen, transferredAt, actor.id, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await audit(tx, { actorId: actor.id, action: 'transfer.enter', entity: 'bank_transfer', entityId: String(id), details: { orderNo, ...input }, ip: actor.ip, at: now });
      return id;
    });
    return this.announce(id);
  }

  /** The proof (a screenshot or a photo of the slip): JPEG, PNG or WebP, checked from the bytes; replaced while pending. */
  async attachProof(id: number, bytes: Buffer, actor: Actor): Promise<BankTransfer> {
    const now = this.clock();
    const saved = await this.images.save(bytes, now, 'transfers');
    try {
      await transactionWithRetry(this.db, async (tx) => {
        const transfer = await find(tx, id, true);
        if (!transfer) throw new AppError('not_found', `No bank transfer ${id}`);
        if (transfer.status !== 'pending') throw settled(transfer);
        await tx.query('UPDATE bank_transfer SET proof_path = ?, proof_mime = ?, version = version + 1 WHERE id = ?', [saved.relativePath, saved.mime, id]);
        await audit(tx, { actorId: actor.id, action: 'transfer.proof', entity: 'bank_transfer', entityId: String(id), details: { mime: saved.mime, bytes: bytes.length }, ip: actor.ip, at: now });
      });
    } catch (err) {
      await this.images.remove(saved.relativePath);
      throw err;
    }
    return this.announce(id);
  }

  async proof(id: number): Promise<{ path: string; mime: string }> {
    const transfer = await find(this.db.manager, id);
    if (!transfer || !transfer.proofPath || !transfer.proofMime) throw new AppError('not_found', `Bank transfer ${id} has no proof`);
    return { path: this.images.absolute(transfer.proofPath), mime: transfer.proofMime };
  }

  /** The money is in the shop's account: the transfer is confirmed and the order paid, in one transaction. */
  async confirm(id: number, version: number, actor: Actor): Promise<BankTransfer> {
    const now = this.clock();
    const { orderNo, change } = await transactionWithRetry(this.db, async (tx) => {
      const first = await find(tx, id);
      if (!first) throw new AppError('not_found', `No bank transfer ${id}`);
      // Lock order: the order row, then the transfer (as `enter` does).
      const order = await ordersRepository.findByNo(tx, first.orderNo, { lock: true });
      const transfer = (await find(tx, id, true))!;
      this.assertPending(transfer, version);
      if (!transfer.hasProof) throw new AppError('conflict', `Bank transfer ${id} has no proof yet`, { reason: 'transfer_no_proof' });
      if (!order || order.status !== 'unpaid') throw new AppError('conflict', `Order ${transfer.orderNo} is ${order?.status ?? 'gone'}, not awaiting payment`, { reason: 'transfer_order_not_unpaid', orderStatus: order?.status ?? 'unknown' });
      await this.settle(tx, id, version, 'confirmed', actor.id, now, null);
      const change = await this.orders.markPaidIn(tx, order, actor, now, `银行转账 #${id}：${transfer.payer} ${(transfer.amountFen / 100).toFixed(2)} 元`);
      await audit(tx, { actorId: actor.id, action: 'transfer.confirm', entity: 'bank_transfer', entityId: String(id), details: { orderNo: transfer.orderNo, amountFen: transfer.amountFen }, ip: actor.ip, at: now });
      return { orderNo: transfer.orderNo, change };
    });
    await this.orders.afterPaid(orderNo, change);
    return this.announce(id);
  }

  async cancel(id: number, version: number, reason: string, actor: Actor): Promise<BankTransfer> {
    const now = this.clock();
    await transactionWithRetry(this.db, async (tx) => {
      const transfer = await find(tx, id, true);
      if (!transfer) throw new AppError('not_found', `No bank transfer ${id}`);
      this.assertPending(transfer, version);
      await this.settle(tx, id, version, 'cancelled', actor.id, now, reason);
      await audit(tx, { actorId: actor.id, action: 'transfer.cancel', entity: 'bank_transfer', entityId: String(id), details: { orderNo: transfer.orderNo, reason }, ip: actor.ip, at: now });
    });
    return this.announce(id);
  }

  private assertPending(transfer: TransferRecord, version: number): void {
    if (transfer.status !== 'pending') throw settled(transfer);
    if (transfer.version !== version) throw new AppError('conflict', `Bank transfer ${transfer.id} was changed since you opened it; look again`, { version: transfer.version });
  }

  private async settle(tx: Tx, id: number, version: number, status: TransferStatus, by: number, at: Date, reason: string | null): Promise<void> {
    const result = await tx.query(
      `UPDATE bank_transfer SET status = ?, settled_by = ?, settled_at = ?, cancel_reason = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'pending'`,
      [status, by, at, reason, id, version],
    );
    if (affectedRows(result) !== 1) throw new AppError('conflict', `Bank transfer ${id} was changed meanwhile; look again`);
  }

  /** After the commit: everyone who keeps the register refetches. */
  private async announce(id: number): Promise<BankTransfer> {
    const transfer = present((await find(this.db.manager, id))!);
    this.io.to(TRANSFER_READERS.map(rooms.role)).emit('transfer:changed', { id: transfer.id, orderNo: transfer.orderNo, status: transfer.status, version: transfer.version });
    return transfer;
  }
}

function settled(transfer: TransferRecord): AppError {
  return new AppError('conflict', `Bank transfer ${transfer.id} is ${transfer.status} already`, { reason: 'transfer_settled', status: transfer.status });
}
