import type { Alert } from '@kefu/shared/schemas/alerts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { useNow } from '../chat/useNow.ts';
import { claimAlert, finishAlert } from './tracking.api.ts';

/**
 * One alert of the channel, as 订单跟踪 and 仓库 show it: what is asked, by whom, how long
 * ago; claim, then done with the reply (and, for the warehouse, what was wrong in it).
 */
export function AlertRow({ alert, marked = false, mayHandle, onChanged, onPrint }: { alert: Alert; marked?: boolean; mayHandle: boolean; onChanged(): void; onPrint(): void }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const now = useNow(30_000);
  const [reply, setReply] = useState('');
  // Warehouse requests only (rule 12): the clerk says what was wrong in the request's information (G12).
  const [wrong, setWrong] = useState(false);
  const [wrongInfo, setWrongInfo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ageMinutes = Math.max(0, Math.round((now.getTime() - new Date(alert.createdAt).getTime()) / 60_000));
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work().then(
      () => {
        setBusy(false);
        onChanged();
      },
      (caught: unknown) => {
        setBusy(false);
        setError(caught);
      },
    );
  };
  const mine = alert.claimedBy?.id === user.id || user.roles.includes('supervisor');
  return (
    <li className={`alert-row${alert.urgent ? ' alert-urgent' : ''}${marked ? ' record-marked' : ''}`} aria-current={marked ? 'true' : undefined} data-testid={`alert-${alert.id}`} data-order-no={alert.orderNo} data-status={alert.status}>
      <div className="alert-row-head">
        {alert.urgent ? <span className="tag tag-danger">{t('tracking.urgent')}</span> : null}
        <span className="tag">{t(`tracking.kinds.${alert.kind}`)}</span>
        <span className="mono small">{alert.orderNo}</span>
        <span className="small">{alert.buyerId}</span>
        <span className="muted small">{t('tracking.age', { minutes: ageMinutes })}</span>
        {alert.escalatedAt ? <span className="tag tag-warning">{t('tracking.escalated')}</span> : null}
        {alert.flaggedAt ? <span className="tag tag-warning">{t('tracking.flagged')}</span> : null}
      </div>
      <div className="alert-summary" data-testid="alert-summary">
        {alert.summary}
      </div>
      {alert.noteText ? <div className="history-note small">{alert.noteText}</div> : null}
      <div className="small muted">
        {t('tracking.askedBy', { name: alert.requestedBy.displayName, at: formatShopDateTime(alert.createdAt) })}
        {alert.claimedBy ? ` · ${t('tracking.claimedBy', { name: alert.claimedBy.displayName })}` : ''}
      </div>
      {alert.status === 'done' ? (
        <div className="alert-reply" data-testid="alert-reply">
          <strong>{t('tracking.replyBy', { name: alert.doneBy?.displayName ?? '' })}</strong> {alert.reply}
        </div>
      ) : null}
      {alert.wrongInfo ? (
        <div className="notice notice-error small" data-testid="alert-wrong-info-text">
          {t('warehouse.wrongInfoShown', { what: alert.wrongInfo })}
        </div>
      ) : null}
      <div className="alert-actions">
        {alert.status === 'open' && mayHandle ? (
          <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => act(() => claimAlert(alert.id))} data-testid="alert-claim">
            {t('tracking.claim')}
          </button>
        ) : null}
        {alert.status === 'claimed' && mayHandle && mine ? (
          <form
            className="alert-done"
            onSubmit={(event) => {
              event.preventDefault();
              act(() => finishAlert(alert.id, reply, wrong && alert.audience === 'warehouse' ? wrongInfo : undefined));
            }}
          >
            <input required maxLength={500} placeholder={t('tracking.replyPlaceholder')} value={reply} onChange={(e) => setReply(e.target.value)} data-testid="alert-reply-input" aria-label={t('tracking.reply')} />
            {alert.audience === 'warehouse' ? (
              <>
                <label className="checkbox small">
                  <input type="checkbox" checked={wrong} onChange={(e) => setWrong(e.target.checked)} data-testid="alert-wrong-info" />
                  <span>{t('warehouse.wrongInfo')}</span>
                </label>
                {wrong ? (
                  <input required maxLength={300} placeholder={t('warehouse.wrongInfoPlaceholder')} value={wrongInfo} onChange={(e) => setWrongInfo(e.target.value)} data-testid="alert-wrong-info-input" aria-label={t('warehouse.wrongInfo')} />
                ) : null}
              </>
            ) : null}
            <button type="submit" className="button button-primary button-small" disabled={busy || reply.trim() === '' || (wrong && wrongInfo.trim() === '')} data-testid="alert-done">
              {t('tracking.done')}
            </button>
          </form>
        ) : null}
        {alert.requestedBy.id === user.id && alert.status !== 'done' ? (
          <button type="button" className="button button-small" onClick={onPrint} data-testid="alert-print-slip">
            {t('tracking.printSlip')}
          </button>
        ) : null}
      </div>
      {error ? (
        claimedByOther(error) ? (
          <div className="notice notice-error" role="alert" data-testid="alert-error">
            {t('tracking.claimedByOther', { name: claimedByOther(error) })}
          </div>
        ) : (
          <ApiErrorMessage error={error} testId="alert-error" />
        )
      ) : null}
    </li>
  );
}

/** A lost claim race names who has the alert (409 error.details.claimedBy): shown in the reader's language. */
function claimedByOther(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const details = error.details as { claimedBy?: { displayName?: string } | null } | undefined;
  return details?.claimedBy?.displayName ?? null;
}
