/**
 * Nobody waits on an absent agent (issue 11; the pure rules are in
 * shared/src/domain/chat/handover.ts).
 *
 * - An agent who chooses away or offline hands over at once (`handOverFrom`, called by the
 *   presence service after the change is committed).
 * - An agent whose last socket went is handed over after the grace period: a timer on the
 *   process that saw the disconnect, and the sweep every few seconds on every process as
 *   the safety net (a process that stopped, a timer lost).
 * Each chat with a buyer waiting goes to the least busy other online agent of its role with
 * room, else to the queue: all of an agent's chats planned at once and moved in one
 * transaction under the same locks as routing (guarded updates, a transfer row made by
 * nobody — `by_staff_id` NULL: the system — and a change in the feed each), then the
 * broadcasts (the buyer's `conversation:changed` names the new agent). Running twice is
 * harmless: the second run finds the chats no longer with the absent agent.
 *
 * A buyer unanswered longer than the wait-alert setting is flagged to the supervisors live
 * (`conversation:overdue`), once per wait (a Redis key per conversation and wait start).
 */
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { absentLongEnough, planHandover, waitingTooLong } from '@kefu/shared/domain/chat/handover';
import type { ChatRole, PresenceStatus } from '@kefu/shared/schemas/chat';
import { auditAll } from '../audit/audit.service.ts';
import { transactionWithRetry } from '../../platform/db.ts';
import type { Logger } from '../../platform/log.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import type { Keys } from '../../platform/redis.ts';
import type { ChangeRow } from './chat.entity.ts';
import { chatRepository, type Tx } from './chat.repository.ts';
import { offerableAgentIds, readCapacity, readHandOverAfterSeconds, readWaitAlertMinutes, rosterDecides, toAgentLoad } from './chat.routing.ts';
import type { ChatService } from './chat.service.ts';

export const HANDOVER_SWEEP_MS = 2000;
/** At most this many chats are moved per hand-over transaction (an agent has at most their capacity). */
export const HANDOVER_BATCH = 50;

export class Handover {
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly db: DataSource,
    private readonly chat: ChatService,
    private readonly io: Io,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.chat.closing || !this.db.isInitialized) return this.stop();
      this.sweep().catch((err) => this.log.warn('handover sweep failed', { err: String(err) }));
    }, HANDOVER_SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const pending of this.pending.values()) clearTimeout(pending);
    this.pending.clear();
  }

  /** The agent's last socket went: look again when the grace period is over. */
  async afterDisconnect(staffId: number): Promise<void> {
    const graceMs = (await readHandOverAfterSeconds(this.db.manager)) * 1000;
    clearTimeout(this.pending.get(staffId));
    const timer = setTimeout(() => {
      this.pending.delete(staffId);
      if (this.chat.closing || !this.db.isInitialized) return;
      this.handOverIfAbsent(staffId).catch((err) => this.log.warn('handover failed', { staffId, err: String(err) }));
    }, graceMs + 20);
    timer.unref();
    this.pending.set(staffId, timer);
  }

  /** Every agent absent past the grace period with a buyer waiting; then the long waits. */
  async sweep(): Promise<void> {
    const rows = (await this.db.query(
      `SELECT DISTINCT p.staff_id AS staffId FROM agent_presence p JOIN chat_conversation c ON c.agent_id = p.staff_id
       WHERE p.status <> 'online' AND c.status = 'open' AND c.pending_since IS NOT NULL`,
    )) as Array<{ staffId: number }>;
    for (const row of rows) await this.handOverIfAbsent(Number(row.staffId));
    await this.handOverOffShift();
    await this.flagLongWaits();
  }

  private async handOverIfAbsent(staffId: number): Promise<number> {
    const [presence] = (await this.db.query('SELECT status, since FROM agent_presence WHERE staff_id = ?', [staffId])) as Array<{ status: PresenceStatus; since: Date }>;
    if (!presence) return 0;
    const graceSeconds = await readHandOverAfterSeconds(this.db.manager);
    if (!absentLongEnough({ status: presence.status, since: new Date(presence.since), now: this.clock(), graceSeconds })) return 0;
    return this.handOverFrom(staffId);
  }

  /**
   * Issue 14: an agent whose shift is over (a published roster decides) hands over like an
   * agent who went offline, though still online.
   */
  async handOverOffShift(): Promise<number> {
    const gate = this.chat.shiftGate;
    if (!gate) return 0;
    const rows = (await this.db.query(
      `SELECT DISTINCT p.staff_id AS staffId, c.role FROM agent_presence p JOIN chat_conversation c ON c.agent_id = p.staff_id
       WHERE p.status = 'online' AND c.status = 'open' AND c.pending_since IS NOT NULL`,
    )) as Array<{ staffId: number; role: ChatRole }>;
    if (!rows.length) return 0;
    const now = this.clock();
    const ids = [...new Set(rows.map((r) => Number(r.staffId)))];
    const onShift = await gate.offerable(this.db.manager, ids, now);
    if (!onShift) return 0;
    // Only towards someone on shift: with nobody of the chat's role on shift online (the
    // night), the chat stays with the agent who is answering it.
    const decides = new Map<ChatRole, boolean>();
    const offShift = new Set<number>();
    for (const row of rows) {
      const id = Number(row.staffId);
      if (onShift.has(id)) continue;
      if (!decides.has(row.role)) decides.set(row.role, await rosterDecides(this.db.manager, gate, row.role, now));
      if (decides.get(row.role)) offShift.add(id);
    }
    let moved = 0;
    for (const id of offShift) moved += await this.handOverFrom(id, 'off_shift');
    return moved;
  }

  /**
   * Hands each open chat of this (absent or off-shift) agent with a buyer waiting to someone
   * else, or the queue: all of them in one transaction (up to HANDOVER_BATCH; more in further
   * ones), the targets planned at once (`planHandover`), then every buyer told at once. The
   * n-th buyer's wait no longer grows with n (it did with one transaction per chat).
   */
  async handOverFrom(absentId: number, reason: 'agent_absent' | 'off_shift' = 'agent_absent'): Promise<number> {
    let moved = 0;
    for (let round = 0; round < 20; round++) {
      const { changes, more } = await transactionWithRetry(this.db, (tx) => this.handOverBatch(tx, absentId, reason));
      await Promise.all(changes.map((change) => this.chat.announce(change)));
      moved += changes.length;
      if (!more || !changes.length) break;
    }
    return moved;
  }

  /**
   * One transaction: the agents' presence rows locked in id order (the absent agent's among
   * them, so a return online waits for us or stops us), then the conversations, each checked
   * again under its lock and moved with a version-guarded update; then, one statement each
   * for all of them, the transfer rows made by nobody (`by_staff_id` NULL: the system), the
   * audit lines and the change rows. A concurrent or retried hand-over finds the chats no
   * longer with the absent agent: exactly once.
   */
  private async handOverBatch(tx: Tx, absentId: number, reason: 'agent_absent' | 'off_shift'): Promise<{ changes: ChangeRow[]; more: boolean }> {
    const waiting = (await tx.query(
      `SELECT id, role FROM chat_conversation WHERE agent_id = ? AND status = 'open' AND pending_since IS NOT NULL ORDER BY pending_since, id LIMIT ?`,
      [absentId, HANDOVER_BATCH + 1],
    )) as Array<{ id: number; role: ChatRole }>;
    const more = waiting.length > HANDOVER_BATCH;
    const chats = waiting.slice(0, HANDOVER_BATCH).map((row) => ({ id: Number(row.id), role: row.role }));
    if (!chats.length) return { changes: [], more: false };
    const now = this.clock();
    const capacity = await readCapacity(tx);
    const offerable: Partial<Record<ChatRole, number[]>> = {};
    for (const role of new Set(chats.map((chat) => chat.role))) {
      offerable[role] = await offerableAgentIds(tx, { role, now, exclude: [absentId], gate: this.chat.shiftGate });
    }
    const loads = await chatRepository.lockAgentLoads(tx, [absentId, ...Object.values(offerable).flat()]);
    // Came back meanwhile: their row is locked now, so this holds until commit.
    if (reason === 'agent_absent' && loads.find((load) => load.staffId === absentId)?.status === 'online') return { changes: [], more: false };
    const agents = loads.filter((load) => load.active && load.staffId !== absentId).map(toAgentLoad);
    const plan = planHandover({ chats, agents, offerable, capacity, now });

    const current = (await tx.query(
      `SELECT id, version, role, status, agent_id AS agentId, pending_since AS pendingSince, assigned_at AS assignedAt
       FROM chat_conversation WHERE id IN (?) ORDER BY id FOR UPDATE`,
      [chats.map((chat) => chat.id)],
    )) as Array<{ id: number; version: number; role: ChatRole; status: string; agentId: number | null; pendingSince: Date | null; assignedAt: Date | null }>;
    const byId = new Map(current.map((row) => [Number(row.id), row]));
    const moves: Array<Omit<ChangeRow, 'feedSeq'>> = [];
    for (const { id } of chats) {
      const row = byId.get(id);
      if (!row || row.status !== 'open' || Number(row.agentId) !== absentId || row.pendingSince === null) continue; // moved, answered or closed meanwhile
      const version = Number(row.version);
      const agentId = plan.get(id) ?? null;
      const status = agentId ? 'open' : 'queued';
      if (!(await chatRepository.updateConversation(tx, id, version, { agentId, status, assignedAt: agentId ? now : row.assignedAt, queuedAt: agentId ? null : now }))) continue;
      moves.push({ conversationId: id, kind: 'transferred', version: version + 1, agentId, prevAgentId: absentId, role: row.role, prevRole: row.role, status, prevStatus: 'open', byStaffId: null, at: now });
    }
    if (!moves.length) return { changes: [], more: false };
    // The records of every move, a statement each for all of them (not one per chat).
    await tx.query('INSERT INTO chat_transfer (conversation_id, from_agent_id, to_agent_id, to_role, note, by_staff_id, at) VALUES ?', [
      moves.map((m) => [m.conversationId, absentId, m.agentId, m.role, '', null, now]),
    ]);
    await auditAll(
      tx,
      moves.map((m) => ({ actorId: null, action: 'chat.handover', entity: 'chat_conversation', entityId: m.conversationId, details: { fromAgentId: absentId, toAgentId: m.agentId, reason }, at: now })),
    );
    for (const agentId of new Set(moves.map((m) => m.agentId).filter((id): id is number => id !== null))) await chatRepository.touchAssigned(tx, agentId, now);
    const changes = await chatRepository.insertChanges(tx, moves); // last: the feed counter's lock is held to commit
    return { changes, more };
  }

  /** Flags to the supervisors every buyer waiting longer than the setting; once per wait. */
  async flagLongWaits(): Promise<number> {
    const now = this.clock();
    const alertMinutes = await readWaitAlertMinutes(this.db.manager);
    const rows = (await this.db.query(
      `SELECT id, agent_id AS agentId, pending_since AS waitingSince FROM chat_conversation
       WHERE status IN ('open', 'queued') AND pending_since IS NOT NULL AND pending_since <= ? ORDER BY pending_since LIMIT 200`,
      [new Date(now.getTime() - alertMinutes * 60_000)],
    )) as Array<{ id: number; agentId: number | null; waitingSince: Date }>;
    let flagged = 0;
    for (const row of rows) {
      const waitingSince = new Date(row.waitingSince);
      if (!waitingTooLong({ waitingSince, now, alertMinutes })) continue;
      const key = this.keys.key('chat-overdue', row.id, waitingSince.getTime());
      if ((await this.redis.set(key, '1', 'EX', 24 * 60 * 60, 'NX')) !== 'OK') continue; // flagged already (this or another process)
      this.io.to(rooms.role('supervisor')).emit('conversation:overdue', {
        conversationId: Number(row.id),
        agentId: row.agentId === null ? null : Number(row.agentId),
        waitingSince: waitingSince.toISOString(),
      });
      flagged += 1;
    }
    return flagged;
  }
}
