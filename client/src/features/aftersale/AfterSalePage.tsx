import { CASE_WRITERS, type CaseStatus } from '@kefu/shared/domain/aftersale/cases';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { usePagedList } from '../../lib/paged-list.ts';
import { oneOf, withParams } from '../../lib/search-params.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listCases } from './aftersale.api.ts';
import { openFirst } from './case-list.ts';
import { CaseOpenForm } from './CaseOpenForm.tsx';
import { CASE_COLUMNS, CaseRow } from './CaseRow.tsx';

type Shown = CaseStatus | 'all';
const SHOWN: readonly Shown[] = ['open', 'closed', 'all'];

/**
 * /console/aftersale — the after-sale registry: open cases first; CASE_WRITERS open a case
 * on an order and close it with how it ended. `?show=open|closed|all&orderNo=&buyer=` in the
 * address; `&new=1` opens the form for that order (the order page links here).
 */
export function AfterSalePage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canWrite = hasAnyRole(user.roles, CASE_WRITERS);
  const [params, setParams] = useSearchParams();
  const show: Shown = oneOf(SHOWN, params.get('show')) ?? 'open';
  const orderNo = params.get('orderNo') ?? '';
  const buyer = params.get('buyer') ?? '';

  const [formOpen, setFormOpen] = useState(() => params.get('new') === '1');
  const [notice, setNotice] = useState<string | null>(null);
  const fetchPage = useCallback(
    ({ before, limit }: { before?: number; limit: number }) =>
      listCases({ status: show === 'all' ? undefined : show, orderNo: orderNo || undefined, buyerId: buyer || undefined, ...(before ? { before } : {}), limit }).then((loaded) => ({
        items: loaded.cases,
        nextBefore: loaded.nextBefore,
      })),
    [show, orderNo, buyer],
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
          onOpened={(opened) => {
            setNotice(t('aftersale.form.opened', { orderNo: opened.orderNo, kind: t(`aftersale.kinds.${opened.kind}`) }));
            if (show !== 'closed') list.prepend(opened);
            list.reload(1);
          }}
        />
      ) : null}
      <CasesFilter key={`${orderNo}|${buyer}`} show={show} orderNo={orderNo} buyer={buyer} onChange={update} />
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

function CasesFilter({ show, orderNo, buyer, onChange }: { show: Shown; orderNo: string; buyer: string; onChange(change: Record<string, string | null>): void }) {
  const { t } = useTranslation();
  const [orderInput, setOrderInput] = useState(orderNo);
  const [buyerInput, setBuyerInput] = useState(buyer);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ orderNo: orderInput.trim() || null, buyer: buyerInput.trim() || null });
  }

  return (
    <form className="filter-bar" role="search" onSubmit={onSubmit} data-testid="cases-filter">
      <div className="segmented" role="group" aria-label={t('aftersale.list.status')}>
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
        <input type="search" maxLength={32} className="mono" value={orderInput} onChange={(e) => setOrderInput(e.target.value)} data-testid="cases-filter-order-no" />
      </label>
      <label className="field">
        <span>{t('aftersale.filter.buyer')}</span>
        <input type="search" maxLength={64} value={buyerInput} onChange={(e) => setBuyerInput(e.target.value)} data-testid="cases-filter-buyer" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="cases-filter-submit">
          {t('aftersale.filter.search')}
        </button>
        {orderNo || buyer ? (
          <button type="button" className="button" onClick={() => onChange({ orderNo: null, buyer: null })}>
            {t('aftersale.filter.clear')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
