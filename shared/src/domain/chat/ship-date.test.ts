import { describe, expect, it } from 'vitest';
import { isHandmade, nextDay, promiseShipDate } from './ship-date.ts';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('ship-date promise (shop time Asia/Shanghai)', () => {
  it.each([
    // [case, paidAt, now, inStock, itemName, rule, shipDay, text]
    ['in stock, paid 09:00 → today', '2026-11-03T09:00:00+08:00', '2026-11-03T09:05:00+08:00', true, '真皮休闲鞋', 'same_day', '2026-11-03', '今天发货'],
    ['in stock, paid 15:59 → today', '2026-11-03T15:59:59+08:00', '2026-11-03T16:10:00+08:00', true, '真皮休闲鞋', 'same_day', '2026-11-03', '今天发货'],
    ['in stock, paid 16:00 → tomorrow', '2026-11-03T16:00:00+08:00', '2026-11-03T16:01:00+08:00', true, '真皮休闲鞋', 'next_day', '2026-11-04', '明天发货'],
    ['not in stock, paid 08:00 → tomorrow', '2026-11-03T08:00:00+08:00', '2026-11-03T08:01:00+08:00', false, '真皮休闲鞋', 'next_day', '2026-11-04', '明天发货'],
    ['not in stock, paid 23:30 → the next day', '2026-11-03T23:30:00+08:00', '2026-11-03T23:31:00+08:00', false, '真皮休闲鞋', 'next_day', '2026-11-04', '明天发货'],
    ['month end rolls over', '2026-11-30T17:00:00+08:00', '2026-11-30T17:00:00+08:00', true, '真皮休闲鞋', 'next_day', '2026-12-01', '明天发货'],
  ] as const)('%s', (_case, paidAt, now, inStock, itemName, rule, shipDay, text) => {
    const promise = promiseShipDate({ paidAt: at(paidAt), now: at(now), inStock, itemName, tz: SH });
    expect(promise).toMatchObject({ rule, shipDay, text });
  });

  it('uses the shop zone, not UTC: 07:30 UTC is 15:30 in Shanghai (same day), 08:30 UTC is 16:30 (next day)', () => {
    expect(promiseShipDate({ paidAt: at('2026-11-03T07:30:00Z'), now: at('2026-11-03T07:31:00Z'), inStock: true, itemName: '鞋', tz: SH }).rule).toBe('same_day');
    expect(promiseShipDate({ paidAt: at('2026-11-03T08:30:00Z'), now: at('2026-11-03T08:31:00Z'), inStock: true, itemName: '鞋', tz: SH }).rule).toBe('next_day');
    // The same instant in New York is 03:30: same day there.
    expect(promiseShipDate({ paidAt: at('2026-11-03T08:30:00Z'), now: at('2026-11-03T08:31:00Z'), inStock: true, itemName: '鞋', tz: 'America/New_York' })).toMatchObject({
      rule: 'same_day',
      shipDay: '2026-11-03',
    });
  });

  it('a past payment names the ship day by date, not "today"', () => {
    const promise = promiseShipDate({ paidAt: at('2026-11-01T10:00:00+08:00'), now: at('2026-11-03T10:00:00+08:00'), inStock: true, itemName: '鞋', tz: SH });
    expect(promise).toMatchObject({ rule: 'same_day', shipDay: '2026-11-01', text: '11月1日发货' });
  });

  it.each([
    ['全羊毛 slippers', '全羊毛拖鞋 冬季加厚'],
    ['橡胶底手工鞋', '老北京橡胶底手工鞋'],
  ])('handmade %s → within 48 hours of payment, in stock or not', (_case, itemName) => {
    for (const inStock of [true, false]) {
      const promise = promiseShipDate({ paidAt: at('2026-11-03T10:00:00+08:00'), now: at('2026-11-03T10:00:00+08:00'), inStock, itemName, tz: SH });
      expect(promise).toMatchObject({ rule: 'made_to_order', text: '您购买的是手工鞋，需要订做，付款后48小时内发货' });
      expect(promise.rule === 'made_to_order' && promise.shipBy.toISOString()).toBe('2026-11-05T02:00:00.000Z');
    }
  });

  it('an unpaid order is promised as if paid now', () => {
    const promise = promiseShipDate({ paidAt: null, now: at('2026-11-03T17:00:00+08:00'), inStock: true, itemName: '鞋', tz: SH });
    expect(promise).toMatchObject({ rule: 'next_day', because: 'after_cutoff', shipDay: '2026-11-04' });
  });

  it('the catalogue flag overrides the name', () => {
    expect(promiseShipDate({ paidAt: null, now: at('2026-11-03T10:00:00+08:00'), inStock: true, itemName: '普通鞋', handmade: true, tz: SH }).rule).toBe('made_to_order');
    expect(isHandmade('羊毛混纺袜')).toBe(false);
  });

  it('nextDay crosses months and years', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});
