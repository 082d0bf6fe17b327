/**
 * The ship-date promise for a whole order (domain.md "Chat", 发货时间): the parcel leaves
 * when its slowest item is ready, so the order's promise is its slowest item's. Pure.
 */
import { promiseShipDate, type ShipPromise } from '../chat/ship-date.ts';
import type { OrderStatus } from './status.ts';

export interface PromiseItem {
  title: string;
  inStock: boolean;
}

const RANK: Record<ShipPromise['rule'], number> = { same_day: 0, next_day: 1, made_to_order: 2 };

/** null once the order has shipped or was cancelled, or when it has no items: nothing to promise. */
export function promiseForOrder(
  order: { status: OrderStatus; paidAt: Date | null; items: readonly PromiseItem[] },
  now: Date,
  tz: string,
): ShipPromise | null {
  if (!['unpaid', 'paid', 'printed', 'packed'].includes(order.status)) return null;
  let slowest: ShipPromise | null = null;
  for (const item of order.items) {
    const promise = promiseShipDate({ now, paidAt: order.paidAt, inStock: item.inStock, itemName: item.title, tz });
    if (!slowest || RANK[promise.rule] > RANK[slowest.rule]) slowest = promise;
  }
  return slowest;
}
