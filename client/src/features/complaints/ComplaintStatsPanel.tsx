import type { ComplaintStats } from '@kefu/shared/schemas/complaints';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { listStaff } from '../staff/staff.api.ts';
import { getComplaintStats } from './complaints.api.ts';
import { complaintHours } from './complaints-format.ts';

/**
 * The KPI page's complaint figures (issue 15): per person over the page's range, complaints
 * concerning them, verified, handled and the average handling time; the team's row last.
 */
export function ComplaintStatsPanel({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const [stats, setStats] = useState<ComplaintStats | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    getComplaintStats(from, to).then(
      (answer) => !cancelled && setStats(answer),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [from, to]);
  useEffect(() => {
    listStaff().then(setStaff, () => setStaff([]));
  }, []);
  const nameOf = (id: number) => staff.find((s) => s.id === id)?.displayName ?? `#${id}`;
  const hours = (seconds: number | null) => {
    const h = complaintHours(seconds);
    return h === null ? '—' : t('complaints.kpi.hours', { h });
  };

  return (
    <section className="panel" aria-labelledby="kpi-complaints-title" data-testid="kpi-complaints">
      <h2 id="kpi-complaints-title">{t('complaints.kpi.title')}</h2>
      <p className="muted small">{t('complaints.kpi.hint')}</p>
      {error ? <ApiErrorMessage error={error} /> : null}
      {stats && stats.agents.length === 0 ? <p className="muted">{t('complaints.kpi.none')}</p> : null}
      {stats && stats.agents.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('complaints.kpi.person')}</th>
                <th>{t('complaints.kpi.concerning')}</th>
                <th>{t('complaints.kpi.verified')}</th>
                <th>{t('complaints.kpi.handled')}</th>
                <th>{t('complaints.kpi.handlingAvg')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.agents.map((row) => (
                <tr key={row.staffId} data-testid={`kpi-complaints-${row.staffId}`}>
                  <th scope="row">{nameOf(row.staffId)}</th>
                  <td>{row.concerning}</td>
                  <td>{row.verified}</td>
                  <td>{row.handled}</td>
                  <td>{hours(row.handlingAvgS)}</td>
                </tr>
              ))}
              <tr className="kpi-row-team">
                <th scope="row">{t('complaints.kpi.team')}</th>
                <td>{stats.team.concerning}</td>
                <td>{stats.team.verified}</td>
                <td>{stats.team.handled}</td>
                <td>{hours(stats.team.handlingAvgS)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
