/**
 * A buyer's change or cancellation (售前 ③–⑥; docs/orders.md "Changes"). What happens is
 * the rulebook's table (`planChange`): the order is changed (version-guarded), the signed
 * note written, and — once the buyer has confirmed — the printers alerted; a paid order
 * cancelled is voided and its refund case opened, with after-sale alerted, in the same
 * transaction. When the printer closes the alert, the change is done: a printed order gets
 * its after_print note, a packed one is printed again (packed → printed).
 * Commit, then enqueue (escalations), then emit.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { CASE_READERS } from '@kefu/shared/domain/aftersale/cases';
import { planChange, type ChangePlan } from '@kefu/shared/domain/orders/changes';
import { noteBody, type NoteFields } from '@kefu/shared/domain/orders/notes';
import { formatAddress, itemAttributes } from '@kefu/shared/domain/orders/receiver';
import { ORDER_READERS } from '@kefu/shared/domain/orders/status';
import type { ChangeRequest, ChangesList, NewChange } from '@kefu/shared/schemas/changes';
import { aftersaleRepository } from '../aftersale/aftersale.repository.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import type { AlertRecord } from '../alerts/alerts.repository.ts';
import { audit } from '../audit/audit.service.ts';
import { announceNotes, type NotesService } from '../notes/notes.service.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { isDuplicateKey, transactionWithRetry, type Tx } from '../../platform/db.ts';
import { ordersRepository, type OrderMoveChanges, type OrderRecord } from './orders.repository.ts';
import { orderChangesRepository, type ChangeDetails, type ChangeRecord } from './order-changes.repository.ts';

export function presentChange(change: ChangeRecord): ChangeRequest {
  const iso = (at: Date | null) => (at ? at.toISOString() : null);
  return {
    id: change.id,
    orderNo: change.orderNo,
    buyerId: change.buyerId,
    kind: change.kind,
    printerAlert: change.details.printerAlert,
    orderStatus: change.orderStatus,
    status: change.status,
    summary: change.summary,
    urgent: change.urgent,
    requestedBy: { id: change.requestedBy, displayName: change.requestedByName },
    requestedAt: change.requestedAt.toISOString(),
    confirmedAt: iso(change.confirmedAt),
    doneAt: iso(change.doneAt),
    refundCaseId: change.details.refundCaseId,
    version: change.version,
  };
}

const REFUSALS = {
  after_sale: 'has shipped: a change or a cancellation now is after-sale’s (a courier recall or a return)',
  closed: 'is cancelled: there is nothing to change',
} as const;

interface Applied {
  change: ChangeRecord;
  alertIds: number[];
  caseId: number | null;
  order: OrderRecord;
}

export class OrderChangesService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly alerts: AlertsService,
    private readonly notes: NotesService,
    private readonly clock: () => Date,
  ) {}

  async list(orderNo: string): Promise<ChangesList> {
    const order = await ordersRepository.findByNo(this.db.manager, orderNo);
    if (!order) throw new AppError('not_found', `No order ${orderNo}`);
    return { changes: (await orderChangesRepository.ofOrder(this.db.manager, order.id)).map(presentChange) };
  }

  async request(orderNo: string, input: NewChange, actor: Actor): Promise<ChangeRequest> {
    const now = this.clock();
    const applied = await transactionWithRetry(this.db, async (tx): Promise<Applied> => {
      const order = await ordersRepository.findByNo(tx, orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${orderNo}`);
      const plan = planChange(order.status, input.kind);
      if ('refusal' in plan) throw new AppError('conflict', `Order ${orderNo} ${REFUSALS[plan.refusal]}`, { status: order.status, refusal: plan.refusal });
      if (order.version !== input.version) {
        throw new AppError('conflict', `Order ${orderNo} was changed since you opened it (now ${order.status}); look again`, { status: order.status, version: order.version });
      }
      const { fields, noteFields, to, summary } = await this.applyToOrder(tx, order, input, plan, now, actor);
      // A cancellation is carried out at once (售前 ⑤ has no confirmation step); a change waits for the buyer's confirmation.
      const confirmed = input.kind === 'cancel' || input.buyerConfirmed;
      let caseId: number | null = null;
      if (plan.refund) caseId = await this.openRefundCase(tx, order, String(fields.reason), actor, now);
      const details: ChangeDetails = { fields, printerAlert: plan.printerAlert, to, refundCaseId: caseId };
      const changeId = await orderChangesRepository.insert(tx, {
        orderId: order.id,
        orderNo,
        buyerId: order.buyerId,
        kind: input.kind,
        orderStatus: order.status,
        status: plan.printerAlert === null ? 'done' : confirmed ? 'alerted' : 'awaiting_confirmation',
        details,
        summary,
        urgent: input.urgent,
        requestedBy: actor.id,
        requestedAt: now,
        confirmedAt: confirmed ? now : null,
      });
      if (plan.printerAlert === null) await orderChangesRepository.finish(tx, changeId, now);
      const note = noteFields ? await this.notes.write(tx, { orderId: order.id, fields: noteFields, author: actor, at: now, changeId }) : null;
      const alertIds: number[] = [];
      const base = { orderId: order.id, orderNo, buyerId: order.buyerId, changeId, summary, noteText: note?.text ?? null, urgent: input.urgent, requestedBy: actor.id, createdAt: now };
      if (confirmed && plan.printerAlert) alertIds.push(await this.alerts.raise(tx, { ...base, audience: 'printer', kind: plan.printerAlert }));
      if (plan.refund) alertIds.push(await this.alerts.raise(tx, { ...base, audience: 'aftersale', kind: 'refund' }));
      await audit(tx, { actorId: actor.id, action: 'order.change', entity: 'order', entityId: orderNo, details: { changeId, kind: input.kind, from: order.status, caseId, alertIds }, ip: actor.ip, at: now });
      return { change: (await orderChangesRepository.find(tx, changeId))!, alertIds, caseId, order: (await ordersRepository.findByNo(tx, orderNo))! };
    });
    await this.after(applied);
    return presentChange(applied.change);
  }

  /** The buyer confirmed in chat: the printers are alerted now (note → confirm → alert, 售前 ③). */
  async confirm(orderNo: string, id: number, actor: Actor): Promise<ChangeRequest> {
    const now = this.clock();
    const applied = await transactionWithRetry(this.db, async (tx): Promise<Applied> => {
      const order = await ordersRepository.findByNo(tx, orderNo, { lock: true });
      const change = await orderChangesRepository.find(tx, id, { lock: true });
      if (!order || !change || change.orderId !== order.id) throw new AppError('not_found', `No change ${id} on order ${orderNo}`);
      if (!(await orderChangesRepository.confirm(tx, id, now))) throw new AppError('conflict', `Change ${id} is ${change.status}, not awaiting the buyer’s confirmation`, { status: change.status });
      const [note] = (await this.notesOfChange(tx, order.id, id)).slice(-1);
      const alertIds = change.details.printerAlert
        ? [
            await this.alerts.raise(tx, {
              orderId: order.id,
              orderNo,
              buyerId: order.buyerId,
              changeId: id,
              audience: 'printer',
              kind: change.details.printerAlert,
              summary: change.summary,
              noteText: note ?? null,
              urgent: change.urgent,
              requestedBy: change.requestedBy,
              createdAt: now,
            }),
          ]
        : [];
      await audit(tx, { actorId: actor.id, action: 'order.change.confirm', entity: 'order', entityId: orderNo, details: { changeId: id, alertIds }, ip: actor.ip, at: now });
      return { change: (await orderChangesRepository.find(tx, id))!, alertIds, caseId: null, order };
    });
    await this.after(applied);
    return presentChange(applied.change);
  }

  /**
   * Registered on the alert channel: a printer's reply finishes the change. Printed: the
   * after_print note (the printer corrected the documents, and signs it). Packed: the parcel
   * was fetched back and printed again (packed → printed).
   */
  readonly onAlertDone = async (tx: Tx, alert: AlertRecord, actor: Actor, now: Date): Promise<void> => {
    if (alert.changeId === null || alert.audience !== 'printer') return;
    const change = await orderChangesRepository.find(tx, alert.changeId, { lock: true });
    if (!change || change.status === 'done') return;
    if (alert.kind === 'correct_documents' && change.details.to) {
      await this.notes.write(tx, { orderId: alert.orderId, fields: { kind: 'after_print', to: change.details.to }, author: actor, at: now, changeId: change.id });
    }
    if (alert.kind === 'reprint') {
      const order = await ordersRepository.findByNo(tx, alert.orderNo, { lock: true });
      if (order?.status === 'packed' && (await ordersRepository.move(tx, order.id, order.version, { status: 'printed', updatedAt: now }))) {
        await ordersRepository.insertEvent(tx, { orderId: order.id, fromStatus: 'packed', toStatus: 'printed', courier: null, trackingNo: null, note: `取回包裹重新打单（${change.summary}）`.slice(0, 500), staffId: actor.id, at: now });
      }
    }
    await orderChangesRepository.finish(tx, change.id, now);
  };

  /** After an alert is done: the order (its status, its notes) changed for everyone who reads it. */
  announceOrder(order: { orderNo: string; buyerId: string; status: OrderRecord['status']; version: number }): void {
    this.io.to(ORDER_READERS.map(rooms.role)).emit('order:changed', { orderNo: order.orderNo, buyerId: order.buyerId, status: order.status, version: order.version });
    announceNotes(this.io, order);
  }

  private async notesOfChange(tx: Tx, orderId: number, changeId: number): Promise<string[]> {
    const rows = (await tx.query('SELECT text FROM order_note WHERE order_id = ? AND change_id = ? ORDER BY id', [orderId, changeId])) as Array<{ text: string }>;
    return rows.map((row) => row.text);
  }

  /** Changes the order as asked (one guarded update of its version) and says what the note says. */
  private async applyToOrder(
    tx: Tx,
    order: OrderRecord,
    input: NewChange,
    plan: ChangePlan,
    now: Date,
    actor: Actor,
  ): Promise<{ fields: Record<string, unknown>; noteFields: NoteFields | null; to: string | null; summary: string }> {
    const changes: OrderMoveChanges = { updatedAt: now };
    let result: { fields: Record<string, unknown>; noteFields: NoteFields | null; to: string | null; summary: string };
    switch (input.kind) {
      case 'attribute': {
        const items = (await ordersRepository.itemsOf(tx, [order.id])).get(order.id) ?? [];
        const item = items.find((line) => line.lineNo === input.lineNo);
        if (!item) throw new AppError('invalid', `Order ${order.orderNo} has no item line ${input.lineNo}`, { field: 'lineNo' });
        const next = { colour: input.colour ?? item.colour, size: input.size ?? item.size };
        const from = itemAttributes(item) || item.title;
        const to = itemAttributes(next);
        await ordersRepository.updateItemAttributes(tx, order.id, item.lineNo, next.colour, next.size);
        const noteFields: NoteFields = { kind: 'attribute', from, to };
        // Printed: the documents still say `from`; the request is what the printer must correct.
        result = { fields: { lineNo: item.lineNo, from, to, colour: next.colour, size: next.size }, noteFields: plan.noteNow ? noteFields : null, to, summary: plan.noteNow ? noteBody(noteFields) : `客户拍下${from}，要求修改成${to}` };
        break;
      }
      case 'address': {
        const address = formatAddress(input.address);
        Object.assign(changes, {
          receiverProvince: input.address.province,
          receiverCity: input.address.city,
          receiverDistrict: input.address.district,
          receiverStreet: input.address.street,
          ...(input.name ? { receiverName: input.name } : {}),
          ...(input.phone ? { receiverPhone: input.phone } : {}),
        });
        if (!order.receiverName && !input.name) changes.receiverName = order.buyerId;
        const noteFields: NoteFields = { kind: 'address', address };
        result = { fields: { address, name: input.name ?? null }, noteFields: plan.noteNow ? noteFields : null, to: `新地址：${address}`, summary: noteBody(noteFields) };
        break;
      }
      case 'special': {
        const noteFields: NoteFields = { kind: 'special', request: input.request };
        result = { fields: { request: input.request }, noteFields: plan.noteNow ? noteFields : null, to: input.request.replace(/^客户要求/, ''), summary: noteBody(noteFields) };
        break;
      }
      case 'cancel':
        Object.assign(changes, { status: 'cancelled', cancelledAt: now });
        result = { fields: { reason: input.reason }, noteFields: null, to: null, summary: `客户要求取消订单：${input.reason}` };
        break;
    }
    if (!(await ordersRepository.move(tx, order.id, order.version, changes))) throw new AppError('conflict', `Order ${order.orderNo} was changed meanwhile; look again`);
    if (input.kind === 'cancel') {
      await ordersRepository.insertEvent(tx, { orderId: order.id, fromStatus: order.status, toStatus: 'cancelled', courier: null, trackingNo: null, note: input.reason, staffId: actor.id, at: now });
    }
    return result;
  }

  /** 售前 ⑤: a paid order cancelled is refunded by after-sale; an open case of the order is reused. */
  private async openRefundCase(tx: Tx, order: OrderRecord, reason: string, actor: Actor, now: Date): Promise<number> {
    const existing = await aftersaleRepository.openCaseOf(tx, order.id);
    if (existing) return existing.id;
    try {
      return await aftersaleRepository.insert(tx, { orderId: order.id, orderNo: order.orderNo, buyerId: order.buyerId, kind: 'refund', reason: `买家付款后取消订单：${reason}`.slice(0, 500), openedBy: actor.id, openedAt: now });
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('conflict', `Order ${order.orderNo} already has an open case`);
      throw err;
    }
  }

  private async after(applied: Applied): Promise<void> {
    await this.alerts.raised(applied.alertIds);
    this.announceOrder(applied.order);
    if (applied.caseId !== null) {
      const record = await aftersaleRepository.find(this.db.manager, applied.caseId);
      if (record) this.io.to(CASE_READERS.map(rooms.role)).emit('aftersale:changed', { id: record.id, orderNo: record.orderNo, buyerId: record.buyerId, status: record.status, version: record.version });
    }
  }
}
