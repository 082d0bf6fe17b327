import { describe, expect, it } from 'vitest';
import { promiseForOrder } from './promise.ts';

const TZ = 'Asia/Shanghai';
// 2026-11-24 10:00 in Shanghai.
const now = new Date('2026-11-24T02:00:00Z');
const shoe = { title: '真皮休闲鞋', inStock: true };

describe('the ship-date promise for a whole order is its slowest item’s', () => {
  it.each([
    ['all in stock, paid in the morning', [shoe], '2026-11-24T01:00:00Z', 'same_day', '今天发货'],
    ['paid after 16:00', [shoe], '2026-11-24T08:30:00Z', 'next_day', '明天发货'],
    ['one item not in stock', [shoe, { title: '帆布鞋', inStock: false }], '2026-11-24T01:00:00Z', 'next_day', '明天发货'],
    ['one handmade item', [shoe, { title: '全羊毛手工棉拖', inStock: true }], '2026-11-24T01:00:00Z', 'made_to_order', '您购买的是手工鞋，需要订做，付款后48小时内发货'],
    ['unpaid: as if paid now', [shoe], null, 'same_day', '今天发货'],
  ])('%s', (_name, items, paidAt, rule, text) => {
    const promise = promiseForOrder({ status: paidAt ? 'paid' : 'unpaid', paidAt: paidAt ? new Date(paidAt) : null, items }, now, TZ);
    expect(promise).toMatchObject({ rule, text });
  });

  it.each(['shipped', 'delivered', 'cancelled'] as const)('nothing to promise once %s', (status) => {
    expect(promiseForOrder({ status, paidAt: now, items: [shoe] }, now, TZ)).toBeNull();
  });

  it('nothing to promise without items', () => {
    expect(promiseForOrder({ status: 'paid', paidAt: now, items: [] }, now, TZ)).toBeNull();
  });
});
