/**
 * Who gets a new chat (domain.md "Chat"; issue 5). Pure: the caller reads presence and
 * loads under locks and passes them in, with the clock.
 */
import type { ChatRole, PresenceStatus } from '../../schemas/chat.ts';

/** A buyer who chatted within this many days goes back to the agent who served them (千牛's habit). */
export const STICKY_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CAPACITY = 5;

/** What the orders and after-sale records say about a buyer (see chat.routing.ts `BuyerFacts`). */
export interface BuyerRoutingFacts {
  hasShippedOrDeliveredOrder: boolean;
  hasOpenAfterSaleCase: boolean;
}

/** After-sale for a buyer with a shipped or delivered order or an open after-sale case; else pre-sale. */
export function chatRoleFor(facts: BuyerRoutingFacts): ChatRole {
  return facts.hasShippedOrDeliveredOrder || facts.hasOpenAfterSaleCase ? 'aftersale' : 'presale';
}

/** True when `lastActivity` lies within the sticky window before `now`. */
export function withinStickyWindow(lastActivity: Date | null, now: Date): boolean {
  if (!lastActivity) return false;
  const age = now.getTime() - lastActivity.getTime();
  return age >= 0 && age <= STICKY_DAYS * DAY_MS;
}

export interface AgentLoad {
  staffId: number;
  roles: readonly string[];
  status: PresenceStatus;
  /** Conversations open with this agent now. */
  openCount: number;
  /** When they were last given a chat (spreads ties). */
  lastAssignedAt: Date | null;
}

export interface AgentChoice {
  staffId: number;
  reason: 'sticky' | 'least_busy';
}

/** Online, of the role, below capacity. Away and offline agents get no new chats. */
export function hasRoom(agent: AgentLoad, role: ChatRole, capacity: number): boolean {
  return agent.status === 'online' && agent.roles.includes(role) && agent.openCount < capacity;
}

/**
 * The agent for a chat of `role`: the previous agent when the buyer was served within
 * the sticky window and that agent has room; else the online agent of the role with the
 * fewest open chats (ties: longest since their last chat, then lowest id); else null (queue).
 */
export function chooseAgent(input: {
  role: ChatRole;
  agents: readonly AgentLoad[];
  capacity: number;
  previous: { agentId: number; lastActivityAt: Date } | null;
  now: Date;
}): AgentChoice | null {
  const { role, agents, capacity, previous, now } = input;
  if (previous && withinStickyWindow(previous.lastActivityAt, now)) {
    const agent = agents.find((a) => a.staffId === previous.agentId);
    if (agent && hasRoom(agent, role, capacity)) return { staffId: agent.staffId, reason: 'sticky' };
  }
  const candidates = agents.filter((a) => hasRoom(a, role, capacity));
  if (!candidates.length) return null;
  const since = (a: AgentLoad) => a.lastAssignedAt?.getTime() ?? -Infinity;
  candidates.sort((a, b) => a.openCount - b.openCount || since(a) - since(b) || a.staffId - b.staffId);
  return { staffId: candidates[0]!.staffId, reason: 'least_busy' };
}

/** A closed conversation is reopened by the buyer writing within the sticky window; later, a new one starts. */
export function reopensOnWrite(closedAt: Date | null, now: Date): boolean {
  return withinStickyWindow(closedAt, now);
}
