import { describe, expect, it } from 'vitest';
import { cellMark, coverageWarnings, parseRosterItem, segmentsText, shiftMonth, tabOfItem, weekday } from './roster.format.ts';

describe('what a roster evidence link opens', () => {
  it.each([
    ['42', { kind: 'shift', id: 42 }, 'mine'],
    ['month:2026-11', { kind: 'month', month: '2026-11' }, 'grid'],
    ['swap:7', { kind: 'swap', id: 7 }, 'swaps'],
    ['leave:3', { kind: 'leave', id: 3 }, 'leave'],
    ['month:2026-13', null, null],
    ['042', null, null],
    ['swap:', null, null],
    ['', null, null],
  ] as const)('%s', (value, item, tab) => {
    expect(parseRosterItem(value)).toEqual(item);
    expect(tabOfItem(parseRosterItem(value))).toBe(tab);
  });
});

describe('shift formatting', () => {
  it.each([
    [{ group: 'service', kind: 'early' }, '早', 'E'],
    [{ group: 'service', kind: 'late' }, '晚', 'L'],
    [{ group: 'printing', kind: 'early' }, '打', 'P'],
  ] as const)('%o', (template, zh, en) => {
    expect(cellMark(template, 'zh')).toBe(zh);
    expect(cellMark(template, 'en')).toBe(en);
  });

  it('writes segments in order', () => {
    expect(segmentsText({ segments: [{ start: '09:00', end: '11:30' }, { start: '12:30', end: '18:30' }] })).toBe('09:00–11:30, 12:30–18:30');
  });

  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
  ] as const)('%s %+i → %s', (month, delta, expected) => {
    expect(shiftMonth(month, delta)).toBe(expected);
  });

  it('knows the weekday', () => {
    expect(weekday('2026-11-29')).toBe(0);
  });

  it('lists only shifts that lack a role', () => {
    const counts = { presale: 1, aftersale: 0, printer: 0 };
    expect(coverageWarnings({ coverage: [{ day: '2026-11-01', templateId: 1, counts, missing: ['aftersale'] }, { day: '2026-11-01', templateId: 2, counts, missing: [] }] })).toEqual([{ day: '2026-11-01', templateId: 1, missing: ['aftersale'] }]);
  });
});
