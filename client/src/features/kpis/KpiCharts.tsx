import type { KpiReport } from '@kefu/shared/schemas/kpis';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type ChartOption } from './EChart.tsx';
import { dailySeries } from './kpis.format.ts';

const BLUE = '#1664ff';
const RED = '#f5222d';

/** The supervisor's charts: the team's daily 3-minute rate (with its target) and response time, and each agent's questions. */
export function KpiCharts({ report }: { report: KpiReport }) {
  const { t } = useTranslation();
  const series = useMemo(() => dailySeries(report), [report]);
  const target = report.settings.targets.quickRate;
  const days = series.days.map((d) => d.slice(5));
  const base = { grid: { left: 48, right: 16, top: 36, bottom: 28 }, tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: days } };

  const quick: ChartOption = {
    ...base,
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        type: 'line',
        name: t('kpis.figures.quickRate'),
        data: series.quickRate,
        connectNulls: false,
        itemStyle: { color: BLUE },
        ...(target === undefined ? {} : { markLine: { symbol: 'none', lineStyle: { color: RED, type: 'dashed' }, label: { position: 'insideEndTop', formatter: `${t('kpis.target')} ${Math.round(target * 100)}%` }, data: [{ yAxis: target * 100 }] } }),
      },
    ],
  };
  const response: ChartOption = {
    ...base,
    yAxis: { type: 'value', min: 0 },
    series: [{ type: 'bar', name: t('kpis.figures.responseAvgS'), data: series.responseAvgS, itemStyle: { color: '#13c2c2' } }],
  };
  const questions: ChartOption = {
    ...base,
    grid: { ...base.grid, top: 44 },
    legend: { top: 0, type: 'scroll' },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.questions.map((s) => ({ type: 'bar', stack: 'questions', name: s.name, data: s.data })),
  };

  return (
    <div className="kpi-charts">
      <figure className="kpi-chart">
        <figcaption>{t('kpis.charts.quickRate')}</figcaption>
        <EChart option={quick} testId="kpi-chart-quick" label={t('kpis.charts.quickRate')} />
      </figure>
      <figure className="kpi-chart">
        <figcaption>{t('kpis.charts.responseAvg')}</figcaption>
        <EChart option={response} testId="kpi-chart-response" label={t('kpis.charts.responseAvg')} />
      </figure>
      <figure className="kpi-chart">
        <figcaption>{t('kpis.charts.questions')}</figcaption>
        <EChart option={questions} testId="kpi-chart-questions" label={t('kpis.charts.questions')} />
      </figure>
    </div>
  );
}
