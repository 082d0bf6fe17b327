import { describe, expect, it } from 'vitest';
import { groupCounts, isUnusual, locationOf, problemOf, qualityCounts, unusualCount, type QualityItem } from './report.ts';

describe('the unusual rule: more than twice the 30-day daily mean, and at least 3', () => {
  it.each([
    // count, cases in the 30 days before, unusual
    [0, 0, false],
    [2, 0, false], // never seen before, but fewer than 3
    [3, 0, true], // never seen before, third case
    [3, 44, true], // mean 1.47: 3 > 2.93
    [3, 45, false], // mean 1.5: 3 is not more than 3
    [4, 59, true], // mean 1.97
    [4, 60, false], // mean 2: exactly twice is not more
    [10, 90, true], // mean 3
    [6, 90, false],
  ])('%i on the day after %i in 30 days → %s', (count, previous30, expected) => {
    expect(isUnusual(count, previous30)).toBe(expected);
  });
});

describe('problem and place on the shoe from what was written', () => {
  it.each([
    ['右脚鞋跟与鞋底接缝处开胶约2厘米', 'glue', 'heel'],
    ['左脚鞋头开胶', 'glue', 'toe'],
    ['鞋底断裂', 'broken', 'sole'],
    ['鞋面开线', 'stitching', 'upper'],
    ['右脚鞋垫', 'other', 'insole'],
    ['内里磨破了', 'torn', 'lining'],
    ['偏小，想换大一码', 'size', 'other'],
    ['颜色和图片不一样，不想要了', 'colour', 'other'],
    ['鞋带掉色', 'colour', 'laces'],
    ['有异味', 'smell', 'other'],
    ['不喜欢', 'other', 'other'],
  ])('%s → %s, %s', (text, problem, location) => {
    expect(problemOf(text)).toBe(problem);
    expect(locationOf(text)).toBe(location);
  });
});

describe('counts against the previous 7 and 30 days', () => {
  const item = (day: string, product: string, text: string, quality = true): QualityItem => ({ day, quality, products: [product], text, location: quality ? text : null });
  const items: QualityItem[] = [
    // the day: three 鞋跟开胶 of the same shoe, one size return of another
    item('2026-11-29', '小白鞋 白-37', '鞋跟开胶'),
    item('2026-11-29', '小白鞋 白-37', '右脚鞋跟开胶'),
    item('2026-11-29', '小白鞋 白-38', '后跟开胶'),
    item('2026-11-29', '帆布鞋 黑-40', '偏小', false),
    // the 7 days before
    item('2026-11-22', '小白鞋 白-37', '鞋跟开胶'),
    item('2026-11-28', '帆布鞋 黑-40', '偏大', false),
    // 8–30 days before: counts for 30 only
    item('2026-11-21', '帆布鞋 黑-40', '偏小', false),
    item('2026-10-30', '帆布鞋 黑-40', '偏小', false),
    // 31 days before, and the day after: not counted
    item('2026-10-29', '小白鞋 白-37', '鞋跟开胶'),
    item('2026-11-30', '小白鞋 白-37', '鞋跟开胶'),
  ];
  const counts = qualityCounts(items, '2026-11-29');

  it('totals and quality', () => {
    expect(counts.total).toEqual({ key: 'total', day: 4, previous7: 2, previous30: 4, mean30: 0.13, unusual: true });
    expect(counts.quality).toEqual({ key: 'quality', day: 3, previous7: 1, previous30: 1, mean30: 0.03, unusual: true });
  });

  it('per product, problem and place; only what happened on the day, most first', () => {
    expect(counts.byProduct).toEqual([
      { key: '小白鞋 白-37', day: 2, previous7: 1, previous30: 1, mean30: 0.03, unusual: false },
      { key: '小白鞋 白-38', day: 1, previous7: 0, previous30: 0, mean30: 0, unusual: false },
      { key: '帆布鞋 黑-40', day: 1, previous7: 1, previous30: 3, mean30: 0.1, unusual: false },
    ]);
    expect(counts.byProblem).toEqual([
      { key: 'glue', day: 3, previous7: 1, previous30: 1, mean30: 0.03, unusual: true },
      { key: 'size', day: 1, previous7: 1, previous30: 3, mean30: 0.1, unusual: false },
    ]);
    expect(counts.byLocation).toEqual([{ key: 'heel', day: 3, previous7: 1, previous30: 1, mean30: 0.03, unusual: true }]);
    expect(unusualCount(counts)).toBe(4);
  });

  it('a quiet day keeps its totals line at 0, with the days before', () => {
    const quiet = qualityCounts(items, '2026-11-27');
    expect(quiet.total).toMatchObject({ day: 0, previous7: 2, previous30: 4, unusual: false });
    expect(quiet.byProduct).toEqual([]);
  });

  it('a case of an order with the same goods twice counts once for them', () => {
    expect(groupCounts([{ day: '2026-11-29', keys: ['a', 'a'] }], '2026-11-29')).toEqual([{ key: 'a', day: 1, previous7: 0, previous30: 0, mean30: 0, unusual: false }]);
  });
});
