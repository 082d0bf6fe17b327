/**
 * A conversation's messages as the client holds them. A message is identified by
 * (conversationId, seq) (docs/chat.md "Catch-up"): the same message arriving twice — by the
 * ack, by `message:new`, by a catch-up page — is kept once, so nothing shows doubled; the
 * catch-up cursor is the highest seq seen without a gap, so nothing is skipped.
 */

export interface Sequenced {
  conversationId: number;
  seq: number;
  clientId: string;
}

function compare(a: Sequenced, b: Sequenced): number {
  return a.conversationId - b.conversationId || a.seq - b.seq;
}

/**
 * `current` with `incoming` merged in, ordered by conversation then seq, each message once.
 * A later copy replaces an earlier one (it may carry more, e.g. `answeredAt`). Returns
 * `current` itself when nothing new arrived, so React skips the render.
 */
export function mergeMessages<M extends Sequenced>(current: readonly M[], incoming: readonly M[]): readonly M[] {
  if (incoming.length === 0) return current;
  const byKey = new Map<string, M>();
  for (const message of current) byKey.set(`${message.conversationId}:${message.seq}`, message);
  let changed = false;
  for (const message of incoming) {
    const key = `${message.conversationId}:${message.seq}`;
    const existing = byKey.get(key);
    if (existing && sameMessage(existing, message)) continue;
    byKey.set(key, message);
    changed = true;
  }
  if (!changed) return current;
  return [...byKey.values()].sort(compare);
}

function sameMessage(a: object, b: object): boolean {
  const ka = Object.keys(a) as Array<keyof typeof a>;
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * The highest seq n of `conversationId` such that every message floor…n is here: where a
 * catch-up starts (`afterSeq`). A message past a gap (a live one that overtook a missed
 * one) does not move it, so the missed one is fetched too. `floor` is the oldest message a
 * page holds when it opened at the newest ones (the buyer's phone page), 1 otherwise.
 */
export function contiguousSeq(messages: readonly Sequenced[], conversationId: number, floor = 1): number {
  let expected = floor;
  for (const message of messages) {
    if (message.conversationId !== conversationId) continue;
    if (message.seq === expected) expected += 1;
    else if (message.seq > expected) break;
  }
  return expected - 1;
}

/** The lowest seq of the conversation here (0 when none): where a page of older ones ends. */
export function lowestSeq(messages: readonly Sequenced[], conversationId: number): number {
  let lowest = 0;
  for (const message of messages) if (message.conversationId === conversationId && (lowest === 0 || message.seq < lowest)) lowest = message.seq;
  return lowest;
}

/** The highest seq of the conversation here (gaps or not). */
export function highestSeq(messages: readonly Sequenced[], conversationId: number): number {
  let highest = 0;
  for (const message of messages) if (message.conversationId === conversationId && message.seq > highest) highest = message.seq;
  return highest;
}

/** True when a message of the conversation is missing below the highest one here. */
export function hasGap(messages: readonly Sequenced[], conversationId: number, floor = 1): boolean {
  return contiguousSeq(messages, conversationId, floor) < highestSeq(messages, conversationId);
}

/** The client ids already stored by the server: their pending copies can go. */
export function storedClientIds(messages: readonly Sequenced[]): Set<string> {
  return new Set(messages.map((message) => message.clientId));
}

/** Pending items not yet seen among the stored messages (an ack and a `message:new` may race). */
export function stillPending<T extends { clientId: string }>(pending: readonly T[], messages: readonly Sequenced[]): T[] {
  if (pending.length === 0) return [];
  const stored = storedClientIds(messages);
  return pending.filter((item) => !stored.has(item.clientId));
}
