import { describe, expect, it } from 'vitest';
import { trackingDeadline, trackingEnteredLate } from './tracking.ts';

const tz = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('A01: the return tracking number entered by the end of the shop day it was given', () => {
  it.each([
    // given (UTC)               entered (UTC)               now (UTC)                  late?
    ['2026-11-20T02:00:00Z', '2026-11-20T09:00:00Z', '2026-11-25T00:00:00Z', false], // 10:00 → 17:00 the same day
    ['2026-11-20T02:00:00Z', '2026-11-20T15:59:59Z', '2026-11-25T00:00:00Z', false], // 23:59:59 local
    ['2026-11-20T02:00:00Z', '2026-11-20T16:00:00Z', '2026-11-25T00:00:00Z', true], // 00:00 local next day
    ['2026-11-20T15:30:00Z', '2026-11-20T16:10:00Z', '2026-11-25T00:00:00Z', true], // given 23:30, entered 00:10
    ['2026-11-20T16:30:00Z', '2026-11-21T15:00:00Z', '2026-11-25T00:00:00Z', false], // given 00:30 on the 21st local
    ['2026-11-20T02:00:00Z', null, '2026-11-20T10:00:00Z', null], // the day is not over yet
    ['2026-11-20T02:00:00Z', null, '2026-11-20T16:00:00Z', true], // the day is over, still missing
  ] as const)('given %s, entered %s, now %s: late %s', (given, entered, now, late) => {
    expect(trackingEnteredLate(at(given), entered ? at(entered) : null, at(now), tz)).toBe(late);
  });

  it('the deadline is the next local midnight', () => {
    expect(trackingDeadline(at('2026-11-20T02:00:00Z'), tz).toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(trackingDeadline(at('2026-11-20T02:00:00Z'), 'UTC').toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });
});
