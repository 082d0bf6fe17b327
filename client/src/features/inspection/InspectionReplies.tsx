import type { Inspection } from '@kefu/shared/schemas/inspection';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { replyToInspection } from './inspection.api.ts';

/** The thread under a published inspection: the agent answers, the supervisor answers back. */
export function InspectionReplies({ inspection, onChanged }: { inspection: Inspection; onChanged(next: Inspection): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await replyToInspection(inspection.id, text));
      setText('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="inspection-replies" data-testid="inspection-replies">
      <h3 className="small-title">{t('inspection.replies.title')}</h3>
      {inspection.replies.length === 0 ? <p className="muted">{t('inspection.replies.empty')}</p> : null}
      <ul className="messages">
        {inspection.replies.map((r) => (
          <li key={r.id} className="message" data-testid="inspection-reply">
            <div className="message-meta">
              <strong>{r.authorName}</strong>
              <span className="muted small">{formatShopDateTime(r.at)}</span>
            </div>
            <div className="message-text">{r.text}</div>
          </li>
        ))}
      </ul>
      <form
        className="inspection-reply-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label className="field">
          <span>{t('inspection.replies.label')}</span>
          <textarea rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid="inspection-reply-text" />
        </label>
        <button type="submit" className="button button-primary" disabled={busy || text.trim() === ''} data-testid="inspection-reply-send">
          {busy ? t('inspection.replies.sending') : t('inspection.replies.send')}
        </button>
      </form>
      {error ? <ApiErrorMessage error={error} testId="inspection-reply-error" /> : null}
    </section>
  );
}
