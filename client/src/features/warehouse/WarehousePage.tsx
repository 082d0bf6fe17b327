import type { AlertStatus } from '@kefu/shared/domain/orders/alerts';
import type { Alert } from '@kefu/shared/schemas/alerts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { mayHandleAlert } from '@kefu/shared/domain/orders/alerts';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import { useSessionUser } from '../auth/auth.context.tsx';
import { AlertRow } from '../tracking/AlertRow.tsx';
import { ArrivalForm } from './ArrivalForm.tsx';
import { listAlerts } from '../tracking/tracking.api.ts';

const TABS: AlertStatus[] = ['open', 'claimed', 'done'];
/** Who records a parcel that came back (POST /api/aftersale/arrivals). */
const ARRIVAL_RECORDERS = ['supervisor', 'warehouse'] as const;

/**
 * 仓库: the requests customer service sent the warehouse (rules 12–13), live. A clerk claims
 * one, handles it and replies; a request with wrong information is marked so (G12). Below
 * them, the clerk records a parcel that came back (ArrivalForm, 售后 ⑤).
 */
export function WarehousePage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [tab, setTab] = useState<AlertStatus>('open');
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    listAlerts(tab, 'warehouse').then(
      (list) => {
        setAlerts(list.alerts);
        setError(null);
      },
      setError,
    );
  }, [tab]);
  useEffect(load, [load]);
  useRefetchOn('alert:changed', ({ alert }) => alert.audience === 'warehouse', load);

  return (
    <>
      <section className="panel tracking" data-testid="warehouse-page">
        <div className="tracking-head">
          <h1>{t('warehouse.title')}</h1>
        </div>
        <p className="muted small">{t('warehouse.hint')}</p>
        <div className="tracking-tabs" role="tablist">
          {TABS.map((status) => (
            <button key={status} type="button" role="tab" aria-selected={tab === status} className={`button button-small${tab === status ? ' button-primary' : ''}`} onClick={() => setTab(status)} data-testid={`warehouse-tab-${status}`}>
              {t(`tracking.status.${status}`)}
            </button>
          ))}
        </div>
        {error ? <ApiErrorMessage error={error} testId="warehouse-error" /> : null}
        {alerts && alerts.length === 0 ? <p className="muted" data-testid="warehouse-empty">{t('warehouse.empty')}</p> : null}
        <ul className="alert-list">
          {alerts?.map((alert) => (
            <AlertRow key={alert.id} alert={alert} mayHandle={mayHandleAlert(user.roles, alert.audience)} onChanged={load} onPrint={() => undefined} />
          ))}
        </ul>
      </section>
      {hasAnyRole(user.roles, ARRIVAL_RECORDERS) ? <ArrivalForm /> : null}
    </>
  );
}
