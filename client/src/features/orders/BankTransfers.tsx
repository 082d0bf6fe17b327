import type { BankTransfer, TransferStatus } from '@kefu/shared/schemas/bank-transfers';
import type { Order } from '@kefu/shared/schemas/orders';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatFen, parseYuanToFen } from '../../lib/money.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime, shopDateTimeInput, shopWallTimeToIso } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { useNow } from '../chat/useNow.ts';
import { attachProof, cancelTransfer, confirmTransfer, enterTransfer, listTransfers, proofUrl } from './transfers.api.ts';

const KEEPERS = ['supervisor', 'presale'] as const;
const TABS: TransferStatus[] = ['pending', 'confirmed', 'cancelled'];

/** 银行转账明细表: pending transfers with their age until confirmed or cancelled (售前 ⑦). */
export function BankTransfersPanel() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const now = useNow(60_000);
  const [tab, setTab] = useState<TransferStatus>('pending');
  const [transfers, setTransfers] = useState<BankTransfer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    listTransfers(tab).then((list) => {
      setTransfers(list.transfers);
      setError(null);
    }, setError);
  }, [tab]);
  useEffect(load, [load]);
  useRefetchOn('transfer:changed', () => true, load);
  if (!hasAnyRole(user.roles, KEEPERS)) return null;

  const act = (work: Promise<unknown>) => work.then(load, setError);
  const age = (ms: number) => {
    const minutes = Math.max(0, Math.floor(ms / 60_000));
    return minutes < 60 ? t('transfers.ageMinutes', { minutes }) : t('transfers.ageValue', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  };
  return (
    <section className="panel transfers" data-testid="transfers-panel" aria-label={t('transfers.title')}>
      <h2 className="small-title">{t('transfers.title')}</h2>
      <div className="tracking-tabs" role="tablist">
        {TABS.map((status) => (
          <button key={status} type="button" role="tab" aria-selected={tab === status} className={`button button-small${tab === status ? ' button-primary' : ''}`} onClick={() => setTab(status)} data-testid={`transfers-tab-${status}`}>
            {t(`transfers.status.${status}`)}
          </button>
        ))}
      </div>
      {error ? <ApiErrorMessage error={error} testId="transfers-error" /> : null}
      {transfers && transfers.length === 0 ? <p className="muted small">{t('transfers.empty')}</p> : null}
      <div className="table-scroll">
        <table className="table transfers-table">
          <thead>
            <tr>
              <th>{t('transfers.order')}</th>
              <th>{t('transfers.payer')}</th>
              <th>{t('transfers.amount')}</th>
              <th>{t('transfers.time')}</th>
              <th>{t('transfers.enteredBy')}</th>
              <th>{tab === 'pending' ? t('transfers.age') : t('transfers.settledBy')}</th>
              <th>{t('transfers.proof')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {transfers?.map((transfer) => (
              <tr key={transfer.id} data-testid={`transfer-${transfer.id}`} data-order-no={transfer.orderNo}>
                <td className="mono small">
                  {transfer.orderNo}
                  <div className="muted small">{transfer.buyerId}</div>
                </td>
                <td>{transfer.payer}</td>
                <td className="nowrap">
                  {formatFen(transfer.amountFen)}
                  {transfer.amountFen !== transfer.orderTotalFen ? (
                    <div className="tag tag-warning" data-testid="transfer-mismatch">
                      {t('transfers.mismatch', { total: formatFen(transfer.orderTotalFen) })}
                    </div>
                  ) : null}
                </td>
                <td className="nowrap small">{formatShopDateTime(transfer.transferredAt)}</td>
                <td className="small">{transfer.enteredBy.displayName}</td>
                <td className="small">
                  {tab === 'pending'
                    ? age(now.getTime() - new Date(transfer.enteredAt).getTime())
                    : `${transfer.settledBy?.displayName ?? ''}${transfer.cancelReason ? `：${transfer.cancelReason}` : ''}`}
                </td>
                <td>
                  {transfer.hasProof ? (
                    <a href={proofUrl(transfer.id)} target="_blank" rel="noreferrer" data-testid="transfer-proof">
                      {t('transfers.viewProof')}
                    </a>
                  ) : (
                    <span className="muted small">{t('transfers.noProof')}</span>
                  )}
                </td>
                <td className="nowrap">
                  {transfer.status === 'pending' ? (
                    <>
                      {user.roles.includes('supervisor') ? (
                        <button type="button" className="button button-primary button-small" disabled={!transfer.hasProof} onClick={() => void act(confirmTransfer(transfer))} data-testid="transfer-confirm">
                          {t('transfers.confirm')}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => {
                          const reason = window.prompt(t('transfers.cancelReason'));
                          if (reason && reason.trim()) void act(cancelTransfer(transfer, reason.trim()));
                        }}
                        data-testid="transfer-cancel"
                      >
                        {t('transfers.cancel')}
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** On an unpaid order's detail: enter the buyer's bank transfer with its proof (pre-sale, 售前 ⑦). */
export function BankTransferForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [open, setOpen] = useState(false);
  const [payer, setPayer] = useState('');
  const [amount, setAmount] = useState('');
  const [when, setWhen] = useState(() => shopDateTimeInput(new Date()));
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (order.status !== 'unpaid' || !hasAnyRole(user.roles, KEEPERS)) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountFen = parseYuanToFen(amount);
    const transferredAt = shopWallTimeToIso(when);
    if (!payer.trim()) return setProblem(t('transfers.problems.payer'));
    if (amountFen === null || amountFen <= 0) return setProblem(t('transfers.problems.amount'));
    if (!transferredAt) return setProblem(t('transfers.problems.time'));
    if (!file) return setProblem(t('transfers.problems.proof'));
    setProblem(null);
    setBusy(true);
    setError(null);
    enterTransfer(order.orderNo, { payer: payer.trim(), amountFen, transferredAt })
      .then((transfer) => attachProof(transfer.id, file))
      .then(
        () => {
          setBusy(false);
          setDone(true);
          setOpen(false);
        },
        (caught: unknown) => {
          setBusy(false);
          setError(caught);
        },
      );
  };

  if (!open) {
    return (
      <div className="transfer-enter">
        {done ? (
          <p className="notice notice-success small" role="status" data-testid="transfer-entered">
            {t('transfers.entered')}
          </p>
        ) : null}
        <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid="transfer-open">
          {t('transfers.open')}
        </button>
      </div>
    );
  }
  return (
    <form className="transfer-enter stack" onSubmit={submit} data-testid="transfer-form">
      <h3 className="small-title">{t('transfers.formTitle')}</h3>
      <label className="field">
        <span>{t('transfers.payer')}</span>
        <input maxLength={40} value={payer} onChange={(e) => setPayer(e.target.value)} data-testid="transfer-payer" />
      </label>
      <label className="field">
        <span>{t('transfers.amountYuan')}</span>
        <input inputMode="decimal" value={amount} placeholder={t('transfers.amountPlaceholder', { total: formatFen(order.totalFen) })} onChange={(e) => setAmount(e.target.value)} data-testid="transfer-amount" />
      </label>
      <label className="field">
        <span>{t('transfers.time')}</span>
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} data-testid="transfer-time" />
      </label>
      <label className="field">
        <span>{t('transfers.proof')}</span>
        <input type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="transfer-file" />
      </label>
      {problem ? (
        <p className="notice notice-error small" role="alert">
          {problem}
        </p>
      ) : null}
      {error ? <ApiErrorMessage error={error} testId="transfer-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy} data-testid="transfer-submit">
          {t('transfers.submit')}
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen(false)}>
          {t('changes.back')}
        </button>
      </div>
    </form>
  );
}
