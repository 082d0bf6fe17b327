/**
 * The order registry (docs/orders.md): orders are recorded from the marketplace's back
 * office and moved on as the shop works them (paid → printed → packed → shipped →
 * delivered, or cancelled before shipping). Every move is guarded by the order's version,
 * kept in its history and audited; a payment during a chat counts for the chat (G09, 询单转化).
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { isHandmade } from '@kefu/shared/domain/chat/ship-date';
import { canMove, mayMove, nextStatuses, ORDER_READERS, rolesForMove, type OrderStatus } from '@kefu/shared/domain/orders/status';
import { formatAddress, itemAttributes, maskPhone } from '@kefu/shared/domain/orders/receiver';
import type { NewOrder, Order, OrderDetail, OrderMove, OrdersPage, OrdersQuery, Receiver, ReceiverPhone } from '@kefu/shared/schemas/orders';
import { audit } from '../audit/audit.service.ts';
import type { ChatService } from '../chat/chat.service.ts';
import type { ChangeRow } from '../chat/chat.entity.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { isDuplicateKey, transactionWithRetry, type Tx } from '../../platform/db.ts';
import type { OrderItemRow } from './orders.entity.ts';
import { ordersRepository, type OrderEventRecord, type OrderMoveChanges, type OrderRecord } from './orders.repository.ts';

/** A clock a little ahead of ours is tolerated (the back office's clock); a time beyond is a typo. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** The receiver with the phone masked: the full number is asked for on its own, and audited. */
export function presentReceiver(order: OrderRecord): Receiver | null {
  if (order.receiverName === null || order.receiverProvince === null || order.receiverStreet === null) return null;
  const address = { province: order.receiverProvince, city: order.receiverCity ?? '', district: order.receiverDistrict ?? '', street: order.receiverStreet };
  return { name: order.receiverName, phone: maskPhone(order.receiverPhone ?? ''), address, addressText: formatAddress(address) };
}

export function presentOrder(order: OrderRecord, items: readonly OrderItemRow[]): Order {
  const iso = (at: Date | null) => (at ? at.toISOString() : null);
  return {
    id: order.id,
    orderNo: order.orderNo,
    buyerId: order.buyerId,
    receiver: presentReceiver(order),
    buyerMessage: order.buyerMessage,
    status: order.status,
    totalFen: order.totalFen,
    items: items.map((item) => ({
      lineNo: item.lineNo,
      title: item.title,
      colour: item.colour,
      size: item.size,
      attributes: itemAttributes(item),
      quantity: item.quantity,
      priceFen: item.priceFen,
      inStock: item.inStock,
      handmade: isHandmade(item.title),
    })),
    placedAt: order.placedAt.toISOString(),
    paidAt: iso(order.paidAt),
    shippedAt: iso(order.shippedAt),
    deliveredAt: iso(order.deliveredAt),
    cancelledAt: iso(order.cancelledAt),
    returnedAt: iso(order.returnedAt),
    courier: order.courier,
    trackingNo: order.trackingNo,
    createdBy: { id: order.createdBy, displayName: order.createdByName },
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    version: order.version,
  };
}

function presentEvent(event: OrderEventRecord): OrderDetail['history'][number] {
  return {
    id: event.id,
    from: event.fromStatus,
    to: event.toStatus,
    at: event.at.toISOString(),
    by: { id: event.staffId, displayName: event.staffName },
    courier: event.courier,
    trackingNo: event.trackingNo,
    note: event.note,
  };
}

/** Why a move is impossible, in words a printer understands. */
function impossibleMove(orderNo: string, from: OrderStatus, to: OrderStatus): AppError {
  if (from === to) return new AppError('conflict', `Order ${orderNo} is already ${to}`, { status: from });
  if (to === 'cancelled' && (from === 'shipped' || from === 'delivered')) {
    return new AppError('conflict', `Order ${orderNo} has shipped: a cancellation now is after-sale's (a courier recall or a return)`, { status: from });
  }
  const next = nextStatuses(from);
  return new AppError('conflict', `Order ${orderNo} is ${from}; from there it can move to ${next.length ? next.join(', ') : 'nothing'}`, { status: from, next });
}

export class OrdersService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly chat: ChatService,
    private readonly clock: () => Date,
  ) {}

  async list(query: OrdersQuery): Promise<OrdersPage> {
    const orders = await ordersRepository.list(this.db.manager, query);
    const items = await ordersRepository.itemsOf(this.db.manager, orders.map((o) => o.id));
    return {
      orders: orders.map((order) => presentOrder(order, items.get(order.id) ?? [])),
      nextBefore: orders.length === query.limit ? orders[orders.length - 1]!.id : null,
    };
  }

  async detail(orderNo: string): Promise<OrderDetail> {
    return this.detailIn(this.db.manager, orderNo);
  }

  private async detailIn(tx: Tx, orderNo: string): Promise<OrderDetail> {
    const order = await ordersRepository.findByNo(tx, orderNo);
    if (!order) throw new AppError('not_found', `No order ${orderNo}`);
    const items = await ordersRepository.itemsOf(tx, [order.id]);
    const history = await ordersRepository.eventsOf(tx, order.id);
    return { ...presentOrder(order, items.get(order.id) ?? []), history: history.map(presentEvent), recalled: await this.recalled(tx, order.id) };
  }

  async create(input: NewOrder, actor: Actor): Promise<OrderDetail> {
    const now = this.clock();
    const paidAt = input.status === 'paid' ? (input.paidAt ? new Date(input.paidAt) : now) : null;
    // Not told when it was placed: at the latest when it was paid.
    const placedAt = input.placedAt ? new Date(input.placedAt) : (paidAt ?? now);
    if (placedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) throw new AppError('invalid', 'placedAt is in the future', { field: 'placedAt' });
    if (paidAt && paidAt.getTime() > now.getTime() + FUTURE_SLACK_MS) throw new AppError('invalid', 'paidAt is in the future', { field: 'paidAt' });
    if (paidAt && paidAt < placedAt) throw new AppError('invalid', 'paidAt is before placedAt: an order is paid after it is placed', { field: 'paidAt' });
    const items = input.items.map((item, index) => ({
      lineNo: index + 1,
      title: item.title,
      colour: item.colour ?? null,
      size: item.size ?? null,
      quantity: item.quantity,
      priceFen: item.priceFen,
      inStock: item.inStock,
    }));
    const totalFen = items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0);
    if (totalFen > 2_000_000_000) throw new AppError('invalid', 'The order total is too large', { field: 'items' });

    let done: { detail: OrderDetail; change: ChangeRow | null };
    try {
      done = await transactionWithRetry(this.db, async (tx) => {
        const id = await ordersRepository.insert(
          tx,
          {
            orderNo: input.orderNo,
            buyerId: input.buyerId,
            status: input.status,
            totalFen,
            receiverName: input.receiver?.name ?? null,
            receiverPhone: input.receiver?.phone ?? null,
            receiverProvince: input.receiver?.address.province ?? null,
            receiverCity: input.receiver?.address.city ?? null,
            receiverDistrict: input.receiver?.address.district ?? null,
            receiverStreet: input.receiver?.address.street ?? null,
            buyerMessage: input.buyerMessage ?? null,
            placedAt,
            paidAt,
            shippedAt: null,
            deliveredAt: null,
            cancelledAt: null,
            returnedAt: null,
            courier: null,
            trackingNo: null,
            createdBy: actor.id,
            createdAt: now,
            updatedAt: now,
          },
          items,
        );
        await ordersRepository.insertEvent(tx, { orderId: id, fromStatus: null, toStatus: input.status, courier: null, trackingNo: null, note: input.note ?? null, staffId: actor.id, at: now });
        await audit(tx, { actorId: actor.id, action: 'order.create', entity: 'order', entityId: input.orderNo, details: { ...input, receiver: input.receiver ? { ...input.receiver, phone: maskPhone(input.receiver.phone) } : undefined, totalFen }, ip: actor.ip, at: now });
        const change = paidAt ? await this.chat.recordOrderPaid(tx, input.buyerId, paidAt) : null;
        return { detail: await this.detailIn(tx, input.orderNo), change };
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('conflict', `Order ${input.orderNo} is already recorded`, { field: 'orderNo' });
      throw err;
    }
    this.announce(done.detail);
    await this.chat.announceChange(done.change);
    return done.detail;
  }

  async move(orderNo: string, input: OrderMove, actor: Actor): Promise<OrderDetail> {
    const now = this.clock();
    const { detail, change } = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${orderNo}`);
      if (order.version !== input.version) {
        throw new AppError('conflict', `Order ${orderNo} was changed since you opened it (now ${order.status}); look again`, { status: order.status, version: order.version });
      }
      if (!canMove(order.status, input.to)) throw impossibleMove(orderNo, order.status, input.to);
      if (input.to === 'delivered' && (await this.recalled(tx, order.id))) {
        throw new AppError('conflict', `Order ${orderNo} is recalled (快件退回): the parcel comes back to the shop and is never marked delivered`, { reason: 'order_recalled', status: order.status });
      }
      if (!mayMove(actor.roles, order.status, input.to)) {
        throw new AppError('forbidden', `Moving an order from ${order.status} to ${input.to} needs the role ${rolesForMove(order.status, input.to).join(' or ')}`);
      }
      const changes: OrderMoveChanges = { status: input.to, updatedAt: now };
      if (input.to === 'paid') changes.paidAt = now;
      if (input.to === 'shipped') Object.assign(changes, { shippedAt: now, courier: input.courier ?? null, trackingNo: input.trackingNo ?? null });
      if (input.to === 'delivered') changes.deliveredAt = now;
      if (input.to === 'cancelled') changes.cancelledAt = now;
      if (input.to === 'returned') changes.returnedAt = now;
      if (!(await ordersRepository.move(tx, order.id, order.version, changes))) throw new AppError('conflict', `Order ${orderNo} was changed meanwhile; look again`);
      await ordersRepository.insertEvent(tx, {
        orderId: order.id,
        fromStatus: order.status,
        toStatus: input.to,
        courier: input.to === 'shipped' ? (input.courier ?? null) : null,
        trackingNo: input.to === 'shipped' ? (input.trackingNo ?? null) : null,
        note: input.note ?? null,
        staffId: actor.id,
        at: now,
      });
      await audit(tx, { actorId: actor.id, action: 'order.move', entity: 'order', entityId: orderNo, details: { from: order.status, ...input }, ip: actor.ip, at: now });
      const change = input.to === 'paid' ? await this.chat.recordOrderPaid(tx, order.buyerId, now) : null;
      return { detail: await this.detailIn(tx, orderNo), change };
    });
    this.announce(detail);
    await this.chat.announceChange(change);
    return detail;
  }

  /**
   * unpaid → paid inside the caller's transaction, the order row locked by the caller (the
   * bank-transfer register's confirmation): the move under the order's version, its history
   * line, the audit line and the chat's credit for the payment. Call `afterPaid` after the commit.
   */
  async markPaidIn(tx: Tx, order: OrderRecord, actor: Actor, now: Date, note: string): Promise<Awaited<ReturnType<ChatService['recordOrderPaid']>>> {
    if (!(await ordersRepository.move(tx, order.id, order.version, { status: 'paid', paidAt: now, updatedAt: now }))) throw new AppError('conflict', `Order ${order.orderNo} was changed meanwhile; look again`);
    await ordersRepository.insertEvent(tx, { orderId: order.id, fromStatus: order.status, toStatus: 'paid', courier: null, trackingNo: null, note, staffId: actor.id, at: now });
    await audit(tx, { actorId: actor.id, action: 'order.move', entity: 'order', entityId: order.orderNo, details: { from: order.status, to: 'paid', version: order.version, note }, ip: actor.ip, at: now });
    return this.chat.recordOrderPaid(tx, order.buyerId, now);
  }

  /** After the commit of `markPaidIn`: lists and side panels refetch, the chat hears of the payment. */
  async afterPaid(orderNo: string, change: Awaited<ReturnType<ChatService['recordOrderPaid']>>): Promise<void> {
    this.announce(await this.detail(orderNo));
    await this.chat.announceChange(change);
  }

  /**
   * The receiver's full phone (保密制度 4: customer data only to those who need it): the
   * supervisor, and whoever handles a change on the order — the agent who asked for an
   * unfinished change, the printer who claimed its alert. Every view is a line of the audit log.
   */
  async receiverPhone(orderNo: string, actor: Actor): Promise<ReceiverPhone> {
    const now = this.clock();
    return transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, orderNo);
      if (!order) throw new AppError('not_found', `No order ${orderNo}`);
      if (!order.receiverPhone) throw new AppError('not_found', `Order ${orderNo} has no receiver phone`);
      const allowed = actor.roles.includes('supervisor') || (await this.phoneHandlers(tx, order.id)).includes(actor.id);
      if (!allowed) throw new AppError('forbidden', 'The full phone number is for the supervisor and whoever handles a change on this order');
      await audit(tx, { actorId: actor.id, action: 'order.phone.view', entity: 'order', entityId: orderNo, details: {}, ip: actor.ip, at: now });
      return { orderNo, phone: order.receiverPhone };
    });
  }

  /** Is the order's parcel recalled (set by the recall module; never without it)? */
  recalled: (tx: Tx, orderId: number) => Promise<boolean> = async () => false;

  /** Staff handling a change on the order right now (set by the changes module; none without it). */
  phoneHandlers: (tx: Tx, orderId: number) => Promise<number[]> = async () => [];

  /** After the commit: everyone who reads orders refetches (lists, the chat's side panel). */
  private announce(order: Order): void {
    this.io.to(ORDER_READERS.map(rooms.role)).emit('order:changed', { orderNo: order.orderNo, buyerId: order.buyerId, status: order.status, version: order.version });
  }
}
