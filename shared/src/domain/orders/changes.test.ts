import { describe, expect, it } from 'vitest';
import { buyerConfirmationMessage, CHANGE_KINDS, planChange, type ChangeKind } from './changes.ts';
import { ORDER_STATUSES, type OrderStatus } from './status.ts';

describe('what a change does, by where the order is (the rulebook’s table)', () => {
  // [printer alert, cancels, refund, note now] or the refusal; every state × kind written out.
  type Row = [string | null, boolean, boolean, boolean] | 'after_sale' | 'closed';
  const change: Row = ['change', false, false, true];
  const table: Record<OrderStatus, Record<ChangeKind, Row>> = {
    unpaid: { attribute: change, address: change, special: change, cancel: [null, true, false, false] },
    paid: { attribute: change, address: change, special: change, cancel: ['void', true, true, false] },
    printed: {
      attribute: ['correct_documents', false, false, false],
      address: ['correct_documents', false, false, false],
      special: ['correct_documents', false, false, false],
      cancel: ['void', true, true, false],
    },
    packed: { attribute: ['reprint', false, false, true], address: ['reprint', false, false, true], special: ['reprint', false, false, true], cancel: ['void', true, true, false] },
    shipped: { attribute: 'after_sale', address: 'after_sale', special: 'after_sale', cancel: 'after_sale' },
    delivered: { attribute: 'after_sale', address: 'after_sale', special: 'after_sale', cancel: 'after_sale' },
    returned: { attribute: 'after_sale', address: 'after_sale', special: 'after_sale', cancel: 'after_sale' },
    cancelled: { attribute: 'closed', address: 'closed', special: 'closed', cancel: 'closed' },
  };
  const rows = ORDER_STATUSES.flatMap((status) => CHANGE_KINDS.map((kind) => [status, kind, table[status][kind]] as const));
  it.each(rows)('%s order, %s: %j', (status, kind, expected) => {
    const plan = planChange(status, kind);
    if (typeof expected === 'string') expect(plan).toEqual({ refusal: expected });
    else expect(plan).toEqual({ printerAlert: expected[0], cancels: expected[1], refund: expected[2], noteNow: expected[3] });
  });
});

describe('the chat message confirming a change with the buyer', () => {
  it('names the order and what was recorded', () => {
    expect(buyerConfirmationMessage('3921550016882002', '客户要求修改地址，新地址为：上海市浦东新区张江路1号')).toBe(
      '亲，您的订单 3921550016882002 已为您登记：客户要求修改地址，新地址为：上海市浦东新区张江路1号。请您核对，确认无误请回复“确认”哦',
    );
  });
});
