/**
 * Exchanges shipped (docs/recall.md "Exchanges shipped", 售后 ⑥, 打单 ⑥). When the return is
 * inspected the aftersale module raises the exchange-print alert; here the printer prints the
 * exchange waybill (the day's exchange batch, labelled `换货 YYYY.MM.DD 姓名`), enters its
 * tracking number — the case records it through the aftersale service, the order gets the
 * signed `exchange_shipped` note, the agent is notified — then the agent tells the buyer in
 * chat with one click, and a follow-up three days later checks the exchange arrived.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import { noteDate } from '@kefu/shared/domain/orders/notes';
import { addDays } from '@kefu/shared/domain/kpis/days';
import type { Exchange, ExchangeShipment, ExchangesList, ExchangeViewQuery } from '@kefu/shared/schemas/exchanges';
import { audit } from '../audit/audit.service.ts';
import { aftersaleRepository, type CaseRecord } from '../aftersale/aftersale.repository.ts';
import type { AftersaleService, Moved } from '../aftersale/aftersale.service.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import type { ChatService } from '../chat/chat.service.ts';
import type { NotesService } from '../notes/notes.service.ts';
import { notificationsRepository } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { transactionWithRetry, type Tx } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { renderExchangeView, type ExchangeWaybill } from './exchanges.view.ts';

type Raw = Record<string, any>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
/** Days after shipping when after-sale checks with the buyer that the exchange arrived. */
export const FOLLOW_UP_DAYS = 3;

/** What the agent sends the buyer (A10 looks for the tracking number in a staff message). */
export function tellBuyerText(courier: string, trackingNo: string): string {
  return `您好，您的换货已经发出，快递公司：${courier}，快递单号：${trackingNo}，请注意查收。`;
}

/** The label clipped to each day's exchange batch (打单 ⑥): `换货 YYYY.MM.DD 姓名`. */
export function batchLabel(day: string, printer: string): string {
  return `换货 ${day.replaceAll('-', '.')} ${printer}`;
}

export class ExchangesService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly aftersale: AftersaleService,
    private readonly notes: NotesService,
    private readonly chat: ChatService,
    private readonly alerts: AlertsService,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  /** Exchanges waiting for their waybill (received, not shipped) and those shipped, newest day first. */
  async list(): Promise<ExchangesList> {
    const rows = (await this.db.query(
      `SELECT c.id AS case_id, c.order_no, c.buyer_id, c.status, c.wanted_color, c.wanted_size, c.opened_by AS agent_id, a.display_name AS agent_name,
         o.receiver_name, o.receiver_province, o.receiver_city, o.receiver_district, o.receiver_street,
         x.print_day, x.printed_by, p.display_name AS printed_name, x.printed_at, x.courier, x.tracking_no, x.shipped_by, s.display_name AS shipped_name, x.shipped_at,
         x.told_by, t.display_name AS told_name, x.told_at, x.follow_up_on, x.followed_up_by, f.display_name AS followed_name, x.followed_up_at, x.follow_up_note
       FROM after_sale_case c JOIN staff a ON a.id = c.opened_by JOIN shop_order o ON o.id = c.order_id
       LEFT JOIN exchange_shipment x ON x.case_id = c.id LEFT JOIN staff p ON p.id = x.printed_by LEFT JOIN staff s ON s.id = x.shipped_by
       LEFT JOIN staff t ON t.id = x.told_by LEFT JOIN staff f ON f.id = x.followed_up_by
       WHERE (c.kind = 'exchange' OR (c.kind = 'quality' AND (c.wanted_color IS NOT NULL OR c.wanted_size IS NOT NULL)))
         AND (c.status = 'received' OR x.case_id IS NOT NULL OR c.early_ship_approved_at IS NOT NULL)
       ORDER BY x.shipped_at IS NOT NULL, x.print_day DESC, c.id DESC LIMIT 200`,
    )) as Raw[];
    const today = shopDay(this.clock(), this.tz);
    const signed = (by: unknown, name: unknown, at: unknown) => (by === null || by === undefined ? null : { by: { id: Number(by), displayName: String(name) }, at: iso(at)! });
    return {
      exchanges: rows.map(
        (r): Exchange => ({
          caseId: Number(r.case_id),
          orderNo: r.order_no,
          buyerId: r.buyer_id,
          caseStatus: r.status,
          wanted: [r.wanted_color, r.wanted_size ? `${r.wanted_size}码` : null].filter(Boolean).join(' '),
          receiver: r.receiver_name ? `${r.receiver_name} ${[r.receiver_province, r.receiver_city, r.receiver_district, r.receiver_street].filter(Boolean).join('')}` : null,
          agent: { id: Number(r.agent_id), displayName: r.agent_name },
          batchLabel: r.print_day && r.printed_name ? batchLabel(String(r.print_day), String(r.printed_name)) : null,
          printed: signed(r.printed_by, r.printed_name, r.printed_at),
          courier: r.courier ?? null,
          trackingNo: r.tracking_no ?? null,
          shipped: signed(r.shipped_by, r.shipped_name, r.shipped_at),
          told: signed(r.told_by, r.told_name, r.told_at),
          followUpOn: r.follow_up_on ?? null,
          followUpDue: r.follow_up_on !== null && r.follow_up_on <= today && r.followed_up_at === null,
          followedUp: signed(r.followed_up_by, r.followed_name, r.followed_up_at),
          followUpNote: r.follow_up_note ?? null,
        }),
      ),
    };
  }

  /**
   * The printable exchange waybills: one exchange, or every one printed on a shop day (the
   * day's batch behind its label). The full phone is on the sheet: viewing is audited.
   */
  async view(query: ExchangeViewQuery, actor: Actor): Promise<string> {
    const where = query.caseId !== undefined ? 'c.id = ?' : 'x.print_day = ?';
    const rows = (await this.db.query(
      `SELECT c.id AS case_id, c.kind, c.order_no, c.buyer_id, c.wanted_color, c.wanted_size, o.receiver_name, o.receiver_phone,
         o.receiver_province, o.receiver_city, o.receiver_district, o.receiver_street, x.print_day, p.display_name AS printed_name, x.courier, x.tracking_no
       FROM after_sale_case c JOIN shop_order o ON o.id = c.order_id LEFT JOIN exchange_shipment x ON x.case_id = c.id LEFT JOIN staff p ON p.id = x.printed_by
       WHERE ${where} ORDER BY p.display_name, x.printed_at, c.id LIMIT 500`,
      [query.caseId ?? query.day],
    )) as Raw[];
    if (query.caseId !== undefined) {
      const row = rows[0];
      if (!row) throw new AppError('not_found', `No after-sale case ${query.caseId}`);
      const exchange = row.kind === 'exchange' || (row.kind === 'quality' && (row.wanted_color !== null || row.wanted_size !== null));
      if (!exchange) throw new AppError('conflict', `Case #${query.caseId} is a ${row.kind} case: nothing is shipped`, { reason: 'case_wrong_kind', kind: row.kind });
    }
    const waybills = rows.map(
      (r): ExchangeWaybill => ({
        caseId: Number(r.case_id),
        orderNo: r.order_no,
        buyerId: r.buyer_id,
        wanted: [r.wanted_color, r.wanted_size ? `${r.wanted_size}码` : null].filter(Boolean).join(' '),
        receiverName: r.receiver_name ?? null,
        receiverPhone: r.receiver_phone ?? null,
        address: [r.receiver_province, r.receiver_city, r.receiver_district, r.receiver_street].filter(Boolean).join(''),
        batchLabel: r.print_day && r.printed_name ? batchLabel(String(r.print_day), String(r.printed_name)) : null,
        courier: r.courier ?? null,
        trackingNo: r.tracking_no ?? null,
      }),
    );
    await audit(this.db.manager, {
      actorId: actor.id,
      action: 'exchange.view',
      entity: 'after_sale_case',
      entityId: query.caseId ?? query.day!,
      details: { caseIds: waybills.map((w) => w.caseId), phones: waybills.filter((w) => w.receiverPhone).length },
      ip: actor.ip,
      at: this.clock(),
    });
    return renderExchangeView(waybills, query);
  }

  /** The printer printed the exchange waybill (today's exchange batch); once per case. */
  async printed(caseId: number, actor: Actor): Promise<ExchangesList> {
    const now = this.clock();
    const closed = await transactionWithRetry(this.db, async (tx) => {
      const record = await this.exchangeCase(tx, caseId);
      const rows = (await tx.query('SELECT printed_at FROM exchange_shipment WHERE case_id = ? FOR UPDATE', [caseId])) as Raw[];
      if (rows[0]?.printed_at) throw new AppError('conflict', `The exchange waybill of case #${caseId} is printed already`, { reason: 'exchange_printed' });
      await tx.query(
        `INSERT INTO exchange_shipment (case_id, order_id, order_no, buyer_id, agent_id, printed_by, printed_at, print_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE printed_by = VALUES(printed_by), printed_at = VALUES(printed_at), print_day = VALUES(print_day), version = version + 1`,
        [caseId, record.orderId, record.orderNo, record.buyerId, record.openedBy, actor.id, now, shopDay(now, this.tz)],
      );
      await audit(tx, { actorId: actor.id, action: 'exchange.printed', entity: 'after_sale_case', entityId: caseId, details: { orderNo: record.orderNo, day: shopDay(now, this.tz) }, ip: actor.ip, at: now });
      // The printers' exchange-print alert is answered by the printing itself.
      return this.alerts.closeDoneIn(tx, record.orderId, 'exchange_print', `换货快递单已打印（${batchLabel(shopDay(now, this.tz), actor.displayName)}）`, actor, now);
    });
    await this.alerts.announce(closed);
    this.announce();
    return this.list();
  }

  /**
   * The tracking number entered, from 打单 (this route) or from the case page
   * (`POST /api/aftersale/cases/:id/exchange-shipped`, through AftersaleService): both call `ship`.
   */
  async shipped(caseId: number, input: ExchangeShipment, actor: Actor): Promise<ExchangesList> {
    await this.ship(caseId, input, actor);
    return this.list();
  }

  /**
   * The one way an exchange ships, whichever screen the number is entered on: the case records
   * it (the aftersale service's own guards: never before the return is received unless
   * approved; `version`, when the person saw one, guards the case), the order gets the signed
   * `换货已发出，单号为：…` note, the exchange-print alert is answered, the agent is notified to
   * tell the buyer (A10), and the follow-up is set (its reminder: exchanges.followup.ts).
   * Everything in one transaction; announced after the commit. Returns the case as it is now.
   */
  async ship(caseId: number, input: ExchangeShipment & { version?: number }, actor: Actor): Promise<CaseRecord> {
    const now = this.clock();
    const shipment = { courier: input.courier, trackingNo: input.trackingNo };
    const { moved, notices, orderNo, buyerId, closed } = await transactionWithRetry(this.db, async (tx) => {
      const record = await this.exchangeCase(tx, caseId);
      await ordersRepository.findByNo(tx, record.orderNo, { lock: true });
      const moved: Moved = await this.aftersale.recordExchangeShippedIn(tx, caseId, { ...shipment, ...(input.version !== undefined ? { version: input.version } : {}) }, actor, now);
      const followUpOn = addDays(shopDay(now, this.tz), FOLLOW_UP_DAYS);
      await tx.query(
        `INSERT INTO exchange_shipment (case_id, order_id, order_no, buyer_id, agent_id, courier, tracking_no, shipped_by, shipped_at, follow_up_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE courier = VALUES(courier), tracking_no = VALUES(tracking_no), shipped_by = VALUES(shipped_by), shipped_at = VALUES(shipped_at), follow_up_on = VALUES(follow_up_on), version = version + 1`,
        [caseId, record.orderId, record.orderNo, record.buyerId, record.openedBy, shipment.courier, shipment.trackingNo, actor.id, now, followUpOn],
      );
      await this.notes.write(tx, { orderId: record.orderId, fields: { kind: 'exchange_shipped', trackingNo: shipment.trackingNo }, author: actor, at: now });
      const notices = await notificationsRepository.insert(
        tx,
        [{ staffId: record.openedBy, kind: 'exchange.shipped', payload: { caseId, orderNo: record.orderNo, buyerId: record.buyerId, courier: shipment.courier, trackingNo: shipment.trackingNo } }],
        now,
      );
      await audit(tx, { actorId: actor.id, action: 'exchange.shipped', entity: 'after_sale_case', entityId: caseId, details: { ...shipment, followUpOn, day: noteDate(now, this.tz) }, ip: actor.ip, at: now });
      // Shipped without the print being recorded: the alert is answered with the number.
      const closed = await this.alerts.closeDoneIn(tx, record.orderId, 'exchange_print', `换货已发出，单号为：${shipment.trackingNo}`, actor, now);
      return { moved, notices, orderNo: record.orderNo, buyerId: record.buyerId, closed };
    });
    await this.aftersale.afterCommit([moved]);
    await this.alerts.announce(closed);
    pushNotifications(this.io, notices);
    this.io.to(['supervisor', 'presale', 'aftersale', 'printer'].map((role) => rooms.role(role as 'printer'))).emit('order:notes-changed', { orderNo, buyerId });
    this.announce();
    return moved.record;
  }

  /** One click: the tracking number sent to the buyer in their chat, as the agent; once (the client id is the case's). */
  async tellBuyer(caseId: number, actor: Actor): Promise<ExchangesList> {
    const rows = (await this.db.query('SELECT buyer_id, courier, tracking_no, shipped_at FROM exchange_shipment WHERE case_id = ?', [caseId])) as Raw[];
    const row = rows[0];
    if (!row?.shipped_at) throw new AppError('conflict', `The exchange of case #${caseId} has not shipped yet`, { reason: 'exchange_not_shipped' });
    const conversationId = await this.writableConversation(row.buyer_id, actor);
    await this.chat.sendAsStaff(actor, { conversationId, clientId: `exchange-told-${caseId}`, text: tellBuyerText(row.courier, row.tracking_no) });
    const now = this.clock();
    await transactionWithRetry(this.db, async (tx) => {
      await tx.query('UPDATE exchange_shipment SET told_by = COALESCE(told_by, ?), told_at = COALESCE(told_at, ?), version = version + 1 WHERE case_id = ?', [actor.id, now, caseId]);
      await audit(tx, { actorId: actor.id, action: 'exchange.told', entity: 'after_sale_case', entityId: caseId, details: { conversationId }, ip: actor.ip, at: now });
    });
    this.announce();
    return this.list();
  }

  /** The follow-up: the buyer confirmed the exchange arrived (or what was found). */
  async followUp(caseId: number, note: string, actor: Actor): Promise<ExchangesList> {
    const now = this.clock();
    await transactionWithRetry(this.db, async (tx) => {
      const rows = (await tx.query('SELECT shipped_at, followed_up_at FROM exchange_shipment WHERE case_id = ? FOR UPDATE', [caseId])) as Raw[];
      if (!rows[0]?.shipped_at) throw new AppError('conflict', `The exchange of case #${caseId} has not shipped yet`, { reason: 'exchange_not_shipped' });
      if (rows[0].followed_up_at) throw new AppError('conflict', `The exchange of case #${caseId} was followed up already`, { reason: 'exchange_followed_up' });
      await tx.query('UPDATE exchange_shipment SET followed_up_by = ?, followed_up_at = ?, follow_up_note = ?, version = version + 1 WHERE case_id = ?', [actor.id, now, note, caseId]);
      await audit(tx, { actorId: actor.id, action: 'exchange.follow_up', entity: 'after_sale_case', entityId: caseId, details: { note }, ip: actor.ip, at: now });
    });
    this.announce();
    return this.list();
  }

  /**
   * The buyer's current chat, when it is the agent's to write in (a supervisor writes where the
   * chat module lets them). Otherwise the click says why and where the number should go: the
   * chat waits in the queue (take it first), it is closed (send when the buyer writes again),
   * or a colleague serves the buyer now (named, so they send it or hand the chat over).
   */
  private async writableConversation(buyerId: string, actor: Actor): Promise<number> {
    const rows = (await this.db.query(
      'SELECT c.id, c.status, c.agent_id, s.display_name AS agent_name FROM chat_conversation c LEFT JOIN staff s ON s.id = c.agent_id WHERE c.buyer_id = ? ORDER BY c.id DESC LIMIT 1',
      [buyerId],
    )) as Raw[];
    const chat = rows[0];
    if (!chat) throw new AppError('conflict', `Buyer ${buyerId} has no chat to write in`, { reason: 'no_conversation' });
    if (actor.roles.includes('supervisor')) return Number(chat.id);
    if (chat.status === 'closed') throw new AppError('conflict', `The chat of buyer ${buyerId} is closed`, { reason: 'exchange_chat_closed' });
    if (chat.status === 'queued' || chat.agent_id === null) throw new AppError('conflict', `The chat of buyer ${buyerId} waits in the queue`, { reason: 'exchange_chat_queued' });
    if (Number(chat.agent_id) !== actor.id) {
      throw new AppError('conflict', `The chat of buyer ${buyerId} is served by ${chat.agent_name}`, { reason: 'exchange_chat_not_yours', value: String(chat.agent_name ?? '') });
    }
    return Number(chat.id);
  }

  private async exchangeCase(tx: Tx, caseId: number) {
    const record = await aftersaleRepository.find(tx, caseId, { lock: true });
    if (!record) throw new AppError('not_found', `No after-sale case ${caseId}`);
    const exchange = record.kind === 'exchange' || (record.kind === 'quality' && (record.wantedColor !== null || record.wantedSize !== null));
    if (!exchange) throw new AppError('conflict', `Case #${caseId} is a ${record.kind} case: nothing is shipped`, { reason: 'case_wrong_kind', kind: record.kind });
    return record;
  }

  private announce(): void {
    this.io.to(['supervisor', 'aftersale', 'printer'].map((role) => rooms.role(role as 'printer'))).emit('recall:changed', { what: 'exchange', id: 0, orderNo: '', version: 0 });
  }
}
