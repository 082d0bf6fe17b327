/**
 * After-sale cases (domain.md "Returns, exchanges and refunds" and "Courier recall"):
 * which kind of case an order can have at the point it is at. Pure.
 *
 * This is the part of the after-sale registry the chat's routing needs (an open case sends
 * the buyer to after-sale); the after-sale issue grows the registry on the same table.
 */
import type { Role } from '../staff/roles.ts';
import type { OrderStatus } from '../orders/status.ts';

/** 退货, 换货, 仅退款, 快件退回 (recall of a shipped parcel). */
export const CASE_KINDS = ['return', 'exchange', 'refund', 'recall'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Who opens and closes cases: after-sale, and the supervisor. */
export const CASE_WRITERS: readonly Role[] = ['supervisor', 'aftersale'];
/** Who reads them: also pre-sale (to answer a buyer) and printers (recalls come back to them). */
export const CASE_READERS: readonly Role[] = ['supervisor', 'aftersale', 'presale', 'printer'];

export type CaseRefusal = 'not_shipped' | 'not_paid' | 'delivered';

/**
 * A return or an exchange needs goods that left the shop; a recall needs a parcel still on
 * its way (once delivered it is a return); a refund needs a payment (a paid order cancelled
 * before shipping is refunded too).
 */
export function refusalFor(kind: CaseKind, order: { status: OrderStatus; paidAt: Date | null }): CaseRefusal | null {
  switch (kind) {
    case 'return':
    case 'exchange':
      // A returned parcel (recalled or sent back) left the shop too: its case may be registered late.
      return order.status === 'shipped' || order.status === 'delivered' || order.status === 'returned' ? null : 'not_shipped';
    case 'recall':
      if (order.status === 'delivered') return 'delivered';
      return order.status === 'shipped' ? null : 'not_shipped';
    case 'refund':
      return order.paidAt ? null : 'not_paid';
  }
}
