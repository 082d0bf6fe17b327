import type { ChatMessage } from '@kefu/shared/schemas/chat';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { staffImageUrl } from '../chat/chat.api.ts';
import { chatMessagePath } from '../chat/deep-link.ts';
import { MessageBubble } from '../chat/MessageBubble.tsx';
import { transcriptOf } from './inspection.api.ts';

/** The inspected conversation, read-only, beside the checklist; each message links into the chat history. */
export function Transcript({ conversationId }: { conversationId: number }) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const now = new Date();

  useEffect(() => {
    let cancelled = false;
    setError(null);
    transcriptOf(conversationId).then(
      (page) => !cancelled && setMessages(page.messages),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [conversationId, reload]);

  return (
    <section className="panel inspection-transcript" aria-label={t('inspection.form.transcript')} data-testid="inspection-transcript">
      <div className="inspection-pane-head">
        <h2 className="small-title">{t('inspection.form.transcript')}</h2>
        <Link to={chatMessagePath(conversationId)} data-testid="inspection-open-chat">
          {t('inspection.form.openChat')}
        </Link>
      </div>
      <LoadStatus error={error} loaded={messages !== null} onRetry={() => setReload((n) => n + 1)} />
      {messages && messages.length === 0 ? <p className="muted">{t('inspection.form.transcriptEmpty')}</p> : null}
      {messages && messages.length > 0 ? (
        <div className="chat-messages inspection-messages">
          {messages.map((m) => (
            <MessageBubble
              key={m.id}
              mine={m.sender === 'staff'}
              senderName={m.sender === 'staff' ? m.staffName : null}
              kind={m.kind}
              text={m.text}
              imageUrl={m.imageId ? staffImageUrl(m.imageId) : null}
              createdAt={m.createdAt}
              now={now}
              mark={null}
              onOpenImage={(url) => window.open(url, '_blank', 'noopener')}
              testId="inspection-message"
              seq={m.seq}
            />
          ))}
        </div>
      ) : null}
    </section>
  );
}
