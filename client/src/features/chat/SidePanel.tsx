import { promiseShipDate, type ShipPromise } from '@kefu/shared/domain/chat/ship-date';
import { confirmReminder } from '@kefu/shared/domain/chat/window';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatShopDateTime, SHOP_TZ, shopWallTimeToIso } from '../../lib/time.ts';
import { buyerLabel, ordersBuyerOf } from './buyer-label.ts';
import { LinkVisitorForm } from './LinkVisitorForm.tsx';
import { orderHref, SideOrders } from './SideOrders.tsx';
import type { WorkspaceState, WorkspaceStore } from './workspace.store.ts';

interface Props {
  store: WorkspaceStore;
  state: WorkspaceState;
  now: Date;
  /** Puts a text into the reply box (the ship-date promise). */
  onInsert(text: string): void;
  /** Below 1100 px the panel is a drawer: open or not, and how it closes (✕, Escape, the backdrop). */
  drawerOpen?: boolean;
  onCloseDrawer?(): void;
}

/** The right column: who the buyer is, their orders, the ship-date promise, the transfers and their notes. */
export function SidePanel({ store, state, now, onInsert, drawerOpen = false, onCloseDrawer }: Props) {
  const { t } = useTranslation();
  const closeButton = useRef<HTMLButtonElement>(null);
  // The drawer takes the focus when it opens (it returns to the toggle when it closes).
  useEffect(() => {
    if (drawerOpen) closeButton.current?.focus();
  }, [drawerOpen]);
  const id = state.selectedId;
  const summary = id === null ? undefined : state.conversations.byId.get(id);
  if (!summary) return <aside className="chat-col chat-side" id="chat-side-panel" data-testid="side-panel" />;

  const nameOf = (staffId: number | null) =>
    staffId === null ? t('chat.side.nobody') : (state.presence.find((p) => p.staffId === staffId)?.displayName ?? `#${staffId}`);
  const transfers = state.transfers.get(summary.id) ?? [];
  // Agents put promises into their reply; the supervisor only watches.
  const insert = store.user.roles.some((r) => r === 'presale' || r === 'aftersale') ? onInsert : null;
  const presale = store.user.roles.includes('presale');
  const limit = state.settings?.closeAfterConfirmMinutes;
  const ordersOf = ordersBuyerOf(summary);
  // The chat's agent or the supervisor checks a visitor (the server says the same).
  const mayLink = summary.visitorName !== null && (store.user.roles.includes('supervisor') || summary.agentId === store.user.id);
  // Only while the window the order was confirmed in is still open: not after a reopen (issue 11).
  const confirmWindow = confirmReminder({
    status: summary.status,
    confirmedAt: summary.orderConfirmedAt ? new Date(summary.orderConfirmedAt) : null,
    confirmToCloseMs: summary.confirmToCloseMs,
    now,
    limitMinutes: limit,
  });

  return (
    <aside
      className="chat-col chat-side"
      id="chat-side-panel"
      aria-label={t('chat.side.toggle')}
      data-testid="side-panel"
      onKeyDown={(event) => {
        if (drawerOpen && event.key === 'Escape' && onCloseDrawer) {
          event.preventDefault();
          onCloseDrawer();
        }
      }}
    >
      {onCloseDrawer ? (
        <div className="side-close-row">
          <button type="button" ref={closeButton} className="button button-small side-close" onClick={onCloseDrawer} data-testid="side-close">
            {t('chat.side.close')}
          </button>
        </div>
      ) : null}
      {confirmWindow ? (
        <div className={`notice ${confirmWindow.overdue ? 'notice-error' : 'notice-warning'}`} role="status" data-testid="g09-reminder">
          {t('chat.side.confirmed', { minutes: Math.floor(confirmWindow.openMs / 60_000), limit })}
        </div>
      ) : null}
      <section className="side-section">
        <h2>{t('chat.side.buyer')}</h2>
        <dl className="facts">
          <dt>{t('chat.side.buyerId')}</dt>
          <dd data-testid="side-buyer-id">{buyerLabel(summary, t)}</dd>
          {summary.visitorName !== null ? (
            <dd className="side-visitor-hint small muted" data-testid="side-visitor-hint">
              {t('chat.side.visitorHint', { name: summary.visitorName })}
              {summary.linkedBuyerId ? ` ${t('chat.side.linked', { buyerId: summary.linkedBuyerId })}` : ''}
            </dd>
          ) : null}
          <dt>{t('chat.side.orderNo')}</dt>
          <dd className="mono">
            {summary.orderNo ? (
              <Link to={orderHref(summary.orderNo)} title={t('chat.side.openOrder')} data-testid="side-asked-order-link">
                {summary.orderNo}
              </Link>
            ) : (
              t('chat.side.none')
            )}
          </dd>
          <dt>{t('chat.side.role')}</dt>
          <dd>{t(`roles.${summary.role}`)}</dd>
          <dt>{t('chat.side.status')}</dt>
          <dd>{t(`chat.side.status_${summary.status}`)}</dd>
          <dt>{t('chat.side.agent')}</dt>
          <dd>{summary.agentName ?? t('chat.side.nobody')}</dd>
          <dt>{t('chat.side.openedAt')}</dt>
          <dd>{formatShopDateTime(summary.openedAt)}</dd>
          <dt>{t('chat.side.firstResponse')}</dt>
          <dd>{summary.firstResponseAt ? formatShopDateTime(summary.firstResponseAt) : t('chat.side.notYet')}</dd>
          {summary.orderConfirmedAt ? (
            <>
              <dt>{t('chat.side.confirmedAt')}</dt>
              <dd>{formatShopDateTime(summary.orderConfirmedAt)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {mayLink ? <LinkVisitorForm key={summary.id} summary={summary} onLinked={(updated) => store.applyLinked(updated)} /> : null}
      {ordersOf ? <SideOrders key={ordersOf} buyerId={ordersOf} askedOrderNo={summary.orderNo} roles={store.user.roles} now={now} onInsert={insert} conversationId={summary.id} showPromise={presale} /> : null}
      {/* The ship-date helper is pre-sale's (after-sale and the supervisor do not promise ship dates). */}
      {presale ? <ShipPromiseForm now={now} onInsert={insert} /> : null}
      {transfers.length > 0 ? (
        <section className="side-section" data-testid="side-transfers">
          <h2>{t('chat.side.transfers')}</h2>
          <ul className="transfer-list">
            {transfers.map((transfer) => (
              <li key={transfer.id}>
                <div className="small">
                  {formatShopDateTime(transfer.at)}{' '}
                  {t(transfer.byStaffId === null ? 'chat.side.transferSystem' : 'chat.side.transferLine', {
                    from: nameOf(transfer.fromAgentId),
                    to: transfer.toAgentId === null ? t(`roles.${transfer.toRole}`) : nameOf(transfer.toAgentId),
                  })}
                </div>
                {transfer.note ? <div className="transfer-note">{t('chat.side.transferNote', { note: transfer.note })}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </aside>
  );
}

/** 发货时间承诺: the rule of domain.md, computed by the shared pure function, in the shop's zone. */
function ShipPromiseForm({ now, onInsert }: { now: Date; onInsert: ((text: string) => void) | null }) {
  const { t } = useTranslation();
  const [itemName, setItemName] = useState('');
  const [inStock, setInStock] = useState(true);
  const [paidAt, setPaidAt] = useState('');
  const paidIso = paidAt ? shopWallTimeToIso(paidAt) : null;
  let promise: ShipPromise | null = null;
  try {
    promise = promiseShipDate({ now, paidAt: paidIso ? new Date(paidIso) : null, inStock, itemName, tz: SHOP_TZ });
  } catch {
    promise = null; // an unreadable time: nothing to promise yet
  }
  const text = promise?.text ?? '';
  const detail = promise?.rule === 'made_to_order' ? t('chat.ship.madeToOrder', { at: formatShopDateTime(promise.shipBy) }) : null;

  return (
    <section className="side-section ship-promise" data-testid="ship-promise">
      <h2>{t('chat.ship.title')}</h2>
      <label className="field">
        <span>{t('chat.ship.itemName')}</span>
        <input value={itemName} onChange={(e) => setItemName(e.target.value)} placeholder={t('chat.ship.itemPlaceholder')} data-testid="ship-item" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={inStock} onChange={(e) => setInStock(e.target.checked)} data-testid="ship-in-stock" />
        <span>{t('chat.ship.inStock')}</span>
      </label>
      <label className="field">
        <span>{t('chat.ship.paidAt')}</span>
        <input type="datetime-local" value={paidAt} onChange={(e) => setPaidAt(e.target.value)} data-testid="ship-paid-at" />
      </label>
      {promise ? (
        <div className="ship-result">
          <span className="muted small">{t('chat.ship.result')}</span>
          <strong data-testid="ship-result">{text}</strong>
          {detail ? <div className="small">{detail}</div> : null}
          <div className="small muted">{promise.advice}</div>
          {onInsert ? (
            <button type="button" className="button button-small" onClick={() => onInsert(`亲，${text}哦`)} data-testid="ship-insert">
              {t('chat.ship.insert')}
            </button>
          ) : null}
        </div>
      ) : null}
      <p className="muted small">{t('chat.ship.rule')}</p>
    </section>
  );
}
