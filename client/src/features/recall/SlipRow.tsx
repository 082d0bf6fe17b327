import type { RecallSlip } from '@kefu/shared/schemas/recall';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { receiveSlip, signSlip, slipViewUrl } from './recall.api.ts';

export const SLIP_COLUMNS = 7;

const STATUS_TAG = { issued: 'tag tag-warning', signed: 'tag', received: 'tag tag-success' } as const;

/** One slip: print it (anyone who reads it), record the courier's signature, sign for the parcel (printers). */
export function SlipRow({ slip, canSign, onChanged }: { slip: RecallSlip; canSign: boolean; onChanged(slip: RecallSlip, message: string | null): void }) {
  const { t, i18n } = useTranslation();
  const [signing, setSigning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const byAt = (name: string, at: string) => t('recall.list.byAt', { name, at: formatShopDateTime(at) });

  async function receive() {
    if (!window.confirm(t('recall.receive.confirm'))) return;
    setError(null);
    setBusy(true);
    try {
      const received = await receiveSlip(slip.id, slip.version);
      onChanged(received, t('recall.receive.done', { line: received.registryLine ?? '', orderNo: received.orderNo }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <tr data-testid={`slip-row-${slip.id}`} data-status={slip.status} data-order-no={slip.orderNo} className={slip.status === 'received' ? 'row-inactive' : undefined}>
        <td className="mono nowrap">{slip.slipNo}</td>
        <td>
          <div className="mono">{slip.orderNo}</div>
          <div className="small">{slip.receiverName ?? '—'}</div>
        </td>
        <td>
          <div className="mono">{slip.trackingNo ?? '—'}</div>
          <div className="small muted">{slip.courier ?? ''}</div>
        </td>
        <td className="case-reason">{slip.reason}</td>
        <td className="small">{byAt(slip.createdBy.displayName, slip.createdAt)}</td>
        <td>
          <span className={STATUS_TAG[slip.status]} data-testid="slip-status">
            {t(`recall.status.${slip.status}`)}
          </span>
          {slip.courierName && slip.signedAt ? <div className="small muted">{t('recall.sign.signedBy', { name: slip.courierName, at: formatShopDateTime(slip.signedAt) })}</div> : null}
          {slip.registryLine ? (
            <div className="small" data-testid="slip-registry-line">
              {slip.registryLine}
            </div>
          ) : null}
        </td>
        <td>
          <div className="row-actions">
            <a className="button button-small" href={slipViewUrl(slip.id, 'a4', i18n.language)} target="_blank" rel="noopener" data-testid={`slip-print-${slip.id}`}>
              {t('recall.print')}
            </a>
            <a className="button button-small" href={slipViewUrl(slip.id, 'a5', i18n.language)} target="_blank" rel="noopener">
              {t('recall.printA5')}
            </a>
            {canSign && slip.status === 'issued' && !signing ? (
              <button type="button" className="button button-small" onClick={() => setSigning(true)} data-testid={`slip-sign-${slip.id}`}>
                {t('recall.sign.button')}
              </button>
            ) : null}
            {canSign && slip.status === 'signed' ? (
              <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void receive()} data-testid={`slip-receive-${slip.id}`}>
                {t('recall.receive.button')}
              </button>
            ) : null}
          </div>
          <FormErrors problem={null} error={error} testId={`slip-error-${slip.id}`} />
        </td>
      </tr>
      {signing ? (
        <tr className="row-detail">
          <td colSpan={SLIP_COLUMNS}>
            <SignForm
              slip={slip}
              onCancel={() => setSigning(false)}
              onSigned={(signed) => {
                setSigning(false);
                onChanged(signed, null);
              }}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function SignForm({ slip, onCancel, onSigned }: { slip: RecallSlip; onCancel(): void; onSigned(slip: RecallSlip): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    if (name.trim() === '') return setProblem(t('recall.sign.required'));
    setBusy(true);
    try {
      onSigned(await signSlip(slip.id, slip.version, name.trim()));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid={`slip-sign-form-${slip.id}`}>
      <label className="field field-inline">
        <span>{t('recall.sign.name')}</span>
        <input autoFocus maxLength={32} value={name} onChange={(e) => setName(e.target.value)} data-testid="slip-courier-name" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={busy} data-testid="slip-sign-submit">
          {t('recall.sign.submit')}
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          {t('recall.sign.cancel')}
        </button>
      </div>
      <FormErrors problem={problem} error={error} testId="slip-sign-error" />
    </form>
  );
}
