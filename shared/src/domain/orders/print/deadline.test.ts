import { describe, expect, it } from 'vitest';
import { missedPrintDay, type PrintDeadlineFacts } from './deadline.ts';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const SHOE = { title: '真皮休闲鞋', inStock: true };
const base: PrintDeadlineFacts = { paidAt: at('2026-11-29T02:00:00Z'), items: [SHOE], firstPrintedAt: null, cancelledAt: null }; // paid 10:00 shop time
const nextMorning = at('2026-11-30T01:00:00Z'); // 09:00 on the 30th

describe('R01: paid in stock before 16:00, not printed that shop day', () => {
  it.each<[string, Partial<PrintDeadlineFacts>, Date, string | null]>([
    ['never printed, the day is over', {}, nextMorning, '2026-11-29'],
    ['printed the same day', { firstPrintedAt: at('2026-11-29T09:00:00Z') }, nextMorning, null],
    ['printed at 23:59 shop time the same day', { firstPrintedAt: at('2026-11-29T15:59:00Z') }, nextMorning, null],
    ['printed at 00:01 the next shop day (still the 29th in UTC)', { firstPrintedAt: at('2026-11-29T16:01:00Z') }, nextMorning, '2026-11-29'],
    ['the day is not over yet', {}, at('2026-11-29T12:00:00Z'), null],
    ['paid at 15:59 shop time', { paidAt: at('2026-11-29T07:59:00Z') }, nextMorning, '2026-11-29'],
    ['paid at 16:00 shop time: due the next day, not R01', { paidAt: at('2026-11-29T08:00:00Z') }, at('2026-12-02T01:00:00Z'), null],
    ['an item out of stock', { items: [SHOE, { title: '帆布鞋', inStock: false }] }, nextMorning, null],
    ['a handmade item (made to order, 48 h)', { items: [{ title: '全羊毛手工鞋', inStock: true }] }, nextMorning, null],
    ['not paid', { paidAt: null }, nextMorning, null],
    ['cancelled the same day before printing', { cancelledAt: at('2026-11-29T05:00:00Z') }, nextMorning, null],
    ['cancelled only the next day', { cancelledAt: at('2026-11-30T00:30:00Z') }, nextMorning, '2026-11-29'],
  ])('%s', (_name, change, now, expected) => {
    expect(missedPrintDay({ ...base, ...change }, now, TZ)).toBe(expected);
  });
});
