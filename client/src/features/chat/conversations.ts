/**
 * The conversations an agent (or the supervisor) sees, kept in step with the server from
 * the list routes, `conversation:changed`, `message:new`, `message:read` and, after a
 * reconnect, the change feed (docs/chat.md "Catch-up after a disconnect").
 */
import type { ChangesPage, ChatChange, ChatMessage, ConversationSummary } from '@kefu/shared/schemas/chat';

export interface ConversationsState {
  byId: ReadonlyMap<number, ConversationSummary>;
  /** The highest change-feed seq applied: where `chat:changes` starts after a reconnect. */
  feedSeq: number;
}

export const EMPTY_CONVERSATIONS: ConversationsState = { byId: new Map(), feedSeq: 0 };

/**
 * Which copy of a conversation to keep. A higher version wins (a state change); at the
 * same version the one that has seen more messages wins, since messages don't bump it.
 */
export function newerSummary(existing: ConversationSummary | undefined, incoming: ConversationSummary): ConversationSummary {
  if (!existing) return incoming;
  if (incoming.version < existing.version) return existing;
  if (incoming.version === existing.version && incoming.lastSeq < existing.lastSeq) {
    // The server's copy is older than the messages already here: keep their figures.
    return {
      ...incoming,
      lastSeq: existing.lastSeq,
      lastMessageAt: existing.lastMessageAt,
      lastPreview: existing.lastPreview,
      unread: existing.unread,
      waitingSince: existing.waitingSince,
      firstResponseAt: incoming.firstResponseAt ?? existing.firstResponseAt,
    };
  }
  const staffReadSeq = Math.max(incoming.staffReadSeq, existing.staffReadSeq);
  return {
    ...incoming,
    buyerReadSeq: Math.max(incoming.buyerReadSeq, existing.buyerReadSeq),
    staffReadSeq,
    // A copy read on the server before this screen's read receipt landed still counts it unread.
    unread: staffReadSeq >= incoming.lastSeq ? 0 : incoming.unread,
  };
}

/** Summaries from a list route (a first load or a refresh), with the feed seq it answered with. */
export function applyList(state: ConversationsState, conversations: readonly ConversationSummary[], feedSeq: number): ConversationsState {
  const byId = new Map(state.byId);
  for (const summary of conversations) byId.set(summary.id, newerSummary(byId.get(summary.id), summary));
  return { byId, feedSeq: Math.max(state.feedSeq, feedSeq) };
}

/** One `conversation:changed`: null means this person may no longer read it (transferred away). */
export function applyChanged(state: ConversationsState, change: ChatChange, conversation: ConversationSummary | null): ConversationsState {
  const byId = new Map(state.byId);
  const existing = byId.get(change.conversationId);
  if (conversation === null) {
    if (!existing || existing.version <= change.version) byId.delete(change.conversationId);
  } else {
    byId.set(conversation.id, newerSummary(existing, conversation));
  }
  return { byId, feedSeq: Math.max(state.feedSeq, change.feedSeq) };
}

/**
 * A catch-up page: its `conversations` are everything this person can see now, and a
 * conversation its `changes` name but `conversations` lacks is no longer theirs. Others
 * untouched stay (a page with `hasMore` is followed by the next).
 */
export function applyChangesPage(state: ConversationsState, page: ChangesPage): ConversationsState {
  const byId = new Map(state.byId);
  const present = new Set(page.conversations.map((c) => c.id));
  for (const change of page.changes) if (!present.has(change.conversationId)) byId.delete(change.conversationId);
  for (const summary of page.conversations) byId.set(summary.id, newerSummary(byId.get(summary.id), summary));
  return { byId, feedSeq: Math.max(state.feedSeq, page.latest) };
}

/** A message's effect on its conversation's row: preview, unread count, waiting time. */
export function applyMessage(state: ConversationsState, message: ChatMessage, options: { reading: boolean }): ConversationsState {
  const summary = state.byId.get(message.conversationId);
  if (!summary || message.seq <= summary.lastSeq) return state;
  const fromBuyer = message.sender === 'buyer';
  const updated: ConversationSummary = {
    ...summary,
    lastSeq: message.seq,
    lastMessageAt: message.createdAt,
    lastPreview: message.kind === 'image' ? '[图片]' : (message.text ?? ''),
    unread: fromBuyer && !options.reading ? summary.unread + 1 : summary.unread,
    // A staff message answers every buyer message before it.
    waitingSince: fromBuyer ? (summary.waitingSince ?? message.createdAt) : null,
    // The first staff message after a buyer's is the first response (the server records the
    // same): 首次响应 shows it at once, not after a reload (issue 11).
    firstResponseAt: summary.firstResponseAt ?? (!fromBuyer && summary.waitingSince !== null ? message.createdAt : null),
  };
  const byId = new Map(state.byId);
  byId.set(updated.id, updated);
  return { ...state, byId };
}

/** A read receipt: the buyer's (for the agent's ticks) or the shop's (clears the unread count). */
export function applyRead(state: ConversationsState, conversationId: number, by: 'buyer' | 'staff', seq: number): ConversationsState {
  const summary = state.byId.get(conversationId);
  if (!summary) return state;
  let updated: ConversationSummary;
  if (by === 'buyer') {
    if (seq <= summary.buyerReadSeq) return state;
    updated = { ...summary, buyerReadSeq: seq };
  } else {
    const staffReadSeq = Math.max(seq, summary.staffReadSeq);
    const unread = staffReadSeq >= summary.lastSeq ? 0 : summary.unread;
    if (staffReadSeq === summary.staffReadSeq && unread === summary.unread) return state;
    updated = { ...summary, staffReadSeq, unread };
  }
  const byId = new Map(state.byId);
  byId.set(conversationId, updated);
  return { ...state, byId };
}

export type ConversationGroup = 'mine' | 'queue' | 'others';

/** Where a conversation shows in the left column: my open chats, the waiting queue, or (supervisor) colleagues'. */
export function groupOf(summary: ConversationSummary, me: number): ConversationGroup | null {
  if (summary.status === 'queued') return 'queue';
  if (summary.status !== 'open') return null;
  return summary.agentId === me ? 'mine' : 'others';
}

/** The left column's order: the longest-waiting buyer first, then the most recent activity. */
export function sortForList(list: readonly ConversationSummary[]): ConversationSummary[] {
  const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);
  return [...list].sort((a, b) => {
    const waitA = a.status === 'queued' ? time(a.queuedAt) : time(a.waitingSince);
    const waitB = b.status === 'queued' ? time(b.queuedAt) : time(b.waitingSince);
    if (waitA !== waitB) return waitA - waitB;
    return (b.lastMessageAt ?? b.openedAt).localeCompare(a.lastMessageAt ?? a.openedAt) || a.id - b.id;
  });
}
