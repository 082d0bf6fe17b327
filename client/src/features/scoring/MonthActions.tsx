import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { printPaper } from './PrintableRegister.tsx';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { ReasonPrompt } from './ReasonPrompt.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { approveMonth, getMonth, monthCsvUrl, reopenMonth, returnMonth, settleMonth, submitMonth } from './scoring.api.ts';
import { formatFen } from '../../lib/money.ts';
import type { MonthSheet } from './scoring.types.ts';
import { Notice } from '../../lib/PageHeader.tsx';
import { formatShopMonth } from '../../lib/time.ts';
import { monthWord } from './labels.ts';

const POLL_MS = 1_000;
const POLL_LIMIT = 120;

/** The worker has written a new draft since `before` (the settle request answered 202 at once). */
function settledSince(before: MonthSheet, now: MonthSheet): boolean {
  if (now.status !== 'draft') return now.status !== before.status;
  return now.version !== before.version || now.settledAt !== before.settledAt || before.status !== 'draft';
}

interface Props {
  sheet: MonthSheet;
  canSettle: boolean;
  canApprove: boolean;
  /** A new sheet from an action, or null to reload everything. */
  onChanged(sheet: MonthSheet | null, notice: string): void;
}

/** The month's status and what the signed-in person may do with it now. */
export function MonthActions({ sheet, canSettle, canApprove, onChanged }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'settle' | 'submit' | 'approve' | null>(null);
  /** Submit and approve ask first, showing the month's totals. */
  const [confirming, setConfirming] = useState<'submit' | 'approve' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [settleNotice, setSettleNotice] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const month = sheet.month;
  const open = sheet.status === 'none' || sheet.status === 'draft';

  async function settle() {
    setBusy('settle');
    setError(null);
    const before = sheet;
    try {
      await settleMonth(month);
      setSettleNotice(t('scoring.settleQueued'));
      for (let i = 0; i < POLL_LIMIT && alive.current; i++) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (!alive.current) return;
        const now = await getMonth(month);
        if (settledSince(before, now)) {
          setSettleNotice(null);
          onChanged(now, t('scoring.settleDone'));
          return;
        }
      }
      if (alive.current) setSettleNotice(t('scoring.settleSlow'));
    } catch (caught) {
      if (alive.current) {
        setSettleNotice(null);
        setError(caught);
      }
    } finally {
      if (alive.current) setBusy(null);
    }
  }

  const totals = {
    month,
    people: sheet.staff.length,
    pay: formatFen(sheet.staff.reduce((sum, row) => sum + row.payFen, 0)),
    net: formatFen(sheet.staff.reduce((sum, row) => sum + row.netFen, 0)),
    fund: formatFen(sheet.activityFundFen),
  };

  async function run(kind: 'submit' | 'approve') {
    setConfirming(null);
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'submit') onChanged(await submitMonth(month), t('scoring.submitted'));
      else onChanged(await approveMonth(month), t('scoring.approved', { month }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="month-actions" data-testid="month-actions">
      <div className="month-status">
        <StatusBadge status={sheet.status} testId="month-status" />
        <span className="muted small">{t(`scoring.statusHint.${sheet.status}`, { when: monthWord(sheet.month, formatShopMonth(new Date()), t) })}</span>
      </div>
      {sheet.status === 'draft' && sheet.returnReason ? (
        <div className="notice notice-warning" data-testid="month-returned">
          {t('scoring.returnedBecause', { reason: sheet.returnReason })}
        </div>
      ) : null}
      {sheet.status === 'draft' && sheet.reopenReason && sheet.reopenedAt && (!sheet.returnedAt || sheet.reopenedAt > sheet.returnedAt) ? (
        <div className="notice notice-warning" data-testid="month-reopened">
          {t('scoring.reopenedBecause', { reason: sheet.reopenReason })}
        </div>
      ) : null}
      {confirming ? (
        <div className="notice notice-warning confirm-box" role="alertdialog" data-testid={`month-${confirming}-confirm-box`}>
          <p>{t(confirming === 'submit' ? 'scoring.confirmSubmit' : 'scoring.confirmApprove', totals)}</p>
          <div className="row-actions">
            <button type="button" className="button button-primary" onClick={() => void run(confirming)} data-testid={`month-${confirming}-confirm`}>
              {t('scoring.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)} data-testid={`month-${confirming}-cancel`}>
              {t('scoring.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {canSettle && sheet.status === 'draft' && sheet.stale ? (
        <div className="notice notice-warning" data-testid="month-stale">
          {t('scoring.stale')}
        </div>
      ) : null}
      {canSettle && open && sheet.proposals > 0 ? (
        <div className="notice notice-warning" data-testid="month-proposals-waiting">
          {t('scoring.submitBlocked', { count: sheet.proposals })}
        </div>
      ) : null}
      {settleNotice ? (
        <Notice testId="settle-notice">
          {settleNotice}
        </Notice>
      ) : null}
      {error ? <ApiErrorMessage error={error} testId="month-action-error" /> : null}
      <div className="row-actions no-print">
        {canSettle && open ? (
          <button type="button" className="button" onClick={() => void settle()} disabled={busy !== null} data-testid="month-settle">
            {busy === 'settle' ? t('scoring.settling') : sheet.status === 'none' ? t('scoring.settle') : t('scoring.resettle')}
          </button>
        ) : null}
        {canSettle && sheet.status === 'draft' ? (
          <button
            type="button"
            className="button button-primary"
            onClick={() => setConfirming('submit')}
            disabled={busy !== null || sheet.proposals > 0 || confirming !== null}
            data-testid="month-submit"
          >
            {t('scoring.submit')}
          </button>
        ) : null}
        {canApprove && sheet.status === 'submitted' ? (
          <>
            <button type="button" className="button button-primary" onClick={() => setConfirming('approve')} disabled={busy !== null || confirming !== null} data-testid="month-approve">
              {t('scoring.approve')}
            </button>
            <ReasonPrompt
              label={t('scoring.return')}
              reasonLabel={t('scoring.returnReason')}
              danger
              disabled={busy !== null}
              testId="month-return"
              onSubmit={async (reason) => onChanged(await returnMonth(month, reason), t('scoring.returned'))}
            />
          </>
        ) : null}
        {canApprove && sheet.status === 'approved' ? (
          <ReasonPrompt
            label={t('scoring.reopen')}
            reasonLabel={t('scoring.reopenReason')}
            danger
            disabled={busy !== null}
            testId="month-reopen"
            onSubmit={async (reason) => onChanged(await reopenMonth(month, reason), t('scoring.reopened', { month }))}
          />
        ) : null}
        {sheet.status !== 'none' ? (
          <a className="button" href={monthCsvUrl(month)} download data-testid="month-csv">
            {t('scoring.exportCsv')}
          </a>
        ) : null}
        {sheet.staff.length > 0 ? (
          <>
            <button type="button" className="button" onClick={() => printPaper('sheet')} data-testid="month-print">
              {t('scoring.printButton')}
            </button>
            <button type="button" className="button" onClick={() => printPaper('register')} data-testid="month-print-register">
              {t('scoring.register.printButton')}
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
