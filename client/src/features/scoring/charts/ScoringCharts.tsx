import { previousMonth } from '@kefu/shared/domain/scoring/month';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../../lib/ApiErrorMessage.tsx';
import { getMonth } from '../scoring.api.ts';
import type { LedgerEntry, MonthSheet } from '../scoring.types.ts';
import { pointsLostByRule, scoreTrend } from './chart.data.ts';
import { PointsByRuleChart } from './PointsByRuleChart.tsx';
import { ScoreDistributionChart } from './ScoreDistributionChart.tsx';
import { ScoreTrendChart } from './ScoreTrendChart.tsx';
import { formatShopMonth } from '../../../lib/time.ts';
import { monthWord } from '../labels.ts';

/** How many months the trend shows, the chosen one last. */
const TREND_MONTHS = 6;

export function ScoringCharts({ sheet, entries, counted }: { sheet: MonthSheet; entries: readonly LedgerEntry[]; counted: ReadonlyMap<number, number> }) {
  const { t } = useTranslation();
  const when = monthWord(sheet.month, formatShopMonth(new Date()), t);
  const [earlier, setEarlier] = useState<MonthSheet[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    const months: string[] = [];
    let month = sheet.month;
    for (let i = 1; i < TREND_MONTHS; i++) {
      month = previousMonth(month);
      months.unshift(month);
    }
    setEarlier(null);
    setError(null);
    Promise.all(months.map(getMonth)).then(
      (sheets) => !cancelled && setEarlier(sheets),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [sheet.month]);

  const lost = useMemo(() => pointsLostByRule(entries, counted), [entries, counted]);
  const trend = useMemo(() => (earlier ? scoreTrend([...earlier, sheet]) : null), [earlier, sheet]);

  return (
    <section className="panel charts no-print" data-testid="charts-panel">
      <h2>{t('scoring.charts.title')}</h2>
      <div className="chart-row">
        <ScoreDistributionChart rows={sheet.staff} when={when} />
        <PointsByRuleChart data={lost} when={when} />
      </div>
      {error ? <ApiErrorMessage error={error} /> : null}
      {trend ? <ScoreTrendChart trend={trend} /> : !error ? <p className="muted">{t('app.loading')}</p> : null}
    </section>
  );
}
