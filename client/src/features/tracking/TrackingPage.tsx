import type { AlertStatus } from '@kefu/shared/domain/orders/alerts';
import { mayHandleAlert } from '@kefu/shared/domain/orders/alerts';
import { noteDate } from '@kefu/shared/domain/orders/notes';
import type { Alert } from '@kefu/shared/schemas/alerts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { setMuted, useMuted } from '../../lib/attention.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { SHOP_TZ } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { AlertRow } from './AlertRow.tsx';
import { listAlerts } from './tracking.api.ts';

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
