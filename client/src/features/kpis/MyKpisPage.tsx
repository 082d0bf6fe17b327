import type { KpiFigures, MyKpis } from '@kefu/shared/schemas/kpis';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { CallbacksPanel } from './CallbacksPanel.tsx';
import { EChart, type ChartOption } from './EChart.tsx';
import { FIGURE_COLUMNS, formatFigure } from './kpis.format.ts';
import { getMyKpis } from './kpis.api.ts';
import { RangePicker } from './RangePicker.tsx';
import { useKpiRange } from './useKpiRange.ts';
import { MyInspectionCards } from '../inspection/InspectionKpis.tsx';

/** /console/myKpis — an agent's own figures against the team's median, day by day. */
export function MyKpisPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const user = useSessionUser();
  const { from, to, today, setRange } = useKpiRange();
  const [mine, setMine] = useState<MyKpis | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    getMyKpis(from, to).then(
      (answer) => !cancelled && setMine(answer),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [from, to]);

  const shown = mine && mine.from === from && mine.to === to ? mine : null;
  const option = useMemo<ChartOption | null>(() => {
    if (!shown) return null;
    return {
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: shown.days.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        { type: 'line', name: t('kpis.figures.quickRate'), data: shown.days.map((d) => (d.figures.quickRate === null ? null : Math.round(d.figures.quickRate * 1000) / 10)) },
        ...(shown.teamMedian.quickRate === null || shown.teamMedian.quickRate === undefined
          ? []
          : [{ type: 'line', name: t('kpis.teamMedian'), data: shown.days.map(() => Math.round((shown.teamMedian.quickRate as number) * 1000) / 10), lineStyle: { type: 'dashed' }, symbol: 'none' }]),
      ],
    };
  }, [shown, t]);

  const median = (name: keyof KpiFigures) => {
    const value = shown?.teamMedian[name];
    return shown ? formatFigure({ ...shown.me.figures, [name]: value ?? null }, name, language) : '';
  };

  return (
    <section className="kpis-page" data-testid="my-kpis-page">
      <div className="page-title-row">
        <h1>{t('kpis.myTitle')}</h1>
      </div>
      <RangePicker from={from} to={to} today={today} onChange={setRange} />
      {error ? <ApiErrorMessage error={error} /> : null}
      {shown ? (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
            <table className="table kpi-table" data-testid="my-kpi-table">
              <thead>
                <tr>
                  <th />
                  {FIGURE_COLUMNS.map(([name]) => (
                    <th key={name}>{t(`kpis.figures.${name}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('kpis.mine')}</th>
                  {FIGURE_COLUMNS.map(([name]) => (
                    <td key={name} className={(shown.me.missed as string[]).includes(name) ? 'kpi-missed' : undefined}>
                      {formatFigure(shown.me.figures, name, language)}
                    </td>
                  ))}
                </tr>
                <tr className="kpi-row-team">
                  <th scope="row">{t('kpis.teamMedian')}</th>
                  {FIGURE_COLUMNS.map(([name]) => (
                    <td key={name}>{median(name)}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <MyInspectionCards from={from} to={to} />
          {option ? (
            <figure className="kpi-chart">
              <figcaption>{t('kpis.charts.compare')}</figcaption>
              <EChart option={option} testId="my-kpi-chart" label={t('kpis.charts.compare')} />
            </figure>
          ) : null}
          {user.roles.includes('aftersale') ? <CallbacksPanel nameOf={(id) => (id === null ? '—' : `#${id}`)} /> : null}
        </>
      ) : !error ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
    </section>
  );
}
