import type { Buyer } from '@kefu/shared/schemas/chat';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { BuyerChatStore } from './buyer-chat.store.ts';
import { ImageLightbox } from './ImageLightbox.tsx';
import { ImagePicker } from './ImagePicker.tsx';
import { MessageBubble, PendingBubbles } from './MessageBubble.tsx';
import { pendingItems } from './pending.ts';
import { useStore } from './store.ts';
import { useNow } from './useNow.ts';
import { useStickToBottom } from './useStickToBottom.ts';
import { SurveyCard } from '../satisfaction/SurveyCard.tsx';

/** The chat itself, once the buyer has said who they are. A store per buyer, for the page's life. */
export type BuyerChatEnd = { reason: 'left' | 'lost'; draft: string };

export function BuyerChat({ buyer, initialDraft = '', onEnded }: { buyer: Buyer; initialDraft?: string; onEnded(end: BuyerChatEnd): void }) {
  const [store, setStore] = useState<BuyerChatStore | null>(null);
  useEffect(() => {
    const created = new BuyerChatStore(buyer.buyerId);
    setStore(created);
    return () => created.close();
  }, [buyer.buyerId]);
  if (!store) return null;
  return <BuyerChatView store={store} initialDraft={initialDraft} onEnded={onEnded} />;
}

function BuyerChatView({ store, initialDraft, onEnded }: { store: BuyerChatStore; initialDraft: string; onEnded(end: BuyerChatEnd): void }) {
  const { t } = useTranslation();
  const state = useStore(store);
  const now = useNow(30_000);
  const [draft, setDraft] = useState(initialDraft);
  const [lightbox, setLightbox] = useState<string | null>(null);

  // The text being typed goes back with the buyer to the start form (messages already sent
  // but not acked stay in the outbox's storage and are sent again after the restart).
  useEffect(() => {
    if (state.ended) onEnded({ reason: state.ended, draft });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the session ends
  }, [state.ended, onEnded]);

  useEffect(() => {
    const onVisible = () => store.markRead();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [store]);

  const pending = pendingItems(state.uploads, state.outbox, state.messages, { imageUrl: store.imageUrl, previews: state.previews });
  const stick = useStickToBottom([state.messages.length, pending.length, state.shopTyping]);
  const list = useRef<HTMLDivElement | null>(null);
  const scroller = useCallback(
    (el: HTMLDivElement | null) => {
      list.current = el;
      stick(el);
    },
    [stick],
  );
  /** The list's height before older messages were put above, to keep the reader's place. */
  const beforeOlder = useRef<number | null>(null);
  const conversation = state.conversation;
  const first = state.messages[0];
  const firstKey = first ? `${first.conversationId}:${first.seq}` : '';

  function loadOlder() {
    const el = list.current;
    if (!el || !state.hasOlder || state.loadingOlder) return;
    beforeOlder.current = el.scrollHeight;
    void store.loadOlder();
  }

  // Older messages went in above: the ones read stay where they were on the screen.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el || beforeOlder.current === null) return;
    el.scrollTop += el.scrollHeight - beforeOlder.current;
    beforeOlder.current = null;
  }, [firstKey]);

  // Scrolling up to the top loads the page before; so does a list too short to scroll.
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const onScroll = () => {
      if (el.scrollTop < 80) loadOlder();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    if (el.scrollHeight <= el.clientHeight) loadOlder();
    return () => el.removeEventListener('scroll', onScroll);
  });

  function send() {
    if (!draft.trim()) return;
    store.sendText(draft);
    setDraft('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends; Shift+Enter and an input method's composing Enter do not.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  let status: string;
  if (state.connection !== 'online') status = state.connection === 'connecting' ? t('buyerChat.connecting') : t('buyerChat.offline');
  else if (!conversation) status = t('buyerChat.welcomeStatus');
  else if (conversation.status === 'queued')
    status =
      conversation.queuePosition === null
        ? t('buyerChat.queued')
        : conversation.queuePosition === 1
          ? t('buyerChat.queuedNext')
          : t('buyerChat.queuedPosition', { ahead: conversation.queuePosition - 1 });
  else if (conversation.status === 'closed') status = t('buyerChat.closedStatus');
  else status = conversation.agentName ? t('buyerChat.servedBy', { name: conversation.agentName }) : t('buyerChat.welcomeStatus');

  return (
    <div className="buyer-chat" data-testid="buyer-chat" data-connection={state.connection}>
      <div className={`buyer-status${state.connection === 'online' ? '' : ' buyer-status-offline'}`} role="status" data-testid="buyer-status">
        {status}
      </div>
      {state.error ? <ApiErrorMessage error={state.error} /> : null}
      <div className="chat-messages buyer-messages" ref={scroller} data-testid="buyer-messages">
        {state.hasOlder ? (
          <button type="button" className="button button-small buyer-older" onClick={loadOlder} disabled={state.loadingOlder} data-testid="buyer-older">
            {state.loadingOlder ? t('buyerChat.loadingOlder') : t('buyerChat.loadOlder')}
          </button>
        ) : null}
        {state.loaded && state.messages.length === 0 && pending.length === 0 ? <p className="chat-empty muted">{t('buyerChat.empty')}</p> : null}
        {state.messages.map((message) => {
          const mine = message.from === 'buyer';
          const read = conversation && message.conversationId === conversation.id ? message.seq <= conversation.staffReadSeq : true;
          return (
            <MessageBubble
              key={`${message.conversationId}:${message.seq}`}
              testId={`message-${message.clientId}`}
              seq={message.seq}
              mine={mine}
              senderName={mine ? null : (message.senderName ?? t('buyerChat.shop'))}
              kind={message.kind}
              text={message.text}
              imageUrl={message.imageId ? store.imageUrl(message.imageId) : null}
              createdAt={message.createdAt}
              now={now}
              mark={mine ? (read ? 'read' : 'unread') : null}
              onOpenImage={setLightbox}
            />
          );
        })}
        <PendingBubbles
          items={pending}
          senderName={null}
          now={now}
          onRetry={(clientId) => store.retry(clientId)}
          onDiscard={(clientId) => store.discard(clientId)}
          onOpenImage={setLightbox}
        />
        {conversation?.status === 'closed' ? <p className="chat-system-note">{t('buyerChat.closed')}</p> : null}
        {conversation?.status === 'closed' ? <SurveyCard key={conversation.id} conversationId={conversation.id} /> : null}
      </div>
      <div className="typing-line" aria-live="polite" data-testid="buyer-shop-typing">
        {state.shopTyping ? t('buyerChat.typing') : ''}
      </div>
      <div className="composer buyer-composer">
        <ImagePicker testIdPrefix="buyer" onSend={(file, mime) => store.sendImage(file, mime)} />
        <textarea
          rows={1}
          value={draft}
          maxLength={2000}
          placeholder={t('buyerChat.placeholder')}
          onChange={(e) => {
            setDraft(e.target.value);
            store.typing();
          }}
          onKeyDown={onKeyDown}
          aria-label={t('buyerChat.placeholder')}
          data-testid="buyer-input"
        />
        <button type="button" className="button button-primary" onClick={send} disabled={!draft.trim()} data-testid="buyer-send">
          {t('buyerChat.send')}
        </button>
      </div>
      <ImageLightbox url={lightbox} onClose={() => setLightbox(null)} />
    </div>
  );
}
