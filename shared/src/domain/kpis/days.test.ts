import { describe, expect, it } from 'vitest';
import { dayStart, daysOf, minuteOfDay, offsetSegments, shopDay } from './days.ts';

describe('shop days', () => {
  it.each([
    ['Shanghai, just before midnight', '2026-11-03T15:59:59Z', 'Asia/Shanghai', '2026-11-03', 1439],
    ['Shanghai, midnight', '2026-11-03T16:00:00Z', 'Asia/Shanghai', '2026-11-04', 0],
    ['UTC', '2026-11-03T16:00:00Z', 'UTC', '2026-11-03', 960],
    ['New York in summer time', '2026-07-01T03:30:00Z', 'America/New_York', '2026-06-30', 23 * 60 + 30],
  ])('%s', (_case, iso, tz, day, minute) => {
    expect(shopDay(new Date(iso), tz)).toBe(day);
    expect(minuteOfDay(new Date(iso), tz)).toBe(minute);
  });

  it.each([
    ['2026-11-04', 'Asia/Shanghai', '2026-11-03T16:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
  ])('day %s in %s starts at %s', (day, tz, iso) => {
    expect(dayStart(day, tz).toISOString()).toBe(iso);
  });

  it('lists the days of a range, month ends included', () => {
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('a zone without daylight saving is one segment; New York in March is cut at the change', () => {
    expect(offsetSegments('2026-11-01', '2026-11-30', 'Asia/Shanghai')).toHaveLength(1);
    const ny = offsetSegments('2026-03-07', '2026-03-10', 'America/New_York');
    expect(ny.map((s) => s.offsetMinutes)).toEqual([-300, -240]);
    expect(ny[0]?.end).toEqual(ny[1]?.start);
  });

  it('refuses a day that does not exist', () => {
    expect(() => dayStart('2026-02-30', 'UTC')).toThrow(/YYYY-MM-DD/);
  });
});
