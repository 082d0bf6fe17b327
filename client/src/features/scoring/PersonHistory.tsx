import type { StaffHistory } from '@kefu/shared/schemas/scoring';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatFen } from '../../lib/money.ts';
import { EChart, type ChartOption } from '../kpis/EChart.tsx';
import { historySeries, rulesSummary } from './history.ts';
import { getHistory } from './scoring.api.ts';
import { StatusBadge } from './StatusBadge.tsx';

/**
 * A person's last 12 months side by side: score (line) and take-home pay (bars) in one
 * ECharts chart, then a table with each month's status, score, net, take-home and entries by
 * rule. For the supervisor's 历史 tab (anyone) and 我的积分 (oneself; staffId undefined).
 */
export function PersonHistory({ staffId, reloadKey = 0 }: { staffId?: number; reloadKey?: number }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<StaffHistory | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    getHistory(staffId).then(
      (answer) => !cancelled && setHistory(answer),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [staffId, reloadKey]);

  const option = useMemo<ChartOption | null>(() => {
    if (!history) return null;
    const series = historySeries(history);
    return {
      grid: { left: 44, right: 56, top: 40, bottom: 52 },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: series.months.map((m) => m.slice(2)) },
      yAxis: [
        { type: 'value', name: t('scoring.history.scoreAxis'), min: 0, max: (v: { max: number }) => Math.max(120, v.max) },
        { type: 'value', name: t('scoring.history.payAxis'), splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: t('scoring.col.pay'), yAxisIndex: 1, data: series.payYuan, itemStyle: { color: '#91caff' } },
        { type: 'line', name: t('scoring.col.score'), data: series.score, connectNulls: false, itemStyle: { color: '#1664ff' }, label: { show: true, position: 'top' } },
      ],
    };
  }, [history, t]);

  if (error) return <ApiErrorMessage error={error} testId="history-error" />;
  if (!history || !option) return <p className="muted">{t('app.loading')}</p>;
  const shown = [...history.months].reverse();
  return (
    <div className="person-history" data-testid="person-history" data-staff-id={history.staffId}>
      <EChart option={option} testId="history-chart" label={t('scoring.history.chartLabel', { name: history.displayName })} />
      <div className="table-scroll">
        <table className="table history-table" data-testid="history-table">
          <thead>
            <tr>
              <th>{t('scoring.month')}</th>
              <th>{t('scoring.history.status')}</th>
              <th className="num">{t('scoring.col.score')}</th>
              <th className="num">{t('scoring.col.net')}</th>
              <th className="num">{t('scoring.col.pay')}</th>
              <th>{t('scoring.history.entries')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.month} data-testid={`history-${m.month}`}>
                <td className="nowrap">{m.month}</td>
                <td className="nowrap">
                  <StatusBadge status={m.status} />
                  {m.dismissalReview ? <span className="tag tag-danger">{t('scoring.dismissalReview')}</span> : null}
                </td>
                <td className="num" data-testid="history-score">
                  {m.score ?? <span className="muted">—</span>}
                </td>
                <td className="num nowrap">{m.netFen === null ? <span className="muted">—</span> : formatFen(m.netFen)}</td>
                <td className="num nowrap">{m.payFen === null ? <span className="muted">—</span> : formatFen(m.payFen)}</td>
                <td className="mono small">{rulesSummary(m.entriesByRule) || <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('scoring.history.hint')}</p>
    </div>
  );
}
