import { WAREHOUSE_ASKERS } from '@kefu/shared/domain/orders/alerts';
import { WAREHOUSE_REQUEST_KINDS, warehouseRequestAllowed, type WarehouseRequestKind } from '@kefu/shared/domain/orders/warehouse';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { Order } from '@kefu/shared/schemas/orders';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { useSessionUser } from '../auth/auth.context.tsx';
import { askWarehouse } from '../tracking/tracking.api.ts';

/**
 * On an order's detail: ask the warehouse to check stock, hand back the documents or the
 * parcel, or find a parcel. Only the kinds the order's state allows are offered; the server
 * adds the buyer ID, receiver, address, order, signature and date (rules 12–13).
 */
export function WarehouseRequestForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const kinds = WAREHOUSE_REQUEST_KINDS.filter((kind) => warehouseRequestAllowed(kind, order.status));
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<WarehouseRequestKind | ''>('');
  const [detail, setDetail] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  if (!hasAnyRole(user.roles, WAREHOUSE_ASKERS)) return null;
  const chosen = kind !== '' && kinds.includes(kind) ? kind : kinds[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    askWarehouse(order.orderNo, { kind: chosen, detail, urgent }).then(
      () => {
        setBusy(false);
        setSent(true);
        setOpen(false);
        setDetail('');
        setUrgent(false);
      },
      (caught: unknown) => {
        setBusy(false);
        setError(caught);
      },
    );
  };

  if (!open) {
    return (
      <div className="warehouse-ask">
        {sent ? (
          <p className="notice notice-success small" role="status" data-testid="warehouse-ask-sent">
            {t('warehouse.ask.sent')}
          </p>
        ) : null}
        <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid="warehouse-ask-open">
          {t('warehouse.ask.open')}
        </button>
      </div>
    );
  }
  return (
    <form className="warehouse-ask stack" onSubmit={submit} data-testid="warehouse-ask-form">
      <h3 className="small-title">{t('warehouse.ask.title')}</h3>
      {kinds.length === 0 ? (
        <p className="muted small">{t('warehouse.ask.none')}</p>
      ) : (
        <>
          <label className="field">
            <span>{t('warehouse.ask.kind')}</span>
            <select value={chosen} onChange={(e) => setKind(e.target.value as WarehouseRequestKind)} data-testid="warehouse-ask-kind">
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`tracking.kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('warehouse.ask.detail')}</span>
            <input maxLength={200} value={detail} placeholder={t('warehouse.ask.detailPlaceholder')} onChange={(e) => setDetail(e.target.value)} data-testid="warehouse-ask-detail" />
          </label>
          <label className="checkbox small">
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} data-testid="warehouse-ask-urgent" />
            <span>{t('warehouse.ask.urgent')}</span>
          </label>
          <p className="muted small">{t('warehouse.ask.hint')}</p>
        </>
      )}
      {error ? <ApiErrorMessage error={error} testId="warehouse-ask-error" /> : null}
      <div className="form-actions">
        {kinds.length > 0 ? (
          <button type="submit" className="button button-primary button-small" disabled={busy} data-testid="warehouse-ask-submit">
            {t('warehouse.ask.submit')}
          </button>
        ) : null}
        <button type="button" className="button button-small" onClick={() => setOpen(false)}>
          {t('changes.back')}
        </button>
      </div>
    </form>
  );
}
