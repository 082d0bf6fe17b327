import type { ConversationSummary, PresenceStatus } from '@kefu/shared/schemas/chat';
import { PRESENCE_STATUSES } from '@kefu/shared/schemas/chat';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { groupOf, sortForList, type ConversationGroup } from './conversations.ts';
import { elapsed, formatElapsed, LATE_AFTER_SECONDS } from './format.ts';
import type { WorkspaceState, WorkspaceStore } from './workspace.store.ts';
import { buyerLabel } from './buyer-label.ts';

interface Props {
  store: WorkspaceStore;
  state: WorkspaceState;
  now: Date;
}

/** The left column: my presence, my chats, the waiting queue and (supervisor) everyone else's. */
export function ConversationList({ store, state, now }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const me = store.user.id;
  const groups: ConversationGroup[] = [];
  // A supervisor has chats of their own once an agent hands one to them (issue 11).
  const holdsChats = [...state.conversations.byId.values()].some((summary) => summary.status === 'open' && summary.agentId === me);
  if (store.isAgent || holdsChats) groups.push('mine');
  groups.push('queue');
  if (store.isSupervisor) groups.push('others');

  const byGroup = new Map<ConversationGroup, ConversationSummary[]>(groups.map((g) => [g, []]));
  for (const summary of state.conversations.byId.values()) {
    const group = groupOf(summary, me);
    if (group) byGroup.get(group)?.push(summary);
  }

  async function act(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <aside className="chat-col chat-list" aria-label={t('chat.list.mine')} data-testid="conversation-list">
      {store.isAgent ? <PresenceSwitch store={store} state={state} onError={setError} /> : null}
      {error ? <ApiErrorMessage error={error} testId="chat-list-error" /> : null}
      {store.isSupervisor && state.help.length > 0 ? (
        <section className="chat-group chat-help" data-testid="chat-group-help">
          <h2>
            {t('chat.help.list')} <span className="count">{state.help.length}</span>
          </h2>
          <ul>
            {state.help.map((request) => {
              const summary = state.conversations.byId.get(request.conversationId);
              return (
                <li key={request.id} className="chat-help-item" data-testid="help-request">
                  <button type="button" className="link-button" onClick={() => store.select(request.conversationId)}>
                    <strong>{t('chat.help.askedBy', { name: request.askedByName })}</strong>
                    {summary ? <span className="muted small"> · {buyerLabel(summary, t)}</span> : null}
                  </button>
                  {request.note ? <p className="small chat-help-note">{request.note}</p> : null}
                  <button type="button" className="button button-small" onClick={() => void act(() => store.joinHelp(request))} data-testid="help-join">
                    {t('chat.help.join')}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {groups.map((group) => {
        const list = sortForList(byGroup.get(group) ?? []);
        return (
          <section key={group} className="chat-group" data-testid={`chat-group-${group}`}>
            <h2>
              {t(`chat.list.${group}`)} <span className="count">{list.length}</span>
            </h2>
            {list.length === 0 ? <p className="muted small chat-group-empty">{group === 'queue' ? t('chat.list.queueEmpty') : t('chat.list.empty')}</p> : null}
            <ul>
              {list.map((summary) => (
                <ConversationItem
                  key={summary.id}
                  summary={summary}
                  group={group}
                  now={now}
                  selected={state.selectedId === summary.id}
                  typing={state.buyerTyping.has(summary.id)}
                  overdue={summary.waitingSince !== null && state.overdue.has(summary.id)}
                  canTake={group === 'queue' && store.user.roles.includes(summary.role)}
                  onSelect={() => store.select(summary.id)}
                  onTake={() => void act(() => store.take(summary.id))}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}

function ConversationItem(props: {
  summary: ConversationSummary;
  group: ConversationGroup;
  now: Date;
  selected: boolean;
  typing: boolean;
  /** Flagged by the server as waiting past the setting (supervisors), until the buyer is answered. */
  overdue: boolean;
  canTake: boolean;
  onSelect(): void;
  onTake(): void;
}) {
  const { t } = useTranslation();
  const { summary, group, now } = props;
  const waitingFrom = summary.status === 'queued' ? summary.queuedAt : summary.waitingSince;
  const late = waitingFrom ? elapsed(waitingFrom, now).totalSeconds > LATE_AFTER_SECONDS : false;
  const preview = summary.lastPreview === '[图片]' ? t('chat.list.imagePreview') : summary.lastPreview;
  return (
    <li
      className={`chat-item${props.selected ? ' chat-item-selected' : ''}`}
      data-testid="conversation-item"
      data-conversation-id={summary.id}
      data-buyer-id={summary.buyerId}
    >
      <button type="button" className="chat-item-main" onClick={props.onSelect} aria-current={props.selected ? 'true' : undefined}>
        <span className="chat-item-top">
          <span className="chat-item-buyer">{buyerLabel(summary, t)}</span>
          {summary.visitorName !== null ? <span className="visitor-tag">{t('buyerChat.visitor')}</span> : null}
          <span className="role-tag">{t(`chat.chatRoles.${summary.role}`)}</span>
          {summary.unread > 0 ? (
            <span className="unread-badge" data-testid="unread-count" aria-label={t('chat.list.unread', { count: summary.unread })}>
              {summary.unread}
            </span>
          ) : null}
        </span>
        <span className="chat-item-preview muted small">{props.typing ? t('chat.view.buyerTyping') : (preview ?? '')}</span>
        <span className="chat-item-bottom small">
          {waitingFrom ? (
            <span className={late ? 'waiting waiting-late' : 'waiting'} data-testid="waiting-time">
              {t(summary.status === 'queued' ? 'chat.list.queuedFor' : 'chat.list.waiting', { time: formatElapsed(waitingFrom, now) })}
            </span>
          ) : null}
          {props.overdue ? (
            <span className="overdue-tag" data-testid="overdue">
              {t('chat.list.overdue')}
            </span>
          ) : null}
          {group !== 'mine' ? <span className="muted">{summary.agentName ? t('chat.list.agent', { name: summary.agentName }) : t('chat.list.noAgent')}</span> : null}
        </span>
      </button>
      {props.canTake ? (
        <button type="button" className="button button-small button-primary" onClick={props.onTake} data-testid="take-conversation">
          {t('chat.list.take')}
        </button>
      ) : null}
    </li>
  );
}

function PresenceSwitch({ store, state, onError }: { store: WorkspaceStore; state: WorkspaceState; onError(error: unknown): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const mine = state.presence.find((p) => p.staffId === store.user.id);
  const current: PresenceStatus = mine?.status ?? 'offline';

  const [asking, setAsking] = useState<{ status: PresenceStatus; count: number } | null>(null);
  // Buyers waiting on me: leaving hands them over at once (issue 11), so ask first.
  const waitingOnMe = [...state.conversations.byId.values()].filter((c) => c.status === 'open' && c.agentId === store.user.id && c.waitingSince !== null).length;

  async function choose(status: PresenceStatus, confirmed = false) {
    if (status === current) return;
    if (status !== 'online' && waitingOnMe > 0 && !confirmed) return setAsking({ status, count: waitingOnMe });
    setAsking(null);
    setBusy(true);
    onError(null);
    try {
      await store.setPresence(status);
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="presence-switch" role="radiogroup" aria-label={t('chat.presence.label')} title={t('chat.presence.hint')} data-testid="presence-switch" data-status={current}>
      <span className="small muted">{t('chat.presence.label')}</span>
      <div className="segmented">
        {PRESENCE_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            role="radio"
            aria-checked={status === current}
            className={`segment presence-${status}${status === current ? ' segment-active' : ''}`}
            disabled={busy}
            onClick={() => void choose(status)}
            data-testid={`presence-${status}`}
          >
            {t(`chat.presence.${status}`)}
          </button>
        ))}
      </div>
      {asking ? (
        <div className="notice notice-warning presence-ask" role="alertdialog" aria-live="assertive" data-testid="presence-ask">
          <span>{t('chat.presence.handOverAsk', { count: asking.count, status: t(`chat.presence.${asking.status}`) })}</span>
          <span className="presence-ask-actions">
            <button type="button" className="button button-small button-primary" onClick={() => void choose(asking.status, true)} data-testid="presence-ask-confirm">
              {t('chat.presence.handOverConfirm')}
            </button>
            <button type="button" className="button button-small" onClick={() => setAsking(null)} data-testid="presence-ask-cancel">
              {t('chat.presence.handOverCancel')}
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
