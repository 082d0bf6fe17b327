/**
 * A buyer's change or cancellation, decided by where the order is — the rulebook's table
 * (售前 ⑤⑥, domain.md "What a change or a cancellation after payment does"). Pure.
 *
 * | order is        | attribute / address / special                         | cancel                                          |
 * |-----------------|-------------------------------------------------------|-------------------------------------------------|
 * | unpaid          | changed, noted, printers alerted                      | voided; nothing to refund                       |
 * | paid            | changed, noted, printers alerted                      | voided; printers alerted to void it; refund     |
 * | printed         | changed; printers fetch and correct the documents, then the after_print note | voided; documents fetched back and destroyed; refund |
 * | packed          | changed, noted; printers fetch the parcel and print again (packed → printed) | voided; parcel fetched back to stock; refund |
 * | shipped, delivered, returned | refused: after-sale's (a courier recall or a return)  | refused: after-sale's                  |
 * | cancelled       | refused: the order is closed                          | refused: the order is closed                    |
 */
import type { Role } from '../staff/roles.ts';
import type { AlertKind } from './alerts.ts';
import type { OrderStatus } from './status.ts';

export const CHANGE_KINDS = ['attribute', 'address', 'special', 'cancel'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_STATUSES = ['awaiting_confirmation', 'alerted', 'done'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** Pre-sale and after-sale agents record a buyer's change; the supervisor may too. */
export const CHANGE_WRITERS: readonly Role[] = ['supervisor', 'presale', 'aftersale'];

export type ChangeRefusal = 'after_sale' | 'closed';

export interface ChangePlan {
  /** What the printers are asked (null: nothing for them). */
  printerAlert: AlertKind | null;
  /** The order is voided now (a cancellation). */
  cancels: boolean;
  /** A paid order cancelled: the refund case is opened and after-sale alerted. */
  refund: boolean;
  /** The signed note is written now; false: the after_print note is due once the printer has corrected the documents. */
  noteNow: boolean;
}

export function planChange(status: OrderStatus, kind: ChangeKind): ChangePlan | { refusal: ChangeRefusal } {
  switch (status) {
    case 'shipped':
    case 'delivered':
    case 'returned':
      return { refusal: 'after_sale' };
    case 'cancelled':
      return { refusal: 'closed' };
    case 'unpaid':
      return kind === 'cancel' ? { printerAlert: null, cancels: true, refund: false, noteNow: false } : { printerAlert: 'change', cancels: false, refund: false, noteNow: true };
    case 'paid':
      return kind === 'cancel' ? { printerAlert: 'void', cancels: true, refund: true, noteNow: false } : { printerAlert: 'change', cancels: false, refund: false, noteNow: true };
    case 'printed':
      return kind === 'cancel'
        ? { printerAlert: 'void', cancels: true, refund: true, noteNow: false }
        : { printerAlert: 'correct_documents', cancels: false, refund: false, noteNow: false };
    case 'packed':
      return kind === 'cancel' ? { printerAlert: 'void', cancels: true, refund: true, noteNow: false } : { printerAlert: 'reprint', cancels: false, refund: false, noteNow: true };
  }
}

/** The one-click chat message that tells the buyer what was recorded (confirm with the buyer, 售前 ③). */
export function buyerConfirmationMessage(orderNo: string, summary: string): string {
  return `亲，您的订单 ${orderNo} 已为您登记：${summary.replace(/，已修改妥当$/, '')}。请您核对，确认无误请回复“确认”哦`;
}
