import { describe, expect, it } from 'vitest';
import { historySeries, rulesSummary } from './history.ts';

describe('rulesSummary', () => {
  it.each<[Record<string, number>, string]>([
    [{}, ''],
    [{ G05: 1 }, 'G05'],
    [{ G08: 1, G05: 2 }, 'G05×2、G08'],
    [{ S02: 1, A04: 3, G15: 1 }, 'A04×3、G15、S02'],
  ])('%o → %s', (counts, text) => {
    expect(rulesSummary(counts)).toBe(text);
  });
});

describe('historySeries', () => {
  it('keeps months without figures as gaps and turns fen into yuan', () => {
    const series = historySeries({
      months: [
        { month: '2026-09', status: 'approved', score: 94, netFen: -3000, payFen: 327000, dismissalReview: false, entriesByRule: {} },
        { month: '2026-10', status: 'none', score: null, netFen: null, payFen: null, dismissalReview: false, entriesByRule: { G05: 1 } },
      ],
    });
    expect(series).toEqual({ months: ['2026-09', '2026-10'], score: [94, null], payYuan: [3270, null], netYuan: [-30, null] });
  });
});
