import { CASE_WRITERS, type CaseStatus } from '@kefu/shared/domain/aftersale/cases';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { usePagedList } from '../../lib/paged-list.ts';
import { oneOf, withParams } from '../../lib/search-params.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listStaff } from '../staff/staff.api.ts';
import { exportCsvUrl, exportQuery, listCases } from './aftersale.api.ts';
import { openFirst } from './case-list.ts';
import { CaseOpenForm } from './CaseOpenForm.tsx';
import { CASE_COLUMNS, CaseRow } from './CaseRow.tsx';
import { CasePage } from './CasePage.tsx';

type Shown = CaseStatus | 'all';
const SHOWN: readonly Shown[] = ['open', 'awaiting_return', 'received', 'refunded', 'exchange_shipped', 'closed', 'rejected', 'all'];

/**
 * /console/aftersale — the after-sale registry: open cases first; CASE_WRITERS open a case
 * on an order and close it with how it ended. `?show=open|closed|all&orderNo=&buyer=` in the
 * address; `&new=1` opens the form for that order (the order page links here).
 */
export function AfterSalePage() {
  const [params] = useSearchParams();
  const caseId = Number(params.get('case'));
  if (Number.isSafeInteger(caseId) && caseId > 0) return <CasePage id={caseId} />;
  return <Registry />;
}

function Registry() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canWrite = hasAnyRole(user.roles, CASE_WRITERS);
  const [params, setParams] = useSearchParams();
  const show: Shown = oneOf(SHOWN, params.get('show')) ?? 'open';
  const orderNo = params.get('orderNo') ?? '';
  const buyer = params.get('buyer') ?? '';
  const agent = /^[1-9]\d{0,9}$/.test(params.get('agent') ?? '') ? params.get('agent')! : '';
  const trackingNo = params.get('trackingNo') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const postage = params.get('postage') === '1';
  const filter = {
    status: show === 'all' ? undefined : show,
    orderNo: orderNo || undefined,
    buyerId: buyer || undefined,
    agentId: agent || undefined,
    trackingNo: trackingNo || undefined,
    from: from || undefined,
    to: to || undefined,
    ...(postage ? { postageToRefund: 'true' as const } : {}),
  };

  const [formOpen, setFormOpen] = useState(() => params.get('new') === '1');
  const [notice, setNotice] = useState<string | null>(null);
  const fetchPage = useCallback(
    ({ before, limit }: { before?: number; limit: number }) =>
      listCases({ ...filter, ...(before ? { before } : {}), limit }).then((loaded) => ({
        items: loaded.cases,
        nextBefore: loaded.nextBefore,
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [show, orderNo, buyer, agent, trackingNo, from, to, postage],
  );
  const list = usePagedList<AfterSaleCase>(fetchPage);
  const { page } = list;
  useRefetchOn('aftersale:changed', () => true, () => list.reload());

  function update(change: Record<string, string | null>) {
    setParams((current) => withParams(current, change, ['new']));
  }

  const cases = page ? openFirst(page.items) : [];

  return (
    <div className="page aftersale-page">
      <PageHeader
        title={t('aftersale.title')}
        form={
          canWrite
            ? { open: formOpen, onToggle: () => setFormOpen((open) => !open), openLabel: t('aftersale.form.open'), closeLabel: t('aftersale.form.close'), testId: 'case-new-toggle' }
            : null
        }
        notice={{ text: notice, testId: 'aftersale-notice' }}
      />
      {canWrite && formOpen ? (
        <CaseOpenForm
          initialOrderNo={orderNo}
          {...(Number(params.get('conversationId')) > 0 ? { conversationId: Number(params.get('conversationId')) } : {})}
          onOpened={(opened) => {
            setNotice(t('aftersale.form.opened', { orderNo: opened.orderNo, kind: t(`aftersale.kinds.${opened.kind}`) }));
            if (show !== 'closed') list.prepend(opened);
            list.reload(1);
          }}
        />
      ) : null}
      <CasesFilter key={`${orderNo}|${buyer}|${agent}|${trackingNo}|${from}|${to}`} show={show} values={{ orderNo, buyer, agent, trackingNo, from, to }} postage={postage} onChange={update} />
      <p className="form-actions">
        <a className="button" href={exportCsvUrl(filter)} download data-testid="cases-csv">
          {t('aftersale.list.csv')}
        </a>
        <a className="button" href={`/api/aftersale/cases/print?${exportQuery(filter)}`} target="_blank" rel="noreferrer" data-testid="cases-print">
          {t('aftersale.list.print')}
        </a>
      </p>
      <section className="panel" aria-label={t('aftersale.list.title')}>
        <LoadStatus error={list.error} loaded={page !== null} onRetry={list.retry} testId="cases-load-error" />
        {page ? (
          <>
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
              <table className="table cases-table" data-testid="cases-table">
                <thead>
                  <tr>
                    <th>{t('aftersale.list.id')}</th>
                    <th>{t('aftersale.list.kind')}</th>
                    <th>{t('aftersale.list.orderNo')}</th>
                    <th>{t('aftersale.list.buyer')}</th>
                    <th>{t('aftersale.list.reason')}</th>
                    <th>{t('aftersale.list.opened')}</th>
                    <th>{t('aftersale.list.status')}</th>
                    <th>{canWrite ? t('aftersale.list.actions') : null}</th>
                  </tr>
                </thead>
                <tbody>
                  {cases.length === 0 ? (
                    <tr>
                      <td colSpan={CASE_COLUMNS} className="muted" data-testid="cases-empty">
                        {t('aftersale.list.empty')}
                      </td>
                    </tr>
                  ) : null}
                  {cases.map((item) => (
                    <CaseRow
                      key={item.id}
                      item={item}
                      canClose={canWrite}
                      onClosed={(closed) => {
                        setNotice(t('aftersale.close.closed', { id: closed.id }));
                        list.replace(closed);
                        list.reload();
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            {page.nextBefore ? (
              <div className="list-more">
                <button type="button" className="button button-small" onClick={() => void list.loadMore()} disabled={list.loadingMore} data-testid="cases-more">
                  {t('aftersale.list.more')}
                </button>
              </div>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

type FilterValues = { orderNo: string; buyer: string; agent: string; trackingNo: string; from: string; to: string };

/** Who opens cases: after-sale agents and the supervisor (the list's agent filter offers them, former staff too). */
function useCaseAgents(): Staff[] {
  const [agents, setAgents] = useState<Staff[]>([]);
  useEffect(() => {
    let live = true;
    listStaff().then(
      (all) => live && setAgents(all.filter((s) => s.roles.includes('aftersale') || s.roles.includes('supervisor'))),
      () => live && setAgents([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return agents;
}

function CasesFilter({ show, values, postage, onChange }: { show: Shown; values: FilterValues; postage: boolean; onChange(change: Record<string, string | null>): void }) {
  const { t } = useTranslation();
  const [input, setInput] = useState<FilterValues>(values);
  const set = (key: keyof FilterValues) => (e: { target: { value: string } }) => setInput({ ...input, [key]: e.target.value });
  const agents = useCaseAgents();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange(Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v.trim() || null])));
  }
  const any = Object.values(values).some(Boolean);

  return (
    <form className="filter-bar" role="search" onSubmit={onSubmit} data-testid="cases-filter">
      <div className="segmented segmented-wrap" role="group" aria-label={t('aftersale.list.status')}>
        {SHOWN.map((value) => (
          <button
            key={value}
            type="button"
            className={value === show ? 'segment segment-active' : 'segment'}
            aria-pressed={value === show}
            onClick={() => onChange({ show: value === 'open' ? null : value })}
            data-testid={`cases-filter-${value}`}
          >
            {t(`aftersale.filter.${value}`)}
          </button>
        ))}
      </div>
      <label className="field">
        <span>{t('aftersale.filter.orderNo')}</span>
        <input type="search" maxLength={32} className="mono" value={input.orderNo} onChange={set('orderNo')} data-testid="cases-filter-order-no" />
      </label>
      <label className="field">
        <span>{t('aftersale.filter.buyer')}</span>
        <input type="search" maxLength={64} value={input.buyer} onChange={set('buyer')} data-testid="cases-filter-buyer" />
      </label>
      <label className="field">
        <span>{t('aftersale.filter.agent')}</span>
        <select value={input.agent} onChange={set('agent')} data-testid="cases-filter-agent">
          <option value="">{t('aftersale.filter.anyAgent')}</option>
          {agents.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.displayName}
            </option>
          ))}
          {input.agent && !agents.some((s) => String(s.id) === input.agent) ? <option value={input.agent}>#{input.agent}</option> : null}
        </select>
      </label>
      <label className="field">
        <span>{t('aftersale.filter.trackingNo')}</span>
        <input type="search" maxLength={40} className="mono" value={input.trackingNo} onChange={set('trackingNo')} data-testid="cases-filter-tracking-no" />
      </label>
      <label className="field">
        <span>{t('aftersale.filter.from')}</span>
        <input type="date" value={input.from} onChange={set('from')} data-testid="cases-filter-from" />
      </label>
      <label className="field">
        <span>{t('aftersale.filter.to')}</span>
        <input type="date" value={input.to} onChange={set('to')} data-testid="cases-filter-to" />
      </label>
      <label className="field field-inline">
        <input type="checkbox" checked={postage} onChange={(e) => onChange({ postage: e.target.checked ? '1' : null })} data-testid="cases-filter-postage" />
        <span>{t('aftersale.filter.postageToRefund')}</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="cases-filter-submit">
          {t('aftersale.filter.search')}
        </button>
        {any ? (
          <button type="button" className="button" onClick={() => onChange({ orderNo: null, buyer: null, agent: null, trackingNo: null, from: null, to: null })}>
            {t('aftersale.filter.clear')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
