import { PARCEL_KINDS, type ParcelKind } from '@kefu/shared/domain/recall/recall';
import type { DifficultParcel } from '@kefu/shared/schemas/recall';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrors, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDate, formatShopDateTime } from '../../lib/time.ts';
import { followUpParcel, listParcels, openParcel } from './recall.api.ts';

/** Difficult parcels (疑难件): open ones by their next follow-up date; after-sale records each dated follow-up. */
export function ParcelsPanel({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const [parcels, setParcels] = useState<DifficultParcel[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [formOpen, setFormOpen] = useState(false);
  const load = useCallback(() => {
    listParcels().then(
      (loaded) => {
        setParcels(loaded.parcels);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  }, []);
  useEffect(load, [load]);
  useRefetchOn('recall:changed', (change) => change.what === 'parcel', load);

  return (
    <section className="panel parcels-panel" aria-labelledby="parcels-title" data-testid="parcels-panel">
      <div className="page-title-row">
        <h2 id="parcels-title">{t('recall.parcels.title')}</h2>
        {canWrite ? (
          <button type="button" className="button button-small" aria-expanded={formOpen} onClick={() => setFormOpen((open) => !open)} data-testid="parcel-new-toggle">
            {formOpen ? t('recall.parcels.cancel') : t('recall.parcels.open')}
          </button>
        ) : null}
      </div>
      {formOpen ? (
        <ParcelForm
          onOpened={() => {
            setFormOpen(false);
            load();
          }}
        />
      ) : null}
      <LoadStatus error={error} loaded={parcels !== null} onRetry={load} testId="parcels-load-error" />
      {parcels?.length === 0 ? <p className="muted">{t('recall.parcels.empty')}</p> : null}
      <ul className="parcel-list">
        {parcels?.map((parcel) => <ParcelItem key={parcel.id} parcel={parcel} canWrite={canWrite} onChanged={load} />)}
      </ul>
    </section>
  );
}

function today(): string {
  return formatShopDate(new Date());
}

function ParcelForm({ onOpened }: { onOpened(): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ orderNo: '', kind: 'forwarded' as ParcelKind, description: '', nextFollowUpOn: today() });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await openParcel({ orderNo: form.orderNo.trim(), kind: form.kind, description: form.description.trim(), nextFollowUpOn: form.nextFollowUpOn });
      onOpened();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="parcel-form" onSubmit={onSubmit} data-testid="parcel-form">
      <div className="form-grid">
        <label className="field">
          <span>{t('recall.form.orderNo')}</span>
          <input required className="mono" maxLength={32} value={form.orderNo} onChange={(e) => setForm((f) => ({ ...f, orderNo: e.target.value }))} />
        </label>
        <label className="field">
          <span>{t('recall.parcels.kind')}</span>
          <select value={form.kind} onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as ParcelKind }))}>
            {PARCEL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`recall.parcels.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('recall.parcels.next')}</span>
          <input type="date" required min={today()} value={form.nextFollowUpOn} onChange={(e) => setForm((f) => ({ ...f, nextFollowUpOn: e.target.value }))} />
        </label>
      </div>
      <label className="field">
        <span>{t('recall.parcels.description')}</span>
        <textarea required rows={2} maxLength={500} value={form.description} onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))} />
      </label>
      <FormErrors problem={null} error={error} testId="parcel-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('recall.parcels.submit')}
        </button>
      </div>
    </form>
  );
}

function ParcelItem({ parcel, canWrite, onChanged }: { parcel: DifficultParcel; canWrite: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [ends, setEnds] = useState<'' | 'delivered' | 'returned'>('');
  const [next, setNext] = useState(today());
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      await followUpParcel(parcel.id, { version: parcel.version, note: note.trim(), ...(ends ? { ends } : { nextFollowUpOn: next }) });
      setOpen(false);
      setNote('');
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <li className="parcel-item" data-testid={`parcel-${parcel.id}`} data-status={parcel.status}>
      <div className="parcel-head">
        <span className="tag">{t(`recall.parcels.kinds.${parcel.kind}`)}</span>
        <span className="mono">{parcel.orderNo}</span>
        <span className="mono muted">{parcel.trackingNo ?? ''}</span>
        <span className={parcel.status === 'open' ? 'tag tag-warning' : 'tag tag-success'}>{t(`recall.parcels.status.${parcel.status}`)}</span>
        {parcel.nextFollowUpOn ? <span className={parcel.due ? 'tag tag-danger' : 'small'}>{parcel.due ? t('recall.parcels.due') : `${t('recall.parcels.next')} ${parcel.nextFollowUpOn}`}</span> : null}
        {parcel.caseId !== null ? (
          <Link className="small" to={`/console/aftersale?case=${parcel.caseId}`} data-testid={`parcel-case-${parcel.id}`}>
            {t('recall.parcels.case', { id: parcel.caseId })}
          </Link>
        ) : null}
      </div>
      <p className="parcel-description">{parcel.description}</p>
      {parcel.followUps.length ? (
        <ol className="parcel-history small" aria-label={t('recall.parcels.history')}>
          {parcel.followUps.map((f, i) => (
            <li key={i}>
              {formatShopDateTime(f.at)} {f.by.displayName}：{f.note}
            </li>
          ))}
        </ol>
      ) : null}
      {canWrite && parcel.status === 'open' ? (
        open ? (
          <form className="inline-form" onSubmit={onSubmit}>
            <label className="field field-grow">
              <span>{t('recall.parcels.note')}</span>
              <input required maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <label className="field">
              <span>{t('recall.parcels.ends')}</span>
              <select value={ends} onChange={(e) => setEnds(e.target.value as typeof ends)}>
                <option value="">{t('recall.parcels.continues')}</option>
                <option value="delivered">{t('recall.parcels.status.delivered')}</option>
                <option value="returned">{t('recall.parcels.status.returned')}</option>
              </select>
            </label>
            {ends === '' ? (
              <label className="field">
                <span>{t('recall.parcels.next')}</span>
                <input type="date" required min={today()} value={next} onChange={(e) => setNext(e.target.value)} />
              </label>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="button button-small button-primary">
                {t('recall.parcels.submit')}
              </button>
              <button type="button" className="button button-small" onClick={() => setOpen(false)}>
                {t('recall.parcels.cancel')}
              </button>
            </div>
            <FormErrors problem={null} error={error} />
          </form>
        ) : (
          <button type="button" className="button button-small" onClick={() => setOpen(true)}>
            {t('recall.parcels.followUp')}
          </button>
        )
      ) : null}
    </li>
  );
}
