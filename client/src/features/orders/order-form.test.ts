import { describe, expect, it } from 'vitest';
import { emptyItemLine, emptyOrderForm, linesTotalFen, newOrderFrom, parsePriceFen, parseQuantity, type OrderFormInput } from './order-form.ts';

const TZ = 'Asia/Shanghai';

function form(change: Partial<OrderFormInput> = {}): OrderFormInput {
  return {
    ...emptyOrderForm(),
    orderNo: '2026110312345678',
    buyerId: 'tb_小明',
    items: [{ ...emptyItemLine(), title: '全羊毛手工拖鞋', colour: '灰色', size: '38', quantity: '2', price: '128.50' }],
    ...change,
  };
}

describe('the unit price a printer types in yuan becomes whole fen', () => {
  it.each([
    ['128', 12800],
    ['128.5', 12850],
    ['128.50', 12850],
    ['¥99.90', 9990],
    ['￥1,299', 129900],
    ['0', 0],
    // no float drift: 19.99 is 1999 fen, not 1998.9999
    ['19.99', 1999],
    ['1000000', 100_000_000],
  ])('%j → %i fen', (typed, fen) => {
    expect(parsePriceFen(typed)).toBe(fen);
  });

  it.each(['', 'abc', '-1', '12.345', '1000000.01', '1e3'])('%j is refused', (typed) => {
    expect(parsePriceFen(typed)).toBeNull();
  });
});

describe('quantities', () => {
  it.each([
    ['1', 1],
    [' 3 ', 3],
    ['99', 99],
  ])('%j → %i', (typed, quantity) => expect(parseQuantity(typed)).toBe(quantity));
  it.each(['0', '100', '1.5', '', 'two', '-1'])('%j is refused', (typed) => expect(parseQuantity(typed)).toBeNull());
});

describe('the running total under the form', () => {
  it('adds quantity × unit price of every line, in fen', () => {
    const items = [
      { ...emptyItemLine(), quantity: '2', price: '128.50' },
      { ...emptyItemLine(), quantity: '1', price: '0.99' },
    ];
    expect(linesTotalFen(items)).toBe(2 * 12850 + 99);
  });
  it('is unknown while a line cannot be read', () => {
    expect(linesTotalFen([{ ...emptyItemLine(), price: '12,5a' }])).toBeNull();
  });
});

describe('newOrderFrom: what the form sends', () => {
  it('sends fen, the trimmed texts, and no paid time when it was left empty (the server takes now)', () => {
    expect(newOrderFrom(form({ orderNo: ' 2026110312345678 ', buyerId: ' tb_小明 ' }), TZ)).toEqual({
      order: {
        orderNo: '2026110312345678',
        buyerId: 'tb_小明',
        status: 'paid',
        items: [{ title: '全羊毛手工拖鞋', colour: '灰色', size: '38', quantity: 2, priceFen: 12850, inStock: true }],
      },
    });
  });

  it('reads the paid time on the shop’s clock, whatever the browser’s zone; the server takes it as the placed time', () => {
    const result = newOrderFrom(form({ paidAt: '2026-11-03T15:59' }), TZ);
    expect(result).toEqual({ order: expect.objectContaining({ paidAt: '2026-11-03T15:59:00+08:00' }) });
    expect('placedAt' in (result as { order: object }).order).toBe(false); // the server takes the paid time
  });

  it('sends a placed time given on its own', () => {
    const result = newOrderFrom(form({ placedAt: '2026-11-03T09:30', paidAt: '2026-11-03T10:05' }), TZ);
    expect(result).toMatchObject({ order: { placedAt: '2026-11-03T09:30:00+08:00', paidAt: '2026-11-03T10:05:00+08:00' } });
    expect(newOrderFrom(form({ status: 'unpaid', placedAt: '2026-11-03T09:30' }), TZ)).toMatchObject({ order: { placedAt: '2026-11-03T09:30:00+08:00' } });
  });

  it('leaves out an empty colour/size and never sends a paid time for an unpaid order', () => {
    const result = newOrderFrom(form({ status: 'unpaid', paidAt: '2026-11-03T15:59', items: [{ ...emptyItemLine(), title: '帆布鞋', price: '59' }] }), TZ);
    expect(result).toEqual({
      order: { orderNo: '2026110312345678', buyerId: 'tb_小明', status: 'unpaid', items: [{ title: '帆布鞋', quantity: 1, priceFen: 5900, inStock: true }] },
    });
  });

  it.each<[string, Partial<OrderFormInput>, unknown]>([
    ['an order number with spaces inside', { orderNo: '2026 1103' }, { key: 'orderNoInvalid' }],
    ['an order number over 32 characters', { orderNo: '1'.repeat(33) }, { key: 'orderNoInvalid' }],
    ['no buyer', { buyerId: '  ' }, { key: 'buyerRequired' }],
    ['no lines', { items: [] }, { key: 'itemsRequired' }],
    ['a line without a title (line 2)', { items: [{ ...emptyItemLine(), title: 'A', price: '1' }, { ...emptyItemLine(), price: '1' }] }, { key: 'titleRequired', line: 2 }],
    ['a quantity of 0', { items: [{ ...emptyItemLine(), title: 'A', quantity: '0', price: '1' }] }, { key: 'quantityInvalid', line: 1 }],
    ['a price with three decimals', { items: [{ ...emptyItemLine(), title: 'A', price: '1.005' }] }, { key: 'priceInvalid', line: 1 }],
    ['an unreadable paid time', { paidAt: '03/11/2026' }, { key: 'paidAtInvalid' }],
    ['an unreadable placed time', { placedAt: 'yesterday' }, { key: 'placedAtInvalid' }],
    ['a payment before the order was placed', { placedAt: '2026-11-03T10:00', paidAt: '2026-11-03T09:59' }, { key: 'paidBeforePlaced' }],
  ])('refuses %s', (_name, change, problem) => {
    expect(newOrderFrom(form(change), TZ)).toEqual({ problem });
  });

  it('refuses more lines than an order may have', () => {
    const items = Array.from({ length: 51 }, () => ({ ...emptyItemLine(), title: 'A', price: '1' }));
    expect(newOrderFrom(form({ items }), TZ)).toEqual({ problem: { key: 'tooManyItems', max: 50 } });
  });
});

describe('the receiver the form sends', () => {
  const receiver = { receiverName: '张三', receiverPhone: '138 1234 5678', receiverAddress: '浙江省杭州市西湖区文三路100号' };
  it('splits the address typed on one line and sends the phone without spaces', () => {
    const result = newOrderFrom(form({ ...receiver, buyerMessage: ' 请发顺丰 ' }), TZ);
    expect(result).toMatchObject({
      order: {
        receiver: { name: '张三', phone: '13812345678', address: { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路100号' } },
        buyerMessage: '请发顺丰',
      },
    });
  });
  it('sends no receiver when none was typed', () => {
    const result = newOrderFrom(form(), TZ);
    expect('order' in result && result.order.receiver).toBeUndefined();
  });
  it.each<[string, Partial<OrderFormInput>, string]>([
    ['a name without phone or address', { receiverName: '张三' }, 'receiverIncomplete'],
    ['a phone that is no phone', { ...receiver, receiverPhone: '12345' }, 'phoneInvalid'],
    ['an address without a province', { ...receiver, receiverAddress: '文三路100号' }, 'addressUnreadable'],
  ])('%s is refused before sending', (_name, change, key) => {
    expect(newOrderFrom(form(change), TZ)).toEqual({ problem: { key } });
  });
});
