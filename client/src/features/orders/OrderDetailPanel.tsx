import { CASE_WRITERS } from '@kefu/shared/domain/aftersale/cases';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { OrderDetail, OrderEvent } from '@kefu/shared/schemas/orders';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatFen } from '../../lib/money.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { isTyping } from './keyboard.ts';
import { itemLabel } from './order-format.ts';
import { OrderMoveActions } from './OrderMoveActions.tsx';
import { OrderReceiver } from './OrderReceiver.tsx';
import { OrderChanges } from '../tracking/OrderChanges.tsx';
import { WarehouseRequestForm } from '../warehouse/WarehouseRequestForm.tsx';
import { OrderStatusBadge } from './OrderStatusBadge.tsx';
import { getOrder } from './orders.api.ts';

/** One order: its facts, its items, the moves the person may make, and every move so far. */
export function OrderDetailPanel({ orderNo, onClose, onChanged }: { orderNo: string; onClose(): void; onChanged(order: OrderDetail): void }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ text: string; tone: 'success' | 'warning' } | null>(null);
  const version = useRef<number | null>(null);

  const show = useCallback((next: OrderDetail) => {
    version.current = next.version;
    setOrder(next);
    setError(null);
  }, []);

  useEffect(() => {
    let cancelled = false;
    getOrder(orderNo).then(
      (loaded) => !cancelled && show(loaded),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [orderNo, show]);

  // A colleague's move (or another tab's) shows at once; our own answer already did.
  useRefetchOn(
    'order:changed',
    (event) => event.orderNo === orderNo && event.version !== version.current,
    () =>
      void getOrder(orderNo).then((loaded) => {
        if (version.current !== null && loaded.version > version.current) setNotice({ text: t('orders.detail.changed'), tone: 'warning' });
        show(loaded);
      }, setError),
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      // Esc in a field (the new-order form, the search) belongs to that field, not to the panel.
      if (event.key === 'Escape' && !event.defaultPrevented && !isTyping(event.target)) onClose();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const canOpenCase = hasAnyRole(user.roles, CASE_WRITERS) && order !== null && order.status !== 'unpaid';

  return (
    <aside className="panel order-detail" aria-labelledby="order-detail-title" data-testid="order-detail" data-order-no={orderNo} data-status={order?.status} data-version={order?.version}>
      <div className="order-detail-head">
        <h2 id="order-detail-title" className="mono">
          {t('orders.detail.title', { orderNo })}
        </h2>
        <button type="button" className="button button-small" onClick={onClose} title={t('orders.detail.closeHint')} data-testid="order-detail-close">
          {t('orders.detail.close')}
        </button>
      </div>
      {error ? <ApiErrorMessage error={error} testId="order-detail-error" /> : null}
      {!order && !error ? <p className="muted">{t('orders.detail.loading')}</p> : null}
      {notice ? (
        <div className={`notice notice-${notice.tone} small`} role="status" data-testid="order-detail-notice">
          {notice.text}
        </div>
      ) : null}
      {order ? (
        <>
          <dl className="facts">
            <dt>{t('orders.detail.status')}</dt>
            <dd>
              <OrderStatusBadge status={order.status} testId="order-detail-status" />
            </dd>
            <dt>{t('orders.detail.buyer')}</dt>
            <dd data-testid="order-detail-buyer">{order.buyerId}</dd>
            <dt>{t('orders.detail.total')}</dt>
            <dd data-testid="order-detail-total">
              {formatFen(order.totalFen)}
            </dd>
            <dt>{t('orders.detail.placedAt')}</dt>
            <dd>{formatShopDateTime(order.placedAt)}</dd>
            {order.paidAt ? (
              <>
                <dt>{t('orders.detail.paidAt')}</dt>
                <dd>{formatShopDateTime(order.paidAt)}</dd>
              </>
            ) : null}
            {order.shippedAt ? (
              <>
                <dt>{t('orders.detail.shippedAt')}</dt>
                <dd>{formatShopDateTime(order.shippedAt)}</dd>
              </>
            ) : null}
            {order.trackingNo ? (
              <>
                <dt>{t('orders.detail.courier')}</dt>
                <dd data-testid="order-detail-tracking">
                  {order.courier} <span className="mono">{order.trackingNo}</span>
                </dd>
              </>
            ) : null}
            {order.deliveredAt ? (
              <>
                <dt>{t('orders.detail.deliveredAt')}</dt>
                <dd>{formatShopDateTime(order.deliveredAt)}</dd>
              </>
            ) : null}
            {order.cancelledAt ? (
              <>
                <dt>{t('orders.detail.cancelledAt')}</dt>
                <dd>{formatShopDateTime(order.cancelledAt)}</dd>
              </>
            ) : null}
            {order.returnedAt ? (
              <>
                <dt>{t('orders.detail.returnedAt')}</dt>
                <dd>{formatShopDateTime(order.returnedAt)}</dd>
              </>
            ) : null}
            <dt>{t('orders.detail.createdBy')}</dt>
            <dd>{order.createdBy.displayName}</dd>
          </dl>

          <OrderReceiver order={order} mayReveal={user.roles.includes('supervisor')} />

          <h3 className="small-title">{t('orders.detail.items')}</h3>
          <ul className="order-item-list" data-testid="order-detail-items">
            {order.items.map((item) => (
              <li key={item.lineNo}>
                <span>{itemLabel(item)}</span>
                <span className="order-item-tags">
                  {item.handmade ? <span className="tag tag-warning">{t('orders.detail.handmade')}</span> : null}
                  {!item.inStock ? <span className="tag">{t('orders.detail.outOfStock')}</span> : null}
                  <span className="muted small" title={t('orders.detail.unitPrice')}>
                    {formatFen(item.priceFen)}
                  </span>
                </span>
              </li>
            ))}
          </ul>

          <OrderChanges order={order} onChanged={() => getOrder(order.orderNo).then(show, setError)} />
          <WarehouseRequestForm key={`${order.orderNo}-${order.status}`} order={order} />

          <h3 className="small-title">{t('orders.detail.actions')}</h3>
          <OrderMoveActions
            key={order.status}
            order={order}
            onMoved={(moved) => {
              show(moved);
              setNotice({ text: t('orders.move.moved', { orderNo: moved.orderNo, status: t(`orders.status.${moved.status}`) }), tone: 'success' });
              onChanged(moved);
            }}
          />
          {canOpenCase ? (
            <p className="small">
              <Link to={`/console/aftersale?orderNo=${encodeURIComponent(order.orderNo)}&show=all&new=1`} data-testid="order-open-case">
                {t('orders.detail.openCase')}
              </Link>
            </p>
          ) : null}

          <h3 className="small-title">{t('orders.detail.history')}</h3>
          <ol className="order-history" data-testid="order-history">
            {order.history.map((event) => (
              <HistoryLine key={event.id} event={event} />
            ))}
          </ol>
        </>
      ) : null}
    </aside>
  );
}

function HistoryLine({ event }: { event: OrderEvent }) {
  const { t } = useTranslation();
  const status = (s: OrderEvent['to']) => t(`orders.status.${s}`);
  return (
    <li data-testid={`order-event-${event.id}`} data-to={event.to}>
      <div className="small">
        <span className="muted">{formatShopDateTime(event.at)}</span>{' '}
        <strong>{event.from === null ? t('orders.detail.created', { status: status(event.to) }) : t('orders.detail.moved', { from: status(event.from), to: status(event.to) })}</strong>{' '}
        <span>{event.by.displayName}</span>
      </div>
      {event.trackingNo ? (
        <div className="small">
          {event.courier} <span className="mono">{event.trackingNo}</span>
        </div>
      ) : null}
      {event.note ? <div className="history-note small">{event.note}</div> : null}
    </li>
  );
}
