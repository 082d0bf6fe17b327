import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { monthBounds, nextMonth, paydayInstant, previousMonth, scoringMonth, settlementRunAt } from './month.ts';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';

describe('scoringMonth', () => {
  it.each([
    // Shanghai is UTC+8 all year: local 00:30 on the 1st is 16:30 UTC the day before.
    ['2026-02-28T16:30:00Z', SHANGHAI, '2026-03'],
    ['2026-02-28T16:00:00Z', SHANGHAI, '2026-03'],
    ['2026-02-28T15:59:59.999Z', SHANGHAI, '2026-02'],
    ['2025-12-31T16:00:00Z', SHANGHAI, '2026-01'],
    ['2025-12-31T15:59:59Z', SHANGHAI, '2025-12'],
    ['2026-03-31T23:59:59Z', 'UTC', '2026-03'],
    ['2026-04-01T00:00:00Z', 'UTC', '2026-04'],
    // New York in summer time (UTC−4): 23:30 on the 31st local is 03:30 UTC on the 1st.
    ['2026-08-01T03:30:00Z', NEW_YORK, '2026-07'],
    ['2026-08-01T04:00:00Z', NEW_YORK, '2026-08'],
  ])('%s in %s falls in %s', (instant, tz, month) => {
    expect(scoringMonth(new Date(instant), tz)).toBe(month);
  });

  it('reads an entry given with its own offset by the shop’s zone, not the offset', () => {
    // 2026-03-01T00:30+08:00 (Shanghai) is still February in New York.
    const at = new Date('2026-03-01T00:30:00+08:00');
    expect(scoringMonth(at, SHANGHAI)).toBe('2026-03');
    expect(scoringMonth(at, NEW_YORK)).toBe('2026-02');
  });

  it('refuses an invalid date', () => {
    expect(() => scoringMonth(new Date('not a date'), SHANGHAI)).toThrow(AppError);
  });
});

describe('monthBounds', () => {
  it.each([
    ['2026-03', SHANGHAI, '2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ['2025-12', SHANGHAI, '2025-11-30T16:00:00.000Z', '2025-12-31T16:00:00.000Z'],
    ['2024-02', SHANGHAI, '2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z'],
    ['2026-03', 'UTC', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    // Summer time starts on 8 March 2026: the month begins at UTC−5 and ends at UTC−4.
    ['2026-03', NEW_YORK, '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
    // …and ends on 1 November 2026 at 02:00, after midnight: November begins at UTC−4.
    ['2026-11', NEW_YORK, '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    ['2026-04', 'Europe/London', '2026-03-31T23:00:00.000Z', '2026-04-30T23:00:00.000Z'],
    // Offsets that are not whole hours: +05:45, and Lord Howe's half-hour summer time (+11).
    ['2026-01', 'Asia/Kathmandu', '2025-12-31T18:15:00.000Z', '2026-01-31T18:15:00.000Z'],
    ['2026-01', 'Australia/Lord_Howe', '2025-12-31T13:00:00.000Z', '2026-01-31T13:00:00.000Z'],
    // Paraguay sprang from 00:00 to 01:00 on 1 October 2017: no midnight, the month starts at the jump.
    ['2017-10', 'America/Asuncion', '2017-10-01T04:00:00.000Z', '2017-11-01T03:00:00.000Z'],
    // Samoa skipped 30 December 2011 altogether (UTC−10 → UTC+14).
    ['2011-12', 'Pacific/Apia', '2011-12-01T10:00:00.000Z', '2011-12-31T10:00:00.000Z'],
  ])('%s in %s is [%s, %s)', (month, tz, start, end) => {
    const bounds = monthBounds(month, tz);
    expect(bounds.start.toISOString()).toBe(start);
    expect(bounds.end.toISOString()).toBe(end);
  });

  const zones = [SHANGHAI, NEW_YORK, 'Europe/Berlin', 'Australia/Sydney', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham'];
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
  it.each(zones)('agrees with scoringMonth at both ends of every month of 2026 in %s', (tz) => {
    for (const month of months) {
      const { start, end } = monthBounds(month, tz);
      expect(scoringMonth(start, tz)).toBe(month);
      expect(scoringMonth(new Date(start.getTime() - 1), tz)).toBe(previousMonth(month));
      expect(scoringMonth(new Date(end.getTime() - 1), tz)).toBe(month);
      expect(scoringMonth(end, tz)).toBe(nextMonth(month));
    }
  });

  it.each(['2026-13', '2026-1', '26-01', ''])('refuses the month "%s"', (month) => {
    expect(() => monthBounds(month, SHANGHAI)).toThrow(expect.objectContaining({ code: 'invalid' }));
  });
});

describe('previousMonth and nextMonth', () => {
  it.each([
    ['2026-03', '2026-02', '2026-04'],
    ['2026-01', '2025-12', '2026-02'],
    ['2026-12', '2026-11', '2027-01'],
  ])('around %s: %s and %s', (month, previous, next) => {
    expect(previousMonth(month)).toBe(previous);
    expect(nextMonth(month)).toBe(next);
  });

  it('refuses a malformed month', () => {
    expect(() => nextMonth('2026-00')).toThrow(AppError);
  });
});

describe('payday and the automatic settlement', () => {
  it.each([
    // Payday 10 → settle on the 9th of the next month at 00:30 local.
    ['2026-03', 10, SHANGHAI, '2026-04-08T16:30:00.000Z', '2026-04-09T16:00:00.000Z'],
    ['2026-12', 10, SHANGHAI, '2027-01-08T16:30:00.000Z', '2027-01-09T16:00:00.000Z'],
    ['2026-03', 2, SHANGHAI, '2026-03-31T16:30:00.000Z', '2026-04-01T16:00:00.000Z'],
    ['2026-01', 28, SHANGHAI, '2026-02-26T16:30:00.000Z', '2026-02-27T16:00:00.000Z'],
    // New York is on summer time from 8 March: the 9th at 00:30 is 04:30 UTC.
    ['2026-02', 10, NEW_YORK, '2026-03-09T04:30:00.000Z', '2026-03-10T04:00:00.000Z'],
    ['2026-01', 10, NEW_YORK, '2026-02-09T05:30:00.000Z', '2026-02-10T05:00:00.000Z'],
  ])('%s with payday %i in %s settles at %s; payday starts %s', (month, payday, tz, run, paydayStart) => {
    expect(settlementRunAt(month, payday, tz).toISOString()).toBe(run);
    expect(paydayInstant(month, payday, tz).toISOString()).toBe(paydayStart);
  });

  it('settles after the month has ended', () => {
    const { end } = monthBounds('2026-03', SHANGHAI);
    expect(settlementRunAt('2026-03', 2, SHANGHAI).getTime()).toBeGreaterThan(end.getTime());
  });

  it.each([1, 29, 31, 9.5, 0])('refuses payday %s', (payday) => {
    expect(() => settlementRunAt('2026-03', payday, SHANGHAI)).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => paydayInstant('2026-03', payday, SHANGHAI)).toThrow(expect.objectContaining({ code: 'invalid' }));
  });
});
