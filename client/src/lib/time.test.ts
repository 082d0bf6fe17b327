import { describe, expect, it } from 'vitest';
import { formatShopDate, formatShopDateTime, formatShopMonth, shopDateTimeInput, shopWallTimeToIso } from './time.ts';

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

describe('the shop wall clock and the API’s instants', () => {
  it.each([
    ['2026-11-03T09:30', 'Asia/Shanghai', '2026-11-03T09:30:00+08:00'],
    ['2026-12-01T00:30', 'Asia/Shanghai', '2026-12-01T00:30:00+08:00'],
    ['2026-07-01T10:00', 'Europe/Berlin', '2026-07-01T10:00:00+02:00'],
    ['2026-01-15T10:00', 'Europe/Berlin', '2026-01-15T10:00:00+01:00'],
    ['2026-01-15T10:00', 'America/New_York', '2026-01-15T10:00:00-05:00'],
    ['2026-01-15T10:00', 'Asia/Kolkata', '2026-01-15T10:00:00+05:30'],
  ])('%s in %s → %s', (wall, zone, iso) => {
    expect(shopWallTimeToIso(wall, zone)).toBe(iso);
    expect(formatShopDateTime(iso, zone)).toBe(wall.replace('T', ' '));
  });

  it('refuses what is not a date and time', () => {
    expect(shopWallTimeToIso('')).toBeNull();
    expect(shopWallTimeToIso('2026-11-03')).toBeNull();
  });

  it('takes the scoring month in the shop zone: 00:30 on the 1st belongs to the new month', () => {
    expect(formatShopMonth('2026-11-30T16:30:00Z')).toBe('2026-12');
    expect(formatShopMonth('2026-11-30T16:30:00Z', 'UTC')).toBe('2026-11');
    expect(shopDateTimeInput('2026-11-30T16:30:00Z')).toBe('2026-12-01T00:30');
  });
});
