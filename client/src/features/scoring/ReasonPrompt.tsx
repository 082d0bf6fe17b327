import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';

/**
 * A button that opens a one-line reason and sends it: revoking, dismissing, returning,
 * appealing and deciding all need one (the ledger never changes without a why).
 */
export function ReasonPrompt({
  label,
  reasonLabel,
  onSubmit,
  testId,
  danger = false,
  disabled = false,
}: {
  label: string;
  reasonLabel: string;
  /** Rejects to show the server's message under the field. */
  onSubmit(reason: string): Promise<void>;
  /** `testId` on the button; `-reason`, `-confirm` and `-error` suffixed on the form's parts. */
  testId: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation();
    setError(null);
    setProblem(null);
    if (reason.trim() === '') return setProblem(t('scoring.reason.required'));
    setBusy(true);
    try {
      await onSubmit(reason.trim());
      setOpen(false);
      setReason('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button
        type="button"
        className={danger ? 'button button-small button-danger' : 'button button-small'}
        onClick={() => setOpen(true)}
        disabled={disabled}
        data-testid={testId}
      >
        {label}
      </button>
    );
  }
  return (
    <form className="reason-prompt" onSubmit={submit}>
      <label className="field">
        <span>{reasonLabel}</span>
        <input
          autoFocus
          value={reason}
          maxLength={1000}
          placeholder={t('scoring.reason.placeholder')}
          onChange={(e) => setReason(e.target.value)}
          data-testid={`${testId}-reason`}
        />
      </label>
      <FormErrors problem={problem} error={error} testId={`${testId}-error`} />
      <div className="form-actions">
        <button type="submit" className={danger ? 'button button-small button-danger' : 'button button-small button-primary'} disabled={busy} data-testid={`${testId}-confirm`}>
          {label}
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen(false)} disabled={busy}>
          {t('scoring.reason.cancel')}
        </button>
      </div>
    </form>
  );
}
