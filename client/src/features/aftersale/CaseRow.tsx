import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { closeCase } from './aftersale.api.ts';

export const CASE_COLUMNS = 8;

/** One case; an open one can be closed with a note by CASE_WRITERS. */
export function CaseRow({ item, canClose, onClosed }: { item: AfterSaleCase; canClose: boolean; onClosed(closed: AfterSaleCase): void }) {
  const { t } = useTranslation();
  const [closing, setClosing] = useState<{ version: number } | null>(null);
  const byAt = (name: string, at: string) => t('aftersale.list.byAt', { name, at: formatShopDateTime(at) });
  return (
    <>
      <tr data-testid={`case-row-${item.id}`} data-status={item.status} data-order-no={item.orderNo} className={item.status === 'closed' ? 'row-inactive' : undefined}>
        <td className="mono">
          <Link to={`/console/aftersale?case=${item.id}`} data-testid={`case-open-${item.id}`}>
            #{item.id}
          </Link>
        </td>
        <td>
          <span className={`tag case-kind case-kind-${item.kind}`}>{t(`aftersale.kinds.${item.kind}`)}</span>
        </td>
        <td className="mono">{item.orderNo}</td>
        <td className="nowrap">{item.buyerId}</td>
        <td className="case-reason">{item.reason}</td>
        <td className="nowrap small">{byAt(item.openedBy.displayName, item.openedAt)}</td>
        <td>
          <span className={item.status === 'closed' || item.status === 'rejected' ? 'tag tag-success' : 'tag tag-warning'} data-testid="case-status">
            {t(`aftersale.status.${item.status}`)}
          </span>
          {item.status === 'closed' && item.closedBy && item.closedAt ? (
            <div className="small muted nowrap">{byAt(item.closedBy.displayName, item.closedAt)}</div>
          ) : null}
          {item.closeNote ? (
            <div className="small" data-testid="case-close-note">
              {item.closeNote}
            </div>
          ) : null}
        </td>
        <td>
          {canClose && item.status === 'open' && !closing ? (
            <button type="button" className="button button-small" onClick={() => setClosing({ version: item.version })} data-testid={`case-close-${item.id}`}>
              {t('aftersale.close.button')}
            </button>
          ) : null}
        </td>
      </tr>
      {closing ? (
        <tr className="row-detail">
          <td colSpan={CASE_COLUMNS}>
            <CloseForm
              id={item.id}
              version={closing.version}
              onCancel={() => setClosing(null)}
              onClosed={(closed) => {
                setClosing(null);
                onClosed(closed);
              }}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function CloseForm({ id, version, onCancel, onClosed }: { id: number; version: number; onCancel(): void; onClosed(closed: AfterSaleCase): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const testId = `case-close-${id}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    if (note.trim() === '') return setProblem(t('aftersale.close.required'));
    setBusy(true);
    try {
      // The version seen when closing began: a colleague's close meanwhile answers 409.
      onClosed(await closeCase(id, { version, note: note.trim() }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <form
      className="reason-prompt"
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <label className="field">
        <span>{t('aftersale.close.note')}</span>
        <input
          autoFocus
          maxLength={500}
          placeholder={t('aftersale.close.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid={`${testId}-note`}
        />
      </label>
      <FormErrors problem={problem} error={error} testId={`${testId}-error`} />
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={busy} data-testid={`${testId}-confirm`}>
          {busy ? t('aftersale.close.closing') : t('aftersale.close.confirm')}
        </button>
        <button type="button" className="button button-small" onClick={onCancel} disabled={busy}>
          {t('aftersale.close.back')}
        </button>
      </div>
    </form>
  );
}
