/**
 * Where an order is (domain.md "Order notes", the table of what a change or a cancellation
 * does "depending on where the order is"), who may move it on, and what the chat's
 * routing reads from it. Pure: no I/O, the clock passed in.
 */
import type { Role } from '../staff/roles.ts';

/**
 * unpaid (拍下未付款, bank transfers wait here) → paid (未打印) → printed (已打印) →
 * packed (已打包贴单) → shipped (已发货) → delivered (已签收); cancelled (已取消) before it ships;
 * returned (已退回): the parcel is back in the shop — a courier recall (快件退回) or a return.
 */
export const ORDER_STATUSES = ['unpaid', 'paid', 'printed', 'packed', 'shipped', 'delivered', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The moves the shop makes. A packed parcel fetched back for a change is printed again
 * (packed → printed). Once shipped, a change or a cancellation is after-sale's (courier
 * recall), not a status move: shipped goes only to delivered.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  unpaid: ['paid', 'cancelled'],
  paid: ['printed', 'cancelled'],
  printed: ['packed', 'cancelled'],
  packed: ['shipped', 'printed', 'cancelled'],
  shipped: ['delivered', 'returned'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
};

export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return NEXT[from];
}

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * Who records each move: pre-sale records a payment (the bank-transfer register) and
 * cancels an unpaid order; printers print, pack, ship and void paid orders ("printers void
 * the order"); after-sale and printers record a delivery; the supervisor may do any.
 */
export function rolesForMove(from: OrderStatus, to: OrderStatus): readonly Role[] {
  switch (to) {
    case 'paid':
      return ['supervisor', 'presale'];
    case 'printed':
    case 'packed':
    case 'shipped':
      return ['supervisor', 'printer'];
    case 'delivered':
      return ['supervisor', 'aftersale', 'printer'];
    case 'returned':
      // The courier hands a recalled parcel to the printer (打单 ⑤); after-sale registers returns.
      return ['supervisor', 'aftersale', 'printer'];
    case 'cancelled':
      return from === 'unpaid' ? ['supervisor', 'presale', 'printer'] : ['supervisor', 'printer'];
    case 'unpaid':
      return [];
  }
}

export function mayMove(roles: readonly Role[], from: OrderStatus, to: OrderStatus): boolean {
  if (!canMove(from, to)) return false;
  const allowed = rolesForMove(from, to);
  return roles.some((role) => allowed.includes(role));
}

/** Everyone who may make some move (the door of the moves route; each move is checked on its own). */
export const ORDER_MOVERS: readonly Role[] = ['supervisor', 'presale', 'aftersale', 'printer'];

/** Who may record a new order (entered from the marketplace's back office). */
export const ORDER_WRITERS: readonly Role[] = ['supervisor', 'presale', 'printer'];
/** Who may read orders: everyone whose work touches them. */
export const ORDER_READERS: readonly Role[] = ['supervisor', 'presale', 'aftersale', 'printer'];

/**
 * After delivery the buyer's questions are after-sale's for this many days (the
 * marketplace's return and quality-complaint period); a buyer whose last parcel arrived
 * longer ago is shopping again and goes to pre-sale.
 */
export const AFTERSALE_DAYS_AFTER_DELIVERY = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Does this order send its buyer's chat to after-sale (domain.md "Chat": shipped or delivered)? */
export function sendsBuyerToAfterSale(order: { status: OrderStatus; deliveredAt: Date | null }, now: Date): boolean {
  if (order.status === 'shipped') return true;
  if (order.status !== 'delivered') return false;
  if (!order.deliveredAt) return true;
  return now.getTime() - order.deliveredAt.getTime() <= AFTERSALE_DAYS_AFTER_DELIVERY * DAY_MS;
}

