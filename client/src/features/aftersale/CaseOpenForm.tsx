import { CASE_KINDS, type CaseKind } from '@kefu/shared/domain/aftersale/cases';
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';
import type { OrderDetail } from '@kefu/shared/schemas/orders';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { itemsSummary } from '../orders/order-format.ts';
import { getOrder } from '../orders/orders.api.ts';
import { buyerPhotos, chatImageUrl, openCase } from './aftersale.api.ts';
import { parseYuanToFen } from '../../lib/money.ts';
import { caseRefusal, isOrderNo, newCaseFrom, type CaseFormInput } from './case-form.ts';

type Lookup = { state: 'idle' | 'checking' | 'missing' } | { state: 'found'; order: OrderDetail };

/** How long typing rests before the order is looked up. */
const LOOKUP_MS = 300;

/** Opens a case on an order (CASE_WRITERS). The order's state is shown while typing; the server decides. */
type Details = { quality: boolean; qualityLocation: string; liningInsole: boolean; returnPostagePayer: '' | 'buyer' | 'shop'; resendPostagePayer: '' | 'buyer' | 'shop'; wantedColor: string; wantedSize: string; postage: string };
const NO_DETAILS: Details = { quality: false, qualityLocation: '', liningInsole: false, returnPostagePayer: '', resendPostagePayer: '', wantedColor: '', wantedSize: '', postage: '' };

/**
 * Opens a case on an order (CASE_WRITERS), with the registry's details: the quality problem
 * and where it is (A03), who pays postage (A02), the wanted item, the postage advanced, and
 * the photos picked from the buyer's chat (A04). From the chat side panel it comes with the
 * chat (`conversationId`). The order's state is shown while typing; the server decides.
 */
export function CaseOpenForm({ initialOrderNo, conversationId, onOpened }: { initialOrderNo: string; conversationId?: number; onOpened(opened: AfterSaleCase): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<CaseFormInput>({ orderNo: initialOrderNo, kind: 'return', reason: '' });
  const [details, setDetails] = useState<Details>(NO_DETAILS);
  const [photos, setPhotos] = useState<Array<{ imageId: string; sentAt: string }>>([]);
  const [picked, setPicked] = useState<string[]>([]);
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

  // The buyer's pictures, to pick the case's photos from.
  const buyerId = lookup.state === 'found' ? lookup.order.buyerId : null;
  useEffect(() => {
    setPhotos([]);
    setPicked([]);
    if (!buyerId) return;
    let cancelled = false;
    buyerPhotos(buyerId).then(
      (loaded) => !cancelled && setPhotos(loaded.photos),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [buyerId]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const result = newCaseFrom(form);
    if ('problem' in result) return setProblem(t(`aftersale.form.problems.${result.problem}`));
    const postageFen = details.postage.trim() ? parseYuanToFen(details.postage) : null;
    if (details.postage.trim() && postageFen === null) return setProblem(t('aftersale.form.problems.postageInvalid'));
    const quality = details.quality || form.kind === 'quality';
    const request = {
      ...result.request,
      ...(conversationId ? { conversationId } : {}),
      ...(quality ? { quality: true } : {}),
      ...(details.qualityLocation.trim() ? { qualityLocation: details.qualityLocation.trim() } : {}),
      ...(details.liningInsole ? { liningInsole: true } : {}),
      ...(details.returnPostagePayer ? { returnPostagePayer: details.returnPostagePayer } : {}),
      ...(details.resendPostagePayer ? { resendPostagePayer: details.resendPostagePayer } : {}),
      ...(details.wantedColor.trim() ? { wantedColor: details.wantedColor.trim() } : {}),
      ...(details.wantedSize.trim() ? { wantedSize: details.wantedSize.trim() } : {}),
      ...(postageFen !== null ? { postageAdvancedFen: postageFen } : {}),
      ...(picked.length ? { photoIds: picked } : {}),
    };
    setBusy(true);
    try {
      const opened = await openCase(request);
      setForm({ orderNo: '', kind: form.kind, reason: '' });
      setDetails(NO_DETAILS);
      setPicked([]);
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
      <fieldset className="case-details">
        <legend>{t('aftersale.form.details')}</legend>
        <div className="form-grid">
          <label className="field field-inline">
            <input type="checkbox" checked={details.quality || form.kind === 'quality'} disabled={form.kind === 'quality'} onChange={(e) => setDetails({ ...details, quality: e.target.checked })} data-testid="case-quality" />
            <span>{t('aftersale.detail.quality')}</span>
          </label>
          <label className="field field-inline">
            <input type="checkbox" checked={details.liningInsole} onChange={(e) => setDetails({ ...details, liningInsole: e.target.checked })} data-testid="case-lining" />
            <span>{t('aftersale.form.liningInsole')}</span>
          </label>
          <label className="field">
            <span>{t('aftersale.detail.location')}</span>
            <input maxLength={200} placeholder={t('aftersale.form.locationPlaceholder')} value={details.qualityLocation} onChange={(e) => setDetails({ ...details, qualityLocation: e.target.value })} data-testid="case-location" />
          </label>
          <label className="field">
            <span>{t('aftersale.form.returnPayer')}</span>
            <select value={details.returnPostagePayer} onChange={(e) => setDetails({ ...details, returnPostagePayer: e.target.value as Details['returnPostagePayer'] })} data-testid="case-return-payer">
              <option value="">—</option>
              <option value="buyer">{t('aftersale.payer.buyer')}</option>
              <option value="shop">{t('aftersale.payer.shop')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('aftersale.form.resendPayer')}</span>
            <select value={details.resendPostagePayer} onChange={(e) => setDetails({ ...details, resendPostagePayer: e.target.value as Details['resendPostagePayer'] })} data-testid="case-resend-payer">
              <option value="">—</option>
              <option value="buyer">{t('aftersale.payer.buyer')}</option>
              <option value="shop">{t('aftersale.payer.shop')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('aftersale.detail.advanced')}</span>
            <input inputMode="decimal" maxLength={10} placeholder="12.00" value={details.postage} onChange={(e) => setDetails({ ...details, postage: e.target.value })} data-testid="case-postage" />
          </label>
          <label className="field">
            <span>{t('aftersale.form.wantedColor')}</span>
            <input maxLength={30} value={details.wantedColor} onChange={(e) => setDetails({ ...details, wantedColor: e.target.value })} data-testid="case-wanted-color" />
          </label>
          <label className="field">
            <span>{t('aftersale.form.wantedSize')}</span>
            <input maxLength={20} value={details.wantedSize} onChange={(e) => setDetails({ ...details, wantedSize: e.target.value })} data-testid="case-wanted-size" />
          </label>
        </div>
        {buyerId ? (
          <div className="case-photo-picker" data-testid="case-photo-picker">
            <span className="small">{photos.length ? t('aftersale.form.pickPhotos', { count: picked.length }) : t('aftersale.form.noBuyerPhotos')}</span>
            <div className="case-photos">
              {photos.map((photo) => (
                <label key={photo.imageId} className={picked.includes(photo.imageId) ? 'case-photo case-photo-picked' : 'case-photo'}>
                  <input
                    type="checkbox"
                    checked={picked.includes(photo.imageId)}
                    onChange={(e) => setPicked(e.target.checked ? [...picked, photo.imageId] : picked.filter((id) => id !== photo.imageId))}
                    data-testid={`case-photo-${photo.imageId}`}
                  />
                  <img src={chatImageUrl(photo.imageId)} alt={t('aftersale.detail.photoAlt', { at: formatShopDateTime(photo.sentAt) })} loading="lazy" />
                </label>
              ))}
            </div>
          </div>
        ) : null}
      </fieldset>
      <FormErrors problem={problem} error={error} testId="case-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="case-submit">
          {busy ? t('aftersale.form.submitting') : t('aftersale.form.submit')}
        </button>
      </div>
    </form>
  );
}
