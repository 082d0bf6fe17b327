/**
 * Routing: which role a buyer goes to and which agent gets a chat (issue 5, domain.md
 * "Chat"). The rules are pure (shared/src/domain/chat/routing.ts); this file reads the
 * facts and the agents' loads under locks so that a capacity is never exceeded.
 */
import { chatRoleFor, chooseAgent, DEFAULT_CAPACITY, type AgentChoice, type AgentLoad, type BuyerRoutingFacts } from '@kefu/shared/domain/chat/routing';
import { DEFAULT_CLOSE_AFTER_CONFIRM_MINUTES } from '@kefu/shared/domain/chat/window';
import { DEFAULT_HAND_OVER_AFTER_SECONDS, DEFAULT_WAIT_ALERT_MINUTES } from '@kefu/shared/domain/chat/handover';
import type { ChatRole } from '@kefu/shared/schemas/chat';
import { chatRepository, type Tx } from './chat.repository.ts';

/**
 * What the orders and after-sale records say about a buyer: a shipped or delivered order,
 * or an open after-sale case, sends them to after-sale. The order registry implements it
 * (orders/orders.buyer-facts.ts); chat depends only on this interface.
 */
export interface BuyerFacts {
  factsFor(buyer: { buyerId: string; orderNo: string | null }): Promise<BuyerRoutingFacts>;
  /** Whose an order is and its receiver phone, or null when there is no such order (linking a visitor checks them). */
  orderOwner(orderNo: string): Promise<{ buyerId: string; receiverPhone: string | null } | null>;
  /** Of these numbers (upper-cased), those that are a known shipment's tracking number: never flagged as unknown orders. */
  knownTrackingNos(numbers: readonly string[]): Promise<Set<string>>;
}

export const CAPACITY_SETTING = 'chat.capacity';
/** G09's limit (minutes) for leaving the window open after the order was confirmed. */
export const CLOSE_AFTER_CONFIRM_SETTING = 'chat.close_after_confirm_minutes';

async function readPositiveSetting(tx: Tx, key: string, fallback: number): Promise<number> {
  const rows = (await tx.query('SELECT value FROM setting WHERE setting_key = ?', [key])) as Array<{ value: string }>;
  const value = Number(rows[0]?.value);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Issue 11: seconds after an agent's last socket went before their waiting buyers are handed over. */
export const HAND_OVER_AFTER_SETTING = 'chat.hand_over_after_seconds';
/** Issue 11: minutes a buyer may wait unanswered before the supervisor is alerted. */
export const WAIT_ALERT_SETTING = 'chat.wait_alert_minutes';

export function readHandOverAfterSeconds(tx: Tx): Promise<number> {
  return readPositiveSetting(tx, HAND_OVER_AFTER_SETTING, DEFAULT_HAND_OVER_AFTER_SECONDS);
}

export function readWaitAlertMinutes(tx: Tx): Promise<number> {
  return readPositiveSetting(tx, WAIT_ALERT_SETTING, DEFAULT_WAIT_ALERT_MINUTES);
}

export function readCapacity(tx: Tx): Promise<number> {
  return readPositiveSetting(tx, CAPACITY_SETTING, DEFAULT_CAPACITY);
}

export function readCloseAfterConfirmMinutes(tx: Tx): Promise<number> {
  return readPositiveSetting(tx, CLOSE_AFTER_CONFIRM_SETTING, DEFAULT_CLOSE_AFTER_CONFIRM_MINUTES);
}

export async function roleFor(facts: BuyerFacts, buyer: { buyerId: string; orderNo: string | null }): Promise<ChatRole> {
  return chatRoleFor(await facts.factsFor(buyer));
}

/**
 * Who may be offered chats now by the roster (issue 14): of these agents, the set on shift,
 * or null when no roster decides (none published for the month: everyone online may be).
 * Implemented by the attendance module and set where the app is composed.
 */
export interface ShiftGate {
  offerable(tx: Tx, staffIds: readonly number[], now: Date): Promise<Set<number> | null>;
}

/**
 * Whether the roster decides who takes chats of `role` right now: a roster is published and
 * someone of the role on shift is online. Otherwise (the night, or everyone on shift away)
 * off-shift agents who are online may answer: no buyer waits for the morning while someone
 * could reply (docs/attendance.md).
 */
export async function rosterDecides(tx: Tx, gate: ShiftGate | null | undefined, role: ChatRole, now: Date): Promise<boolean> {
  if (!gate) return false;
  const ids = await chatRepository.onlineAgentIds(tx, role);
  const onShift = await gate.offerable(tx, ids, now);
  return onShift !== null && ids.some((id) => onShift.has(id));
}

/**
 * Who may be offered a chat of `role` now (not locked: the caller locks them with
 * `lockAgentLoads`): the online agents of the role (and the previous agent), less `exclude`;
 * only people on shift when a published roster decides, unless nobody of the role on shift
 * is online (rosterDecides): then whoever is online may answer.
 */
export async function offerableAgentIds(
  tx: Tx,
  input: { role: ChatRole; now: Date; previous?: number | null; exclude?: readonly number[]; gate?: ShiftGate | null | undefined },
): Promise<number[]> {
  const ids = await chatRepository.onlineAgentIds(tx, input.role);
  if (input.previous !== undefined && input.previous !== null) ids.push(input.previous);
  const excluded = new Set(input.exclude ?? []);
  const onShift = input.gate ? await input.gate.offerable(tx, ids, input.now) : null;
  if (onShift && ids.some((id) => onShift.has(id) && !excluded.has(id))) for (const id of ids) if (!onShift.has(id)) excluded.add(id);
  return ids.filter((id) => !excluded.has(id));
}

/**
 * Picks an agent for a chat of `role` inside the caller's READ COMMITTED transaction.
 * Locks the presence rows of the online agents of the role (and the previous agent), in
 * id order, before the caller locks the conversation: every path that gives an agent a
 * chat holds that agent's row, so the counts read here stay true until commit.
 */
export async function pickAgent(
  tx: Tx,
  input: { role: ChatRole; capacity: number; now: Date; previous: { agentId: number; lastActivityAt: Date } | null; exclude?: readonly number[]; gate?: ShiftGate | null },
): Promise<AgentChoice | null> {
  const ids = await offerableAgentIds(tx, { role: input.role, now: input.now, previous: input.previous?.agentId ?? null, exclude: input.exclude ?? [], gate: input.gate });
  const loads = await chatRepository.lockAgentLoads(tx, ids);
  return chooseAgent({ role: input.role, agents: loads.filter((load) => load.active).map(toAgentLoad), capacity: input.capacity, previous: input.previous, now: input.now });
}

/** A locked presence row as the pure routing rules read it. */
export function toAgentLoad(load: { staffId: number; roles: string[]; status: AgentLoad['status']; openCount: number; lastAssignedAt: Date | null }): AgentLoad {
  return { staffId: load.staffId, roles: load.roles, status: load.status, openCount: load.openCount, lastAssignedAt: load.lastAssignedAt };
}

/** When the buyer was last active in a conversation (its last message or its closing). */
export function lastActivityOf(conversation: { lastMessageAt: Date | null; closedAt: Date | null; openedAt: Date }): Date {
  const times = [conversation.lastMessageAt, conversation.closedAt, conversation.openedAt].filter((t): t is Date => t !== null).map((t) => new Date(t).getTime());
  return new Date(Math.max(...times));
}
