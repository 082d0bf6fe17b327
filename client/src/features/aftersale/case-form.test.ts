import type { CaseKind } from '@kefu/shared/domain/aftersale/cases';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { describe, expect, it } from 'vitest';
import { caseRefusal, newCaseFrom } from './case-form.ts';

describe('newCaseFrom', () => {
  it('sends the trimmed order number and reason', () => {
    expect(newCaseFrom({ orderNo: ' 2026110312345678 ', kind: 'return', reason: ' 左脚鞋跟开胶 ' })).toEqual({
      request: { orderNo: '2026110312345678', kind: 'return', reason: '左脚鞋跟开胶' },
    });
  });
  it.each([
    ['no order number', { orderNo: '', reason: '开胶' }, 'orderNoInvalid'],
    ['an order number with other characters', { orderNo: '2026/11', reason: '开胶' }, 'orderNoInvalid'],
    ['no reason', { orderNo: '2026110312345678', reason: '   ' }, 'reasonRequired'],
  ])('refuses %s', (_name, form, problem) => {
    expect(newCaseFrom({ kind: 'refund', ...form })).toEqual({ problem });
  });
});

describe('what the order’s state says before a case is opened', () => {
  const paid = '2026-11-03T02:00:00.000Z';
  it.each<[CaseKind, OrderStatus, string | null, string | null]>([
    ['return', 'shipped', paid, null],
    ['return', 'packed', paid, 'not_shipped'],
    ['exchange', 'delivered', paid, null],
    ['recall', 'shipped', paid, null],
    ['recall', 'delivered', paid, 'delivered'],
    ['refund', 'paid', paid, null],
    ['refund', 'cancelled', paid, null],
    ['refund', 'unpaid', null, 'not_paid'],
  ])('%s on a %s order: %s', (kind, status, paidAt, refusal) => {
    expect(caseRefusal(kind, { status, paidAt })).toBe(refusal);
  });
});
