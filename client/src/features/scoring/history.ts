/** What the history view draws and lists from GET /api/scoring/history (pure, unit-tested). */
import type { StaffHistory } from '@kefu/shared/schemas/scoring';

/** `{G05: 2, G08: 1}` → `G05×2、G08×1`, codes in catalogue order (alphabetical is that order). */
export function rulesSummary(entriesByRule: Readonly<Record<string, number>>, separator = '、'): string {
  return Object.entries(entriesByRule)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, n]) => (n === 1 ? rule : `${rule}×${n}`))
    .join(separator);
}

/** The chart's series: month labels, the score line and the take-home bars in yuan (null where no figures). */
export function historySeries(history: Pick<StaffHistory, 'months'>) {
  return {
    months: history.months.map((m) => m.month),
    score: history.months.map((m) => m.score),
    payYuan: history.months.map((m) => (m.payFen === null ? null : m.payFen / 100)),
    netYuan: history.months.map((m) => (m.netFen === null ? null : m.netFen / 100)),
  };
}
