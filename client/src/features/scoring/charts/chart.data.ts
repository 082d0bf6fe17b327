/** The figures the month page draws, from what the API answered. Pure, tested beside. */
import type { RuleCode } from '@kefu/shared/domain/scoring/catalogue';
import type { LedgerEntry, MonthSheet, ScoresheetRow } from '../scoring.types.ts';

/** The rulebook's bands ((三)⑤, ⑥): 110+ earns a reward, under 60 means dismissal. */
export const SCORE_BANDS = [
  { key: '110+', min: 110, max: Number.POSITIVE_INFINITY, tone: 'reward' },
  { key: '100–109', min: 100, max: 109, tone: 'good' },
  { key: '90–99', min: 90, max: 99, tone: 'band1' },
  { key: '80–89', min: 80, max: 89, tone: 'band2' },
  { key: '70–79', min: 70, max: 79, tone: 'band3' },
  { key: '60–69', min: 60, max: 69, tone: 'band4' },
  { key: '<60', min: Number.NEGATIVE_INFINITY, max: 59, tone: 'dismissal' },
] as const;

export type BandTone = (typeof SCORE_BANDS)[number]['tone'];

export function scoreDistribution(rows: readonly Pick<ScoresheetRow, 'score'>[]): Array<{ band: string; tone: BandTone; count: number }> {
  return SCORE_BANDS.map((band) => ({
    band: band.key,
    tone: band.tone,
    count: rows.filter((row) => row.score >= band.min && row.score <= band.max).length,
  }));
}

/** Points lost per rule in the month (counted entries only), the most costly first. */
export function pointsLostByRule(entries: readonly LedgerEntry[], counted: ReadonlyMap<number, number>): Array<{ rule: RuleCode; lost: number; entries: number }> {
  const byRule = new Map<RuleCode, { lost: number; entries: number }>();
  for (const entry of entries) {
    const points = counted.get(entry.id);
    if (points === undefined || points >= 0) continue;
    const tally = byRule.get(entry.rule) ?? { lost: 0, entries: 0 };
    tally.lost += -points;
    tally.entries += 1;
    byRule.set(entry.rule, tally);
  }
  return [...byRule]
    .map(([rule, tally]) => ({ rule, ...tally }))
    .sort((a, b) => b.lost - a.lost || a.rule.localeCompare(b.rule));
}

export interface TrendSeries {
  staffId: number;
  name: string;
  /** One per month, null where the person had no line that month. */
  scores: Array<number | null>;
}

/** Each person's score over the months given (oldest first); months never settled have no points. */
export function scoreTrend(sheets: readonly MonthSheet[]): { months: string[]; series: TrendSeries[] } {
  const months = sheets.map((sheet) => sheet.month);
  const series = new Map<number, TrendSeries>();
  sheets.forEach((sheet, index) => {
    for (const row of sheet.staff) {
      let line = series.get(row.staffId);
      if (!line) {
        line = { staffId: row.staffId, name: row.displayName, scores: months.map(() => null) };
        series.set(row.staffId, line);
      }
      line.name = row.displayName;
      line.scores[index] = row.score;
    }
  });
  return { months, series: [...series.values()].sort((a, b) => a.staffId - b.staffId) };
}
