/**
 * Nobody waits on an absent agent (issue 11). An agent who is not online — they chose away
 * or offline, or their last socket went — stops serving: their open chats with a buyer
 * waiting are handed to another agent (or the queue). A chosen status takes effect at once;
 * a lost connection after a grace period (a page reload or a short network gap must not
 * move chats). A buyer waiting longer than the 3-minute response rule is flagged to the
 * supervisor.
 */
import type { ChatRole, PresenceStatus } from '../../schemas/chat.ts';
import { chooseAgent, type AgentLoad } from './routing.ts';

export const DEFAULT_HAND_OVER_AFTER_SECONDS = 60;
/** The 3-minute response rule: a buyer unanswered this long is flagged to the supervisor. */
export const DEFAULT_WAIT_ALERT_MINUTES = 3;

/** Whether an agent of this presence has been away long enough for their waiting buyers to be handed over. */
export function absentLongEnough({ status, since, now, graceSeconds }: { status: PresenceStatus; since: Date; now: Date; graceSeconds: number }): boolean {
  if (status === 'online') return false;
  return now.getTime() - since.getTime() >= graceSeconds * 1000;
}

/** Whether a buyer waiting since `waitingSince` (their oldest unanswered message) has waited too long. */
export function waitingTooLong({ waitingSince, now, alertMinutes }: { waitingSince: Date | null; now: Date; alertMinutes: number }): boolean {
  if (!waitingSince) return false;
  return now.getTime() - waitingSince.getTime() >= alertMinutes * 60_000;
}

/**
 * Where each of an absent agent's waiting chats goes, decided at once for all of them (the
 * server moves them in one transaction). Chats in the order given (the longest waiting
 * first); each to the least busy agent of its role with room (`chooseAgent`), counting the
 * chats this same hand-over gave before it — so five chats spread over the team as five
 * hand-overs one after another would, and no capacity is exceeded; null: the queue.
 * `offerable` lists, per role, who may be offered a chat of it (online, not the absent
 * agent, on shift when a roster decides); an agent's load is shared across their roles.
 */
export function planHandover(input: {
  chats: ReadonlyArray<{ id: number; role: ChatRole }>;
  agents: readonly AgentLoad[];
  offerable: Partial<Record<ChatRole, readonly number[]>>;
  capacity: number;
  now: Date;
}): Map<number, number | null> {
  const loads = new Map(input.agents.map((agent) => [agent.staffId, { ...agent }]));
  const plan = new Map<number, number | null>();
  for (const chat of input.chats) {
    const allowed = new Set(input.offerable[chat.role] ?? []);
    const agents = [...loads.values()].filter((agent) => allowed.has(agent.staffId));
    const choice = chooseAgent({ role: chat.role, agents, capacity: input.capacity, previous: null, now: input.now });
    plan.set(chat.id, choice?.staffId ?? null);
    const chosen = choice ? loads.get(choice.staffId) : undefined;
    if (chosen) {
      chosen.openCount += 1;
      chosen.lastAssignedAt = input.now;
    }
  }
  return plan;
}
