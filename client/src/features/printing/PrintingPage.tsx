import { ORDER_STATUSES, type OrderStatus } from '@kefu/shared/domain/orders/status';
import type { Order } from '@kefu/shared/schemas/orders';
import type { PrintBatch, PrintQueue } from '@kefu/shared/schemas/print';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { itemsSummary } from '../orders/order-format.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { printBatch, printQueue, printViewUrl, todaysBatches, type QueueFilter } from './print.api.ts';
import { refusalsOf } from './print-refusal.ts';
import { ExchangesPanel } from '../recall/ExchangesPanel.tsx';

/**
 * /console/printing (打单) — paid orders not yet printed, the longest-waiting first; the
 * printer filters, selects, and prints a batch, which opens its print view (A4 or thermal).
 * Today's batches stay listed with their signed labels, to open again.
 */
export function PrintingPage() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<QueueFilter>({});
  const [queue, setQueue] = useState<PrintQueue | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [batches, setBatches] = useState<PrintBatch[]>([]);
  const [roll, setRoll] = useState({ firstTrackingNo: '', courier: '' });
  const [size, setSize] = useState<'a4' | 'thermal'>('thermal');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [printed, setPrinted] = useState<PrintBatch | null>(null);

  const load = useCallback(() => {
    printQueue(filter).then(
      (loaded) => {
        setQueue(loaded);
        setLoadError(null);
        // Keep only what is still waiting (a colleague may have printed some).
        setSelected((current) => new Set([...current].filter((no) => loaded.orders.some((o) => o.orderNo === no))));
      },
      setLoadError,
    );
    todaysBatches().then((day) => setBatches(day.batches), setLoadError);
  }, [filter]);
  useEffect(load, [load]);
  useRefetchOn('order:changed', () => true, load);

  const orders = queue?.orders ?? [];
  const allSelected = orders.length > 0 && orders.every((o) => selected.has(o.orderNo));
  const toggle = (orderNo: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(orderNo)) next.delete(orderNo);
      else next.add(orderNo);
      return next;
    });

  async function print(event: FormEvent) {
    event.preventDefault();
    if (!selected.size) return;
    setBusy(true);
    setError(null);
    // Opened now, while the click still counts as the user's: a tab opened after the answer is blocked.
    const tab = window.open('', '_blank');
    try {
      const batch = await printBatch({
        orderNos: orders.filter((o) => selected.has(o.orderNo)).map((o) => o.orderNo),
        ...(roll.firstTrackingNo.trim() ? { firstTrackingNo: roll.firstTrackingNo.trim(), courier: roll.courier.trim() } : {}),
      });
      setPrinted(batch);
      setSelected(new Set());
      setRoll((r) => ({ ...r, firstTrackingNo: '' }));
      if (tab) tab.location.href = printViewUrl(batch.id, size, i18n.language);
      load();
    } catch (err) {
      tab?.close();
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const refusals = refusalsOf(error);
  return (
    <div className="page printing-page">
      <PageHeader title={t('printing.title')} notice={{ text: printed ? t('printing.printed', { label: printed.label, count: printed.orderNos.length }) : null, testId: 'print-notice' }} />
      <form className="panel filters printing-filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('printing.filter.q')}
          <input type="search" value={filter.q ?? ''} placeholder={t('printing.filter.qPlaceholder')} onChange={(e) => setFilter((f) => ({ ...f, q: e.target.value || undefined }))} data-testid="print-filter-q" />
        </label>
        <label>
          {t('printing.filter.kind')}
          <select value={filter.kind ?? ''} onChange={(e) => setFilter((f) => ({ ...f, kind: (e.target.value || undefined) as QueueFilter['kind'] }))}>
            <option value="">{t('printing.filter.anyKind')}</option>
            <option value="ready">{t('printing.filter.ready')}</option>
            <option value="handmade">{t('printing.filter.handmade')}</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={filter.dueToday ?? false} onChange={(e) => setFilter((f) => ({ ...f, dueToday: e.target.checked || undefined }))} />
          {t('printing.filter.dueToday', { time: queue ? formatShopDateTime(queue.cutoff).slice(-5) : '16:00' })}
        </label>
      </form>

      <form className="panel print-bar" onSubmit={print}>
        <strong data-testid="print-selected-count">{t('printing.selected', { count: selected.size })}</strong>
        <label>
          {t('printing.roll.first')}
          <input value={roll.firstTrackingNo} onChange={(e) => setRoll((r) => ({ ...r, firstTrackingNo: e.target.value }))} placeholder={t('printing.roll.firstPlaceholder')} className="mono" data-testid="print-first-tracking" />
        </label>
        <label>
          {t('printing.roll.courier')}
          <input value={roll.courier} onChange={(e) => setRoll((r) => ({ ...r, courier: e.target.value }))} placeholder="中通快递" required={roll.firstTrackingNo.trim() !== ''} data-testid="print-courier" />
        </label>
        <label>
          {t('printing.size.label')}
          <select value={size} onChange={(e) => setSize(e.target.value as 'a4' | 'thermal')} data-testid="print-size">
            <option value="thermal">{t('printing.size.thermal')}</option>
            <option value="a4">{t('printing.size.a4')}</option>
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={busy || selected.size === 0} data-testid="print-submit">
          {busy ? t('printing.printing') : t('printing.print')}
        </button>
      </form>
      {refusals.length ? (
        <div className="notice notice-error" role="alert" data-testid="print-refused">
          <strong>{t('printing.refusedTitle')}</strong>
          <ul>
            {refusals.map((r) => (
              <li key={r.orderNo}>
                {r.reason === 'status'
                  ? t('printing.refusedStatus', { orderNo: r.orderNo, status: isOrderStatus(r.status) ? t(`orders.status.${r.status}`) : (r.status ?? '') })
                  : t('printing.refusedAlert', { orderNo: r.orderNo })}
              </li>
            ))}
          </ul>
        </div>
      ) : error ? (
        <ApiErrorMessage error={error} testId="print-error" />
      ) : null}

      <section className="panel" aria-label={t('printing.queue')}>
        <LoadStatus error={loadError} loaded={queue !== null} onRetry={load} testId="print-load-error" />
        {queue ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
            <table className="table print-table" data-testid="print-queue">
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label={t('printing.selectAll')}
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(orders.map((o) => o.orderNo)))}
                      data-testid="print-select-all"
                    />
                  </th>
                  <th>{t('printing.col.orderNo')}</th>
                  <th>{t('printing.col.buyer')}</th>
                  <th>{t('printing.col.items')}</th>
                  <th>{t('printing.col.receiver')}</th>
                  <th>{t('printing.col.paidAt')}</th>
                  <th>{t('printing.col.notes')}</th>
                </tr>
              </thead>
              <tbody>
                {orders.length === 0 ? (
                  <tr>
                    <td colSpan={7} className="muted" data-testid="print-empty">
                      {t('printing.empty')}
                    </td>
                  </tr>
                ) : null}
                {orders.map((order) => (
                  <QueueRow key={order.id} order={order} checked={selected.has(order.orderNo)} onToggle={() => toggle(order.orderNo)} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="panel" aria-label={t('printing.batches')}>
        <h2>{t('printing.batches')}</h2>
        {batches.length === 0 ? <p className="muted">{t('printing.noBatches')}</p> : null}
        <ul className="batch-list" data-testid="print-batches">
          {batches.map((batch) => (
            <li key={batch.id} data-testid={`print-batch-${batch.id}`}>
              <strong className="batch-label">{batch.label}</strong>
              <span>{t('printing.batchOrders', { count: batch.orderNos.length })}</span>
              {batch.reprints.length ? <span className="badge">{t('printing.reprints', { count: batch.reprints.length })}</span> : null}
              <span className="muted">{formatShopDateTime(batch.printedAt)}</span>
              <a href={printViewUrl(batch.id, 'thermal', i18n.language)} target="_blank" rel="noopener">
                {t('printing.size.thermal')}
              </a>
              <a href={printViewUrl(batch.id, 'a4', i18n.language)} target="_blank" rel="noopener">
                {t('printing.size.a4')}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <ImportPanel onImported={load} />
      {/* 打单 ⑥: exchange waybills, their day's batch and their tracking numbers (docs/recall.md). */}
      <ExchangesPanel role="printer" />
    </div>
  );
}

function QueueRow({ order, checked, onToggle }: { order: PrintQueue['orders'][number]; checked: boolean; onToggle(): void }) {
  const { t } = useTranslation();
  const summary = itemsSummary(order.items);
  const unsigned = order.notes.filter((n) => !n.signed).length;
  return (
    <tr className={checked ? 'row-selected row-clickable' : 'row-clickable'} onClick={onToggle} data-testid={`print-row-${order.orderNo}`}>
      <td>
        <input type="checkbox" checked={checked} onChange={onToggle} onClick={(e) => e.stopPropagation()} aria-label={t('printing.select', { orderNo: order.orderNo })} />
      </td>
      <td className="mono">{order.orderNo}</td>
      <td className="nowrap">{order.buyerId}</td>
      <td>
        {summary.text}
        {summary.more ? <span className="muted"> {t('printing.more', { count: summary.more })}</span> : null}
      </td>
      <td>{receiverLine(order)}</td>
      <td className="nowrap">{order.paidAt ? formatShopDateTime(order.paidAt) : ''}</td>
      <td>
        {order.buyerMessage ? <div>{t('printing.buyerMessage', { text: order.buyerMessage })}</div> : null}
        {order.notes.map((n) => (
          <div key={n.text} className={n.signed ? '' : 'note-unsigned'}>
            {n.text}
          </div>
        ))}
        {unsigned ? <span className="badge badge-warn">{t('printing.unsigned', { count: unsigned })}</span> : null}
      </td>
    </tr>
  );
}

function receiverLine(order: Order): string {
  return order.receiver ? `${order.receiver.name} ${order.receiver.addressText}` : '';
}

function isOrderStatus(value: string | undefined): value is OrderStatus {
  return (ORDER_STATUSES as readonly (string | undefined)[]).includes(value);
}
