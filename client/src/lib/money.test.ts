import { describe, expect, it } from 'vitest';
import { fenToYuanInput, formatFen, parseYuanToFen } from './money.ts';

describe('formatFen shows fen as yuan', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [1234, '¥12.34'],
    [100, '¥1.00'],
    [350000, '¥3,500.00'],
    [123456789, '¥1,234,567.89'],
    [-50, '-¥0.50'],
  ])('%i fen → %s', (fen, shown) => {
    expect(formatFen(fen)).toBe(shown);
  });

  it('refuses a fractional amount, which would mean someone used yuan as fen', () => {
    expect(() => formatFen(12.5)).toThrow(RangeError);
  });
});

describe('parseYuanToFen reads what a supervisor types as a wage', () => {
  it.each([
    ['3500', 350000],
    ['3500.5', 350050],
    ['3500.05', 350005],
    ['0.1', 10],
    [' 3,500.00 ', 350000],
    ['¥3200', 320000],
    ['￥ 12.34', 1234],
    // 0.1 + 0.2 style float errors must not creep in
    ['1.15', 115],
    ['4.35', 435],
  ])('%j → %i fen', (typed, fen) => {
    expect(parseYuanToFen(typed)).toBe(fen);
  });

  it.each(['', 'abc', '-5', '1.234', '1e3', '12.', '.5', '3 500'])('%j is not an amount', (typed) => {
    expect(parseYuanToFen(typed)).toBeNull();
  });

  it('round-trips the edit field value', () => {
    expect(fenToYuanInput(350050)).toBe('3500.50');
    expect(parseYuanToFen(fenToYuanInput(123456789))).toBe(123456789);
  });
});
