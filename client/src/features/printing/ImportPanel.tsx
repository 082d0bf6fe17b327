import type { ImportResult } from '@kefu/shared/schemas/orders-import';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { importExport } from './print.api.ts';

/** Import the back office's export pair (订单报表 + 宝贝报表); the answer says what went in and which lines did not, and why. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const [orders, setOrders] = useState<File | null>(null);
  const [items, setItems] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!orders || !items) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await importExport(orders, items));
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel import-panel" aria-label={t('printing.import.title')}>
      <h2>{t('printing.import.title')}</h2>
      <p className="muted">{t('printing.import.hint')}</p>
      <form className="import-form" onSubmit={submit}>
        <label>
          {t('printing.import.orders')}
          <input type="file" accept=".csv,text/csv" onChange={(e) => setOrders(e.target.files?.[0] ?? null)} data-testid="import-orders-file" />
        </label>
        <label>
          {t('printing.import.items')}
          <input type="file" accept=".csv,text/csv" onChange={(e) => setItems(e.target.files?.[0] ?? null)} data-testid="import-items-file" />
        </label>
        <button type="submit" className="button" disabled={busy || !orders || !items} data-testid="import-submit">
          {busy ? t('printing.import.importing') : t('printing.import.submit')}
        </button>
      </form>
      {error ? <ApiErrorMessage error={error} testId="import-error" /> : null}
      {result ? (
        <div data-testid="import-result">
          <p>{t('printing.import.result', { created: result.created, updated: result.updated, unchanged: result.unchanged, failed: result.errors.length })}</p>
          {result.errors.length ? (
            <ul className="import-errors">
              {result.errors.map((e) => (
                <li key={`${e.file ?? ''}${e.line}`}>
                  {t('printing.import.line', { file: e.file ? t(`printing.import.file.${e.file}`) : '', line: e.line })}
                  {e.orderNo ? ` ${e.orderNo}` : ''}：{t(`printing.import.errors.${e.code}`, { field: e.field ?? '' })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
