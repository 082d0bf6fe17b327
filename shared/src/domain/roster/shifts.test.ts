import { describe, expect, it } from 'vitest';
import { addDays, daysOfMonth, formatSegments, parseSegments, RULEBOOK_TEMPLATES, segmentInstants, segmentProblem, shiftStart, type Segment } from './shifts.ts';

const seg = (text: string): Segment[] => parseSegments(text);

describe('segments', () => {
  it.each([
    ['09:00-11:30,12:30-18:30', null],
    ['13:00-17:30,18:30-23:30', null],
    ['00:00-23:59', null],
    ['', 'segments_empty'],
    ['09:00-10:00,10:30-11:00,11:30-12:00,12:30-13:00,13:30-14:00', 'segments_empty'],
    ['9:00-11:30', 'segment_time'],
    ['09:00-24:00', 'segment_time'],
    ['11:30-09:00', 'segment_order'],
    ['09:00-09:00', 'segment_order'],
    ['09:00-12:00,11:00-13:00', 'segment_order'],
    ['12:30-18:30,09:00-11:30', 'segment_order'],
    ['09:00-11:30,11:30-12:00', 'segment_order'],
  ] as const)('%s → %s', (text, problem) => {
    expect(segmentProblem(seg(text))).toBe(problem);
  });

  it('are stored as text and read back the same', () => {
    for (const template of RULEBOOK_TEMPLATES) expect(parseSegments(formatSegments(template.segments))).toEqual(template.segments);
  });
});

describe('a shift on a shop day as UTC instants', () => {
  it.each([
    ['early, Shanghai', '2026-11-03', '09:00-11:30,12:30-18:30', 'Asia/Shanghai', ['2026-11-03T01:00:00.000Z', '2026-11-03T03:30:00.000Z', '2026-11-03T04:30:00.000Z', '2026-11-03T10:30:00.000Z']],
    ['late ends 23:30 local = 15:30 UTC', '2026-11-03', '13:00-17:30,18:30-23:30', 'Asia/Shanghai', ['2026-11-03T05:00:00.000Z', '2026-11-03T09:30:00.000Z', '2026-11-03T10:30:00.000Z', '2026-11-03T15:30:00.000Z']],
    ['the 1st of a month', '2026-12-01', '09:00-11:30', 'Asia/Shanghai', ['2026-12-01T01:00:00.000Z', '2026-12-01T03:30:00.000Z']],
    ['a zone behind UTC', '2026-11-03', '18:30-23:30', 'America/New_York', ['2026-11-03T23:30:00.000Z', '2026-11-04T04:30:00.000Z']],
    ['a daylight-saving day', '2026-03-08', '09:00-11:30', 'America/New_York', ['2026-03-08T13:00:00.000Z', '2026-03-08T15:30:00.000Z']],
  ])('%s', (_case, day, text, tz, expected) => {
    const instants = segmentInstants(day, seg(text), tz).flatMap((s) => [s.start.toISOString(), s.end.toISOString()]);
    expect(instants).toEqual(expected);
    expect(shiftStart(day, seg(text), tz).toISOString()).toBe(expected[0]);
  });
});

describe('days', () => {
  it.each([
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-02-28', 1, '2028-02-29'],
  ] as const)('%s + %i = %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
  });

  it.each([
    ['2026-02', 28],
    ['2028-02', 29],
    ['2026-11', 30],
    ['2026-12', 31],
  ] as const)('%s has %i days', (month, count) => {
    const days = daysOfMonth(month);
    expect(days).toHaveLength(count);
    expect(days[0]).toBe(`${month}-01`);
  });
});
