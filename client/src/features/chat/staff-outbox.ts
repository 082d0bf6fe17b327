/**
 * The staff side's outbox: one per console socket, living as long as the console does, so
 * a message still waiting for its ack keeps being retried while the agent looks at another
 * section, and survives a reload (localStorage, per staff member).
 */
import type { ChatMessage } from '@kefu/shared/schemas/chat';
import { localStorageFor, Outbox } from '../../lib/outbox.ts';
import { staffEmit, type StaffSocket } from '../../lib/socket.ts';
import type { SendPayload } from './pending.ts';

export type StaffSendPayload = SendPayload & { conversationId: number; cannedReplyId?: number };

export interface StaffOutbox {
  outbox: Outbox<StaffSendPayload, { message: ChatMessage }>;
  /** Called with every acked message (the workspace shows it at once, before its broadcast). */
  onAcked(listener: (message: ChatMessage) => void): () => void;
}

const outboxes = new WeakMap<StaffSocket, StaffOutbox>();

export function staffOutbox(socket: StaffSocket, staffId: number): StaffOutbox {
  const existing = outboxes.get(socket);
  if (existing) return existing;
  const listeners = new Set<(message: ChatMessage) => void>();
  const outbox = new Outbox<StaffSendPayload, { message: ChatMessage }>({
    send: (payload) => staffEmit.attempt(socket, 'message:send', payload),
    isConnected: () => socket.connected,
    onAcked: (_clientId, { message }) => {
      for (const listener of listeners) listener(message);
    },
    storage: localStorageFor<StaffSendPayload>(`kefu.outbox.staff.${staffId}`),
  });
  socket.on('connect', () => outbox.resume());
  if (socket.connected) outbox.resume();
  const created: StaffOutbox = {
    outbox,
    onAcked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  outboxes.set(socket, created);
  return created;
}
