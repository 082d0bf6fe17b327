import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../orders/status.ts';
import { CASE_KINDS, refusalFor, type CaseKind, type CaseRefusal } from './cases.ts';

const paidAt = new Date('2026-11-20T02:00:00Z');

describe('which case an order can have where it is', () => {
  // status → what each kind gets (null: allowed). Unpaid orders have no payment; the rest were paid.
  const table: Record<OrderStatus, Record<CaseKind, CaseRefusal | null>> = {
    unpaid: { return: 'not_shipped', exchange: 'not_shipped', refund: 'not_paid', recall: 'not_shipped', quality: 'not_shipped', difficult: 'not_shipped' },
    paid: { return: 'not_shipped', exchange: 'not_shipped', refund: null, recall: 'not_shipped', quality: 'not_shipped', difficult: 'not_shipped' },
    printed: { return: 'not_shipped', exchange: 'not_shipped', refund: null, recall: 'not_shipped', quality: 'not_shipped', difficult: 'not_shipped' },
    packed: { return: 'not_shipped', exchange: 'not_shipped', refund: null, recall: 'not_shipped', quality: 'not_shipped', difficult: 'not_shipped' },
    shipped: { return: null, exchange: null, refund: null, recall: null, quality: null, difficult: null },
    delivered: { return: null, exchange: null, refund: null, recall: 'delivered', quality: null, difficult: 'not_shipped' },
    cancelled: { return: 'not_shipped', exchange: 'not_shipped', refund: null, recall: 'not_shipped', quality: 'not_shipped', difficult: 'not_shipped' },
    returned: { return: null, exchange: null, refund: null, recall: 'not_shipped', quality: null, difficult: 'not_shipped' },
  };
  const cases = ORDER_STATUSES.flatMap((status) => CASE_KINDS.map((kind) => [status, kind, table[status][kind]] as const));
  it.each(cases)('%s order, %s: %s', (status, kind, expected) => {
    expect(refusalFor(kind, { status, paidAt: status === 'unpaid' ? null : paidAt })).toBe(expected);
  });

  it('an order cancelled before it was ever paid has nothing to refund', () => {
    expect(refusalFor('refund', { status: 'cancelled', paidAt: null })).toBe('not_paid');
  });
});
