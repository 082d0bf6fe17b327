import { CASE_READERS, CASE_WRITERS } from '@kefu/shared/domain/aftersale/cases';
import { promiseForOrder } from '@kefu/shared/domain/orders/promise';
import { ORDER_READERS } from '@kefu/shared/domain/orders/status';
import { hasAnyRole, type Role } from '@kefu/shared/domain/staff/roles';
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';
import type { Order } from '@kefu/shared/schemas/orders';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatFen } from '../../lib/money.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime, SHOP_TZ } from '../../lib/time.ts';
import { listCases } from '../aftersale/aftersale.api.ts';
import { promiseReply } from '../orders/order-format.ts';
import { OrderItemsSummary } from '../orders/OrderItemsSummary.tsx';
import { OrderReceiver } from '../orders/OrderReceiver.tsx';
import { OrderChanges } from '../tracking/OrderChanges.tsx';
import { OrderStatusBadge } from '../orders/OrderStatusBadge.tsx';
import { listOrders } from '../orders/orders.api.ts';

/** Enough for any buyer the shop serves in chat; older orders are on the orders page. */
const SIDE_LIMIT = 20;

interface Loaded {
  buyerId: string;
  orders: Order[];
  cases: AfterSaleCase[];
}

/**
 * The buyer's orders in the chat's side panel: status and items, the ship-date promise of
 * each order not yet shipped (promiseForOrder, in the shop's zone), the courier and tracking
 * number of shipped ones, and the buyer's open after-sale cases. Live: refetched when an
 * order or a case of this buyer changes.
 */
export function SideOrders({
  buyerId,
  askedOrderNo,
  roles,
  now,
  onInsert,
  conversationId,
  showPromise = true,
}: {
  buyerId: string;
  /** The ship-date promise of each unshipped order (pre-sale's helper). */
  showPromise?: boolean;
  /** The chat the panel belongs to: a case registered from here links to it. */
  conversationId?: number;
  /** The order the buyer said they are asking about, shown first. */
  askedOrderNo: string | null;
  roles: readonly Role[];
  now: Date;
  onInsert: ((text: string) => void) | null;
}) {
  const { t } = useTranslation();
  const readsOrders = hasAnyRole(roles, ORDER_READERS);
  const readsCases = hasAnyRole(roles, CASE_READERS);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);

  const load = useCallback(() => {
    const request = ++latest.current;
    Promise.all([
      readsOrders ? listOrders({ buyerId, limit: SIDE_LIMIT }) : Promise.resolve({ orders: [] }),
      readsCases ? listCases({ buyerId, active: 'true', limit: SIDE_LIMIT }) : Promise.resolve({ cases: [] }),
    ]).then(
      ([orders, cases]) => {
        if (request !== latest.current) return;
        setError(null);
        setLoaded({ buyerId, orders: orders.orders, cases: cases.cases });
      },
      (caught: unknown) => request === latest.current && setError(caught),
    );
  }, [buyerId, readsOrders, readsCases]);

  useEffect(() => {
    setError(null);
    load();
  }, [load]);
  useRefetchOn('order:changed', (event) => event.buyerId === buyerId, load);
  useRefetchOn('aftersale:changed', (event) => event.buyerId === buyerId, load);

  // What was loaded for the previous buyer is never shown for this one.
  const current = loaded?.buyerId === buyerId ? loaded : null;
  const orders = current ? [...current.orders].sort((a, b) => Number(b.orderNo === askedOrderNo) - Number(a.orderNo === askedOrderNo)) : [];

  return (
    <>
      <section className="side-section" data-testid="side-orders">
        <h2>{t('chat.side.orders')}</h2>
        {error ? <ApiErrorMessage error={error} testId="side-orders-error" /> : null}
        {orders.length === 0 && !error ? (
          <p className="muted small" data-testid="side-orders-empty" data-state={current ? 'empty' : 'loading'}>
            {current ? t('chat.side.ordersEmpty') : t('chat.side.ordersLoading')}
          </p>
        ) : null}
        {orders.length > 0 ? (
          <ul className="side-orders">
            {orders.map((order) => (
              <SideOrder
                key={order.id}
                order={order}
                asked={order.orderNo === askedOrderNo}
                now={now}
                onInsert={onInsert}
                showPromise={showPromise}
                mayRevealPhone={roles.includes('supervisor')}
                registerCase={hasAnyRole(roles, CASE_WRITERS) && ['shipped', 'delivered', 'returned'].includes(order.status) ? `/console/aftersale?new=1&orderNo=${order.orderNo}${conversationId ? `&conversationId=${conversationId}` : ''}` : null}
              />
            ))}
          </ul>
        ) : null}
      </section>
      {current && current.cases.length > 0 ? (
        <section className="side-section" data-testid="side-cases">
          <h2>{t('chat.side.cases')}</h2>
          <ul className="side-orders">
            {current.cases.map((item) => (
              <li key={item.id} className="side-case" data-testid={`side-case-${item.id}`}>
                <div>
                  <Link to={`/console/aftersale?case=${item.id}`} data-testid={`side-case-open-${item.id}`}>
                    #{item.id}
                  </Link>{' '}
                  <span className="tag tag-warning">{t(`aftersale.kinds.${item.kind}`)}</span> <span className="tag">{t(`aftersale.status.${item.status}`)}</span> <span className="mono small">{item.orderNo}</span>
                </div>
                <div className="small">{item.reason}</div>
                <div className="small muted">
                  {item.openedBy.displayName} {formatShopDateTime(item.openedAt)}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function SideOrder({
  order,
  asked,
  now,
  onInsert,
  showPromise,
  mayRevealPhone,
  registerCase,
}: {
  order: Order;
  showPromise: boolean;
  asked: boolean;
  now: Date;
  onInsert: ((text: string) => void) | null;
  mayRevealPhone: boolean;
  /** Where "register an after-sale case" goes (after-sale on a shipped order), or null. */
  registerCase: string | null;
}) {
  const { t } = useTranslation();
  const promise = showPromise ? promiseForOrder({ status: order.status, paidAt: order.paidAt ? new Date(order.paidAt) : null, items: order.items }, now, SHOP_TZ) : null;
  const no = order.orderNo;
  return (
    <li className={`side-order${asked ? ' side-order-asked' : ''}${order.status === 'cancelled' ? ' side-order-cancelled' : ''}`} data-testid={`side-order-${no}`} data-status={order.status}>
      <div className="side-order-head">
        {/* Opens the order on the 订单 page, with its history (issue 11). */}
        <Link className="mono small" to={orderHref(no)} title={t('chat.side.openOrder')} data-testid={`side-order-link-${no}`}>
          {no}
        </Link>
        <OrderStatusBadge status={order.status} testId={`side-order-status-${no}`} />
        {asked ? <span className="tag">{t('chat.side.orderAsked')}</span> : null}
      </div>
      <div className="small">
        <OrderItemsSummary items={order.items} shown={3} />
      </div>
      <OrderReceiver order={order} mayReveal={mayRevealPhone} compact />
      <div className="small muted">
        {t('chat.side.orderTotal', { amount: formatFen(order.totalFen) })}
        {order.paidAt ? ` · ${t('chat.side.paidAt', { at: formatShopDateTime(order.paidAt) })}` : ''}
      </div>
      {promise ? (
        <div className="side-order-promise small" data-testid={`side-order-promise-${no}`}>
          <span className="muted">{t('chat.side.promise')}</span>
          <strong>{promise.text}</strong>
          {promise.rule === 'made_to_order' ? <div>{t('chat.ship.madeToOrder', { at: formatShopDateTime(promise.shipBy) })}</div> : null}
          {order.paidAt === null ? <div className="muted">{t('chat.side.unpaid')}</div> : null}
          {onInsert ? (
            <button type="button" className="button button-small" onClick={() => onInsert(promiseReply(no, promise.text))} data-testid={`side-order-insert-${no}`}>
              {t('chat.ship.insert')}
            </button>
          ) : null}
        </div>
      ) : null}
      <OrderChanges order={order} onInsert={onInsert} compact />
      {registerCase ? (
        <Link className="button button-small" to={registerCase} data-testid={`side-order-register-case-${no}`}>
          {t('aftersale.form.open')}
        </Link>
      ) : null}
      {order.trackingNo ? (
        <div className="small" data-testid={`side-order-tracking-${no}`}>
          <span className="muted">{t('chat.side.tracking')}</span>
          {order.courier} <span className="mono">{order.trackingNo}</span>
        </div>
      ) : null}
    </li>
  );
}

/** The order on the 订单 page (its detail opens from `?order=`). */
export function orderHref(orderNo: string): string {
  return `/console/orders?${new URLSearchParams({ order: orderNo }).toString()}`;
}
