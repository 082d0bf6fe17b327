import { COMPLAINT_STATUSES, type ComplaintStatus } from '@kefu/shared/domain/complaints/complaints';
import type { Complaint } from '@kefu/shared/schemas/complaints';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listStaff } from '../staff/staff.api.ts';
import { ComplaintDetail } from './ComplaintDetail.tsx';
import { ComplaintForm } from './ComplaintForm.tsx';
import { ComplaintSettingsForm } from './ComplaintSettingsForm.tsx';
import { listComplaints } from './complaints.api.ts';
import { timeLeftWords, wantedComplaint } from './complaints-format.ts';

/**
 * /console/complaints — 客户投诉 (issue 15, docs/complaints.md): the list by time left with the
 * overdue flagged, filtered by state, handler and overdue (kept in the address); register
 * one (from a call, a review, or a chat by its number — the chat's own button attaches its
 * messages); `?complaint=ID` opens its page beside the list (a notification or a scoring
 * evidence link lands there). The supervisor also sets the deadline hours by severity.
 */
export function ComplaintsPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const isSupervisor = user.roles.includes('supervisor');
  const [params, setParams] = useSearchParams();
  const status = (COMPLAINT_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ComplaintStatus) : undefined;
  const handlerId = wantedComplaint(params.get('handler'));
  const overdue = params.get('overdue') === '1';
  const selected = wantedComplaint(params.get('complaint'));
  const [items, setItems] = useState<Complaint[] | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const names = useMemo(() => new Map(staff.map((s) => [s.id, s.displayName])), [staff]);
  const nameOf = useCallback((id: number | null) => (id === null ? '—' : (names.get(id) ?? `#${id}`)), [names]);

  const load = useCallback(() => {
    listComplaints({ status, handlerId: handlerId ?? undefined, overdue: overdue ? '1' : undefined }).then(
      (loaded) => {
        setItems(loaded);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  }, [status, handlerId, overdue]);
  useEffect(load, [load]);
  useEffect(() => {
    listStaff().then(setStaff, () => setStaff([]));
  }, []);
  useRefetchOn('notification:new', (n) => n.kind.startsWith('complaint.'), load);
  // The time left moves on: the list refetches every minute.
  useEffect(() => {
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [load]);

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next);
  };
  const open = (id: number | null) => setFilter('complaint', id === null ? null : String(id));
  const active = staff.filter((s) => s.active);

  return (
    <div className="page complaints-page">
      <PageHeader
        title={t('complaints.title')}
        form={{ open: formOpen, onToggle: () => setFormOpen((v) => !v), openLabel: t('complaints.form.open'), closeLabel: t('complaints.form.close'), testId: 'complaint-new-toggle' }}
        notice={{ text: notice, testId: 'complaints-notice' }}
      />
      {formOpen ? (
        <ComplaintForm
          staff={active}
          me={user.id}
          onMade={(made) => {
            setNotice(t('complaints.form.made', { id: made.id }));
            setFormOpen(false);
            open(made.id);
            load();
          }}
        />
      ) : null}
      <div className="filter-bar" role="group" aria-label={t('complaints.filters.label')}>
        <label className="field">
          <span>{t('complaints.filters.status')}</span>
          <select value={status ?? ''} onChange={(e) => setFilter('status', e.target.value || null)} data-testid="complaints-filter-status">
            <option value="">{t('complaints.filters.all')}</option>
            {COMPLAINT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`complaints.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('complaints.filters.handler')}</span>
          <select value={handlerId ?? ''} onChange={(e) => setFilter('handler', e.target.value || null)} data-testid="complaints-filter-handler">
            <option value="">{t('complaints.filters.anyHandler')}</option>
            {active.map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline">
          <input type="checkbox" checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? '1' : null)} data-testid="complaints-filter-overdue" />
          <span>{t('complaints.filters.overdue')}</span>
        </label>
      </div>
      <div className={selected !== null ? 'complaints-layout complaints-layout-open' : 'complaints-layout'}>
        <section className="panel complaints-list-panel" aria-label={t('complaints.list.title')}>
          <h2 className="small-title">{t('complaints.list.title')}</h2>
          <LoadStatus error={error} loaded={items !== null} onRetry={load} testId="complaints-load-error" />
          {items?.length === 0 ? (
            <p className="muted" data-testid="complaints-empty">
              {t('complaints.list.empty')}
            </p>
          ) : null}
          <ul className="dispute-list" data-testid="complaints-list">
            {items?.map((item) => (
              <ComplaintCard key={item.id} item={item} selected={item.id === selected} nameOf={nameOf} onOpen={() => open(item.id)} />
            ))}
          </ul>
        </section>
        {selected !== null ? (
          <ComplaintDetail
            key={selected}
            id={selected}
            staff={active}
            nameOf={nameOf}
            onClose={() => open(null)}
            onChanged={(message) => {
              setNotice(message);
              load();
            }}
          />
        ) : null}
      </div>
      {isSupervisor ? <ComplaintSettingsForm onSaved={() => setNotice(t('complaints.settings.saved'))} /> : null}
    </div>
  );
}

function ComplaintCard({ item, selected, nameOf, onOpen }: { item: Complaint; selected: boolean; nameOf(id: number | null): string; onOpen(): void }) {
  const { t } = useTranslation();
  const left = item.timeLeftMs === null ? null : timeLeftWords(item.timeLeftMs);
  const duration = left ? (left.hours > 0 ? t('complaints.list.hours', { h: left.hours, m: left.minutes }) : t('complaints.list.minutes', { m: left.minutes })) : '';
  return (
    <li className={`dispute-card complaint-card${item.overdue ? ' dispute-overdue' : ''}${selected ? ' dispute-highlight' : ''}`} data-testid={`complaint-${item.id}`} data-status={item.status} data-overdue={item.overdue ? '1' : '0'}>
      <div className="dispute-head">
        <span className="mono">#{item.id}</span>
        <span className={item.severity === 'urgent' || item.severity === 'high' ? 'tag tag-danger' : 'tag'}>{t(`complaints.severities.${item.severity}`)}</span>
        <span className="tag">{t(`complaints.categories.${item.category}`)}</span>
        <span className="small muted">{t(`complaints.statuses.${item.status}`)}</span>
        {left ? (
          <span className={left.overdue ? 'dispute-left dispute-left-overdue' : 'dispute-left'} data-testid="complaint-left">
            {left.overdue ? t('complaints.list.overdue', { time: duration }) : t('complaints.list.left', { time: duration })}
          </span>
        ) : (
          <span className="dispute-left small muted">{formatShopDateTime(item.closedAt ?? item.resolvedAt ?? item.createdAt)}</span>
        )}
      </div>
      <p className="dispute-reason">{item.description}</p>
      <div className="complaint-card-foot small">
        <span>{item.buyerId}</span>
        <span>{t('complaints.list.handler', { name: nameOf(item.handlerId) })}</span>
        {item.staffId !== null ? <span>{t('complaints.list.staff', { name: nameOf(item.staffId) })}</span> : null}
        <button type="button" className="button button-small" onClick={onOpen} aria-pressed={selected} data-testid={`complaint-open-${item.id}`}>
          {t('complaints.list.open')}
        </button>
      </div>
    </li>
  );
}
