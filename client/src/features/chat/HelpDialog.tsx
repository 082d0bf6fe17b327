import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import type { WorkspaceStore } from './workspace.store.ts';

/** The agent asks the supervisor for help in their chat and keeps it (issue 11); the note is for staff only. */
export function HelpDialog(props: { store: WorkspaceStore; conversationId: number; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      await props.store.askForHelp(props.conversationId, note.trim());
      props.onDone();
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <form className="transfer-dialog panel" onSubmit={onSubmit} aria-labelledby="help-title" data-testid="help-dialog">
      <h2 id="help-title">{t('chat.help.title')}</h2>
      <FormErrors problem={null} error={error} testId="help-error" />
      <label className="field">
        <span>{t('chat.help.note')}</span>
        <textarea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('chat.help.notePlaceholder')} data-testid="help-note" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submitting} data-testid="help-submit">
          {submitting ? t('chat.help.submitting') : t('chat.help.submit')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('chat.help.cancel')}
        </button>
      </div>
    </form>
  );
}
