import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { ReasonPrompt } from './ReasonPrompt.tsx';
import { addAppealMessage, decideAppeal, getAppeal } from './scoring.api.ts';
import type { AppealThread as Thread } from './scoring.types.ts';

interface Props {
  entryId: number;
  /** The charged person and supervisors may write while the appeal is open. */
  canWrite: boolean;
  /** Supervisors decide: uphold, or revoke the entry. */
  canDecide: boolean;
  onDecided?(thread: Thread): void;
}

/** One appeal: the appeal, the messages both sides wrote, and the decision. */
export function AppealThread({ entryId, canWrite, canDecide, onDecided }: Props) {
  const { t } = useTranslation();
  const [thread, setThread] = useState<Thread | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const load = useCallback(() => {
    setLoadError(null);
    getAppeal(entryId).then(setThread, setLoadError);
  }, [entryId]);
  useEffect(load, [load]);

  if (loadError) return <ApiErrorMessage error={loadError} testId={`appeal-thread-error-${entryId}`} />;
  if (!thread) return <p className="muted">{t('app.loading')}</p>;

  const open = thread.status === 'open';
  return (
    <div className="appeal-thread" data-testid={`appeal-thread-${entryId}`} data-status={thread.status}>
      <div className="appeal-thread-head">
        <strong>{t('scoring.appeals.thread')}</strong>
        <span className={open ? 'tag tag-warning' : 'tag'} data-testid="appeal-status">
          {t(`scoring.appeals.status.${thread.status}`)}
        </span>
      </div>
      <ol className="messages">
        {thread.messages.map((message) => (
          <li key={message.id} className={`message message-${message.kind}`} data-testid="appeal-message" data-kind={message.kind}>
            <div className="message-meta">
              <strong>{message.authorName}</strong>
              <span className="muted small">{formatShopDateTime(message.at)}</span>
              {message.kind === 'appeal' ? <span className="tag tag-warning">{t('myScore.appeal')}</span> : null}
              {message.kind === 'decision' ? <span className="tag">{t('scoring.appeals.supervisorAnswer')}</span> : null}
            </div>
            <div className="message-text">{message.text}</div>
          </li>
        ))}
      </ol>
      {open && canWrite ? <MessageBox entryId={entryId} onSent={setThread} /> : null}
      {open && canDecide ? (
        <div className="row-actions">
          {(['uphold', 'revoke'] as const).map((decision) => (
            <ReasonPrompt
              key={decision}
              label={t(`scoring.appeals.${decision}`)}
              reasonLabel={t('scoring.appeals.decisionReason')}
              danger={decision === 'revoke'}
              testId={`appeal-${decision}-${entryId}`}
              onSubmit={async (reason) => {
                const decided = await decideAppeal(entryId, decision, reason);
                setThread(decided);
                onDecided?.(decided);
              }}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function MessageBox({ entryId, onSent }: { entryId: number; onSent(thread: Thread): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      onSent(await addAppealMessage(entryId, text.trim()));
      setText('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="message-box" onSubmit={send}>
      {error ? <ApiErrorMessage error={error} /> : null}
      <input
        value={text}
        maxLength={1000}
        placeholder={t('scoring.appeals.messageHint')}
        onChange={(e) => setText(e.target.value)}
        data-testid={`appeal-message-input-${entryId}`}
      />
      <button type="submit" className="button button-small" disabled={busy || text.trim() === ''} data-testid={`appeal-message-send-${entryId}`}>
        {t('scoring.appeals.send')}
      </button>
    </form>
  );
}
