/**
 * What in the chat asks for an agent's attention on any console page (issue 11): the count
 * in the tab title and on the menu's 在线接待, and which live events chime, show a desktop
 * notification or (a transfer) a toast. Pure: the watcher (ChatWatcher.tsx) feeds it.
 */
import type { ChatChange, ChatMessage, ConversationSummary } from '@kefu/shared/schemas/chat';

/** The attention count's key (lib/attention.ts) for buyers waiting on this agent. */
export const CHAT_ATTENTION = 'chat';

/**
 * Buyers waiting for an answer from `me`: my open chats whose buyer wrote last and is not
 * answered yet. It goes down when the agent answers, not when they only look.
 */
export function waitingOnMe(conversations: Iterable<ConversationSummary>, me: number): number {
  let count = 0;
  for (const summary of conversations) {
    if (summary.status === 'open' && summary.agentId === me && summary.waitingSince !== null) count += 1;
  }
  return count;
}

export type AttentionEvent =
  | { kind: 'message'; conversationId: number }
  | { kind: 'assigned'; conversationId: number }
  | { kind: 'transferred'; conversationId: number; byStaffId: number | null };

/**
 * A buyer's message in a chat of mine, unless I am looking at that very chat right now
 * (`onScreen`: the conversation open in the workspace while the page is in front).
 */
export function messageAttention(message: ChatMessage, summary: ConversationSummary | undefined, me: number, onScreen: number | null): AttentionEvent | null {
  if (message.sender !== 'buyer' || !summary || summary.agentId !== me || summary.status !== 'open') return null;
  if (onScreen === message.conversationId) return null;
  return { kind: 'message', conversationId: message.conversationId };
}

/**
 * A chat that became mine by someone else's hand or by routing: a new or reopened chat
 * assigned to me, or a transfer to me (by a colleague, or by the system when its agent left).
 * Taking a chat from the queue myself asks for nothing.
 */
export function changeAttention(change: ChatChange, me: number): AttentionEvent | null {
  if (change.agentId !== me || change.status !== 'open' || change.prevAgentId === me) return null;
  if (change.byStaffId === me) return null;
  if (change.kind === 'transferred') return { kind: 'transferred', conversationId: change.conversationId, byStaffId: change.byStaffId };
  if (change.kind === 'created' || change.kind === 'assigned' || change.kind === 'reopened') return { kind: 'assigned', conversationId: change.conversationId };
  return null;
}

// ---- the conversation on screen --------------------------------------------------

let onScreen: number | null = null;

/** The workspace says which conversation it shows (null when none, or when it unmounts). */
export function setConversationOnScreen(id: number | null): void {
  onScreen = id;
}

/** The conversation the agent is looking at now: shown in the workspace and the page in front. */
export function conversationOnScreen(): number | null {
  if (typeof document !== 'undefined' && document.visibilityState !== 'visible') return null;
  return onScreen;
}

// ---- transfers in the timeline ---------------------------------------------------

export type TimelineItem<M, T> = { kind: 'message'; message: M } | { kind: 'transfer'; transfer: T };

/**
 * The staff's timeline: the messages with each transfer (and its note) placed where it
 * happened, before the first message written after it. Staff only: the buyer's page never
 * receives transfers (docs/chat.md).
 */
export function withTransfers<M extends { createdAt: string }, T extends { at: string; id: number }>(messages: readonly M[], transfers: readonly T[]): TimelineItem<M, T>[] {
  const time = (iso: string) => Date.parse(iso);
  const pending = [...transfers].sort((a, b) => time(a.at) - time(b.at) || a.id - b.id);
  const items: TimelineItem<M, T>[] = [];
  let next = 0;
  for (const message of messages) {
    while (next < pending.length && time(pending[next]!.at) <= time(message.createdAt)) items.push({ kind: 'transfer', transfer: pending[next++]! });
    items.push({ kind: 'message', message });
  }
  while (next < pending.length) items.push({ kind: 'transfer', transfer: pending[next++]! });
  return items;
}
