import type { KpiReport } from '@kefu/shared/schemas/kpis';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { Notice } from '../../lib/PageHeader.tsx';
import { useSessionUser } from '../auth/auth.context.tsx';
import { CallbacksPanel } from './CallbacksPanel.tsx';
import { ComplaintStatsPanel } from '../complaints/ComplaintStatsPanel.tsx';
import { KpiCharts } from './KpiCharts.tsx';
import { QualityReportTab } from './QualityReportTab.tsx';
import { FIGURE_COLUMNS, formatFigure, formatRate } from './kpis.format.ts';
import { getKpis, kpisCsvUrl } from './kpis.api.ts';
import { RangePicker } from './RangePicker.tsx';
import { TargetsForm } from './TargetsForm.tsx';
import { useKpiRange } from './useKpiRange.ts';
import { InspectionFigure, useInspectionFigures } from '../inspection/InspectionKpis.tsx';

/**
 * /console/kpis — two tabs (`?tab=`): every agent's KPIs over a range, the team, the charts,
 * targets and who misses them; and the daily quality reports (质量日报).
 */
export function KpisPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'quality' ? 'quality' : 'figures';
  return (
    <div className="kpis-tabs-page">
      <div className="tabs" role="tablist" data-testid="kpis-tabs">
        {(['figures', 'quality'] as const).map((value) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} className={tab === value ? 'tab active' : 'tab'} onClick={() => setParams(value === 'quality' ? { tab: 'quality' } : {})} data-testid={`kpis-tab-${value}`}>
            {t(`kpis.tabs.${value}`)}
          </button>
        ))}
      </div>
      {tab === 'quality' ? <QualityReportTab /> : <KpiFigures />}
    </div>
  );
}

function KpiFigures() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const user = useSessionUser();
  const isSupervisor = user.roles.includes('supervisor');
  const { from, to, today, setRange } = useKpiRange();
  const [report, setReport] = useState<KpiReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const inspections = useInspectionFigures(from, to);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    getKpis(from, to).then(
      (answer) => !cancelled && setReport(answer),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [from, to, reloadKey]);

  const shown = report && report.from === from && report.to === to ? report : null;
  const nameOf = (id: number | null) => (id === null ? '—' : (report?.agents.find((a) => a.staffId === id)?.displayName ?? `#${id}`));
  const targets = shown?.settings.targets ?? {};

  return (
    <section className="kpis-page" data-testid="kpis-page">
      <div className="page-title-row">
        <h1>{t('kpis.title')}</h1>
        <div className="page-actions">
          <a className="button" href={kpisCsvUrl(from, to)} download data-testid="kpi-csv">
            {t('kpis.exportCsv')}
          </a>
          {isSupervisor ? (
            <button type="button" className="button" aria-expanded={editing} onClick={() => setEditing(!editing)} data-testid="kpi-targets-toggle">
              {editing ? t('kpis.targets.cancel') : t('kpis.targets.edit')}
            </button>
          ) : null}
        </div>
      </div>
      <RangePicker from={from} to={to} today={today} onChange={setRange} />
      {notice ? <Notice testId="kpi-notice">{notice}</Notice> : null}
      {error ? <ApiErrorMessage error={error} /> : null}
      {editing && shown ? (
        <TargetsForm
          settings={shown.settings}
          onSaved={() => {
            setEditing(false);
            setNotice(t('kpis.targets.saved'));
            setReloadKey((n) => n + 1);
          }}
        />
      ) : null}
      {shown ? (
        <>
          <div className="kpi-cards" data-testid="kpi-team">
            {(['responseAvgS', 'quickRate', 'answerRatio', 'conversion', 'satisfiedRate'] as const).map((name) => (
              <div className="kpi-card" key={name}>
                <span className="muted">{t(`kpis.figures.${name}`)}</span>
                <strong>{formatFigure(shown.team, name, language)}</strong>
              </div>
            ))}
            <div className="kpi-card" title={t('kpis.finalConversionHint')}>
              <span className="muted">{t('kpis.finalConversion')}</span>
              <strong>{formatRate(shown.teamFinal.rate)}</strong>
            </div>
          </div>
          <KpiCharts report={shown} />
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
            <table className="table kpi-table" data-testid="kpi-table">
              <thead>
                <tr>
                  <th>{t('kpis.agent')}</th>
                  <th>{t('kpis.figures.questions')}</th>
                  {FIGURE_COLUMNS.map(([name]) => (
                    <th key={name}>
                      {t(`kpis.figures.${name}`)}
                      {targets[name as keyof typeof targets] !== undefined ? <small className="muted kpi-target-note">{formatFigure({ ...shown.team, [name]: targets[name as keyof typeof targets] ?? null }, name, language)}</small> : null}
                    </th>
                  ))}
                  <th>{t('kpis.finalConversion')}</th>
                  <th>{t('inspection.kpis.column')}</th>
                  <th>{t('kpis.belowTarget')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.agents.map((agent) => (
                  <tr key={agent.staffId} className={agent.missed.length ? 'kpi-row-below' : undefined} data-testid={`kpi-agent-${agent.staffId}`}>
                    <th scope="row">{agent.displayName}</th>
                    <td>{agent.figures.questions}</td>
                    {FIGURE_COLUMNS.map(([name]) => (
                      <td key={name} className={(agent.missed as string[]).includes(name) ? 'kpi-missed' : undefined}>
                        {formatFigure(agent.figures, name, language)}
                      </td>
                    ))}
                    <td>{formatRate(agent.final.rate)}</td>
                    <td data-testid={`kpi-inspection-${agent.staffId}`}>
                      <InspectionFigure figure={inspections?.agents.find((a) => a.staffId === agent.staffId)} />
                    </td>
                    <td>{Object.keys(targets).length === 0 || (agent.figures.questions === 0 && !agent.complaints?.concerning && !agent.complaints?.handled) ? <span className="muted">—</span> : agent.missed.length ? agent.missed.map((m) => t(`kpis.figures.${m}`)).join('、') : <span className="muted">{t('kpis.allMet')}</span>}</td>
                  </tr>
                ))}
                <tr className="kpi-row-team">
                  <th scope="row">{t('kpis.team')}</th>
                  <td>{shown.team.questions}</td>
                  {FIGURE_COLUMNS.map(([name]) => (
                    <td key={name}>{formatFigure(shown.team, name, language)}</td>
                  ))}
                  <td>{formatRate(shown.teamFinal.rate)}</td>
                  <td>
                    <InspectionFigure figure={inspections?.team} />
                  </td>
                  <td />
                </tr>
              </tbody>
            </table>
          </div>
          <ComplaintStatsPanel from={from} to={to} />
          {isSupervisor ? <CallbacksPanel nameOf={nameOf} /> : null}
        </>
      ) : !error ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
    </section>
  );
}
