import type { ConversationSummary, Transfer } from '@kefu/shared/schemas/chat';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { askNotificationPermissionOnFirstGesture, notifyAttention, setAttentionCount } from '../../lib/attention.ts';
import { useStaffSocket, useStaffSocketEvent } from '../../lib/socket.context.tsx';
import { useSessionUser } from '../auth/auth.context.tsx';
import { buyerLabel } from './buyer-label.ts';
import { CHAT_ATTENTION, changeAttention, conversationOnScreen, messageAttention, waitingOnMe, type AttentionEvent } from './chat-attention.ts';
import * as chatApi from './chat.api.ts';
import { applyChanged, applyList, applyMessage, EMPTY_CONVERSATIONS, type ConversationsState } from './conversations.ts';
import { staffOutbox } from './staff-outbox.ts';

/** Two events of one arrival (a reopened chat's change and its message) chime once. */
const CHIME_GAP_MS = 1_500;
/** How long a transfer's toast stays unless closed. */
const TOAST_MS = 20_000;

interface TransferToast {
  conversationId: number;
  buyer: string;
  by: string | null;
  from: string | null;
  note: string;
}

/** Whether this person answers chats: the watcher runs for them only. */
export function answersChats(user: SessionUser): boolean {
  return user.roles.some((role) => role === 'presale' || role === 'aftersale' || role === 'supervisor');
}

/**
 * Mounted once in the console for the chat roles (issue 11): keeps the count of buyers
 * waiting on this agent (tab title, the menu's 在线接待), and for a buyer's new message, a
 * chat newly assigned and a transfer to them, chimes (unless muted) and shows a desktop
 * notification — on every console page. A transfer also shows a toast with its note.
 */
export function ChatWatcher() {
  const user = useSessionUser();
  if (!answersChats(user)) return null;
  return <Watcher user={user} />;
}

function Watcher({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const socket = useStaffSocket();
  const [toasts, setToasts] = useState<TransferToast[]>([]);
  const conversations = useRef<ConversationsState>(EMPTY_CONVERSATIONS);
  const lastChime = useRef(0);
  const me = user.id;

  const publish = useCallback(() => setAttentionCount(CHAT_ATTENTION, waitingOnMe(conversations.current.byId.values(), me)), [me]);

  const reload = useCallback(() => {
    chatApi.listConversations('mine').then(
      (page) => {
        // A fresh list is the whole truth about my open chats: drop those no longer in it.
        const kept = new Map([...conversations.current.byId].filter(([, summary]) => summary.agentId !== me || summary.status !== 'open'));
        conversations.current = applyList({ ...conversations.current, byId: kept }, page.conversations, page.feedSeq);
        publish();
      },
      () => undefined,
    );
  }, [me, publish]);

  useEffect(() => {
    askNotificationPermissionOnFirstGesture();
    return () => setAttentionCount(CHAT_ATTENTION, 0);
  }, []);

  // On start and after every reconnect (events missed while away are in the fresh list).
  useEffect(() => {
    if (!socket) return;
    reload();
    socket.on('connect', reload);
    // My own replies come back as acks, not as `message:new` (the server does not echo them).
    const unsubscribe = staffOutbox(socket, me).onAcked((message) => {
      conversations.current = applyMessage(conversations.current, message, { reading: false });
      publish();
    });
    return () => {
      socket.off('connect', reload);
      unsubscribe();
    };
  }, [socket, reload, me, publish]);

  const alert = useCallback(
    (event: AttentionEvent, summary: ConversationSummary | undefined) => {
      const buyer = summary ? buyerLabel(summary, t) : '';
      const tag = `chat-${event.conversationId}`;
      const chime = Date.now() - lastChime.current > CHIME_GAP_MS;
      if (chime) lastChime.current = Date.now();
      const notify = (title: string, body: string) => notifyAttention(title, body, tag, { chime });
      if (event.kind === 'message') notify(t('chatAttention.messageTitle', { buyer }), summary?.lastPreview ?? '');
      if (event.kind === 'assigned') notify(t('chatAttention.assignedTitle', { buyer }), summary?.lastPreview ?? '');
      if (event.kind === 'transferred') void announceTransfer(event.conversationId, summary, notify);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  async function announceTransfer(id: number, summary: ConversationSummary | undefined, notify: (title: string, body: string) => void) {
    let transfer: Transfer | undefined;
    let current = summary;
    let names = new Map<number, string>();
    try {
      const [detail, presence] = await Promise.all([chatApi.conversationDetail(id), chatApi.listPresence()]);
      transfer = detail.transfers.at(-1);
      current = detail.conversation;
      names = new Map(presence.map((p) => [p.staffId, p.displayName]));
    } catch {
      // the toast still says a chat came, without the note
    }
    const nameOf = (staffId: number | null | undefined) => (staffId ? (names.get(staffId) ?? null) : null);
    const toast: TransferToast = {
      conversationId: id,
      buyer: current ? buyerLabel(current, t) : '',
      by: nameOf(transfer?.byStaffId),
      from: nameOf(transfer?.fromAgentId),
      note: transfer?.note ?? '',
    };
    const title = t('chatAttention.transferTitle', { buyer: toast.buyer });
    notify(title, toast.note);
    setToasts((list) => [...list.filter((item) => item.conversationId !== id), toast]);
    setTimeout(() => setToasts((list) => list.filter((item) => item !== toast)), TOAST_MS);
  }

  useStaffSocketEvent('message:new', ({ message }) => {
    const before = conversations.current;
    conversations.current = applyMessage(before, message, { reading: false });
    publish();
    const event = messageAttention(message, before.byId.get(message.conversationId), me, conversationOnScreen());
    if (event) alert(event, conversations.current.byId.get(message.conversationId));
  });

  useStaffSocketEvent('conversation:changed', ({ change, conversation }) => {
    conversations.current = applyChanged(conversations.current, change, conversation);
    publish();
    const event = changeAttention(change, me);
    if (event && conversation) alert(event, conversation);
  });

  // The live region is there before anything is said in it, so screen readers announce a toast.
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="chat-toasts">
      {toasts.map((toast) => (
        <div key={toast.conversationId} className="toast" data-testid="transfer-toast" data-conversation-id={toast.conversationId}>
          <div className="toast-title">
            {toast.by === null && toast.from !== null
              ? t('chatAttention.transferSystem', { buyer: toast.buyer, from: toast.from })
              : toast.by
                ? t('chatAttention.transferBy', { buyer: toast.buyer, by: toast.by })
                : t('chatAttention.transferTitle', { buyer: toast.buyer })}
          </div>
          {toast.note ? <div className="toast-note">{t('chat.side.transferNote', { note: toast.note })}</div> : null}
          <div className="toast-actions">
            <Link className="button button-small button-primary" to={`/console/chat?conversation=${toast.conversationId}`} onClick={() => setToasts((list) => list.filter((item) => item !== toast))}>
              {t('chatAttention.open')}
            </Link>
            <button type="button" className="button button-small" onClick={() => setToasts((list) => list.filter((item) => item !== toast))} data-testid="transfer-toast-close">
              {t('chatAttention.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
