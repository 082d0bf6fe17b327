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
 * room, else to the queue: a guarded update under the same locks as routing, a transfer row
 * made by nobody (`by_staff_id` NULL: the system), a change in the feed, then the broadcast
 * (the buyer's `conversation:changed` names the new agent). Running twice is harmless: the
 * second run finds the chat no longer with the absent agent.
 *
 * A buyer unanswered longer than the wait-alert setting is flagged to the supervisors live
 * (`conversation:overdue`), once per wait (a Redis key per conversation and wait start).
 */
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { absentLongEnough, waitingTooLong } from '@kefu/shared/domain/chat/handover';
import type { PresenceStatus } from '@kefu/shared/schemas/chat';
import { audit } from '../audit/audit.service.ts';
import { transactionWithRetry } from '../../platform/db.ts';
import type { Logger } from '../../platform/log.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import type { Keys } from '../../platform/redis.ts';
import type { ChangeRow } from './chat.entity.ts';
import { chatRepository } from './chat.repository.ts';
import { pickAgent, readCapacity, readHandOverAfterSeconds, readWaitAlertMinutes } from './chat.routing.ts';
import type { ChatService } from './chat.service.ts';

export const HANDOVER_SWEEP_MS = 2000;

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
      `SELECT DISTINCT p.staff_id AS staffId FROM agent_presence p JOIN chat_conversation c ON c.agent_id = p.staff_id
       WHERE p.status = 'online' AND c.status = 'open' AND c.pending_since IS NOT NULL`,
    )) as Array<{ staffId: number }>;
    if (!rows.length) return 0;
    const ids = rows.map((r) => Number(r.staffId));
    const onShift = await gate.offerable(this.db.manager, ids, this.clock());
    if (!onShift) return 0;
    let moved = 0;
    for (const id of ids) if (!onShift.has(id)) moved += await this.handOverFrom(id, 'off_shift');
    return moved;
  }

  /** Hands each open chat of this (absent or off-shift) agent with a buyer waiting to someone else, or the queue. */
  async handOverFrom(absentId: number, reason: 'agent_absent' | 'off_shift' = 'agent_absent'): Promise<number> {
    const waiting = (await this.db.query(
      `SELECT id FROM chat_conversation WHERE agent_id = ? AND status = 'open' AND pending_since IS NOT NULL ORDER BY pending_since, id`,
      [absentId],
    )) as Array<{ id: number }>;
    let moved = 0;
    for (const { id } of waiting) {
      const change = await this.handOverOne(Number(id), absentId, reason);
      if (!change) continue;
      moved += 1;
      await this.chat.announce(change);
    }
    return moved;
  }

  private async handOverOne(id: number, absentId: number, reason: 'agent_absent' | 'off_shift'): Promise<ChangeRow | null> {
    const pre = await chatRepository.findConversation(this.db.manager, id);
    if (!pre || pre.status !== 'open' || pre.agentId !== absentId) return null;
    const now = this.clock();
    return transactionWithRetry(this.db, async (tx) => {
      const capacity = await readCapacity(tx);
      const choice = await pickAgent(tx, { role: pre.role, capacity, now, previous: null, exclude: [absentId], gate: this.chat.shiftGate });
      const current = await chatRepository.findConversation(tx, id, { lock: true });
      if (!current || current.status !== 'open' || current.agentId !== absentId || current.pendingSince === null) return null;
      // Came back meanwhile (their presence row is locked by no one here: read it under the conversation's lock).
      const [presence] = (await tx.query('SELECT status FROM agent_presence WHERE staff_id = ?', [absentId])) as Array<{ status: PresenceStatus }>;
      if (presence?.status === 'online' && reason === 'agent_absent') return null;
      const agentId = choice?.staffId ?? null;
      const status = agentId ? 'open' : 'queued';
      if (!(await chatRepository.updateConversation(tx, id, current.version, { agentId, status, assignedAt: agentId ? now : current.assignedAt, queuedAt: agentId ? null : now }))) {
        return null;
      }
      if (agentId) await chatRepository.touchAssigned(tx, agentId, now);
      await chatRepository.insertTransfer(tx, { conversationId: id, fromAgentId: absentId, toAgentId: agentId, toRole: current.role, note: '', byStaffId: null, at: now });
      await audit(tx, { actorId: null, action: 'chat.handover', entity: 'chat_conversation', entityId: id, details: { fromAgentId: absentId, toAgentId: agentId, reason }, at: now });
      return chatRepository.insertChange(tx, {
        conversationId: id,
        kind: 'transferred',
        version: current.version + 1,
        agentId,
        prevAgentId: absentId,
        role: current.role,
        prevRole: current.role,
        status,
        prevStatus: 'open',
        byStaffId: null,
        at: now,
      });
    });
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
