import { describe, expect, it } from 'vitest';
import { formatShopDate, formatShopDateTime } from './time.ts';

describe('times are shown in the shop zone (Asia/Shanghai, UTC+8)', () => {
  it.each([
    ['2026-11-03T01:30:00Z', '2026-11-03 09:30'],
    // 16:05 UTC is already the next day in Shanghai
    ['2026-11-03T16:05:00Z', '2026-11-04 00:05'],
    ['2026-12-31T15:59:00Z', '2026-12-31 23:59'],
    ['2026-11-03T09:30:00+08:00', '2026-11-03 09:30'],
  ])('%s → %s', (instant, shown) => {
    expect(formatShopDateTime(instant)).toBe(shown);
  });

  it('gives the shop day, not the browser day', () => {
    expect(formatShopDate(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01');
    expect(formatShopDate('2026-02-28T16:00:00Z', 'UTC')).toBe('2026-02-28');
  });

  it('refuses an unreadable instant', () => {
    expect(() => formatShopDateTime('yesterday')).toThrow(RangeError);
  });
});
