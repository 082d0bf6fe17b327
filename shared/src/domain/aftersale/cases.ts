/**
 * After-sale cases (domain.md "Returns, exchanges and refunds" and "Courier recall"):
 * which kind of case an order can have at the point it is at. Pure.
 *
 * This is the part of the after-sale registry the chat's routing needs (an open case sends
 * the buyer to after-sale); the after-sale issue grows the registry on the same table.
 */
import type { Role } from '../staff/roles.ts';
import type { OrderStatus } from '../orders/status.ts';

/**
 * 退货, 换货, 仅退款, 快件退回 (recall of a shipped parcel), 质量问题 (a quality complaint,
 * returned or exchanged at the shop's cost), 疑难件 (a parcel forwarded, lost or re-sent).
 */
export const CASE_KINDS = ['return', 'exchange', 'refund', 'recall', 'quality', 'difficult'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
/** The registry's states; the moves between them are in `./states.ts`. */
export const CASE_STATUSES = ['open', 'awaiting_return', 'received', 'refunded', 'exchange_shipped', 'closed', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** A case in one of these is finished: the order may get a new one, chat routing no longer counts it. */
export const FINISHED_CASE_STATUSES: readonly CaseStatus[] = ['closed', 'rejected'];
export const isCaseActive = (status: CaseStatus): boolean => !FINISHED_CASE_STATUSES.includes(status);

/** Who opens and closes cases: after-sale, and the supervisor. */
export const CASE_WRITERS: readonly Role[] = ['supervisor', 'aftersale'];
/**
 * Who reads them: also pre-sale (to answer a buyer), printers (recalls and exchanges come
 * back to them) and the warehouse (it inspects returns against the registry).
 */
export const CASE_READERS: readonly Role[] = ['supervisor', 'aftersale', 'presale', 'printer', 'warehouse'];

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
    case 'quality':
      // A returned parcel (recalled or sent back) left the shop too: its case may be registered late.
      return order.status === 'shipped' || order.status === 'delivered' || order.status === 'returned' ? null : 'not_shipped';
    case 'difficult':
      // A parcel forwarded, lost or re-sent is still on its way.
      return order.status === 'shipped' ? null : 'not_shipped';
    case 'recall':
      if (order.status === 'delivered') return 'delivered';
      return order.status === 'shipped' ? null : 'not_shipped';
    case 'refund':
      return order.paidAt ? null : 'not_paid';
  }
}

/**
 * What the warehouse found when it inspected a return and signed 已验收 (售后 ⑤):
 * as described and resellable; the problem the buyer described is not there (A04); the
 * goods or the box came back damaged, not resellable (A05).
 */
export const INSPECTION_RESULTS = ['passed', 'not_as_described', 'damaged'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];
