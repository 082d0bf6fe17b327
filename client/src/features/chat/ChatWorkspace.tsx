import type { SessionUser } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import type { StaffSocket } from '../../lib/socket.ts';
import { neighbourConversation, setConversationOnScreen } from './chat-attention.ts';
import { ConversationList } from './ConversationList.tsx';
import type { Focus } from './deep-link.ts';
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
export function ChatWorkspace({ socket, user, focus = null }: { socket: StaffSocket; user: SessionUser; focus?: Focus | null }) {
  const [store, setStore] = useState<WorkspaceStore | null>(null);
  useEffect(() => {
    const created = new WorkspaceStore(socket, user);
    created.start();
    setStore(created);
    return () => created.stop();
    // The signed-in person's id and roles decide what the store loads.
  }, [socket, user.id, user.roles.join(',')]);
  // The addresses WorkspaceView wrote that the router has not shown back yet (oldest first).
  const ownWrites = useRef<string[]>([]);
  // A deep link opens its conversation (also a closed one the reader may see) once per link;
  // the address of the chat already open opens nothing twice, and an address this workspace
  // wrote itself opens nothing: the router shows it back a moment later, and when the agent
  // moved on meanwhile (Alt+↓ then Alt+↑ in quick succession) opening it would take them
  // back to the chat they had just left.
  useEffect(() => {
    if (!store || !focus) return;
    const own = focus.seq === null ? ownWrites.current.lastIndexOf(String(focus.conversationId)) : -1;
    if (own !== -1) {
      ownWrites.current.splice(0, own + 1);
      return;
    }
    if (focus.seq !== null || store.getState().selectedId !== focus.conversationId) store.select(focus.conversationId);
  }, [store, focus?.conversationId, focus?.seq]);
  if (!store) return null;
  return <WorkspaceView store={store} focus={focus} ownWrites={ownWrites} />;
}

function WorkspaceView({ store, focus, ownWrites }: { store: WorkspaceStore; focus: Focus | null; ownWrites: { current: string[] } }) {
  const { t } = useTranslation();
  const state = useStore(store);
  const now = useNow(1_000);
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const selected = state.selectedId;
  const draft = selected === null ? EMPTY_DRAFT : (drafts[selected] ?? EMPTY_DRAFT);
  const setDraft = useCallback((id: number, next: Draft) => setDrafts((all) => ({ ...all, [id]: next })), []);
  // Below 1100 px the side panel is a drawer opened from the chat's header (issue 11).
  const [sideOpen, setSideOpen] = useState(false);
  useEffect(() => setSideOpen(false), [selected]);
  const closeSide = useCallback(() => {
    setSideOpen(false);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="side-toggle"]')?.focus());
  }, []);
  // Alt+↑ / Alt+↓: the previous or next conversation in the list's own order, from anywhere
  // on the page (the composer included), instead of up to seven Shift+Tabs.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      const items = [...document.querySelectorAll<HTMLElement>('[data-testid="conversation-list"] [data-testid="conversation-item"]')];
      const order = items.map((item) => Number(item.dataset.conversationId));
      const next = neighbourConversation(order, store.getState().selectedId, event.key === 'ArrowUp' ? -1 : 1);
      if (next === null) return;
      event.preventDefault();
      const fromList = document.activeElement?.closest('[data-testid="conversation-list"]');
      if (next !== store.getState().selectedId) store.select(next);
      if (fromList) items[order.indexOf(next)]?.querySelector<HTMLElement>('button')?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  // The open chat is kept in the address (?conversation=ID, replacing the entry): a reload opens
  // it again with everything it had — a supervisor's join shows its composer at once (issue 11).
  // Written when the selection changes only: a link followed meanwhile (a toast's) is opened
  // by the effect above and then matches, so the two never undo each other.
  const [params, setParams] = useSearchParams();
  const address = useRef(params);
  address.current = params;
  const everSelected = useRef(false);
  useEffect(() => {
    if (selected === null && !everSelected.current) return; // not yet: a deep link is being opened
    everSelected.current = true;
    const value = selected === null ? '' : String(selected);
    // Compared with the newest write the router has not shown yet, else with the address shown.
    const writes = ownWrites.current;
    if ((writes.length ? writes[writes.length - 1] : (address.current.get('conversation') ?? '')) === value) return;
    const next = new URLSearchParams(address.current);
    next.delete('message');
    if (value === '') next.delete('conversation');
    else next.set('conversation', value);
    writes.push(value);
    setParams(next, { replace: true });
  }, [selected, setParams, ownWrites]);
  // The router shows the newest write and the chat open is that one: every write is settled
  // (the router may have skipped the earlier ones). Not while a newer choice is still on its
  // way to the screen: the address shown is then one the agent has already left.
  useEffect(() => {
    const writes = ownWrites.current;
    const newest = writes[writes.length - 1];
    if (newest !== undefined && newest === (params.get('conversation') ?? '') && newest === String(store.getState().selectedId ?? '')) writes.length = 0;
  }, [params, ownWrites, store]);

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
      {/* On a phone one column shows at a time: the list, or the chat chosen (with a way back). */}
      <div className={`chat-workspace${selected === null ? '' : ' has-selection'}${sideOpen ? ' side-open' : ''}`} data-testid="chat-workspace">
        <ConversationList store={store} state={state} now={now} />
        <ConversationView
          store={store}
          state={state}
          now={now}
          draft={draft}
          onDraft={(next) => selected !== null && setDraft(selected, next)}
          highlightSeq={focus && focus.conversationId === selected ? focus.seq : null}
          sideOpen={sideOpen}
          onToggleSide={() => (sideOpen ? closeSide() : setSideOpen(true))}
        />
        {sideOpen ? <div className="side-backdrop" aria-hidden="true" onClick={closeSide} data-testid="side-backdrop" /> : null}
        <SidePanel
          store={store}
          state={state}
          now={now}
          drawerOpen={sideOpen}
          onCloseDrawer={closeSide}
          onInsert={(text) =>
            selected !== null && setDraft(selected, { ...draft, text: draft.text ? `${draft.text}${draft.text.endsWith('\n') ? '' : '\n'}${text}` : text })
          }
        />
      </div>
    </div>
  );
}
