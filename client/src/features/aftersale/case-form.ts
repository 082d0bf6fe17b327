/**
 * The "open a case" form: what it sends, and what the order's state says before sending
 * (refusalFor, the rule the server applies too). Pure.
 */
import { refusalFor, type CaseKind, type CaseRefusal } from '@kefu/shared/domain/aftersale/cases';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import type { NewCase } from '@kefu/shared/schemas/aftersale';
import { OrderNo } from '@kefu/shared/schemas/orders';

export interface CaseFormInput {
  orderNo: string;
  kind: CaseKind;
  reason: string;
}

export type CaseFormProblem = 'orderNoInvalid' | 'reasonRequired';

export function isOrderNo(typed: string): boolean {
  return OrderNo.safeParse(typed).success;
}

export function newCaseFrom(form: CaseFormInput): { request: NewCase } | { problem: CaseFormProblem } {
  const orderNo = form.orderNo.trim();
  if (!isOrderNo(orderNo)) return { problem: 'orderNoInvalid' };
  const reason = form.reason.trim();
  if (reason === '') return { problem: 'reasonRequired' };
  return { request: { orderNo, kind: form.kind, reason } };
}

/** Why the order cannot have this kind of case now, as the server would answer (409); null when it can. */
export function caseRefusal(kind: CaseKind, order: { status: OrderStatus; paidAt: string | null }): CaseRefusal | null {
  return refusalFor(kind, { status: order.status, paidAt: order.paidAt === null ? null : new Date(order.paidAt) });
}
