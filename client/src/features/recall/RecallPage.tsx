import { RECALL_SIGNERS, RECALL_WRITERS } from '@kefu/shared/domain/recall/recall';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { RecallSlip } from '@kefu/shared/schemas/recall';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FormErrors, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { usePagedList } from '../../lib/paged-list.ts';
import { oneOf, withParams } from '../../lib/search-params.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { ParcelsPanel } from './ParcelsPanel.tsx';
import { listSlips, makeSlip } from './recall.api.ts';
import { SlipRow, SLIP_COLUMNS } from './SlipRow.tsx';

type Shown = 'open' | 'all';
const SHOWN: readonly Shown[] = ['open', 'all'];

/**
 * /console/recall — courier recall slips (快件退回单, docs/recall.md): after-sale makes and
 * prints the two-part slip; the printer records the courier's signature and signs for the
 * parcel when it is back. Below, the difficult parcels followed until delivered or back.
 * `?show=open|all&orderNo=` in the address; `&new=1&orderNo=` opens the form for that order.
 */
export function RecallPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canMake = hasAnyRole(user.roles, RECALL_WRITERS);
  const canSign = hasAnyRole(user.roles, RECALL_SIGNERS);
  const [params, setParams] = useSearchParams();
  const show: Shown = oneOf(SHOWN, params.get('show')) ?? 'open';
  const orderNo = params.get('orderNo') ?? '';
  const [formOpen, setFormOpen] = useState(() => params.get('new') === '1');
  const [notice, setNotice] = useState<string | null>(null);

  const fetchPage = useCallback(
    async ({ before, limit }: { before?: number; limit: number }) => {
      const loaded = await listSlips({ orderNo: orderNo || undefined, ...(before ? { before } : {}), limit });
      return { items: show === 'open' ? loaded.slips.filter((s) => s.status !== 'received') : loaded.slips, nextBefore: loaded.nextBefore };
    },
    [show, orderNo],
  );
  const list = usePagedList<RecallSlip>(fetchPage);
  const { page } = list;
  useRefetchOn('recall:changed', (change) => change.what === 'slip', () => list.reload());

  return (
    <div className="page recall-page">
      <PageHeader
        title={t('recall.title')}
        form={canMake ? { open: formOpen, onToggle: () => setFormOpen((open) => !open), openLabel: t('recall.form.open'), closeLabel: t('recall.form.close'), testId: 'slip-new-toggle' } : null}
        notice={{ text: notice, testId: 'recall-notice' }}
      />
      {canMake && formOpen ? (
        <SlipForm
          initialOrderNo={orderNo}
          onMade={(slip) => {
            setNotice(t('recall.form.made', { slipNo: slip.slipNo, orderNo: slip.orderNo }));
            list.reload();
          }}
        />
      ) : null}
      <div className="filter-bar">
        <div className="segmented" role="group" aria-label={t('recall.list.status')}>
          {SHOWN.map((value) => (
            <button
              key={value}
              type="button"
              className={value === show ? 'button button-small button-primary' : 'button button-small'}
              aria-pressed={value === show}
              onClick={() => setParams((current) => withParams(current, { show: value === 'open' ? null : value }, ['new']))}
              data-testid={`slips-show-${value}`}
            >
              {t(`recall.show.${value}`)}
            </button>
          ))}
        </div>
      </div>
      <section className="panel" aria-label={t('recall.list.title')}>
        <LoadStatus error={list.error} loaded={page !== null} onRetry={list.retry} testId="slips-load-error" />
        {page ? (
          <div className="table-scroll">
            <table className="table slips-table" data-testid="slips-table">
              <thead>
                <tr>
                  <th>{t('recall.list.slipNo')}</th>
                  <th>{t('recall.list.order')}</th>
                  <th>{t('recall.list.tracking')}</th>
                  <th>{t('recall.list.reason')}</th>
                  <th>{t('recall.list.madeBy')}</th>
                  <th>{t('recall.list.status')}</th>
                  <th>{t('recall.list.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.length === 0 ? (
                  <tr>
                    <td colSpan={SLIP_COLUMNS} className="muted" data-testid="slips-empty">
                      {t('recall.list.empty')}
                    </td>
                  </tr>
                ) : null}
                {page.items.map((slip) => (
                  <SlipRow
                    key={slip.id}
                    slip={slip}
                    canSign={canSign}
                    onChanged={(changed, message) => {
                      if (message) setNotice(message);
                      list.replace(changed);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <ParcelsPanel canWrite={canMake} />
    </div>
  );
}

function SlipForm({ initialOrderNo, onMade }: { initialOrderNo: string; onMade(slip: RecallSlip): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ orderNo: initialOrderNo, courier: '', reason: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const courier = form.courier.trim();
      const slip = await makeSlip({ orderNo: form.orderNo.trim(), reason: form.reason.trim(), ...(courier ? { courier } : {}) });
      setForm({ orderNo: '', courier: '', reason: '' });
      onMade(slip);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel slip-form" onSubmit={onSubmit} aria-labelledby="slip-form-title" data-testid="slip-form">
      <h2 id="slip-form-title">{t('recall.form.title')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('recall.form.orderNo')}</span>
          <input required autoFocus autoComplete="off" maxLength={32} className="mono" value={form.orderNo} onChange={(e) => setForm((f) => ({ ...f, orderNo: e.target.value }))} data-testid="slip-order-no" />
        </label>
        <label className="field">
          <span>{t('recall.form.courier')}</span>
          <input maxLength={40} value={form.courier} onChange={(e) => setForm((f) => ({ ...f, courier: e.target.value }))} data-testid="slip-courier" />
        </label>
      </div>
      <label className="field">
        <span>{t('recall.form.reason')}</span>
        <textarea required rows={2} maxLength={500} placeholder={t('recall.form.reasonPlaceholder')} value={form.reason} onChange={(e) => setForm((f) => ({ ...f, reason: e.target.value }))} data-testid="slip-reason" />
      </label>
      <FormErrors problem={null} error={error} testId="slip-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="slip-submit">
          {busy ? t('recall.form.submitting') : t('recall.form.submit')}
        </button>
      </div>
    </form>
  );
}
