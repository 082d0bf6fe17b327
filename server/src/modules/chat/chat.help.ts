/**
 * Hand to the supervisor, without handing over (issue 11; 售前 ③, 售后 ③ report a difficult
 * buyer to the supervisor). The chat's agent asks for help with a note; every supervisor sees
 * the request live (`conversation:help`) and in their list; one joins it, and may then write
 * in that chat beside the agent. A request is open until a supervisor joins it or the chat
 * closes; one open request per chat (a unique key). Asking and joining are audited.
 * (Handing the chat itself to the supervisor is a transfer: `toSupervisor`, chat.assignment.ts.)
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { HelpRequest } from '@kefu/shared/schemas/chat';
import { audit } from '../audit/audit.service.ts';
import { isDuplicateKey } from '../../platform/db.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { chatRepository } from './chat.repository.ts';
import type { Actor, Tx } from './chat.rows.ts';

const SELECT = `SELECT h.id, h.conversation_id AS conversationId, h.asked_by AS askedBy, a.display_name AS askedByName, h.note, h.asked_at AS askedAt,
    h.joined_by AS joinedBy, j.display_name AS joinedByName, h.joined_at AS joinedAt
  FROM chat_help_request h JOIN staff a ON a.id = h.asked_by LEFT JOIN staff j ON j.id = h.joined_by`;

function toHelp(r: Record<string, unknown>): HelpRequest {
  const iso = (value: unknown) => (value ? new Date(value as Date).toISOString() : null);
  return {
    id: Number(r.id),
    conversationId: Number(r.conversationId),
    askedBy: Number(r.askedBy),
    askedByName: String(r.askedByName),
    note: String(r.note),
    askedAt: iso(r.askedAt)!,
    joinedBy: r.joinedBy === null ? null : Number(r.joinedBy),
    joinedByName: (r.joinedByName as string | null) ?? null,
    joinedAt: iso(r.joinedAt),
  };
}

async function findHelp(tx: Tx, id: number): Promise<HelpRequest | null> {
  const rows = (await tx.query(`${SELECT} WHERE h.id = ?`, [id])) as Array<Record<string, unknown>>;
  return rows[0] ? toHelp(rows[0]) : null;
}

/** Whether this supervisor joined a help request of this open chat (then they may write in it). */
export async function hasJoined(tx: Tx, conversationId: number, staffId: number): Promise<boolean> {
  const rows = (await tx.query('SELECT 1 AS ok FROM chat_help_request WHERE conversation_id = ? AND joined_by = ? LIMIT 1', [conversationId, staffId])) as unknown[];
  return rows.length > 0;
}

export class ChatHelp {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
  ) {}

  /** The chat's agent asks; 409 while the chat has an open request already. */
  async ask(user: Actor, conversationId: number, note: string): Promise<HelpRequest> {
    const now = this.clock();
    let id: number;
    try {
      id = await this.db.transaction(async (tx) => {
        const conversation = await chatRepository.findConversation(tx, conversationId, { lock: true });
        if (!conversation || conversation.agentId !== user.id || conversation.status !== 'open') {
          throw new AppError('not_found', `No open chat ${conversationId} of yours`);
        }
        // A request the chat outlived (closed and reopened since) no longer blocks a new one.
        await tx.query('UPDATE chat_help_request SET closed_at = ? WHERE conversation_id = ? AND closed_at IS NULL AND asked_at < ?', [
          now,
          conversationId,
          conversation.assignedAt ?? conversation.openedAt,
        ]);
        const result = (await tx.query('INSERT INTO chat_help_request (conversation_id, asked_by, note, asked_at) VALUES (?, ?, ?, ?)', [conversationId, user.id, note, now])) as {
          insertId: number;
        };
        await audit(tx, { actorId: user.id, action: 'chat.help.ask', entity: 'chat_conversation', entityId: conversationId, details: { note }, ip: user.ip ?? null, at: now });
        return Number(result.insertId);
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('conflict', 'You already asked for help in this chat', { reason: 'help_pending' });
      throw err;
    }
    const request = (await findHelp(this.db.manager, id))!;
    this.io.to(rooms.role('supervisor')).emit('conversation:help', { request });
    return request;
  }

  /** A supervisor joins; the first wins (409 for a second). */
  async join(user: Actor, helpId: number): Promise<HelpRequest> {
    const now = this.clock();
    await this.db.transaction(async (tx) => {
      const rows = (await tx.query('SELECT conversation_id AS conversationId, joined_by AS joinedBy, closed_at AS closedAt FROM chat_help_request WHERE id = ? FOR UPDATE', [helpId])) as Array<{
        conversationId: number;
        joinedBy: number | null;
        closedAt: Date | null;
      }>;
      const row = rows[0];
      if (!row) throw new AppError('not_found', `No help request ${helpId}`);
      if (row.joinedBy !== null || row.closedAt !== null) throw new AppError('conflict', 'Someone joined this chat already, or it ended', { reason: 'help_taken' });
      await tx.query('UPDATE chat_help_request SET joined_by = ?, joined_at = ?, closed_at = ? WHERE id = ?', [user.id, now, now, helpId]);
      await audit(tx, { actorId: user.id, action: 'chat.help.join', entity: 'chat_conversation', entityId: Number(row.conversationId), details: { helpId }, ip: user.ip ?? null, at: now });
    });
    const request = (await findHelp(this.db.manager, helpId))!;
    this.io.to(rooms.role('supervisor')).emit('conversation:help', { request });
    return request;
  }

  /** Requests nobody joined yet, of chats still open (the supervisor's list on load). */
  async open(): Promise<HelpRequest[]> {
    const rows = (await this.db.query(
      `${SELECT} JOIN chat_conversation c ON c.id = h.conversation_id WHERE h.closed_at IS NULL AND c.status = 'open' ORDER BY h.asked_at, h.id`,
    )) as Array<Record<string, unknown>>;
    return rows.map(toHelp);
  }

  /** Help requests of one chat (its detail view: who asked, who joined). */
  async of(conversationId: number): Promise<HelpRequest[]> {
    const rows = (await this.db.query(`${SELECT} WHERE h.conversation_id = ? ORDER BY h.id`, [conversationId])) as Array<Record<string, unknown>>;
    return rows.map(toHelp);
  }
}
