import type { SessionUser } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import type { StaffSocket } from '../../lib/socket.ts';
import { setConversationOnScreen } from './chat-attention.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { SidePanel } from './SidePanel.tsx';
import { useStore } from './store.ts';
import { useNow } from './useNow.ts';
import { WorkspaceStore } from './workspace.store.ts';

export interface Draft {
  text: string;
  /** The canned reply the text came from (the server records its step, e.g. 订单确认). */
  cannedReplyId: number | null;
}

const EMPTY_DRAFT: Draft = { text: '', cannedReplyId: null };

/** Three columns: the conversations, the open chat, the buyer's side panel. */
export function ChatWorkspace({ socket, user }: { socket: StaffSocket; user: SessionUser }) {
  const [store, setStore] = useState<WorkspaceStore | null>(null);
  useEffect(() => {
    const created = new WorkspaceStore(socket, user);
    created.start();
    setStore(created);
    return () => created.stop();
    // The signed-in person's id and roles decide what the store loads.
  }, [socket, user.id, user.roles.join(',')]);
  if (!store) return null;
  return <WorkspaceView store={store} />;
}

function WorkspaceView({ store }: { store: WorkspaceStore }) {
  const { t } = useTranslation();
  const state = useStore(store);
  const now = useNow(1_000);
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const selected = state.selectedId;
  const draft = selected === null ? EMPTY_DRAFT : (drafts[selected] ?? EMPTY_DRAFT);
  const setDraft = useCallback((id: number, next: Draft) => setDrafts((all) => ({ ...all, [id]: next })), []);
  // The console's chat watcher does not chime for the chat the agent is reading.
  useEffect(() => {
    setConversationOnScreen(selected);
    return () => setConversationOnScreen(null);
  }, [selected]);

  return (
    <div className="chat-workspace-wrap">
      {!state.connected ? (
        <div className="notice notice-warning" role="status" data-testid="chat-offline">
          {t('chat.offline')}
        </div>
      ) : null}
      {state.loadError ? (
        <div className="notice-row">
          <ApiErrorMessage error={state.loadError} testId="chat-load-error" />
          <button type="button" className="button" onClick={() => void store.load()}>
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      <div className="chat-workspace" data-testid="chat-workspace">
        <ConversationList store={store} state={state} now={now} />
        <ConversationView
          store={store}
          state={state}
          now={now}
          draft={draft}
          onDraft={(next) => selected !== null && setDraft(selected, next)}
        />
        <SidePanel
          store={store}
          state={state}
          now={now}
          onInsert={(text) =>
            selected !== null && setDraft(selected, { ...draft, text: draft.text ? `${draft.text}${draft.text.endsWith('\n') ? '' : '\n'}${text}` : text })
          }
        />
      </div>
    </div>
  );
}
