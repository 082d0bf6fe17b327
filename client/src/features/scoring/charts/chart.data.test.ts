import { describe, expect, it } from 'vitest';
import type { LedgerEntry, MonthSheet } from '../scoring.types.ts';
import { pointsLostByRule, scoreDistribution, scoreTrend } from './chart.data.ts';

describe('the month page’s charts', () => {
  it('puts every score in its band, the edges included', () => {
    const rows = [130, 110, 109, 100, 99, 90, 89, 60, 59, -5].map((score) => ({ score }));
    expect(scoreDistribution(rows).map((band) => [band.band, band.count])).toEqual([
      ['110+', 2],
      ['100–109', 2],
      ['90–99', 2],
      ['80–89', 1],
      ['70–79', 0],
      ['60–69', 1],
      ['<60', 2],
    ]);
  });

  it('sums the points lost by rule, ignoring rewards and what does not count', () => {
    const entries = [
      { id: 1, rule: 'G05' },
      { id: 2, rule: 'G05' },
      { id: 3, rule: 'G15' },
      { id: 4, rule: 'G11' },
      { id: 5, rule: 'G07' },
      { id: 6, rule: 'G09' },
    ] as LedgerEntry[];
    const counted = new Map([
      [1, -3],
      [2, -3],
      [3, -5],
      [4, 5],
      [5, 0],
    ]);
    expect(pointsLostByRule(entries, counted)).toEqual([
      { rule: 'G05', lost: 6, entries: 2 },
      { rule: 'G15', lost: 5, entries: 1 },
    ]);
  });

  it('draws a person’s score over the months, with gaps where there was no line', () => {
    const sheet = (month: string, staff: Array<[number, string, number]>) =>
      ({ month, staff: staff.map(([staffId, displayName, score]) => ({ staffId, displayName, score })) }) as unknown as MonthSheet;
    const trend = scoreTrend([sheet('2026-09', [[3, '李娜', 97]]), sheet('2026-10', []), sheet('2026-11', [[3, '李娜', 100], [4, '张敏', 88]])]);
    expect(trend.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(trend.series).toEqual([
      { staffId: 3, name: '李娜', scores: [97, null, 100] },
      { staffId: 4, name: '张敏', scores: [null, null, 88] },
    ]);
  });
});
