/**
 * Courier recall slips (快件退回单, docs/recall.md). After-sale recalls a shipped parcel: the
 * recall case is opened (or the open one used) and the two-part slip numbered in the same
 * transaction. The printer records the courier's signature on part 1, then signs for the
 * parcel when it is back: the registry line `原包裹已收到 姓名 YYYY.MM.DD`, the order moved to
 * `returned`, the stock taken back, and after-sale alerted to refund — one transaction.
 * Every step is guarded by the slip's version and audited.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { CASE_READERS, refusalFor } from '@kefu/shared/domain/aftersale/cases';
import { ORDER_READERS } from '@kefu/shared/domain/orders/status';
import { RECALL_READERS, receivedLine, slipDay, slipNumber, slipStepRefusal, type SlipRefusal } from '@kefu/shared/domain/recall/recall';
import type { NewSlip, RecallSlip, SlipReceipt, SlipSignature, SlipsPage, SlipsQuery } from '@kefu/shared/schemas/recall';
import { audit } from '../audit/audit.service.ts';
import { aftersaleRepository } from '../aftersale/aftersale.repository.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { isDuplicateKey, transactionWithRetry, type Tx } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { recallRepository, type SlipRecord } from './recall.repository.ts';

export function presentSlip(slip: SlipRecord): RecallSlip {
  const iso = (at: Date | null) => (at ? at.toISOString() : null);
  const ref = (id: number | null, name: string | null) => (id === null ? null : { id, displayName: name ?? `#${id}` });
  return {
    id: slip.id,
    slipNo: slip.slipNo,
    orderNo: slip.orderNo,
    buyerId: slip.buyerId,
    caseId: slip.caseId,
    receiverName: slip.receiverName,
    courier: slip.courier,
    trackingNo: slip.trackingNo,
    reason: slip.reason,
    status: slip.status,
    createdBy: { id: slip.createdBy, displayName: slip.createdByName },
    createdAt: slip.createdAt.toISOString(),
    courierName: slip.courierName,
    signedAt: iso(slip.signedAt),
    signedRecordedBy: ref(slip.signedRecordedBy, slip.signedRecordedByName),
    receivedBy: ref(slip.receivedBy, slip.receivedByName),
    receivedAt: iso(slip.receivedAt),
    registryLine: slip.registryLine,
    stockBackAt: iso(slip.stockBackAt),
    version: slip.version,
  };
}

const REFUSALS: Record<SlipRefusal, string> = {
  not_shipped: 'is not on its way: only a shipped parcel can be recalled (a delivered one is a return)',
  already_recalled: 'is being recalled already',
  not_signed: 'has no courier signature yet: record the signature on part 1 first (the courier hands the parcel back for it)',
  already_signed: 'is signed by the courier already',
  already_received: 'is received already',
};

/** After a receipt: run in its transaction (the after-sale registry moves the recall case). */
export type ReceiptHook = (tx: Tx, slip: SlipRecord, actor: Actor, now: Date) => Promise<void>;

export class RecallService {
  private readonly receiptHooks: ReceiptHook[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly alerts: AlertsService,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  onReceived(hook: ReceiptHook): void {
    this.receiptHooks.push(hook);
  }

  async list(query: SlipsQuery): Promise<SlipsPage> {
    const slips = await recallRepository.list(this.db.manager, query);
    return { slips: slips.map(presentSlip), nextBefore: slips.length === query.limit ? slips[slips.length - 1]!.id : null };
  }

  async slip(id: number): Promise<SlipRecord> {
    const slip = await recallRepository.find(this.db.manager, id);
    if (!slip) throw new AppError('not_found', `No recall slip ${id}`);
    return slip;
  }

  async create(input: NewSlip, actor: Actor): Promise<RecallSlip> {
    const now = this.clock();
    const { slip, caseId } = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, input.orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${input.orderNo}`, { field: 'orderNo' });
      if (refusalFor('recall', order) !== null) {
        throw new AppError('conflict', `Order ${input.orderNo} ${REFUSALS.not_shipped}`, { reason: 'recall_not_shipped', status: order.status });
      }
      const open = await recallRepository.openSlipOf(tx, order.id);
      if (open) throw new AppError('conflict', `Order ${input.orderNo} ${REFUSALS.already_recalled} (slip ${open.slipNo})`, { reason: 'recall_exists', slipNo: open.slipNo });
      // The recall case of the registry: the open one when after-sale registered it first.
      const existing = await aftersaleRepository.openCaseOf(tx, order.id);
      if (existing && existing.kind !== 'recall') {
        throw new AppError('conflict', `Order ${input.orderNo} already has an open case (#${existing.id}, ${existing.kind})`, { reason: 'case_open', caseId: existing.id });
      }
      const caseId =
        existing?.id ??
        (await aftersaleRepository.insert(tx, { orderId: order.id, orderNo: order.orderNo, buyerId: order.buyerId, kind: 'recall', reason: input.reason, openedBy: actor.id, openedAt: now }));
      const day = slipDay(now, this.tz);
      const seq = await recallRepository.nextSeq(tx, day);
      let id: number;
      try {
        id = await recallRepository.insert(tx, {
          slipNo: slipNumber(day, seq),
          day,
          seq,
          orderId: order.id,
          orderNo: order.orderNo,
          buyerId: order.buyerId,
          caseId,
          receiverName: order.receiverName,
          courier: input.courier ?? order.courier,
          trackingNo: order.trackingNo,
          reason: input.reason,
          createdBy: actor.id,
          createdAt: now,
        });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', `Order ${input.orderNo} ${REFUSALS.already_recalled}`, { reason: 'recall_exists' });
        throw err;
      }
      if (!existing) await audit(tx, { actorId: actor.id, action: 'aftersale.open', entity: 'after_sale_case', entityId: caseId, details: { orderNo: input.orderNo, kind: 'recall', reason: input.reason }, ip: actor.ip, at: now });
      await audit(tx, { actorId: actor.id, action: 'recall.slip', entity: 'recall_slip', entityId: id, details: { ...input, slipNo: slipNumber(day, seq), caseId }, ip: actor.ip, at: now });
      return { slip: (await recallRepository.find(tx, id))!, caseId };
    });
    this.announce(slip);
    await this.announceCase(caseId);
    return presentSlip(slip);
  }

  /** The courier signed part 1 (kept by the printer) and took part 2. */
  async sign(id: number, input: SlipSignature, actor: Actor): Promise<RecallSlip> {
    const now = this.clock();
    const signed = await transactionWithRetry(this.db, async (tx) => {
      const slip = await this.lockedSlip(tx, id, input.version, 'sign');
      if (!(await recallRepository.sign(tx, id, input.version, { courierName: input.courierName, at: now, by: actor.id }))) {
        throw new AppError('conflict', `Recall slip ${slip.slipNo} was changed meanwhile; look again`, { reason: 'version_changed' });
      }
      await audit(tx, { actorId: actor.id, action: 'recall.sign', entity: 'recall_slip', entityId: id, details: { slipNo: slip.slipNo, courierName: input.courierName }, ip: actor.ip, at: now });
      return (await recallRepository.find(tx, id))!;
    });
    this.announce(signed);
    return presentSlip(signed);
  }

  /**
   * The parcel is back (打单 ⑥): the registry line signed with the printer's name and the
   * shop's date, the order `returned`, its stock taken back, a refund alert to after-sale.
   */
  async receive(id: number, input: SlipReceipt, actor: Actor): Promise<RecallSlip> {
    const now = this.clock();
    const found = await this.slip(id);
    const { slip, alertId, order } = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, found.orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${found.orderNo}`);
      const slip = await this.lockedSlip(tx, id, input.version, 'receive');
      const line = receivedLine(actor.displayName, now, this.tz);
      if (!(await recallRepository.receive(tx, id, input.version, { by: actor.id, at: now, line }))) {
        throw new AppError('conflict', `Recall slip ${slip.slipNo} was changed meanwhile; look again`, { reason: 'version_changed' });
      }
      // A parcel recalled while on its way; if someone marked it otherwise meanwhile, it stays as it is and the slip says so.
      if (order.status === 'shipped') {
        if (!(await ordersRepository.move(tx, order.id, order.version, { status: 'returned', returnedAt: now, updatedAt: now }))) {
          throw new AppError('conflict', `Order ${order.orderNo} was changed meanwhile; look again`, { reason: 'version_changed' });
        }
        await ordersRepository.insertEvent(tx, { orderId: order.id, fromStatus: 'shipped', toStatus: 'returned', courier: null, trackingNo: null, note: `${line}（快件退回单 ${slip.slipNo}，已退回库存）`, staffId: actor.id, at: now });
        await audit(tx, { actorId: actor.id, action: 'order.move', entity: 'order', entityId: order.orderNo, details: { from: 'shipped', to: 'returned', slipNo: slip.slipNo }, ip: actor.ip, at: now });
      }
      const items = (await ordersRepository.itemsOf(tx, [order.id])).get(order.id) ?? [];
      await audit(tx, {
        actorId: actor.id,
        action: 'recall.stock_back',
        entity: 'order',
        entityId: order.orderNo,
        details: { slipNo: slip.slipNo, items: items.map((item) => ({ title: item.title, colour: item.colour, size: item.size, quantity: item.quantity })) },
        ip: actor.ip,
        at: now,
      });
      const alertId = await this.alerts.raise(tx, {
        orderId: order.id,
        orderNo: order.orderNo,
        buyerId: order.buyerId,
        changeId: null,
        audience: 'aftersale',
        kind: 'refund',
        summary: `快件已退回（${slip.slipNo}），请为买家退款`,
        noteText: line,
        urgent: false,
        requestedBy: actor.id,
        createdAt: now,
      });
      const received = (await recallRepository.find(tx, id))!;
      for (const hook of this.receiptHooks) await hook(tx, received, actor, now);
      await audit(tx, { actorId: actor.id, action: 'recall.receive', entity: 'recall_slip', entityId: id, details: { slipNo: slip.slipNo, line, alertId }, ip: actor.ip, at: now });
      return { slip: received, alertId, order: (await ordersRepository.findByNo(tx, order.orderNo))! };
    });
    await this.alerts.raised([alertId]);
    this.io.to(ORDER_READERS.map(rooms.role)).emit('order:changed', { orderNo: order.orderNo, buyerId: order.buyerId, status: order.status, version: order.version });
    this.announce(slip);
    await this.announceCase(slip.caseId);
    return presentSlip(slip);
  }

  private async lockedSlip(tx: Tx, id: number, version: number, step: 'sign' | 'receive'): Promise<SlipRecord> {
    const slip = await recallRepository.find(tx, id, { lock: true });
    if (!slip) throw new AppError('not_found', `No recall slip ${id}`);
    const refusal = slipStepRefusal(slip.status, step);
    if (refusal) throw new AppError('conflict', `Recall slip ${slip.slipNo} ${REFUSALS[refusal]}`, { reason: `recall_${refusal}`, status: slip.status });
    if (slip.version !== version) throw new AppError('conflict', `Recall slip ${slip.slipNo} was changed since you opened it; look again`, { reason: 'version_changed', version: slip.version });
    return slip;
  }

  private announce(slip: SlipRecord): void {
    this.io.to(RECALL_READERS.map(rooms.role)).emit('recall:changed', { what: 'slip', id: slip.id, orderNo: slip.orderNo, version: slip.version });
  }

  private async announceCase(caseId: number | null): Promise<void> {
    if (caseId === null) return;
    const record = await aftersaleRepository.find(this.db.manager, caseId);
    if (record) this.io.to(CASE_READERS.map(rooms.role)).emit('aftersale:changed', { id: record.id, orderNo: record.orderNo, buyerId: record.buyerId, status: record.status, version: record.version });
  }
}
