/**
 * The after-sale registry (售后登记表, docs/aftersale.md). After-sale registers a case on an
 * order (linked to the chat it came from), records the checklist, photos, postage and the
 * return's tracking number; the warehouse signs 已验收; after-sale refunds or the printer
 * records the exchange's waybill; after-sale closes or rejects. At most one active case per
 * order; every change guarded by the case's version, audited and written to its story.
 *
 * Other modules move cases through the `…In(tx, …)` methods inside their own transaction,
 * then call `afterCommit` with what they got back.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { CASE_READERS, refusalFor, type CaseRefusal } from '@kefu/shared/domain/aftersale/cases';
import { postageRefundRefusal } from '@kefu/shared/domain/aftersale/postage';
import { addDays, dayStart } from '@kefu/shared/domain/kpis/days';
import type {
  AddPhotos,
  AfterSaleCase,
  Arrival,
  ArrivalResult,
  BuyerPhotos,
  CaseDetail,
  CasesPage,
  CasesQuery,
  CloseCase,
  EarlyShipApproval,
  ExchangeShipped,
  Inspection,
  NewCase,
  PostageRefund,
  RefundCase,
  RejectCase,
  ReturnTracking,
  Tick,
  UpdateCase,
} from '@kefu/shared/schemas/aftersale';
import { audit } from '../audit/audit.service.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { notificationsRepository } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { isDuplicateKey, transactionWithRetry, type Tx } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { aftersaleRepository, type CaseChanges, type CaseRecord } from './aftersale.repository.ts';
import { caseStory } from './aftersale.story.ts';
import { evidenceRepository } from './aftersale.evidence.ts';
import { assertPostageRules, editCase, lockCase, moveCase } from './aftersale.moves.ts';
import { presentCase } from './aftersale.present.ts';
import { casesCsv } from './aftersale.csv.ts';
import { renderRegistry } from './aftersale.print.ts';

export { presentCase } from './aftersale.present.ts';

const REFUSALS: Record<CaseRefusal, string> = {
  not_shipped: 'has not shipped: a return, an exchange or a recall needs goods that left the shop',
  not_paid: 'was never paid: there is nothing to refund',
  delivered: 'was delivered: a parcel that arrived is a return, not a recall',
};

/** What a move inside someone's transaction leaves to do after the commit. */
export interface Moved {
  record: CaseRecord;
  alertIds: number[];
  /** What the receipt hooks left to do after the commit (announcements). */
  after?: Array<() => Promise<void>>;
}

/**
 * Told, in the receiving transaction, that a case's goods are back (the warehouse's 已验收, the
 * recall's 原包裹已收到 moving its case); may return what to do after the commit.
 */
export type CaseReceiptHook = (tx: Tx, record: CaseRecord, actor: Actor, now: Date) => Promise<(() => Promise<void>) | void>;

/** Ships an exchange: the exchanges module's one path (composed in app.ts). */
export interface ExchangeShipping {
  ship(caseId: number, input: { courier: string; trackingNo: string; version?: number }, actor: Actor): Promise<CaseRecord>;
}

/** The details of NewCase / UpdateCase as columns. */
function detailChanges(input: Partial<NewCase>): CaseChanges {
  return {
    conversationId: input.conversationId,
    quality: input.kind === 'quality' ? true : input.quality,
    qualityLocation: input.qualityLocation,
    liningInsole: input.liningInsole,
    returnPostagePayer: input.returnPostagePayer,
    resendPostagePayer: input.resendPostagePayer,
    wantedColor: input.wantedColor,
    wantedSize: input.wantedSize,
    postageAdvancedFen: input.postageAdvancedFen,
  };
}

export class AftersaleService {
  /** Set where the app is composed: the exchanges module ships an exchange (one path for both routes). */
  exchangeShipping: ExchangeShipping | null = null;
  private readonly receiptHooks: CaseReceiptHook[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly shopTz: string,
    private readonly alerts: AlertsService | null,
  ) {}

  async list(query: CasesQuery): Promise<CasesPage> {
    const range = { ...(query.from ? { from: dayStart(query.from, this.shopTz) } : {}), ...(query.to ? { to: dayStart(addDays(query.to, 1), this.shopTz) } : {}) };
    const cases = await aftersaleRepository.list(this.db.manager, query, range);
    return { cases: cases.map(presentCase), nextBefore: cases.length === query.limit ? cases[cases.length - 1]!.id : null };
  }

  async exportCsv(query: CasesQuery): Promise<string> {
    return casesCsv((await this.list({ ...query, limit: 200 })).cases, this.shopTz);
  }

  async printView(query: CasesQuery): Promise<string> {
    return renderRegistry((await this.list({ ...query, limit: 200 })).cases, this.shopTz, this.clock());
  }

  async detail(id: number): Promise<CaseDetail> {
    const tx = this.db.manager;
    const record = await aftersaleRepository.find(tx, id);
    if (!record) throw new AppError('not_found', `No after-sale case ${id}`);
    const [photos, ticks, events, story] = await Promise.all([
      evidenceRepository.photos(tx, id),
      evidenceRepository.ticks(tx, id),
      aftersaleRepository.events(tx, id),
      caseStory(tx, id, record.orderId, record.returnTrackingMessageId ?? null),
    ]);
    return { case: presentCase(record), photos, ticks, events: events.map((event) => ({ ...event, at: event.at.toISOString() })), story };
  }

  /** Where a case's photo is stored (the chat's image store resolves it); 404 when not one of its photos. */
  async photo(id: number, imageId: string): Promise<{ path: string; mime: string }> {
    const photo = await evidenceRepository.photoFile(this.db.manager, id, imageId);
    if (!photo) throw new AppError('not_found', 'No such photo on this case');
    return photo;
  }

  async buyerPhotos(buyerId: string): Promise<BuyerPhotos> {
    return { photos: await evidenceRepository.buyerPhotos(this.db.manager, buyerId) };
  }

  async open(input: NewCase, actor: Actor): Promise<AfterSaleCase> {
    const now = this.clock();
    const opened = await transactionWithRetry(this.db, async (tx) => {
      // The order's row lock orders this against its moves (a recall while it is marked delivered).
      const order = await ordersRepository.findByNo(tx, input.orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${input.orderNo}`, { field: 'orderNo' });
      const refusal = refusalFor(input.kind, order);
      if (refusal) throw new AppError('conflict', `Order ${input.orderNo} ${REFUSALS[refusal]}`, { status: order.status, refusal });
      const details = detailChanges(input);
      if (input.conversationId !== undefined) await evidenceRepository.assertConversation(tx, order.buyerId, input.conversationId);
      const photoIds = [...new Set(input.photoIds ?? [])];
      await evidenceRepository.assertPhotos(tx, order.buyerId, photoIds);
      await assertPostageRules(
        tx,
        { id: 0, quality: details.quality ?? false, qualityLocation: details.qualityLocation ?? null, liningInsole: details.liningInsole ?? false, returnPostagePayer: details.returnPostagePayer ?? null },
        photoIds.length,
      );
      const existing = await aftersaleRepository.openCaseOf(tx, order.id);
      if (existing) throw new AppError('conflict', `Order ${input.orderNo} already has an open case (#${existing.id}, ${existing.kind})`, { caseId: existing.id });
      let id: number;
      try {
        id = await aftersaleRepository.insert(tx, { orderId: order.id, orderNo: order.orderNo, buyerId: order.buyerId, kind: input.kind, reason: input.reason, openedBy: actor.id, openedAt: now, details });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', `Order ${input.orderNo} already has an open case`);
        throw err;
      }
      if (photoIds.length) await evidenceRepository.addPhotos(tx, id, photoIds, actor.id, now);
      await audit(tx, { actorId: actor.id, action: 'aftersale.open', entity: 'after_sale_case', entityId: id, details: input, ip: actor.ip, at: now });
      return (await aftersaleRepository.find(tx, id))!;
    });
    this.announce(opened);
    return presentCase(opened);
  }

  /** The registry's details (quality, location, postage, wanted item…), checked against the postage rules as they will be. */
  async update(id: number, input: UpdateCase, actor: Actor): Promise<AfterSaleCase> {
    const { version, ...fields } = input;
    return this.edit(id, 'updated', version, actor, async (tx, current) => {
      if (fields.conversationId !== undefined) await evidenceRepository.assertConversation(tx, current.buyerId, fields.conversationId);
      const changes = { ...detailChanges({ ...fields, kind: current.kind }), reason: fields.reason };
      const merged = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as CaseRecord;
      await assertPostageRules(tx, merged);
      return { changes, payload: fields };
    });
  }

  async addPhotos(id: number, input: AddPhotos, actor: Actor): Promise<CaseDetail> {
    await this.edit(id, 'photos_added', input.version, actor, async (tx, current, now) => {
      await evidenceRepository.assertPhotos(tx, current.buyerId, input.imageIds);
      const added = await evidenceRepository.addPhotos(tx, current.id, input.imageIds, actor.id, now);
      return { changes: {}, payload: { imageIds: added } };
    });
    return this.detail(id);
  }

  /** A checklist item (A05–A07), timed now and linked to the chat message that said it. */
  async tick(id: number, input: Tick, actor: Actor): Promise<CaseDetail> {
    await this.edit(id, 'ticked', input.version, actor, async (tx, current, now) => {
      await evidenceRepository.assertMessage(tx, current.buyerId, input.messageId, 'messageId');
      if (!(await evidenceRepository.tick(tx, { caseId: current.id, item: input.item, messageId: input.messageId, by: actor.id, at: now }))) {
        throw new AppError('conflict', `Case #${id}: ${input.item} was ticked already`, { reason: 'already_ticked', item: input.item });
      }
      return { changes: {}, payload: { item: input.item, messageId: input.messageId } };
    });
    return this.detail(id);
  }

  /** The return's tracking number the buyer gave (A01): open → awaiting_return; entered again later it corrects the number. */
  async recordReturnTracking(id: number, input: ReturnTracking, actor: Actor): Promise<AfterSaleCase> {
    const now = this.clock();
    const moved = await transactionWithRetry(this.db, async (tx) => {
      const current = await lockCase(tx, id, input.version);
      if (input.messageId !== undefined) await evidenceRepository.assertMessage(tx, current.buyerId, input.messageId, 'messageId');
      const changes: CaseChanges = { returnCourier: input.courier, returnTrackingNo: input.trackingNo, returnTrackingMessageId: input.messageId ?? null, returnTrackingEnteredAt: now, returnTrackingEnteredBy: actor.id };
      const options = { version: input.version, actor, now, changes, payload: { courier: input.courier, trackingNo: input.trackingNo, messageId: input.messageId ?? null } };
      if (current.status === 'awaiting_return') return editCase(tx, id, 'return_tracking_corrected', { ...options, check: () => assertAftersale(actor) });
      return (await moveCase(tx, 'return_sent', id, options)).after;
    });
    this.announce(moved);
    return presentCase(moved);
  }

  /** In the caller's transaction: the parcel is back (the warehouse's 已验收; the printer's 原包裹已收到 for a recall). */
  async markReceivedIn(tx: Tx, id: number, input: Partial<Omit<Inspection, 'version'>> & { version?: number }, actor: Actor, now: Date): Promise<Moved> {
    const changes: CaseChanges = { receivedAt: now, receivedBy: actor.id, inspectionResult: input.result ?? null, inspectionNote: input.note ?? null, cardPresent: input.cardPresent ?? null };
    const { after } = await moveCase(tx, 'receive', id, { version: input.version, actor, now, changes, payload: { result: input.result ?? null, note: input.note ?? null, cardPresent: input.cardPresent ?? null } });
    const later: Array<() => Promise<void>> = [];
    for (const hook of this.receiptHooks) {
      const next = await hook(tx, after, actor, now);
      if (next) later.push(next);
    }
    return { record: after, alertIds: await this.raiseExchangePrint(tx, after, now), after: later };
  }

  /** Other modules learn that goods came back (the disputes module withdraws A09), in the same transaction. */
  onReceived(hook: CaseReceiptHook): void {
    this.receiptHooks.push(hook);
  }

  async markReceived(id: number, input: Inspection, actor: Actor): Promise<AfterSaleCase> {
    const now = this.clock();
    const moved = await transactionWithRetry(this.db, (tx) => this.markReceivedIn(tx, id, input, actor, now));
    await this.afterCommit([moved]);
    return presentCase(moved.record);
  }

  /**
   * A parcel at the warehouse (售后 ⑤): matched to its case by the return tracking number,
   * else by the buyer when exactly one of their cases waits for goods; then inspected and
   * signed like any return. Otherwise after-sale is told (a notification to each after-sale
   * agent) and contacts the buyer; nothing else is written.
   */
  async arrival(input: Arrival, actor: Actor): Promise<ArrivalResult> {
    const now = this.clock();
    const waiting = (record: CaseRecord) => record.status === 'open' || record.status === 'awaiting_return';
    const outcome = await transactionWithRetry(this.db, async (tx) => {
      let candidates = input.trackingNo ? (await aftersaleRepository.activeByTracking(tx, input.trackingNo)).filter(waiting) : [];
      if (!candidates.length && input.buyerId) candidates = (await aftersaleRepository.activeOfBuyer(tx, input.buyerId)).filter((c) => waiting(c) && c.kind !== 'refund');
      if (candidates.length === 1) {
        const moved = await this.markReceivedIn(tx, candidates[0]!.id, { result: input.result, note: input.note, cardPresent: input.cardPresent }, actor, now);
        return { moved, notified: [] };
      }
      const agents = await notificationsRepository.activeWithRoles(tx, ['aftersale']);
      const payload = { trackingNo: input.trackingNo ?? null, buyerId: input.buyerId ?? null, courier: input.courier ?? null, note: input.note ?? null, candidates: candidates.map((c) => c.id) };
      const notified = await notificationsRepository.insert(tx, agents.map((staffId) => ({ staffId, kind: 'aftersale.unmatched_parcel', payload })), now);
      await audit(tx, { actorId: actor.id, action: 'aftersale.unmatched_parcel', entity: 'after_sale_case', entityId: null, details: payload, ip: actor.ip, at: now });
      return { moved: null, notified };
    });
    if (outcome.moved) await this.afterCommit([outcome.moved]);
    pushNotifications(this.io, outcome.notified);
    return { matched: outcome.moved ? presentCase(outcome.moved.record) : null, handedToAftersale: outcome.moved === null };
  }

  /** In the caller's transaction: the exchange's waybill (never before the return is received, unless the supervisor approved). */
  async recordExchangeShippedIn(tx: Tx, id: number, input: Omit<ExchangeShipped, 'version'> & { version?: number }, actor: Actor, now: Date): Promise<Moved> {
    const changes: CaseChanges = { exchangeCourier: input.courier, exchangeTrackingNo: input.trackingNo, exchangeShippedAt: now, exchangeShippedBy: actor.id };
    const { after } = await moveCase(tx, 'ship_exchange', id, { version: input.version, actor, now, changes, payload: { courier: input.courier, trackingNo: input.trackingNo } });
    return { record: after, alertIds: [] };
  }

  /**
   * The case page's 换货已发出: the same path as 打单's (the exchanges module's `ship`: the
   * order's note, the shipment row and its follow-up, the exchange-print alert answered, the
   * agent told to tell the buyer), so A10 and R04 see it whichever screen entered the number.
   */
  async recordExchangeShipped(id: number, input: ExchangeShipped, actor: Actor): Promise<AfterSaleCase> {
    if (!this.exchangeShipping) throw new Error('AftersaleService.exchangeShipping is not wired (server/src/app.ts)');
    return presentCase(await this.exchangeShipping.ship(id, input, actor));
  }

  /** The supervisor lets an exchange go before the return arrived, with the reason. */
  async approveEarlyShip(id: number, input: EarlyShipApproval, actor: Actor): Promise<AfterSaleCase> {
    return this.edit(id, 'early_ship_approved', input.version, actor, async (_tx, current, now) => {
      if (!actor.roles.includes('supervisor')) throw new AppError('forbidden', 'Only the supervisor approves shipping an exchange early', { reason: 'case_not_your_step', step: 'approve_early_ship' });
      if (current.kind !== 'exchange' && current.kind !== 'quality') throw new AppError('conflict', `Case #${id} is a ${current.kind} case: nothing is shipped`, { reason: 'case_wrong_kind', kind: current.kind, step: 'approve_early_ship' });
      if (current.status !== 'open' && current.status !== 'awaiting_return') {
        throw new AppError('conflict', `Case #${id} is ${current.status}: no approval is needed`, { reason: 'case_wrong_state', status: current.status, step: 'approve_early_ship' });
      }
      return { changes: { earlyShipApprovedBy: actor.id, earlyShipApprovedAt: now, earlyShipReason: input.reason }, payload: { reason: input.reason } };
    });
  }

  async refund(id: number, input: RefundCase, actor: Actor): Promise<AfterSaleCase> {
    return this.step('refund', id, input.version, actor, (now) => ({ changes: { refundedAt: now, refundedBy: actor.id }, payload: { note: input.note ?? null } }));
  }

  /** The postage a quality case's buyer advanced goes back once the return is received; once. */
  async refundPostage(id: number, input: PostageRefund, actor: Actor): Promise<AfterSaleCase> {
    return this.edit(id, 'postage_refunded', input.version, actor, async (_tx, current, now) => {
      const refusal = postageRefundRefusal({ returnPayer: current.returnPostagePayer, postageAdvancedFen: current.postageAdvancedFen, receivedAt: current.receivedAt, status: current.status, postageRefundedAt: current.postageRefundedAt });
      if (refusal) throw new AppError('conflict', `Case #${id}: the postage cannot be refunded (${refusal})`, { reason: `postage_${refusal}` });
      return { changes: { postageRefundedAt: now, postageRefundedBy: actor.id }, payload: { amountFen: current.postageAdvancedFen } };
    }, { allowFinished: true });
  }

  async reject(id: number, input: RejectCase, actor: Actor): Promise<AfterSaleCase> {
    return this.step('reject', id, input.version, actor, (now) => ({ changes: { rejectedReason: input.reason, closedBy: actor.id, closedAt: now }, payload: { reason: input.reason } }));
  }

  async close(id: number, input: CloseCase, actor: Actor): Promise<AfterSaleCase> {
    return this.step('close', id, input.version, actor, (now) => ({ changes: { closedBy: actor.id, closedAt: now, closeNote: input.note }, payload: { note: input.note } }));
  }

  /** After the commit of moves made in someone's transaction: alerts scheduled, staff told. */
  async afterCommit(moved: readonly Moved[]): Promise<void> {
    const alertIds = moved.flatMap((m) => m.alertIds);
    if (alertIds.length && this.alerts) await this.alerts.raised(alertIds);
    for (const m of moved) this.announce(m.record);
    for (const next of moved.flatMap((m) => m.after ?? [])) await next();
  }

  /** An exchange whose return was received: the printers are asked to print its waybill (打单 ⑥). */
  private async raiseExchangePrint(tx: Tx, record: CaseRecord, now: Date): Promise<number[]> {
    const exchange = record.kind === 'exchange' || (record.kind === 'quality' && (record.wantedColor !== null || record.wantedSize !== null));
    if (!exchange || !this.alerts || record.exchangeShippedAt) return [];
    const wanted = [record.wantedColor, record.wantedSize ? `${record.wantedSize}码` : null].filter(Boolean).join(' ');
    const id = await this.alerts.raise(tx, {
      orderId: record.orderId,
      orderNo: record.orderNo,
      buyerId: record.buyerId,
      changeId: null,
      audience: 'printer',
      kind: 'exchange_print',
      summary: `换货原包裹已验收，请打换货快递单（售后登记 #${record.id}${wanted ? `，换：${wanted}` : ''}）`.slice(0, 600),
      noteText: null,
      urgent: false,
      requestedBy: record.openedBy,
      createdAt: now,
    });
    return [id];
  }

  private async step(step: 'refund' | 'reject' | 'close', id: number, version: number, actor: Actor, build: (now: Date) => { changes: CaseChanges; payload: Record<string, unknown> }): Promise<AfterSaleCase> {
    const now = this.clock();
    const { changes, payload } = build(now);
    const { after } = await transactionWithRetry(this.db, async (tx) => {
      if (step !== 'refund') await refuseWhileParcelFollowed(tx, id);
      return moveCase(tx, step, id, { version, actor, now, changes, payload });
    });
    this.announce(after);
    return presentCase(after);
  }

  private async edit(
    id: number,
    what: string,
    version: number,
    actor: Actor,
    build: (tx: Tx, current: CaseRecord, now: Date) => Promise<{ changes: CaseChanges; payload: Record<string, unknown> }>,
    options: { allowFinished?: boolean } = {},
  ): Promise<AfterSaleCase> {
    const now = this.clock();
    const record = await transactionWithRetry(this.db, async (tx) => {
      const current = await lockCase(tx, id, version);
      assertAftersale(actor);
      const built = await build(tx, current, now);
      return editCase(tx, id, what, { version, actor, now, changes: built.changes, payload: built.payload, allowFinished: options.allowFinished });
    });
    this.announce(record);
    return presentCase(record);
  }

  private announce(record: CaseRecord): void {
    this.io.to(CASE_READERS.map(rooms.role)).emit('aftersale:changed', { id: record.id, orderNo: record.orderNo, buyerId: record.buyerId, status: record.status, version: record.version });
  }
}

/** Details, photos, ticks and postage are after-sale's (and the supervisor's) to write. */
function assertAftersale(actor: Actor): void {
  if (!actor.roles.includes('aftersale') && !actor.roles.includes('supervisor')) {
    throw new AppError('forbidden', 'Only after-sale and the supervisor write the registry', { reason: 'case_not_your_step' });
  }
}

/**
 * A difficult parcel's case (疑难件) ends with the parcel: the follow-up that records it
 * delivered or returned closes the case (parcels.service.ts). Closing or rejecting it from
 * the registry while the parcel is still followed would leave its dated follow-ups running
 * for a case that says it is over, so that is refused and the agent sent to the follow-ups.
 */
async function refuseWhileParcelFollowed(tx: Tx, caseId: number): Promise<void> {
  const rows = (await tx.query("SELECT id FROM difficult_parcel WHERE case_id = ? AND status = 'open' LIMIT 1", [caseId])) as { id: number | string }[];
  if (rows[0]) {
    throw new AppError('conflict', `Case #${caseId} follows difficult parcel ${rows[0].id}: it ends with the parcel's delivered or returned follow-up`, { reason: 'case_parcel_open', parcelId: Number(rows[0].id) });
  }
}
