import type { Inspection, Sample } from '@kefu/shared/schemas/inspection';
import { MAX_SAMPLE, SAMPLE_MODES } from '@kefu/shared/schemas/inspection';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { ApiErrorMessage, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDate, formatShopDateTime } from '../../lib/time.ts';
import { lastDays } from '../kpis/kpis.format.ts';
import { listStaff } from '../staff/staff.api.ts';
import { drawSample, listInspections, startInspection, type SampleFilters } from './inspection.api.ts';
import { ScoreBadge } from './InspectionMarks.tsx';
import { InspectionWorkspace } from './InspectionWorkspace.tsx';

/** /console/inspection — the supervisor's 质检: sample chats, inspect one beside its transcript, publish, turn into a ledger entry. */
export function InspectionPage() {
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id'));
  const open = (id: number | null) => setParams(id === null ? {} : { id: String(id) });
  if (Number.isInteger(openId) && openId > 0) return <InspectionWorkspace id={openId} onBack={() => open(null)} />;
  return <InspectionHome onOpen={open} />;
}

function InspectionHome({ onOpen }: { onOpen(id: number): void }) {
  const { t } = useTranslation();
  return (
    <section className="inspection-page" data-testid="inspection-page">
      <div className="page-title-row">
        <h1>{t('inspection.title')}</h1>
      </div>
      <SamplePanel onOpen={onOpen} />
      <InspectionList onOpen={onOpen} />
    </section>
  );
}

function SamplePanel({ onOpen }: { onOpen(id: number): void }) {
  const { t } = useTranslation();
  const today = formatShopDate(new Date());
  const [filters, setFilters] = useState<SampleFilters>(() => ({ ...lastDays(today, 7), mode: 'random', staffId: null, team: null, count: 10, waitMinutes: 3 }));
  const [agents, setAgents] = useState<Staff[]>([]);
  const [sample, setSample] = useState<Sample | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    listStaff().then(
      (all) => setAgents(all.filter((s) => s.active && (s.roles.includes('presale') || s.roles.includes('aftersale')))),
      () => setAgents([]),
    );
  }, []);

  const set = (change: Partial<SampleFilters>) => setFilters((f) => ({ ...f, ...change }));
  const draw = async () => {
    setBusy(true);
    setError(null);
    try {
      setSample(await drawSample(filters));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const inspect = async (conversationId: number) => {
    setError(null);
    try {
      onOpen((await startInspection(conversationId)).id);
    } catch (caught) {
      const existing = caught instanceof ApiError ? (caught.details as { inspectionId?: unknown } | undefined)?.inspectionId : undefined;
      if (typeof existing === 'number') onOpen(existing);
      else setError(caught);
    }
  };
  const seconds = (s: number | null) => (s === null ? '—' : t('inspection.sample.seconds', { count: s }));

  return (
    <section className="panel inspection-sample" aria-labelledby="inspection-sample-title">
      <h2 id="inspection-sample-title" className="small-title">
        {t('inspection.sample.title')}
      </h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void draw();
        }}
        data-testid="inspection-sample-form"
      >
        <label className="field">
          <span>{t('kpis.from')}</span>
          <input type="date" value={filters.from} max={filters.to} onChange={(e) => e.target.value && set({ from: e.target.value })} data-testid="inspection-from" />
        </label>
        <label className="field">
          <span>{t('kpis.to')}</span>
          <input type="date" value={filters.to} min={filters.from} onChange={(e) => e.target.value && set({ to: e.target.value })} data-testid="inspection-to" />
        </label>
        <label className="field">
          <span>{t('inspection.sample.mode')}</span>
          <select value={filters.mode} onChange={(e) => set({ mode: e.target.value as SampleFilters['mode'] })} data-testid="inspection-mode">
            {SAMPLE_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`inspection.sample.modes.${mode}`)}
              </option>
            ))}
          </select>
        </label>
        {filters.mode === 'long_wait' ? (
          <label className="field">
            <span>{t('inspection.sample.waitMinutes')}</span>
            <input type="number" min={1} max={1440} value={filters.waitMinutes} onChange={(e) => set({ waitMinutes: Math.max(1, Math.min(1440, Math.round(Number(e.target.value) || 1))) })} data-testid="inspection-wait" />
          </label>
        ) : null}
        <label className="field">
          <span>{t('inspection.sample.staff')}</span>
          <select value={filters.staffId ?? ''} onChange={(e) => set({ staffId: e.target.value ? Number(e.target.value) : null })} data-testid="inspection-staff">
            <option value="">{t('inspection.sample.anyStaff')}</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('inspection.sample.team')}</span>
          <select value={filters.team ?? ''} onChange={(e) => set({ team: e.target.value ? (e.target.value as 'presale' | 'aftersale') : null })} data-testid="inspection-team">
            <option value="">{t('inspection.sample.anyTeam')}</option>
            <option value="presale">{t('inspection.sample.teams.presale')}</option>
            <option value="aftersale">{t('inspection.sample.teams.aftersale')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('inspection.sample.count')}</span>
          <input type="number" min={1} max={MAX_SAMPLE} value={filters.count} onChange={(e) => set({ count: Math.max(1, Math.min(MAX_SAMPLE, Math.round(Number(e.target.value) || 1))) })} data-testid="inspection-count" />
        </label>
        <div className="field inspection-draw">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="inspection-draw">
            {busy ? t('inspection.sample.drawing') : t('inspection.sample.draw')}
          </button>
        </div>
      </form>
      {error ? <ApiErrorMessage error={error} testId="inspection-sample-error" /> : null}
      {sample ? (
        <>
          <p className="muted small" data-testid="inspection-seed">
            {t('inspection.sample.seed', { seed: sample.seed })}
          </p>
          {sample.candidates.length === 0 ? (
            <p className="muted" data-testid="inspection-sample-empty">
              {t('inspection.sample.empty')}
            </p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
              <table className="table inspection-table" data-testid="inspection-candidates">
                <thead>
                  <tr>
                    <th>{t('inspection.list.conversation')}</th>
                    <th>{t('inspection.sample.agent')}</th>
                    <th>{t('inspection.sample.buyer')}</th>
                    <th>{t('inspection.sample.openedAt')}</th>
                    <th>{t('inspection.sample.messages')}</th>
                    <th>{t('inspection.sample.firstResponse')}</th>
                    <th>{t('inspection.sample.longestWait')}</th>
                    <th>{t('inspection.sample.rating')}</th>
                    <th>{t('inspection.sample.complaints')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {sample.candidates.map((c) => (
                    <tr key={c.conversationId} data-testid={`inspection-candidate-${c.conversationId}`}>
                      <td className="nowrap">#{c.conversationId}</td>
                      <td className="nowrap">{c.staffName}</td>
                      <td>{c.buyerId}</td>
                      <td className="nowrap">{formatShopDateTime(c.openedAt)}</td>
                      <td>{c.messages}</td>
                      <td className="nowrap">{seconds(c.firstResponseS)}</td>
                      <td className="nowrap">{seconds(c.longestWaitS)}</td>
                      <td>{c.rating ?? '—'}</td>
                      <td>{c.complaints || '—'}</td>
                      <td>
                        <button type="button" className="button button-small button-primary" onClick={() => void inspect(c.conversationId)} data-testid="inspection-start">
                          {t('inspection.sample.inspect')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}

function InspectionList({ onOpen }: { onOpen(id: number): void }) {
  const { t } = useTranslation();
  const [list, setList] = useState<Inspection[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    listInspections().then(
      (found) => !cancelled && setList(found),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [reload]);

  return (
    <section className="panel inspection-list" aria-labelledby="inspection-list-title">
      <h2 id="inspection-list-title" className="small-title">
        {t('inspection.list.title')}
      </h2>
      <LoadStatus error={error} loaded={list !== null} onRetry={() => setReload((n) => n + 1)} />
      {list && list.length === 0 ? <p className="muted">{t('inspection.list.empty')}</p> : null}
      {list && list.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
          <table className="table inspection-table" data-testid="inspection-list">
            <thead>
              <tr>
                <th>{t('inspection.list.conversation')}</th>
                <th>{t('inspection.sample.agent')}</th>
                <th>{t('inspection.sample.openedAt')}</th>
                <th>{t('inspection.list.status')}</th>
                <th>{t('inspection.list.score')}</th>
                <th>{t('inspection.list.ledger')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id} data-testid={`inspection-row-${i.id}`}>
                  <td className="nowrap">#{i.conversationId}</td>
                  <td className="nowrap">{i.staffName}</td>
                  <td className="nowrap">{formatShopDateTime(i.conversationAt)}</td>
                  <td>
                    <span className={i.status === 'draft' ? 'badge badge-draft' : 'badge badge-approved'}>{t(`inspection.statuses.${i.status}`)}</span>
                  </td>
                  <td className="nowrap">
                    <ScoreBadge score={i.score} grade={i.grade} />
                  </td>
                  <td>{i.ledgerEntryId !== null ? `#${i.ledgerEntryId}` : '—'}</td>
                  <td>
                    <button type="button" className="button button-small" onClick={() => onOpen(i.id)} data-testid="inspection-open">
                      {t('inspection.list.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
