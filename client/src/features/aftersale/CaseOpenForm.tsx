import { CASE_KINDS, type CaseKind } from '@kefu/shared/domain/aftersale/cases';
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';
import type { OrderDetail } from '@kefu/shared/schemas/orders';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { itemsSummary } from '../orders/order-format.ts';
import { getOrder } from '../orders/orders.api.ts';
import { openCase } from './aftersale.api.ts';
import { caseRefusal, isOrderNo, newCaseFrom, type CaseFormInput } from './case-form.ts';

type Lookup = { state: 'idle' | 'checking' | 'missing' } | { state: 'found'; order: OrderDetail };

/** How long typing rests before the order is looked up. */
const LOOKUP_MS = 300;

/** Opens a case on an order (CASE_WRITERS). The order's state is shown while typing; the server decides. */
export function CaseOpenForm({ initialOrderNo, onOpened }: { initialOrderNo: string; onOpened(opened: AfterSaleCase): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<CaseFormInput>({ orderNo: initialOrderNo, kind: 'return', reason: '' });
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const orderNo = form.orderNo.trim();
  useEffect(() => {
    if (!isOrderNo(orderNo)) return setLookup({ state: 'idle' });
    let cancelled = false;
    setLookup({ state: 'checking' });
    const timer = setTimeout(() => {
      getOrder(orderNo).then(
        (order) => !cancelled && setLookup({ state: 'found', order }),
        (caught: unknown) => !cancelled && setLookup({ state: caught instanceof ApiError && caught.code === 'not_found' ? 'missing' : 'idle' }),
      );
    }, LOOKUP_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [orderNo]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const result = newCaseFrom(form);
    if ('problem' in result) return setProblem(t(`aftersale.form.problems.${result.problem}`));
    setBusy(true);
    try {
      const opened = await openCase(result.request);
      setForm({ orderNo: '', kind: form.kind, reason: '' });
      onOpened(opened);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const refusal = lookup.state === 'found' ? caseRefusal(form.kind, lookup.order) : null;
  const kindName = (kind: CaseKind) => t(`aftersale.kinds.${kind}`);

  return (
    <form className="panel case-form" onSubmit={onSubmit} aria-labelledby="case-form-title" data-testid="case-form">
      <h2 id="case-form-title">{t('aftersale.form.title')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('aftersale.form.orderNo')}</span>
          <input
            required
            autoFocus
            autoComplete="off"
            maxLength={32}
            className="mono"
            value={form.orderNo}
            onChange={(e) => setForm((f) => ({ ...f, orderNo: e.target.value }))}
            data-testid="case-order-no"
          />
        </label>
        <label className="field">
          <span>{t('aftersale.form.kind')}</span>
          <select value={form.kind} onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as CaseKind }))} data-testid="case-kind">
            {CASE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindName(kind)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="case-order-facts small" aria-live="polite" data-testid="case-order-facts" data-state={lookup.state}>
        {lookup.state === 'checking' ? <span className="muted">{t('aftersale.form.checking')}</span> : null}
        {lookup.state === 'missing' ? <span className="tag tag-danger">{t('aftersale.form.orderNotFound', { orderNo })}</span> : null}
        {lookup.state === 'found' ? (
          <span>
            {t('aftersale.form.orderFacts', {
              status: t(`orders.status.${lookup.order.status}`),
              buyer: lookup.order.buyerId,
              items: itemsSummary(lookup.order.items).text,
            })}
            {lookup.order.trackingNo ? (
              <span className="mono">
                {' '}
                {lookup.order.courier} {lookup.order.trackingNo}
              </span>
            ) : null}
          </span>
        ) : null}
        {refusal ? (
          <div className="tag tag-warning" data-testid="case-refusal">
            {t(`aftersale.form.refusal.${refusal}`, { kind: kindName(form.kind) })}
          </div>
        ) : null}
      </div>
      <label className="field">
        <span>{t('aftersale.form.reason')}</span>
        <textarea
          required
          rows={2}
          maxLength={500}
          placeholder={t('aftersale.form.reasonPlaceholder')}
          value={form.reason}
          onChange={(e) => setForm((f) => ({ ...f, reason: e.target.value }))}
          onKeyDown={(e) => {
            // Ctrl+Enter sends from the text box, as in the chat.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          data-testid="case-reason"
        />
      </label>
      <FormErrors problem={problem} error={error} testId="case-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="case-submit">
          {busy ? t('aftersale.form.submitting') : t('aftersale.form.submit')}
        </button>
      </div>
    </form>
  );
}
