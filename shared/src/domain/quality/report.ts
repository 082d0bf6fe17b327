/**
 * The daily quality report (质量异常分析日报表, docs/quality-report.md): what it counts, how
 * a free-text problem is sorted into a problem and a place on the shoe, and when a count is
 * unusual. Pure; the server reads the rows (qualityreport.repository.ts) and builds the
 * report with these functions.
 */
import { addDays } from '../kpis/days.ts';

/**
 * Unusual (异常): the day's count is more than twice the daily mean of the 30 days before
 * it, and at least 3. A thing never seen in those 30 days is unusual from its third case.
 */
export const UNUSUAL_MIN = 3;
export const UNUSUAL_FACTOR = 2;
export const PREVIOUS_DAYS = 30;
export const RECENT_DAYS = 7;

export function isUnusual(count: number, previous30: number): boolean {
  return count >= UNUSUAL_MIN && count > (UNUSUAL_FACTOR * previous30) / PREVIOUS_DAYS;
}

/** Problems, in the order they are looked for; the first whose word is in the text wins. */
export const PROBLEMS = [
  ['glue', ['开胶', '脱胶', '掉底']],
  ['broken', ['断底', '断裂', '断了', '裂开', '裂了', '折断']],
  ['stitching', ['开线', '脱线', '跳线', '线头']],
  ['torn', ['破损', '破洞', '破了', '划破', '磨破']],
  ['colour', ['掉色', '褪色', '染色', '色差', '颜色']],
  ['smell', ['异味', '气味', '臭']],
  ['rubbing', ['磨脚', '夹脚', '硌脚', '打脚']],
  ['size', ['偏小', '偏大', '尺码', '码数', '大了', '小了']],
  ['dirty', ['污渍', '脏', '胶水']],
  ['wrong', ['发错', '错发', '不一致', '不符']],
] as const satisfies ReadonlyArray<readonly [string, readonly string[]]>;
export type Problem = (typeof PROBLEMS)[number][0] | 'other';

/** Places on a shoe, looked for in this order (鞋跟 before 鞋底: "鞋跟与鞋底接缝" is the heel). */
export const LOCATIONS = [
  ['toe', ['鞋头', '脚尖', '前掌']],
  ['heel', ['鞋跟', '后跟']],
  ['sole', ['鞋底', '大底', '底部']],
  ['upper', ['鞋面', '鞋帮', '侧面', '侧边']],
  ['tongue', ['鞋舌']],
  ['laces', ['鞋带', '鞋扣', '拉链']],
  ['insole', ['鞋垫']],
  ['lining', ['内里', '里布', '内衬']],
] as const satisfies ReadonlyArray<readonly [string, readonly string[]]>;
export type Location = (typeof LOCATIONS)[number][0] | 'other';

function firstMatch<K extends string>(table: ReadonlyArray<readonly [K, readonly string[]]>, text: string): K | 'other' {
  for (const [key, words] of table) if (words.some((w) => text.includes(w))) return key;
  return 'other';
}

export const problemOf = (text: string): Problem => firstMatch(PROBLEMS, text);
export const locationOf = (text: string): Location => firstMatch(LOCATIONS, text);

/** One thing the report counts: an after-sale case or a quality complaint, on the shop day it was opened. */
export interface QualityItem {
  day: string;
  /** A quality case (质量问题 or the quality flag) or a quality complaint; else a return or an exchange. */
  quality: boolean;
  /** The order's goods, "title SKU" (a case of an order with two lines counts for both). */
  products: string[];
  /** The case's reason and the quality location (or the complaint's text), as written. */
  text: string;
  /** Where on the shoe, as written (quality cases only). */
  location: string | null;
}

export interface QualityGroup {
  key: string;
  /** On the day, in the 7 days before it, in the 30 days before it. */
  day: number;
  previous7: number;
  previous30: number;
  /** 30-day daily mean, rounded to 2 decimals. */
  mean30: number;
  unusual: boolean;
}

/** Counts per key on `day` and in the 7 and 30 days before; only keys seen on the day, most first. */
export function groupCounts(items: ReadonlyArray<{ day: string; keys: readonly string[] }>, day: string): QualityGroup[] {
  const from7 = addDays(day, -RECENT_DAYS);
  const from30 = addDays(day, -PREVIOUS_DAYS);
  const groups = new Map<string, { day: number; previous7: number; previous30: number }>();
  const of = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { day: 0, previous7: 0, previous30: 0 }));
    return g;
  };
  for (const item of items) {
    for (const key of new Set(item.keys)) {
      if (item.day === day) of(key).day += 1;
      else if (item.day < day && item.day >= from30) {
        const g = of(key);
        g.previous30 += 1;
        if (item.day >= from7) g.previous7 += 1;
      }
    }
  }
  return [...groups]
    .filter(([, g]) => g.day > 0)
    .map(([key, g]) => ({ key, ...g, mean30: Math.round((g.previous30 / PREVIOUS_DAYS) * 100) / 100, unusual: isUnusual(g.day, g.previous30) }))
    .sort((a, b) => b.day - a.day || (a.key < b.key ? -1 : 1));
}

export interface QualityCounts {
  /** Every case and quality complaint of the day, and of them the quality ones; with the 7/30-day totals. */
  total: QualityGroup;
  quality: QualityGroup;
  byProduct: QualityGroup[];
  byProblem: QualityGroup[];
  /** Quality items only: a return for a size has no place on the shoe. */
  byLocation: QualityGroup[];
}

/** The report's counts for `day` from the items of that day and the 30 days before it. */
export function qualityCounts(items: readonly QualityItem[], day: string): QualityCounts {
  const one = (key: string, selected: readonly QualityItem[]): QualityGroup =>
    groupCounts([...selected.map((i) => ({ day: i.day, keys: [key] })), { day, keys: [key] }], day).map((g) => {
      // The extra item on the day keeps the line when the day had none; it is taken off again.
      const count = g.day - 1;
      return { ...g, day: count, unusual: isUnusual(count, g.previous30) };
    })[0]!;
  const quality = items.filter((i) => i.quality);
  return {
    total: one('total', items),
    quality: one('quality', quality),
    byProduct: groupCounts(items.map((i) => ({ day: i.day, keys: i.products.length ? i.products : ['—'] })), day),
    byProblem: groupCounts(items.map((i) => ({ day: i.day, keys: [problemOf(i.text)] })), day),
    byLocation: groupCounts(quality.map((i) => ({ day: i.day, keys: [locationOf(i.location ?? i.text)] })), day),
  };
}

/** How many lines of the report are unusual. */
export function unusualCount(counts: QualityCounts): number {
  return [counts.total, counts.quality, ...counts.byProduct, ...counts.byProblem, ...counts.byLocation].filter((g) => g.unusual).length;
}
