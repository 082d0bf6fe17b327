import { describe, expect, it } from 'vitest';
import { importedMove, splitSellerNote } from './reconcile.ts';

describe('an import of an order already recorded', () => {
  it.each([
    ['unpaid', 'unpaid', null],
    ['unpaid', 'paid', 'paid'],
    ['unpaid', 'shipped', 'shipped'],
    ['unpaid', 'cancelled', 'cancelled'],
    ['paid', 'paid', null],
    ['paid', 'unpaid', null],
    ['paid', 'shipped', 'shipped'],
    ['paid', 'cancelled', 'cancelled'],
    ['printed', 'paid', null],
    ['printed', 'shipped', 'shipped'],
    ['packed', 'delivered', 'delivered'],
    ['shipped', 'paid', null],
    ['shipped', 'delivered', 'delivered'],
    ['shipped', 'cancelled', null],
    ['delivered', 'cancelled', null],
    ['cancelled', 'paid', null],
  ] as const)('ours %s, the back office says %s → %s', (ours, theirs, to) => {
    expect(importedMove(ours, theirs)).toBe(to);
  });
});

describe('signatures of imported seller notes', () => {
  const today = '2026-11-29';
  it.each([
    ['客户要求发顺丰---2026.11.29 李娜', true, '李娜', '2026.11.29'],
    ['客户要求修改地址，新地址为：浙江省杭州市西湖区文三路100号---2026.11.28 张敏', true, '张敏', '2026.11.28'],
    ['客户要求发顺丰', false, null, null],
    ['客户要求发顺丰---李娜', false, null, null],
    ['客户要求发顺丰---2026.11.29', false, null, null],
    ['客户要求发顺丰---2026.02.30 李娜', false, null, null],
    ['客户要求发顺丰---2026.11.30 李娜', false, null, null],
    ['客户要求发顺丰--2026.11.29 李娜', false, null, null],
    ['---2026.11.29 李娜', false, null, null],
  ])('%s → signed %s', (text, signed, by, on) => {
    expect(splitSellerNote(text, today)).toEqual([{ text, signed, signedBy: by, signedOn: on }]);
  });

  it('reads one note per line and skips blank lines', () => {
    expect(splitSellerNote('发顺丰---2026.11.28 李娜\r\n\r\n加急', today).map((n) => [n.text, n.signed])).toEqual([
      ['发顺丰---2026.11.28 李娜', true],
      ['加急', false],
    ]);
  });
});
