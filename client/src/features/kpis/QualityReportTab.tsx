import type { QualityGroup, QualityReport, QualityReportList } from '@kefu/shared/schemas/qualityreport';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { Notice } from '../../lib/PageHeader.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { withParams } from '../../lib/search-params.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { FIGURE_COLUMNS, formatFigure } from './kpis.format.ts';
import { buildQualityReport, getQualityReport, listQualityReports, qualityReportPrintUrl } from './kpis.api.ts';
import { useSessionUser } from '../auth/auth.context.tsx';

/**
 * The KPI page's 质量日报 tab (docs/quality-report.md): the kept daily quality reports, the
 * newest (yesterday's) first, `?day=` for another; unusual lines marked; a print view. The
 * supervisor can build yesterday's report now (the same idempotent build as the morning job).
 */
export function QualityReportTab() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [params, setParams] = useSearchParams();
  const [list, setList] = useState<QualityReportList | null>(null);
  const [report, setReport] = useState<QualityReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [building, setBuilding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const isSupervisor = useSessionUser().roles.includes('supervisor');
  const wanted = params.get('day');
  const day = wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted) ? wanted : (list?.reports[0]?.day ?? null);

  useEffect(() => {
    listQualityReports().then(setList, setError);
  }, []);
  useEffect(() => {
    let cancelled = false;
    if (!day) return;
    setError(null);
    getQualityReport(day).then(
      (answer) => !cancelled && setReport(answer),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [day]);

  const buildNow = async () => {
    setBuilding(true);
    setError(null);
    setNotice(null);
    try {
      const built = await buildQualityReport();
      setReport(built.report);
      setList(await listQualityReports());
      setParams((current) => withParams(current, { tab: 'quality', day: built.report.day }));
      setNotice(t(built.created ? 'kpis.quality.built' : 'kpis.quality.alreadyBuilt', { day: built.report.day }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBuilding(false);
    }
  };

  const shown = report && report.day === day ? report.report : null;
  const groupTable = (title: string, groups: readonly QualityGroup[], label: (key: string) => string, testId: string) => (
    <section className="quality-block" data-testid={testId}>
      <h3>{title}</h3>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
        <table className="table quality-table">
          <thead>
            <tr>
              <th>{t('kpis.quality.item')}</th>
              <th>{t('kpis.quality.day')}</th>
              <th>{t('kpis.quality.previous7')}</th>
              <th>{t('kpis.quality.previous30')}</th>
              <th>{t('kpis.quality.mean30')}</th>
              <th>{t('kpis.quality.unusual')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  {t('kpis.quality.nothing')}
                </td>
              </tr>
            ) : (
              groups.map((g) => (
                <tr key={g.key} className={g.unusual ? 'quality-unusual' : undefined}>
                  <th scope="row">{label(g.key)}</th>
                  <td>{g.day}</td>
                  <td>{g.previous7}</td>
                  <td>{g.previous30}</td>
                  <td>{g.mean30}</td>
                  <td>{g.unusual ? <strong className="badge badge-danger">{t('kpis.quality.unusual')}</strong> : null}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );

  return (
    <section className="quality-report" data-testid="quality-report">
      <div className="page-title-row">
        <h2>{t('kpis.quality.title')}</h2>
        <div className="page-actions">
          {list && list.reports.length > 0 ? (
            <label className="quality-past">
              <span>{t('kpis.quality.past')}</span>
              <select value={day ?? ''} onChange={(e) => setParams((current) => withParams(current, { tab: 'quality', day: e.target.value }))} data-testid="quality-report-day">
                {list.reports.map((r) => (
                  <option key={r.day} value={r.day}>
                    {r.day}
                    {r.unusual > 0 ? ` · ${t('kpis.quality.unusualCount', { count: r.unusual })}` : ''}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {isSupervisor ? (
            <button type="button" className="button" onClick={() => void buildNow()} disabled={building} data-testid="quality-report-build">
              {building ? t('kpis.quality.building') : t('kpis.quality.buildNow')}
            </button>
          ) : null}
          {day && shown ? (
            <a className="button" href={qualityReportPrintUrl(day)} target="_blank" rel="noreferrer" data-testid="quality-report-print">
              {t('kpis.quality.print')}
            </a>
          ) : null}
        </div>
      </div>
      {error ? <ApiErrorMessage error={error} /> : null}
      {notice ? <Notice testId="quality-report-notice">{notice}</Notice> : null}
      {list && list.reports.length === 0 && !wanted ? <p className="muted">{t('kpis.quality.none')}</p> : null}
      {shown && report ? (
        <>
          <p className="muted">
            {report.day} · {t('kpis.quality.builtAt', { at: formatShopDateTime(report.builtAt) })}
          </p>
          <div className="kpi-cards" data-testid="quality-summary">
            <div className="kpi-card">
              <span className="muted">{t('kpis.quality.totalRow')}</span>
              <strong>{shown.total.day}</strong>
            </div>
            <div className="kpi-card">
              <span className="muted">{t('kpis.quality.qualityRow')}</span>
              <strong>{shown.quality.day}</strong>
            </div>
            <div className={shown.unusual > 0 ? 'kpi-card quality-card-unusual' : 'kpi-card'}>
              <span className="muted">{t('kpis.quality.unusual')}</span>
              <strong data-testid="quality-unusual-count">{shown.unusual}</strong>
            </div>
            <div className="kpi-card">
              <span className="muted">{t('kpis.quality.ratings')}</span>
              <strong>{shown.ratings.count}</strong>
            </div>
          </div>
          <p className="muted">{t('kpis.quality.rule')}</p>
          {groupTable(t('kpis.quality.total'), [{ ...shown.total, key: 'total' }, { ...shown.quality, key: 'quality' }], (k) => (k === 'total' ? t('kpis.quality.totalRow') : t('kpis.quality.qualityRow')), 'quality-totals')}
          {groupTable(t('kpis.quality.byProduct'), shown.byProduct, (k) => k, 'quality-by-product')}
          {groupTable(t('kpis.quality.byProblem'), shown.byProblem, (k) => t(`kpis.quality.problems.${k}`, { defaultValue: k }), 'quality-by-problem')}
          {groupTable(t('kpis.quality.byLocation'), shown.byLocation, (k) => t(`kpis.quality.locations.${k}`, { defaultValue: k }), 'quality-by-location')}
          <section className="quality-block">
            <h3>{t('kpis.quality.cases')}</h3>
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('kpis.quality.cases')}>
              <table className="table quality-table">
                <thead>
                  <tr>
                    <th>{t('kpis.quality.kind')}</th>
                    <th>{t('kpis.quality.orderNo')}</th>
                    <th>{t('kpis.quality.products')}</th>
                    <th>{t('kpis.quality.reason')}</th>
                    <th>{t('kpis.quality.location')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.cases.length === 0 ? (
                    <tr>
                      <td colSpan={5} className="muted">
                        {t('kpis.quality.nothing')}
                      </td>
                    </tr>
                  ) : (
                    shown.cases.map((c) => (
                      <tr key={`${c.source}-${c.id}`}>
                        <td>{t(`kpis.quality.kinds.${c.kind}`, { defaultValue: c.kind })}</td>
                        <td className="mono">{c.orderNo ?? '—'}</td>
                        <td className="quality-text">{c.products.join("；") || "—"}</td>
                        <td>{c.text}</td>
                        <td>{c.location ?? '—'}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          </section>
          <section className="quality-block">
            <h3>{t('kpis.quality.complaints', { count: shown.complaints.count })}</h3>
            {shown.complaints.list.length === 0 ? (
              <p className="muted">{t('kpis.quality.nothing')}</p>
            ) : (
              <ul className="quality-list">
                {shown.complaints.list.map((c) => (
                  <li key={c.id}>
                    #{c.id} · {t(`kpis.quality.categories.${c.category}`)} · {c.staff ?? '—'} · {c.description}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="quality-block">
            <h3>{t('kpis.quality.ratings')}</h3>
            <p>{t('kpis.quality.ratingsLine', { count: shown.ratings.count, satisfied: shown.ratings.satisfied, dissatisfied: shown.ratings.dissatisfied, average: shown.ratings.average ?? '—' })}</p>
          </section>
          <section className="quality-block">
            <h3>{t('kpis.quality.kpis')}</h3>
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('kpis.quality.kpis')}>
              <table className="table kpi-table">
                <thead>
                  <tr>
                    <th>{t('kpis.agent')}</th>
                    <th>{t('kpis.figures.questions')}</th>
                    {FIGURE_COLUMNS.map(([name]) => (
                      <th key={name}>{t(`kpis.figures.${name}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.kpis.agents.map((a) => (
                    <tr key={a.staffId}>
                      <th scope="row">{a.displayName}</th>
                      <td>{a.figures.questions}</td>
                      {FIGURE_COLUMNS.map(([name]) => (
                        <td key={name}>{formatFigure(a.figures, name, language)}</td>
                      ))}
                    </tr>
                  ))}
                  <tr className="kpi-row-team">
                    <th scope="row">{t('kpis.team')}</th>
                    <td>{shown.kpis.team.questions}</td>
                    {FIGURE_COLUMNS.map(([name]) => (
                      <td key={name}>{formatFigure(shown.kpis.team, name, language)}</td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : !error && (day || !list) ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
    </section>
  );
}
