import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import type { Draft } from './ChatWorkspace.tsx';
import { ImageLightbox } from './ImageLightbox.tsx';
import { MessageBubble, PendingBubbles } from './MessageBubble.tsx';
import { pendingItems } from './pending.ts';
import { StaffComposer } from './StaffComposer.tsx';
import { TransferDialog } from './TransferDialog.tsx';
import { HelpDialog } from './HelpDialog.tsx';
import { useStickToBottom } from './useStickToBottom.ts';
import type { WorkspaceState, WorkspaceStore } from './workspace.store.ts';
import { buyerLabel } from './buyer-label.ts';
import { Notice } from '../../lib/PageHeader.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { withTransfers } from './chat-attention.ts';
import { Link } from 'react-router';
import { ComplaintFromChat } from '../complaints/ComplaintFromChat.tsx';
import { complaintHref } from '../complaints/complaints-format.ts';

interface Props {
  store: WorkspaceStore;
  state: WorkspaceState;
  now: Date;
  draft: Draft;
  onDraft(draft: Draft): void;
  /** A deep link's message: scrolled to and highlighted once it is loaded. */
  highlightSeq?: number | null;
  /** Below 1100 px: whether the side panel's drawer is open, and its toggle. */
  sideOpen?: boolean;
  onToggleSide?(): void;
}

const NO_MESSAGES: never[] = [];

/** The middle column: the open conversation's history, who is typing, and the reply box. */
export function ConversationView({ store, state, now, draft, onDraft, highlightSeq = null, sideOpen = false, onToggleSide }: Props) {
  const { t } = useTranslation();
  const [lightbox, setLightbox] = useState<string | null>(null);
  const [transferring, setTransferring] = useState(false);
  const [asking, setAsking] = useState(false);
  // Issue 15: register a complaint from this conversation, its messages attached.
  const [complaining, setComplaining] = useState(false);
  const [complaintId, setComplaintId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const id = state.selectedId;
  useEffect(() => {
    setNotice(null);
    setError(null);
    setTransferring(false);
    setAsking(false);
    setComplaining(false);
    setComplaintId(null);
  }, [id]);
  const summary = id === null ? undefined : state.conversations.byId.get(id);
  const messages = (id === null ? undefined : state.messages.get(id)) ?? NO_MESSAGES;
  const pending =
    id === null
      ? []
      : pendingItems(
          state.uploads.filter((u) => u.conversationId === id),
          state.outbox.filter((e) => e.payload.conversationId === id),
          messages,
          { imageUrl: store.imageUrl, previews: state.previews },
        );
  const typing = id !== null && state.buyerTyping.has(id);
  const scroller = useStickToBottom([id, messages.length, pending.length, typing]);
  // Once both the message and the list are there (the list mounts with the summary, scrolled to the bottom).
  const highlightReady = highlightSeq !== null && summary !== undefined && messages.some((message) => message.seq === highlightSeq);
  useEffect(() => {
    if (!highlightReady) return;
    document.querySelector(`[data-testid="conversation-messages"] [data-seq="${highlightSeq}"]`)?.scrollIntoView({ block: 'center' });
  }, [id, highlightSeq, highlightReady]);

  if (id === null) {
    return (
      <section className="chat-col chat-main chat-main-empty" data-testid="conversation-view">
        <p className="muted">{t('chat.view.noSelection')}</p>
      </section>
    );
  }
  if (!summary) {
    return (
      <section className="chat-col chat-main chat-main-empty" data-testid="conversation-view">
        <button type="button" className="button button-small chat-back" onClick={() => store.select(null)}>
          {t('chat.view.back')}
        </button>
        <p className="muted">{state.unreadable.has(id) ? t('chat.view.notReadable') : t('chat.view.gone')}</p>
      </section>
    );
  }

  const mineToAnswer = summary.agentId === store.user.id && summary.status === 'open';
  // A supervisor who joined on the agent's request writes beside the agent (issue 11).
  const joinedToHelp = !mineToAnswer && summary.status === 'open' && state.joined.has(summary.id);
  const canManage = summary.status !== 'closed' && (store.isSupervisor || mineToAnswer);

  async function closeIt() {
    setBusy(true);
    setError(null);
    try {
      await store.close(summary!.id);
      setNotice(t('chat.view.closedNotice', { buyer: buyerLabel(summary!, t) }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="chat-col chat-main" data-testid="conversation-view" data-conversation-id={summary.id} data-status={summary.status}>
      <header className="chat-main-header">
        <button type="button" className="button button-small chat-back" onClick={() => store.select(null)} data-testid="chat-back">
          {t('chat.view.back')}
        </button>
        <div>
          <strong data-testid="conversation-buyer">{buyerLabel(summary, t)}</strong>
          <span className="role-tag">{t(`chat.chatRoles.${summary.role}`)}</span>
          <span className="muted small">{t(`chat.side.status_${summary.status}`)}</span>
        </div>
        {onToggleSide ? (
          <button
            type="button"
            className="button button-small side-toggle"
            onClick={onToggleSide}
            aria-expanded={sideOpen}
            aria-controls="chat-side-panel"
            data-testid="side-toggle"
          >
            {t('chat.side.toggle')}
          </button>
        ) : null}
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={() => setComplaining((v) => !v)} aria-expanded={complaining} data-testid="complaint-open">
            {t('complaints.fromChat.open')}
          </button>
          {canManage ? (
            <>
            {mineToAnswer && !store.isSupervisor ? (
              <button type="button" className="button button-small" onClick={() => setAsking((v) => !v)} aria-expanded={asking} data-testid="help-open">
                {t('chat.help.ask')}
              </button>
            ) : null}
            <button type="button" className="button button-small" onClick={() => setTransferring((v) => !v)} aria-expanded={transferring} data-testid="transfer-open">
              {t('chat.view.transfer')}
            </button>
            <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => void closeIt()} data-testid="close-conversation">
              {busy ? t('chat.view.closing') : t('chat.view.close')}
            </button>
            </>
          ) : null}
        </div>
      </header>
      {notice ? (
        <Notice testId="conversation-notice">
          {notice}
        </Notice>
      ) : null}
      {complaintId !== null ? (
        <Notice testId="complaint-notice">
          {t('complaints.fromChat.done', { id: complaintId })} <Link to={complaintHref(complaintId)}>{t('complaints.fromChat.view')}</Link>
        </Notice>
      ) : null}
      {error ? <ApiErrorMessage error={error} testId="conversation-error" /> : null}
      {state.historyError ? <ApiErrorMessage error={state.historyError} /> : null}
      {asking ? (
        <HelpDialog
          store={store}
          conversationId={summary.id}
          onDone={() => {
            setAsking(false);
            setNotice(t('chat.help.sent'));
          }}
          onCancel={() => setAsking(false)}
        />
      ) : null}
      {complaining ? (
        <ComplaintFromChat
          summary={summary}
          messages={messages}
          me={store.user.id}
          onDone={(made) => {
            setComplaining(false);
            setComplaintId(made.id);
          }}
          onCancel={() => setComplaining(false)}
        />
      ) : null}
      {transferring ? (
        <TransferDialog
          store={store}
          state={state}
          summary={summary}
          onDone={() => {
            setTransferring(false);
            setNotice(t('chat.transfer.done'));
          }}
          onCancel={() => setTransferring(false)}
        />
      ) : null}
      <div className="chat-messages" ref={scroller} data-testid="conversation-messages">
        {!state.messages.has(id) ? <p className="muted chat-empty">{t('chat.view.loading')}</p> : null}
        {state.messages.has(id) && messages.length === 0 && pending.length === 0 ? <p className="muted chat-empty">{t('chat.view.noMessages')}</p> : null}
        {withTransfers(messages, state.transfers.get(id) ?? []).map((item) => {
          if (item.kind === 'transfer') {
            const transfer = item.transfer;
            const nameOf = (staffId: number | null) =>
              staffId === null ? t('chat.side.nobody') : (state.presence.find((p) => p.staffId === staffId)?.displayName ?? `#${staffId}`);
            return (
              <div key={`transfer-${transfer.id}`} className="chat-system-note timeline-transfer" data-testid="timeline-transfer">
                <div>
                  {formatShopDateTime(transfer.at)}{' '}
                  {t(transfer.byStaffId === null ? 'chat.side.transferSystem' : 'chat.side.transferLine', {
                    from: nameOf(transfer.fromAgentId),
                    to: transfer.toAgentId === null ? t(`roles.${transfer.toRole}`) : nameOf(transfer.toAgentId),
                  })}
                </div>
                {transfer.note ? <div className="transfer-note">{t('chat.side.transferNote', { note: transfer.note })}</div> : null}
              </div>
            );
          }
          const message = item.message;
          const mine = message.sender === 'staff';
          return (
            <MessageBubble
              key={message.seq}
              testId={`message-${message.clientId}`}
              seq={message.seq}
              mine={mine}
              senderName={mine ? message.staffName : t('chat.view.buyerLabel')}
              kind={message.kind}
              text={message.text}
              imageUrl={message.imageId ? store.imageUrl(message.imageId) : null}
              createdAt={message.createdAt}
              now={now}
              mark={mine ? (message.seq <= summary.buyerReadSeq ? 'read' : 'unread') : null}
              highlighted={message.seq === highlightSeq}
              unknownOrders={state.unknownOrders.get(id)?.get(message.seq)}
              onOpenImage={setLightbox}
            />
          );
        })}
        <PendingBubbles
          items={pending}
          senderName={store.user.displayName}
          now={now}
          onRetry={(clientId) => store.retry(clientId)}
          onDiscard={(clientId) => store.discard(clientId)}
          onOpenImage={setLightbox}
        />
      </div>
      <div className="typing-line" aria-live="polite" data-testid="buyer-typing">
        {typing ? t('chat.view.buyerTyping') : ''}
      </div>
      {summary.status === 'closed' ? <p className="chat-system-note">{t('chat.view.closed')}</p> : null}
      {summary.status === 'queued' ? <p className="chat-system-note">{t('chat.view.queued')}</p> : null}
      {summary.status === 'open' && !mineToAnswer && !joinedToHelp ? (
        <p className="chat-system-note">{t('chat.view.watching', { agent: summary.agentName ?? '' })}</p>
      ) : null}
      {joinedToHelp ? (
        <p className="chat-system-note" data-testid="help-joined">
          {t('chat.help.joined')}
        </p>
      ) : null}
      {mineToAnswer || joinedToHelp ? <StaffComposer store={store} state={state} conversationId={summary.id} draft={draft} onDraft={onDraft} /> : null}
      <ImageLightbox url={lightbox} onClose={() => setLightbox(null)} />
    </section>
  );
}
