import { describe, expect, it } from 'vitest';
import type { KpiFigures, KpiReport } from '@kefu/shared/schemas/kpis';
import { dailySeries, formatFigure, formatRate, formatSeconds, isDay, lastDays } from './kpis.format.ts';

describe('KPI formatting', () => {
  it.each([
    [null, 'zh-CN', '—'],
    [45, 'zh-CN', '45秒'],
    [125, 'zh-CN', '2分05秒'],
    [3600, 'zh-CN', '≥1小时'],
    [125, 'en', '2 min 05 s'],
    [44.6, 'en', '45 s'],
  ])('%s seconds in %s is %s', (seconds, language, shown) => {
    expect(formatSeconds(seconds, language)).toBe(shown);
  });

  it('rates are percentages and a missing one is a dash, never 0%', () => {
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(null)).toBe('—');
  });

  it('the order value is money', () => {
    const figures = { orderValueFen: 29_900, ratings: 3 } as KpiFigures;
    expect(formatFigure(figures, 'orderValueFen', 'zh-CN')).toContain('299');
    expect(formatFigure(figures, 'ratings', 'zh-CN')).toBe('3');
  });

  it.each([
    ['2026-11-07', 7, { from: '2026-11-01', to: '2026-11-07' }],
    ['2026-03-01', 2, { from: '2026-02-28', to: '2026-03-01' }],
  ])('the last days up to %s', (today, days, range) => {
    expect(lastDays(today, days)).toEqual(range);
  });

  it('accepts only real days from the address', () => {
    expect(isDay('2026-11-07')).toBe(true);
    expect(isDay('2026-11')).toBe(false);
    expect(isDay(null)).toBe(false);
  });

  it('builds one value per day for the charts, 0 questions for an agent\'s empty day', () => {
    const empty = { quickRate: null, responseAvgS: null, questions: 0 } as KpiFigures;
    const report = {
      agents: [{ staffId: 3, displayName: '李娜' }],
      days: [
        { day: '2026-11-01', team: { ...empty, quickRate: 0.8765, responseAvgS: 30.4 }, agents: { '3': { ...empty, questions: 4 } } },
        { day: '2026-11-02', team: empty, agents: {} },
      ],
    } as unknown as KpiReport;
    expect(dailySeries(report)).toEqual({
      days: ['2026-11-01', '2026-11-02'],
      quickRate: [87.7, null],
      responseAvgS: [30, null],
      questions: [{ name: '李娜', data: [4, 0] }],
    });
  });
});
