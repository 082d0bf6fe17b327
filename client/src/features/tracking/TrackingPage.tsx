import type { AlertStatus } from '@kefu/shared/domain/orders/alerts';
import { mayHandleAlert } from '@kefu/shared/domain/orders/alerts';
import { noteDate } from '@kefu/shared/domain/orders/notes';
import type { Alert } from '@kefu/shared/schemas/alerts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { setMuted, useMuted } from '../../lib/attention.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime, SHOP_TZ } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { useNow } from '../chat/useNow.ts';
import { claimAlert, finishAlert, listAlerts } from './tracking.api.ts';

const TABS: AlertStatus[] = ['open', 'claimed', 'done'];

/**
 * 订单跟踪: the printers' alert channel. Printers (and after-sale, for refunds) claim an alert
 * and close it with a reply; agents see theirs and the replies. Urgent ones first; live.
 */
export function TrackingPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const muted = useMuted();
  const [tab, setTab] = useState<AlertStatus>('open');
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [slip, setSlip] = useState<Alert | null>(null);
  // ?alert=ID (a scoring entry's evidence): open the tab that holds that alert and mark it.
  const [params] = useSearchParams();
  const wanted = /^\d+$/.test(params.get('alert') ?? '') ? Number(params.get('alert')) : null;
  useEffect(() => {
    if (wanted === null) return;
    let cancelled = false;
    Promise.all(TABS.map((status) => listAlerts(status).then((list) => (list.alerts.some((one) => one.id === wanted) ? status : null)))).then(
      (found) => {
        const status = found.find((one) => one !== null);
        if (!cancelled && status) setTab(status);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [wanted]);
  useEffect(() => {
    if (wanted !== null && alerts?.some((one) => one.id === wanted)) document.querySelector(`[data-testid="alert-${wanted}"]`)?.scrollIntoView({ block: 'center' });
  }, [wanted, alerts]);

  const load = useCallback(() => {
    listAlerts(tab).then(
      (list) => {
        setAlerts(list.alerts);
        setError(null);
      },
      setError,
    );
  }, [tab]);
  useEffect(load, [load]);
  useRefetchOn('alert:changed', () => true, load);

  useEffect(() => {
    if (!slip) return;
    const timer = setTimeout(() => {
      window.print();
      setSlip(null);
    }, 50);
    return () => clearTimeout(timer);
  }, [slip]);

  return (
    <section className="panel tracking" data-testid="tracking-page">
      <div className="tracking-head">
        <h1>{t('tracking.title')}</h1>
        <label className="checkbox small">
          <input type="checkbox" checked={muted} onChange={(e) => setMuted(e.target.checked)} data-testid="tracking-mute" />
          <span>{t('tracking.mute')}</span>
        </label>
      </div>
      <p className="muted small">{t('tracking.hint')}</p>
      <div className="tracking-tabs" role="tablist">
        {TABS.map((status) => (
          <button key={status} type="button" role="tab" aria-selected={tab === status} className={`button button-small${tab === status ? ' button-primary' : ''}`} onClick={() => setTab(status)} data-testid={`tracking-tab-${status}`}>
            {t(`tracking.status.${status}`)}
          </button>
        ))}
      </div>
      {error ? <ApiErrorMessage error={error} testId="tracking-error" /> : null}
      {alerts && alerts.length === 0 ? <p className="muted" data-testid="tracking-empty">{t('tracking.empty')}</p> : null}
      <ul className="alert-list">
        {alerts?.map((alert) => (
          <AlertRow key={alert.id} alert={alert} marked={alert.id === wanted} mayHandle={mayHandleAlert(user.roles, alert.audience)} onChanged={load} onPrint={() => setSlip(alert)} />
        ))}
      </ul>
      {slip ? (
        <div className="print-slip" data-testid="print-slip">
          <h2>{t('tracking.slip.title')}</h2>
          <p>
            {t('tracking.slip.order')} {slip.orderNo}　{t('tracking.slip.buyer')} {slip.buyerId}
          </p>
          <p>{slip.summary}</p>
          <p className="print-slip-sign">---{noteDate(new Date(), SHOP_TZ)} {user.displayName}</p>
        </div>
      ) : null}
    </section>
  );
}

function AlertRow({ alert, marked, mayHandle, onChanged, onPrint }: { alert: Alert; marked: boolean; mayHandle: boolean; onChanged(): void; onPrint(): void }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const now = useNow(30_000);
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ageMinutes = Math.max(0, Math.round((now.getTime() - new Date(alert.createdAt).getTime()) / 60_000));
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work().then(
      () => {
        setBusy(false);
        onChanged();
      },
      (caught: unknown) => {
        setBusy(false);
        setError(caught);
      },
    );
  };
  const mine = alert.claimedBy?.id === user.id || user.roles.includes('supervisor');
  return (
    <li className={`alert-row${alert.urgent ? ' alert-urgent' : ''}${marked ? ' record-marked' : ''}`} aria-current={marked ? 'true' : undefined} data-testid={`alert-${alert.id}`} data-order-no={alert.orderNo} data-status={alert.status}>
      <div className="alert-row-head">
        {alert.urgent ? <span className="tag tag-danger">{t('tracking.urgent')}</span> : null}
        <span className="tag">{t(`tracking.kinds.${alert.kind}`)}</span>
        <span className="mono small">{alert.orderNo}</span>
        <span className="small">{alert.buyerId}</span>
        <span className="muted small">{t('tracking.age', { minutes: ageMinutes })}</span>
        {alert.escalatedAt ? <span className="tag tag-warning">{t('tracking.escalated')}</span> : null}
        {alert.flaggedAt ? <span className="tag tag-warning">{t('tracking.flagged')}</span> : null}
      </div>
      <div className="alert-summary" data-testid="alert-summary">
        {alert.summary}
      </div>
      {alert.noteText ? <div className="history-note small">{alert.noteText}</div> : null}
      <div className="small muted">
        {t('tracking.askedBy', { name: alert.requestedBy.displayName, at: formatShopDateTime(alert.createdAt) })}
        {alert.claimedBy ? ` · ${t('tracking.claimedBy', { name: alert.claimedBy.displayName })}` : ''}
      </div>
      {alert.status === 'done' ? (
        <div className="alert-reply" data-testid="alert-reply">
          <strong>{t('tracking.replyBy', { name: alert.doneBy?.displayName ?? '' })}</strong> {alert.reply}
        </div>
      ) : null}
      <div className="alert-actions">
        {alert.status === 'open' && mayHandle ? (
          <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => act(() => claimAlert(alert.id))} data-testid="alert-claim">
            {t('tracking.claim')}
          </button>
        ) : null}
        {alert.status === 'claimed' && mayHandle && mine ? (
          <form
            className="alert-done"
            onSubmit={(event) => {
              event.preventDefault();
              act(() => finishAlert(alert.id, reply));
            }}
          >
            <input required maxLength={500} placeholder={t('tracking.replyPlaceholder')} value={reply} onChange={(e) => setReply(e.target.value)} data-testid="alert-reply-input" aria-label={t('tracking.reply')} />
            <button type="submit" className="button button-primary button-small" disabled={busy || reply.trim() === ''} data-testid="alert-done">
              {t('tracking.done')}
            </button>
          </form>
        ) : null}
        {alert.requestedBy.id === user.id && alert.status !== 'done' ? (
          <button type="button" className="button button-small" onClick={onPrint} data-testid="alert-print-slip">
            {t('tracking.printSlip')}
          </button>
        ) : null}
      </div>
      {error ? (
        claimedByOther(error) ? (
          <div className="notice notice-error" role="alert" data-testid="alert-error">
            {t('tracking.claimedByOther', { name: claimedByOther(error) })}
          </div>
        ) : (
          <ApiErrorMessage error={error} testId="alert-error" />
        )
      ) : null}
    </li>
  );
}

/** A lost claim race names who has the alert (409 error.details.claimedBy): shown in the reader's language. */
function claimedByOther(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const details = error.details as { claimedBy?: { displayName?: string } | null } | undefined;
  return details?.claimedBy?.displayName ?? null;
}
