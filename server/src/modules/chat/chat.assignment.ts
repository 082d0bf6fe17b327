/**
 * Who has a chat: an agent takes one from the queue, hands it on (to an agent or a role),
 * closes it; the queue drains into agents with room. Each is a guarded update under the
 * agent's presence lock and the conversation's row lock, recorded in the change feed, then
 * announced (commit, then emit). Routing transactions run at READ COMMITTED (see
 * `transactionWithRetry`): after taking an agent's presence lock, the count of their open
 * chats must see every assignment committed before it.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { ChatRole, ConversationSummary, TransferBody } from '@kefu/shared/schemas/chat';
import { audit } from '../audit/audit.service.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import { transactionWithRetry } from '../../platform/db.ts';
import type { ChangeRow, ConversationRow } from './chat.entity.ts';
import { chatRepository } from './chat.repository.ts';
import { CHAT_ROLES, readerOf, type Actor } from './chat.rows.ts';
import { pickAgent, readCapacity, type ShiftGate } from './chat.routing.ts';

export class ChatAssignment {
  constructor(
    private readonly db: DataSource,
    private readonly announce: (change: ChangeRow) => Promise<void>,
    private readonly clock: () => Date,
    private readonly gate: () => ShiftGate | null = () => null,
  ) {}

  // ---- staff: conversation state ------------------------------------------------------

  /** An agent takes a queued chat of their role themselves; of two racing, one wins (409 for the other). */
  async take(user: Actor, id: number, version: number): Promise<ConversationSummary> {
    const now = this.clock();
    const pre = await chatRepository.findConversation(this.db.manager, id);
    // Not a read: one of two racing agents finds it already taken, which is a 409, not a 404.
    if (!pre || !user.roles.includes(pre.role)) throw new AppError('not_found', `No conversation ${id} in your role's queue`);
    const change = await transactionWithRetry(this.db, async (tx) => {
      const capacity = await readCapacity(tx);
      const [me] = await chatRepository.lockAgentLoads(tx, [user.id]);
      if (!me || me.status === 'offline') throw new AppError('conflict', 'You are offline; go online to take chats');
      if (me.openCount >= capacity) throw new AppError('conflict', `You already have ${me.openCount} open chats (the limit is ${capacity})`);
      const current = await chatRepository.findConversation(tx, id, { lock: true });
      if (!current || current.status !== 'queued' || current.version !== version) throw new AppError('conflict', 'Someone else took this chat first (or it changed); refresh the queue');
      if (!(await chatRepository.updateConversation(tx, id, version, { status: 'open', agentId: user.id, assignedAt: now, queuedAt: null }))) {
        throw new AppError('conflict', 'Someone else took this chat first; refresh the queue');
      }
      await chatRepository.touchAssigned(tx, user.id, now);
      return chatRepository.insertChange(tx, {
        conversationId: id,
        kind: 'assigned',
        version: version + 1,
        agentId: user.id,
        prevAgentId: null,
        role: current.role,
        prevRole: current.role,
        status: 'open',
        prevStatus: 'queued',
        byStaffId: user.id,
        at: now,
      });
    });
    await this.announce(change);
    return (await chatRepository.summaryOf(this.db.manager, id))!;
  }

  /** Hands a chat to another agent or to a role (least busy, else the queue). The note is for staff only. */
  async transfer(user: Actor, id: number, body: TransferBody): Promise<ConversationSummary> {
    const now = this.clock();
    const supervisor = user.roles.includes('supervisor');
    const pre = await chatRepository.findConversation(this.db.manager, id);
    if (!pre || !(await chatRepository.canRead(this.db.manager, readerOf(user), id))) throw new AppError('not_found', `No conversation ${id} that you can see`);
    const mayTransfer = (c: ConversationRow) => supervisor || (c.agentId === user.id && c.status === 'open');
    if (!mayTransfer(pre)) throw new AppError('forbidden', 'Only its agent or the supervisor can transfer this chat');
    if (pre.status === 'closed') throw new AppError('conflict', 'This conversation is closed');

    let targetRole: ChatRole;
    if (body.toAgentId !== undefined) {
      if (body.toAgentId === pre.agentId) throw new AppError('invalid', 'The chat is already with this agent');
      const target = await staffRepository.findById(this.db.manager, body.toAgentId);
      const chatRoles = (target?.roles ?? []).filter((role): role is ChatRole => (CHAT_ROLES as readonly string[]).includes(role));
      if (!target || !target.active || !chatRoles.length) throw new AppError('invalid', `Staff member ${body.toAgentId} is not a pre-sale or after-sale agent`);
      targetRole = chatRoles.includes(pre.role) ? pre.role : chatRoles[0]!;
    } else {
      targetRole = body.toRole!;
    }

    const change = await transactionWithRetry(this.db, async (tx) => {
      const capacity = await readCapacity(tx);
      let agentId: number | null;
      if (body.toAgentId !== undefined) {
        const [target] = await chatRepository.lockAgentLoads(tx, [body.toAgentId]);
        if (!target || target.status === 'offline') throw new AppError('conflict', 'That agent is offline');
        if (target.openCount >= capacity) throw new AppError('conflict', `That agent already has ${target.openCount} open chats (the limit is ${capacity})`);
        agentId = target.staffId;
      } else {
        const choice = await pickAgent(tx, { role: targetRole, capacity, now, previous: null, exclude: pre.agentId ? [pre.agentId] : [], gate: this.gate() });
        agentId = choice?.staffId ?? null;
      }
      const current = await chatRepository.findConversation(tx, id, { lock: true });
      if (!current || current.version !== body.version || current.status === 'closed' || !mayTransfer(current)) {
        throw new AppError('conflict', 'This conversation changed meanwhile; refresh and try again');
      }
      const status = agentId ? 'open' : 'queued';
      await chatRepository.updateConversation(tx, id, current.version, {
        agentId,
        role: targetRole,
        status,
        assignedAt: agentId ? now : current.assignedAt,
        queuedAt: agentId ? null : now,
      });
      if (agentId) await chatRepository.touchAssigned(tx, agentId, now);
      await chatRepository.insertTransfer(tx, { conversationId: id, fromAgentId: current.agentId, toAgentId: agentId, toRole: targetRole, note: body.note, byStaffId: user.id, at: now });
      await audit(tx, {
        actorId: user.id,
        action: 'chat.transfer',
        entity: 'chat_conversation',
        entityId: id,
        details: { fromAgentId: current.agentId, toAgentId: agentId, toRole: targetRole, asked: body.toAgentId !== undefined ? { agentId: body.toAgentId } : { role: body.toRole } },
        ip: user.ip ?? null,
        at: now,
      });
      return chatRepository.insertChange(tx, {
        conversationId: id,
        kind: 'transferred',
        version: current.version + 1,
        agentId,
        prevAgentId: current.agentId,
        role: targetRole,
        prevRole: current.role,
        status,
        prevStatus: current.status,
        byStaffId: user.id,
        at: now,
      });
    });
    await this.announce(change);
    if (change.prevAgentId && change.prevAgentId !== change.agentId) await this.drainFor(change.prevAgentId);
    return (await chatRepository.summaryOf(this.db.manager, id))!;
  }

  /** Closes the chat window; records the time from the order's confirmation to now (G09). */
  async close(user: Actor, id: number, version: number): Promise<ConversationSummary> {
    const now = this.clock();
    const supervisor = user.roles.includes('supervisor');
    const pre = await chatRepository.findConversation(this.db.manager, id);
    if (!pre || !(await chatRepository.canRead(this.db.manager, readerOf(user), id))) throw new AppError('not_found', `No conversation ${id} that you can see`);
    const change = await transactionWithRetry(this.db, async (tx) => {
      const current = await chatRepository.findConversation(tx, id, { lock: true });
      if (!current) throw new AppError('not_found', `No conversation ${id}`);
      if (!supervisor && !(current.agentId === user.id && current.status === 'open')) throw new AppError('forbidden', 'Only its agent or the supervisor can close this chat');
      if (current.status === 'closed') throw new AppError('conflict', 'This conversation is closed already');
      if (current.version !== version) throw new AppError('conflict', 'This conversation changed meanwhile; refresh and try again');
      const confirmToCloseMs =
        current.confirmToCloseMs ?? (current.orderConfirmedAt ? Math.max(0, now.getTime() - new Date(current.orderConfirmedAt).getTime()) : null);
      await chatRepository.updateConversation(tx, id, version, { status: 'closed', closedAt: now, closedBy: user.id, queuedAt: null, confirmToCloseMs });
      if (user.id !== current.agentId) {
        await audit(tx, { actorId: user.id, action: 'chat.close', entity: 'chat_conversation', entityId: id, details: { agentId: current.agentId }, ip: user.ip ?? null, at: now });
      }
      return chatRepository.insertChange(tx, {
        conversationId: id,
        kind: 'closed',
        version: version + 1,
        agentId: current.agentId,
        prevAgentId: current.agentId,
        role: current.role,
        prevRole: current.role,
        status: 'closed',
        prevStatus: current.status,
        byStaffId: user.id,
        at: now,
      });
    });
    await this.announce(change);
    if (pre.agentId) await this.drainFor(pre.agentId);
    return (await chatRepository.summaryOf(this.db.manager, id))!;
  }

  /**
   * Gives queued chats to this agent while they are online and have room (FIFO per role).
   * Runs when they come online, close or hand on a chat, and on a timer as a safety net.
   * A chat the agent just transferred away is not handed straight back to them.
   */
  async drainFor(staffId: number): Promise<number> {
    let given = 0;
    for (let round = 0; round < 20; round++) {
      const now = this.clock();
      const changes = await transactionWithRetry(this.db, async (tx) => {
        const capacity = await readCapacity(tx);
        const [me] = await chatRepository.lockAgentLoads(tx, [staffId]);
        if (!me || me.status !== 'online' || !me.active) return [];
        // Off shift by a published roster: nothing from the queue (issue 14).
        const onShift = await this.gate()?.offerable(tx, [staffId], now);
        if (onShift && !onShift.has(staffId)) return [];
        const room = capacity - me.openCount;
        const roles = me.roles.filter((role) => (CHAT_ROLES as readonly string[]).includes(role));
        if (room <= 0 || !roles.length) return [];
        // A chat someone handed away from this agent does not come back to them from the queue;
        // one the system took while they were absent (by_staff_id NULL, issue 11) does.
        const queued = (await tx.query(
          `SELECT c.id, c.version, c.role FROM chat_conversation c
           WHERE c.status = 'queued' AND c.role IN (?)
             AND NOT EXISTS (SELECT 1 FROM chat_change x WHERE x.conversation_id = c.id AND x.kind = 'transferred' AND x.prev_agent_id = ? AND x.by_staff_id IS NOT NULL
               AND x.feed_seq = (SELECT MAX(y.feed_seq) FROM chat_change y WHERE y.conversation_id = c.id))
           ORDER BY c.queued_at, c.id LIMIT ? FOR UPDATE SKIP LOCKED`,
          [roles, staffId, room],
        )) as Array<{ id: number; version: number; role: ChatRole }>;
        const made: ChangeRow[] = [];
        for (const row of queued) {
          if (!(await chatRepository.updateConversation(tx, row.id, row.version, { status: 'open', agentId: staffId, assignedAt: now, queuedAt: null }))) continue;
          made.push(
            await chatRepository.insertChange(tx, {
              conversationId: Number(row.id),
              kind: 'assigned',
              version: Number(row.version) + 1,
              agentId: staffId,
              prevAgentId: null,
              role: row.role,
              prevRole: row.role,
              status: 'open',
              prevStatus: 'queued',
              byStaffId: null,
              at: now,
            }),
          );
        }
        if (made.length) await chatRepository.touchAssigned(tx, staffId, now);
        return made;
      });
      for (const change of changes) await this.announce(change);
      given += changes.length;
      if (!changes.length) break;
    }
    return given;
  }

  /** Drains the queue into every online agent, least busy first. */
  async drainAll(): Promise<number> {
    const waiting = (await this.db.query(`SELECT 1 FROM chat_conversation WHERE status = 'queued' LIMIT 1`)) as unknown[];
    if (!waiting.length) return 0;
    const agents = (await this.db.query(
      `SELECT p.staff_id AS staffId FROM agent_presence p
       WHERE p.status = 'online'
       ORDER BY (SELECT COUNT(*) FROM chat_conversation c WHERE c.agent_id = p.staff_id AND c.status = 'open'), p.staff_id`,
    )) as Array<{ staffId: number }>;
    let given = 0;
    for (const agent of agents) given += await this.drainFor(Number(agent.staffId));
    return given;
  }
}
