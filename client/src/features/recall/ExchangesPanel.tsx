import type { Exchange } from '@kefu/shared/schemas/exchanges';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { exchangeBatchViewUrl, exchangeViewUrl, followUp, listExchanges, markPrinted, markShipped, tellBuyer } from './exchanges.api.ts';
import { SHOP_TZ } from '../../lib/time.ts';

/** Today in the shop's zone (YYYY-MM-DD), the day of the exchange batch printed now. */
const shopToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: SHOP_TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * Exchanges on their way out (docs/recall.md "Exchanges shipped"). Printers (打单) print the
 * exchange waybill and enter its number; after-sale tells the buyer with one click and follows up.
 */
export function ExchangesPanel({ role }: { role: 'printer' | 'agent' }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Exchange[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    listExchanges().then(
      (loaded) => {
        setItems(loaded.exchanges);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  }, []);
  useEffect(load, [load]);
  useRefetchOn('recall:changed', (change) => change.what === 'exchange', load);
  useRefetchOn('aftersale:changed', () => true, load);

  return (
    <section className="panel exchanges-panel" aria-labelledby="exchanges-title" data-testid="exchanges-panel">
      <h2 id="exchanges-title">{t('recall.exchanges.title')}</h2>
      {role === 'printer' ? (
        <p>
          <a className="button button-small" href={exchangeBatchViewUrl(shopToday(), i18n.language)} target="_blank" rel="noopener" data-testid="exchange-batch-print">
            {t('recall.exchanges.printBatch')}
          </a>
        </p>
      ) : null}
      <LoadStatus error={error} loaded={items !== null} onRetry={load} />
      {items?.length === 0 ? <p className="muted">{t('recall.exchanges.empty')}</p> : null}
      <ul className="parcel-list">
        {items?.map((item) => <ExchangeItem key={item.caseId} item={item} role={role} onChanged={(list) => setItems(list)} />)}
      </ul>
    </section>
  );
}

function ExchangeItem({ item, role, onChanged }: { item: Exchange; role: 'printer' | 'agent'; onChanged(list: Exchange[]): void }) {
  const { t, i18n } = useTranslation();
  const [courier, setCourier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<{ exchanges: Exchange[] }>) {
    setBusy(true);
    setError(null);
    try {
      onChanged((await action()).exchanges);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const submit = (action: () => Promise<{ exchanges: Exchange[] }>) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(action);
  };

  return (
    <li className="parcel-item" data-testid={`exchange-${item.caseId}`}>
      <div className="parcel-head">
        <span className="tag">{t('recall.exchanges.case', { id: item.caseId })}</span>
        <span className="mono">{item.orderNo}</span>
        <span className="small">{item.buyerId}</span>
        <span className="tag tag-warning">{t('recall.exchanges.wanted', { wanted: item.wanted || '—' })}</span>
        {item.batchLabel ? <span className="small" data-testid="exchange-batch">{item.batchLabel}</span> : null}
        {item.followUpDue ? <span className="tag tag-danger">{t('recall.exchanges.followUpDue')}</span> : null}
      </div>
      {item.receiver ? <p className="parcel-description small">{item.receiver}</p> : null}
      <p className="small muted">
        {item.trackingNo && item.shipped
          ? t('recall.exchanges.shippedBy', { courier: item.courier ?? '', trackingNo: item.trackingNo, name: item.shipped.by.displayName, at: formatShopDateTime(item.shipped.at) })
          : t('recall.exchanges.notShipped')}
        {item.told ? ` · ${t('recall.exchanges.toldBy', { name: item.told.by.displayName, at: formatShopDateTime(item.told.at) })}` : ''}
        {item.followedUp ? ` · ${t('recall.exchanges.followedUp', { note: item.followUpNote ?? '' })}` : ''}
      </p>
      {role === 'printer' ? (
        <a className="button button-small" href={exchangeViewUrl(item.caseId, i18n.language)} target="_blank" rel="noopener" data-testid={`exchange-print-${item.caseId}`}>
          {t('recall.exchanges.printWaybill')}
        </a>
      ) : null}
      {role === 'printer' && !item.printed ? (
        <button type="button" className="button button-small" disabled={busy} onClick={() => void run(() => markPrinted(item.caseId))} data-testid={`exchange-printed-${item.caseId}`}>
          {t('recall.exchanges.printed')}
        </button>
      ) : null}
      {role === 'printer' && !item.shipped ? (
        <form className="inline-form" onSubmit={submit(() => markShipped(item.caseId, { courier: courier.trim(), trackingNo: trackingNo.replace(/\s+/g, '') }))}>
          <label className="field">
            <span>{t('recall.exchanges.courier')}</span>
            <input required maxLength={40} value={courier} onChange={(e) => setCourier(e.target.value)} data-testid="exchange-courier" />
          </label>
          <label className="field">
            <span>{t('recall.exchanges.trackingNo')}</span>
            <input required maxLength={40} className="mono" value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} data-testid="exchange-tracking" />
          </label>
          <button type="submit" className="button button-small button-primary" disabled={busy} data-testid={`exchange-ship-${item.caseId}`}>
            {t('recall.exchanges.ship')}
          </button>
        </form>
      ) : null}
      {role === 'agent' && item.shipped && !item.told ? (
        <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void run(() => tellBuyer(item.caseId))} data-testid={`exchange-tell-${item.caseId}`}>
          {t('recall.exchanges.tell')}
        </button>
      ) : null}
      {role === 'agent' && item.shipped && !item.followedUp ? (
        <form className="inline-form" onSubmit={submit(() => followUp(item.caseId, note.trim()))}>
          <label className="field field-grow">
            <span>{t('recall.exchanges.followUpNote')}</span>
            <input required maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid={`exchange-follow-up-note-${item.caseId}`} />
          </label>
          <button type="submit" className="button button-small" disabled={busy} data-testid={`exchange-follow-up-${item.caseId}`}>
            {t('recall.exchanges.followUp')}
          </button>
        </form>
      ) : null}
      <FormErrors problem={null} error={error} />
    </li>
  );
}
