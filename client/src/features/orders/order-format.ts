/**
 * How an order's items read in a list cell or the chat's side panel. Pure; the words around
 * them ("and 3 more") come from the locale.
 */
import { MADE_TO_ORDER_SENTENCE } from '@kefu/shared/domain/chat/ship-date';
import type { OrderItem } from '@kefu/shared/schemas/orders';

/** "全羊毛手工拖鞋（灰色38码）×2". */
export function itemLabel(item: Pick<OrderItem, 'title' | 'attributes' | 'quantity'>): string {
  return `${item.title}${item.attributes ? `（${item.attributes}）` : ''}×${item.quantity}`;
}

/** The first `shown` items' labels joined, and how many pieces of the rest are left out. */
export function itemsSummary(items: readonly Pick<OrderItem, 'title' | 'attributes' | 'quantity'>[], shown = 2): { text: string; more: number } {
  const head = items.slice(0, shown);
  const more = items.slice(shown).reduce((sum, item) => sum + item.quantity, 0);
  return { text: head.map(itemLabel).join('、'), more };
}

/**
 * The reply an agent inserts to promise an order's ship date: "亲，您的订单 2026… 今天发货哦".
 * Handmade shoes get the rulebook's own sentence unchanged (售前 ⑨), the order number after it.
 */
export function promiseReply(orderNo: string, promiseText: string): string {
  if (promiseText === MADE_TO_ORDER_SENTENCE) return `亲，${promiseText}（订单 ${orderNo}）`;
  return `亲，您的订单 ${orderNo} ${promiseText}哦`;
}
