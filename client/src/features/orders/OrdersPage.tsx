import { ORDER_STATUSES, ORDER_WRITERS, type OrderStatus } from '@kefu/shared/domain/orders/status';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { Order } from '@kefu/shared/schemas/orders';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { formatFen } from '../../lib/money.ts';
import { usePagedList } from '../../lib/paged-list.ts';
import { oneOf, withParams } from '../../lib/search-params.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { isTyping } from './keyboard.ts';
import { OrderCreateForm } from './OrderCreateForm.tsx';
import { OrderDetailPanel } from './OrderDetailPanel.tsx';
import { BankTransfersPanel } from './BankTransfers.tsx';
import { OrderItemsSummary } from './OrderItemsSummary.tsx';
import { OrderStatusBadge } from './OrderStatusBadge.tsx';
import { listOrders } from './orders.api.ts';

/**
 * /console/orders — the order registry: filters, the list (newest first), the selected
 * order's detail with its moves, and for ORDER_WRITERS the form to record one.
 * `?status=&q=&buyer=&order=` in the address, so a view can be shared and survives a reload.
 */
export function OrdersPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canRecord = hasAnyRole(user.roles, ORDER_WRITERS);
  const [params, setParams] = useSearchParams();
  const status = oneOf(ORDER_STATUSES, params.get('status'));
  const q = params.get('q') ?? '';
  const buyer = params.get('buyer') ?? '';
  const selected = params.get('order');

  const [formOpen, setFormOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const fetchPage = useCallback(
    ({ before, limit }: { before?: number; limit: number }) =>
      listOrders({ status, q: q || undefined, buyerId: buyer || undefined, ...(before ? { before } : {}), limit }).then((loaded) => ({ items: loaded.orders, nextBefore: loaded.nextBefore })),
    [status, q, buyer],
  );
  const list = usePagedList<Order>(fetchPage);
  const { page } = list;
  // Someone recorded or moved an order: reload what is on screen (events carry no orders).
  useRefetchOn('order:changed', () => true, () => list.reload());

  const update = useCallback(
    (change: Record<string, string | null>) =>
      setParams(
        (current) => withParams(current, change),
        { replace: 'order' in change && Object.keys(change).length === 1 },
      ),
    [setParams],
  );
  const select = useCallback((orderNo: string | null) => update({ order: orderNo }), [update]);
  // Closing the detail returns the focus to the order's row it was opened from (not to <body>).
  const closeDetail = useCallback(() => {
    const closing = selected;
    select(null);
    requestAnimationFrame(() => {
      if (closing) document.querySelector<HTMLElement>(`[data-testid="order-row-${CSS.escape(closing)}"] button`)?.focus();
    });
  }, [select, selected]);

  return (
    <div className="page orders-page">
      <PageHeader
        title={t('orders.title')}
        form={
          canRecord
            ? { open: formOpen, onToggle: () => setFormOpen((open) => !open), openLabel: t('orders.form.open'), closeLabel: t('orders.form.close'), testId: 'order-new-toggle' }
            : null
        }
        notice={{ text: notice, testId: 'orders-notice' }}
      />
      {canRecord && formOpen ? (
        <OrderCreateForm
          onRecorded={(order) => {
            setNotice(t('orders.form.recorded', { orderNo: order.orderNo }));
            select(order.orderNo);
            list.reload(1);
          }}
        />
      ) : null}
      <OrdersFilter
        key={`${q}|${buyer}`}
        status={status}
        q={q}
        buyer={buyer}
        onChange={(change) => update(change)}
        onRefresh={() => list.reload()}
      />
      <div className={selected ? 'orders-layout orders-layout-detail' : 'orders-layout'}>
        <section className="panel orders-list" aria-label={t('orders.list.title')}>
          <LoadStatus error={list.error} loaded={page !== null} onRetry={list.retry} testId="orders-load-error" />
          {page ? (
            <>
              <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
                <table className="table orders-table" data-testid="orders-table">
                  <thead>
                    <tr>
                      <th>{t('orders.list.orderNo')}</th>
                      <th>{t('orders.list.buyer')}</th>
                      <th>{t('orders.list.status')}</th>
                      <th>{t('orders.list.items')}</th>
                      <th className="num">{t('orders.list.total')}</th>
                      <th>{t('orders.list.placedAt')}</th>
                      <th>{t('orders.list.paidAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.length === 0 ? (
                      <tr>
                        <td colSpan={7} className="muted" data-testid="orders-empty">
                          {t('orders.list.empty')}
                        </td>
                      </tr>
                    ) : null}
                    {page.items.map((order) => (
                      <tr
                        key={order.id}
                        className={order.orderNo === selected ? 'row-selected row-clickable' : 'row-clickable'}
                        aria-selected={order.orderNo === selected}
                        onClick={() => select(order.orderNo)}
                        data-testid={`order-row-${order.orderNo}`}
                        data-status={order.status}
                      >
                        <td>
                          <button
                            type="button"
                            className="link-button mono"
                            aria-label={t('orders.list.open', { orderNo: order.orderNo })}
                            onClick={(e) => {
                              e.stopPropagation();
                              select(order.orderNo);
                            }}
                          >
                            {order.orderNo}
                          </button>
                        </td>
                        <td className="nowrap">{order.buyerId}</td>
                        <td>
                          <OrderStatusBadge status={order.status} testId="order-status" />
                        </td>
                        <td>
                          <OrderItemsSummary items={order.items} />
                        </td>
                        <td className="num">{formatFen(order.totalFen)}</td>
                        <td className="nowrap small">{formatShopDateTime(order.placedAt)}</td>
                        <td className="nowrap small">{order.paidAt ? formatShopDateTime(order.paidAt) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {page.nextBefore ? (
                <div className="list-more">
                  <button type="button" className="button button-small" onClick={() => void list.loadMore()} disabled={list.loadingMore} data-testid="orders-more">
                    {list.loadingMore ? t('orders.list.loadingMore') : t('orders.list.more')}
                  </button>
                </div>
              ) : null}
            </>
          ) : null}
        </section>
        {selected ? <OrderDetailPanel key={selected} orderNo={selected} onClose={closeDetail} onChanged={list.replace} /> : null}
      </div>
      <BankTransfersPanel />
    </div>
  );
}

/** Status applies at once; the texts on Enter. "/" anywhere on the page jumps to the search box. */
function OrdersFilter({
  status,
  q,
  buyer,
  onChange,
  onRefresh,
}: {
  status: OrderStatus | undefined;
  q: string;
  buyer: string;
  onChange(change: Record<string, string | null>): void;
  onRefresh(): void;
}) {
  const { t } = useTranslation();
  const [qInput, setQInput] = useState(q);
  const [buyerInput, setBuyerInput] = useState(buyer);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      search.current?.focus();
      search.current?.select();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ q: qInput.trim() || null, buyer: buyerInput.trim() || null });
  }

  return (
    <form className="filter-bar" role="search" onSubmit={onSubmit} data-testid="orders-filter">
      <label className="field">
        <span>{t('orders.filter.status')}</span>
        <select value={status ?? ''} onChange={(e) => onChange({ status: e.target.value || null })} data-testid="orders-filter-status">
          <option value="">{t('orders.filter.anyStatus')}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`orders.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span>{t('orders.filter.q')}</span>
        <input
          ref={search}
          type="search"
          maxLength={64}
          placeholder={t('orders.filter.qPlaceholder')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          data-testid="orders-filter-q"
        />
      </label>
      <label className="field">
        <span>{t('orders.filter.buyer')}</span>
        <input
          type="search"
          maxLength={64}
          placeholder={t('orders.filter.buyerPlaceholder')}
          value={buyerInput}
          onChange={(e) => setBuyerInput(e.target.value)}
          data-testid="orders-filter-buyer"
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="orders-filter-submit">
          {t('orders.filter.search')}
        </button>
        {status || q || buyer ? (
          <button type="button" className="button" onClick={() => onChange({ status: null, q: null, buyer: null })} data-testid="orders-filter-clear">
            {t('orders.filter.clear')}
          </button>
        ) : null}
        <button type="button" className="button" onClick={onRefresh} data-testid="orders-refresh">
          {t('orders.filter.refresh')}
        </button>
      </div>
    </form>
  );
}
