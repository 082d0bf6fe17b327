/**
 * Queued buyers see their place in the queue (issue 11), live: whenever the queue of a role
 * moves (a chat joins it, is served, taken, transferred or closed from it), every buyer still
 * waiting in that role hears their new place. The order is the drain's: `queued_at`, then id
 * (chat.assignment.ts). A buyer's own `conversation:changed` carries it too (`queuePosition`).
 */
import type { ChatRole } from '@kefu/shared/schemas/chat';
import type { ChangeRow } from './chat.entity.ts';
import type { Tx } from './chat.rows.ts';

/** More than this many waiting in one role: the rest hear their place when they move up into it. */
const ANNOUNCED_PER_ROLE = 500;

export interface QueuePlace {
  conversationId: number;
  position: number;
}

/** The roles whose queue a change moved (none when it neither entered nor left a queue). */
export function queuesMovedBy(change: Pick<ChangeRow, 'status' | 'role' | 'prevStatus' | 'prevRole'>): ChatRole[] {
  const roles = new Set<ChatRole>();
  if (change.status === 'queued') roles.add(change.role);
  if (change.prevStatus === 'queued' && change.prevRole) roles.add(change.prevRole);
  return [...roles];
}

/** The waiting buyers of one role, first served first, with their places (1 = next). */
export async function queuePlaces(tx: Tx, role: ChatRole): Promise<QueuePlace[]> {
  const rows = (await tx.query(`SELECT id FROM chat_conversation WHERE status = 'queued' AND role = ? ORDER BY queued_at, id LIMIT ?`, [role, ANNOUNCED_PER_ROLE])) as Array<{
    id: number;
  }>;
  return rows.map((row, index) => ({ conversationId: Number(row.id), position: index + 1 }));
}
