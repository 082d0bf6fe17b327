import { INSPECTION_RESULTS, type InspectionResult } from '@kefu/shared/domain/aftersale/cases';
import type { ArrivalResult } from '@kefu/shared/schemas/aftersale';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { recordArrival } from '../aftersale/aftersale.api.ts';

const EMPTY = { trackingNo: '', courier: '', buyerId: '', note: '' };

/**
 * 仓库 → 到件登记 (售后 ⑤): a parcel came back, with or without its after-sale card. The
 * server matches it to its case by the return tracking number, else by the buyer, and signs
 * 已验收 with the result; when nothing matches, after-sale is notified to contact the buyer.
 * The clerk sees which case it was, or that after-sale was told.
 */
export function ArrivalForm() {
  const { t } = useTranslation();
  const [values, setValues] = useState(EMPTY);
  const [result, setResult] = useState<InspectionResult>('passed');
  const [cardPresent, setCardPresent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<ArrivalResult | null>(null);
  const [missing, setMissing] = useState(false);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])) as typeof EMPTY;
    // The schema's rule, said before asking: a parcel is matched by its number or its buyer.
    if (!trimmed.trackingNo && !trimmed.buyerId) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    setOutcome(null);
    recordArrival({
      ...(trimmed.trackingNo ? { trackingNo: trimmed.trackingNo } : {}),
      ...(trimmed.courier ? { courier: trimmed.courier } : {}),
      ...(trimmed.buyerId ? { buyerId: trimmed.buyerId } : {}),
      ...(trimmed.note ? { note: trimmed.note } : {}),
      result,
      cardPresent,
    }).then(
      (answered) => {
        setBusy(false);
        setOutcome(answered);
        setValues(EMPTY);
        setResult('passed');
        setCardPresent(false);
      },
      (caught: unknown) => {
        setBusy(false);
        setError(caught);
      },
    );
  };

  return (
    <section className="panel stack arrival" aria-labelledby="arrival-title" data-testid="arrival">
      <h2 id="arrival-title" className="small-title">
        {t('warehouse.arrival.title')}
      </h2>
      <p className="muted small">{t('warehouse.arrival.hint')}</p>
      {outcome ? <ArrivalOutcome outcome={outcome} /> : null}
      <form className="form-grid" onSubmit={submit} data-testid="arrival-form" noValidate>
        <label className="field">
          <span>{t('warehouse.arrival.trackingNo')}</span>
          <input className="mono" maxLength={40} value={values.trackingNo} onChange={set('trackingNo')} autoComplete="off" data-testid="arrival-tracking-no" />
        </label>
        <label className="field">
          <span>{t('warehouse.arrival.courier')}</span>
          <input maxLength={40} value={values.courier} onChange={set('courier')} placeholder={t('warehouse.arrival.courierPlaceholder')} data-testid="arrival-courier" />
        </label>
        <label className="field">
          <span>{t('warehouse.arrival.buyer')}</span>
          <input maxLength={64} value={values.buyerId} onChange={set('buyerId')} placeholder={t('warehouse.arrival.buyerPlaceholder')} data-testid="arrival-buyer" />
        </label>
        <label className="field field-wide">
          <span>{t('aftersale.actions.result')}</span>
          <select value={result} onChange={(e) => setResult(e.target.value as InspectionResult)} data-testid="arrival-result">
            {INSPECTION_RESULTS.map((r) => (
              <option key={r} value={r}>
                {t(`aftersale.inspection.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-wide">
          <span>{t('aftersale.actions.note')}</span>
          <input maxLength={500} value={values.note} onChange={set('note')} placeholder={t('warehouse.arrival.notePlaceholder')} data-testid="arrival-note" />
        </label>
        <label className="checkbox small">
          <input type="checkbox" checked={cardPresent} onChange={(e) => setCardPresent(e.target.checked)} data-testid="arrival-card" />
          <span>{t('aftersale.actions.cardPresent')}</span>
        </label>
        {missing ? (
          <p className="notice notice-error small" role="alert" data-testid="arrival-missing">
            {t('warehouse.arrival.missing')}
          </p>
        ) : null}
        {error ? <ApiErrorMessage error={error} testId="arrival-error" /> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="arrival-submit">
            {busy ? t('aftersale.actions.saving') : t('warehouse.arrival.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ArrivalOutcome({ outcome }: { outcome: ArrivalResult }) {
  const { t } = useTranslation();
  const matched = outcome.matched;
  if (!matched) {
    return (
      <p className="notice small" role="status" data-testid="arrival-handed-over">
        {t('warehouse.arrival.handedOver')}
      </p>
    );
  }
  return (
    <p className="notice notice-success small" role="status" data-testid="arrival-matched" data-case-id={matched.id}>
      {t('warehouse.arrival.matched', { id: matched.id, orderNo: matched.orderNo, buyer: matched.buyerId, kind: t(`aftersale.kinds.${matched.kind}`) })}{' '}
      <Link to={`/console/aftersale?case=${matched.id}`} data-testid="arrival-matched-link">
        {t('warehouse.arrival.openCase')}
      </Link>
    </p>
  );
}
