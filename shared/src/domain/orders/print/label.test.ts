import { describe, expect, it } from 'vitest';
import { batchLabel, shopDay, waybillSequence } from './label.ts';

describe('the batch label', () => {
  it.each([
    ['2026-11-29T02:00:00Z', '2026.11.29 孙磊'],
    ['2026-11-29T15:59:59Z', '2026.11.29 孙磊'],
    ['2026-11-29T16:00:00Z', '2026.11.30 孙磊'],
    ['2026-12-31T16:30:00Z', '2027.01.01 孙磊'],
  ])('printed at %s (shop time decides the day) → %s', (at, label) => {
    expect(batchLabel(new Date(at), 'Asia/Shanghai', '孙磊')).toBe(label);
  });

  it('counts the day in the shop zone', () => {
    expect(shopDay(new Date('2026-11-29T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(shopDay(new Date('2026-11-29T16:00:00Z'), 'UTC')).toBe('2026-11-29');
  });
});

describe('numbers from a roll of waybills', () => {
  it.each([
    ['ZT0099', 3, ['ZT0099', 'ZT0100', 'ZT0101']],
    ['773012345678901', 2, ['773012345678901', '773012345678902']],
    ['SF999', 2, ['SF999', 'SF1000']],
    ['ABC', 1, null],
  ])('%s × %i', (first, count, numbers) => expect(waybillSequence(first, count)).toEqual(numbers));
});
