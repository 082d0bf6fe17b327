import { ALL_CANNED_STEPS, cannedGroupOf, type BuyerConversation, type CannedReply, type ChatRole, type ConversationSummary, type Presence, type PresenceStatus, type Transfer } from '@kefu/shared/schemas/chat';
import { affectedRows } from '../../platform/db.ts';
import type { CannedReplyRow, ConversationRow, ImageRow, MessageRow, PresenceRow } from './chat.entity.ts';
import { feedRepository } from './chat.feed.repository.ts';
import {
  CONVERSATION_COLUMNS,
  CONVERSATION_SELECT,
  MESSAGE_SELECT,
  MESSAGE_STATE_FIELDS,
  MESSAGE_STATE_WRITTEN_FROM,
  iso,
  num,
  numOrNull,
  readableSql,
  toBuyerConversation,
  toConversation,
  toMessageRow,
  toSummary,
  type MessageState,
  type MessageWithName,
  type Queryable,
  type Reader,
  type Tx,
} from './chat.rows.ts';
import { searchRepository } from './chat.search.repository.ts';

export {
  CHAT_STAFF_ROLES,
  buyerView,
  previewOf,
  toBuyerConversation,
  toBuyerMessage,
  toChatChange,
  toChatMessage,
  toSummary,
  type ConversationSummaryRow,
  type MessageState,
  type MessageWithName,
  type Queryable,
  type Reader,
  type Tx,
} from './chat.rows.ts';

// ---- the repository ---------------------------------------------------------------

/** Every read and write of the chat tables; services pass the transaction. */
export const chatRepository = {
  async findConversation(tx: Tx, id: number, options: { lock?: boolean } = {}): Promise<ConversationRow | null> {
    const rows = (await tx.query(`SELECT ${CONVERSATION_SELECT} FROM chat_conversation c WHERE c.id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id])) as Array<Record<string, unknown>>;
    return rows[0] ? toConversation(rows[0]) : null;
  },

  /** Locks conversations (in id order) for a batch of messages, reading only what storing messages needs. */
  async lockForMessages(tx: Queryable, ids: readonly number[]): Promise<Map<number, MessageState>> {
    if (!ids.length) return new Map();
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const rows = (await tx.query(
      `SELECT ${MESSAGE_STATE_FIELDS.map((f) => `c.${CONVERSATION_COLUMNS[f]} AS ${f}`).join(', ')} FROM chat_conversation c WHERE c.id IN (?) ORDER BY c.id FOR UPDATE`,
      [sorted],
    )) as MessageState[];
    return new Map(
      rows.map((row) => [
        Number(row.id),
        { ...row, id: Number(row.id), agentId: numOrNull(row.agentId), lastSeq: Number(row.lastSeq), firstResponseBy: numOrNull(row.firstResponseBy), orderConfirmedBy: numOrNull(row.orderConfirmedBy) },
      ]),
    );
  },

  /** The buyer's latest conversation (any status). */
  async latestOfBuyer(tx: Tx, buyerId: string): Promise<ConversationRow | null> {
    const rows = (await tx.query(`SELECT ${CONVERSATION_SELECT} FROM chat_conversation c WHERE c.buyer_id = ? ORDER BY c.id DESC LIMIT 1`, [buyerId])) as Array<Record<string, unknown>>;
    return rows[0] ? toConversation(rows[0]) : null;
  },

  async insertConversation(tx: Tx, row: Omit<ConversationRow, 'id' | 'version' | 'lastSeq' | 'buyerReadSeq' | 'staffReadSeq' | 'reopenedCount'>): Promise<number> {
    const fields = Object.keys(row) as Array<keyof typeof row>;
    const result = (await tx.query(
      `INSERT INTO chat_conversation (${fields.map((f) => CONVERSATION_COLUMNS[f]).join(', ')}, version, last_seq, buyer_read_seq, staff_read_seq, reopened_count)
       VALUES (${fields.map(() => '?').join(', ')}, 1, 0, 0, 0, 0)`,
      fields.map((f) => row[f]),
    )) as { insertId: number };
    return Number(result.insertId);
  },

  /** Guarded update: applies only if the version is still `version`; bumps it. */
  async updateConversation(tx: Tx, id: number, version: number, changes: Partial<Omit<ConversationRow, 'id' | 'version'>>): Promise<boolean> {
    const fields = Object.keys(changes) as Array<keyof typeof changes>;
    const sets = fields.map((f) => `${CONVERSATION_COLUMNS[f]} = ?`);
    const result = await tx.query(`UPDATE chat_conversation SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = ? AND version = ?`, [
      ...fields.map((f) => changes[f]),
      id,
      version,
    ]);
    return affectedRows(result) === 1;
  },

  async summaries(tx: Tx, where: string, params: unknown[], orderBy = 'c.id'): Promise<ConversationSummary[]> {
    const rows = (await tx.query(
      `SELECT ${CONVERSATION_SELECT}, s.display_name AS agentName,
        (SELECT COUNT(*) FROM chat_message m WHERE m.conversation_id = c.id AND m.seq > c.staff_read_seq AND m.sender = 'buyer') AS unread,
        l.kind AS lastKind, LEFT(l.body, 200) AS lastBody, v.display_name AS visitorName, v.linked_buyer_id AS linkedBuyerId
       FROM chat_conversation c LEFT JOIN staff s ON s.id = c.agent_id
       LEFT JOIN chat_message l ON l.conversation_id = c.id AND l.seq = c.last_seq
       LEFT JOIN chat_visitor v ON v.id = c.buyer_id
       WHERE ${where} ORDER BY ${orderBy}`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows.map((raw) =>
      toSummary({
        ...toConversation(raw),
        agentName: (raw.agentName as string | null) ?? null,
        unread: num(raw.unread),
        lastKind: (raw.lastKind as 'text' | 'image' | null) ?? null,
        lastBody: (raw.lastBody as string | null) ?? null,
        visitorName: (raw.visitorName as string | null) ?? null,
        linkedBuyerId: (raw.linkedBuyerId as string | null) ?? null,
      }),
    );
  },

  async summaryOf(tx: Tx, id: number): Promise<ConversationSummary | null> {
    return (await this.summaries(tx, 'c.id = ?', [id]))[0] ?? null;
  },

  async buyerConversation(tx: Tx, id: number): Promise<BuyerConversation | null> {
    // The place in the queue: 1 + those of the role queued before (the drain's order: queued_at, id).
    const rows = (await tx.query(
      `SELECT ${CONVERSATION_SELECT}, s.display_name AS agentName,
         CASE WHEN c.status = 'queued' THEN 1 + (SELECT COUNT(*) FROM chat_conversation q WHERE q.status = 'queued' AND q.role = c.role
           AND (q.queued_at < c.queued_at OR (q.queued_at = c.queued_at AND q.id < c.id))) END AS queuePosition
       FROM chat_conversation c LEFT JOIN staff s ON s.id = c.agent_id WHERE c.id = ?`,
      [id],
    )) as Array<Record<string, unknown>>;
    return rows[0]
      ? toBuyerConversation({ ...toConversation(rows[0]), agentName: (rows[0].agentName as string | null) ?? null, queuePosition: numOrNull(rows[0].queuePosition) })
      : null;
  },

  /** Whether this staff member may read the conversation (see docs/chat.md). */
  async canRead(tx: Tx, reader: Reader, conversationId: number): Promise<boolean> {
    const readable = readableSql(reader);
    const rows = (await tx.query(`SELECT 1 AS ok FROM chat_conversation c WHERE c.id = ? AND ${readable.sql}`, [conversationId, ...readable.params])) as unknown[];
    return rows.length > 0;
  },

  readableSql,

  // ---- messages ----

  async messagesAfter(tx: Tx, conversationId: number, afterSeq: number, limit: number): Promise<MessageWithName[]> {
    const rows = (await tx.query(
      `SELECT ${MESSAGE_SELECT} FROM chat_message m LEFT JOIN staff s ON s.id = m.staff_id
       WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`,
      [conversationId, afterSeq, limit],
    )) as Array<Record<string, unknown>>;
    return rows.map(toMessageRow);
  },

  /** The `limit` messages just before `beforeSeq`, oldest first (a page of older history). */
  async messagesBefore(tx: Tx, conversationId: number, beforeSeq: number, limit: number): Promise<MessageWithName[]> {
    const rows = (await tx.query(
      `SELECT ${MESSAGE_SELECT} FROM chat_message m LEFT JOIN staff s ON s.id = m.staff_id
       WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
      [conversationId, beforeSeq, limit],
    )) as Array<Record<string, unknown>>;
    return rows.map(toMessageRow).reverse();
  },

  /** Stored messages by client id, with their conversation's buyer (to check a resend's sender). */
  async existingByClientIds(tx: Queryable, clientIds: readonly string[]): Promise<Array<MessageWithName & { buyerId: string }>> {
    if (!clientIds.length) return [];
    const rows = (await tx.query(
      `SELECT ${MESSAGE_SELECT}, c.buyer_id AS buyerId FROM chat_message m JOIN chat_conversation c ON c.id = m.conversation_id
       LEFT JOIN staff s ON s.id = m.staff_id WHERE m.client_id IN (?)`,
      [clientIds],
    )) as Array<Record<string, unknown>>;
    return rows.map((raw) => ({ ...toMessageRow(raw), buyerId: String(raw.buyerId) }));
  },

  /** One multi-row INSERT for a whole batch; returns the first generated id (ids are consecutive). */
  async insertMessages(tx: Queryable, rows: ReadonlyArray<Omit<MessageRow, 'id' | 'answeredAt' | 'answeredBy'>>): Promise<number> {
    const values: unknown[] = [];
    for (const r of rows) values.push(r.conversationId, r.seq, r.clientId, r.sender, r.staffId, r.kind, r.body, r.imageId, r.cannedStep, r.createdAt);
    const result = (await tx.query(
      `INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, image_id, canned_step, created_at)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      values,
    )) as { insertId: number };
    return Number(result.insertId);
  },

  /** Marks the buyer's unanswered messages before `beforeSeq` as answered (first answer only). */
  async markAnswered(tx: Queryable, conversationId: number, beforeSeq: number, at: Date, staffId: number): Promise<void> {
    await tx.query(
      `UPDATE chat_message SET answered_at = ?, answered_by = ?
       WHERE conversation_id = ? AND sender = 'buyer' AND answered_at IS NULL AND seq < ?`,
      [at, staffId, conversationId, beforeSeq],
    );
  },

  /**
   * Conversations that only received buyer messages in a batch: their new last seq, and the
   * batch's time as last message (and, where unset, as the start of the wait). One UPDATE.
   */
  async saveBuyerMessageState(tx: Queryable, rows: ReadonlyArray<{ id: number; lastSeq: number }>, at: Date): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `UPDATE chat_conversation SET last_seq = CASE id ${rows.map(() => 'WHEN ? THEN ?').join(' ')} END, last_message_at = ?,
         pending_since = COALESCE(pending_since, ?), first_buyer_message_at = COALESCE(first_buyer_message_at, ?)
       WHERE id IN (?)`,
      [...rows.flatMap((r) => [r.id, r.lastSeq]), at, at, at, rows.map((r) => r.id)],
    );
  },

  /** Every message-driven field of locked conversations (any mix of senders), in one statement. */
  async saveMessageState(tx: Queryable, rows: readonly MessageState[]): Promise<void> {
    if (!rows.length) return;
    const cols = MESSAGE_STATE_FIELDS.map((f) => CONVERSATION_COLUMNS[f]);
    const values: unknown[] = [];
    for (const r of rows) for (const f of MESSAGE_STATE_FIELDS) values.push(r[f]);
    // The rows are locked and exist: this only ever takes the UPDATE branch.
    await tx.query(
      `INSERT INTO chat_conversation (${cols.join(', ')}) VALUES ${rows.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}
       ON DUPLICATE KEY UPDATE ${cols
         .slice(MESSAGE_STATE_WRITTEN_FROM)
         .map((c) => `${c} = VALUES(${c})`)
         .join(', ')}`,
      values,
    );
  },

  async setStaffRead(tx: Tx, conversationId: number, agentId: number, seq: number): Promise<number | null> {
    const result = await tx.query('UPDATE chat_conversation SET staff_read_seq = LEAST(GREATEST(staff_read_seq, ?), last_seq) WHERE id = ? AND agent_id = ?', [seq, conversationId, agentId]);
    if (affectedRows(result) === 0) return null;
    const rows = (await tx.query('SELECT staff_read_seq AS s FROM chat_conversation WHERE id = ?', [conversationId])) as Array<{ s: number }>;
    return num(rows[0]?.s);
  },

  async setBuyerRead(tx: Tx, conversationId: number, buyerId: string, seq: number): Promise<number | null> {
    const result = await tx.query('UPDATE chat_conversation SET buyer_read_seq = LEAST(GREATEST(buyer_read_seq, ?), last_seq) WHERE id = ? AND buyer_id = ?', [seq, conversationId, buyerId]);
    if (affectedRows(result) === 0) return null;
    const rows = (await tx.query('SELECT buyer_read_seq AS s FROM chat_conversation WHERE id = ?', [conversationId])) as Array<{ s: number }>;
    return num(rows[0]?.s);
  },

  ...searchRepository,

  ...feedRepository,

  // ---- transfers ----

  async insertTransfer(tx: Tx, row: Omit<Transfer, 'id' | 'at'> & { conversationId: number; at: Date }): Promise<void> {
    await tx.query('INSERT INTO chat_transfer (conversation_id, from_agent_id, to_agent_id, to_role, note, by_staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.conversationId,
      row.fromAgentId,
      row.toAgentId,
      row.toRole,
      row.note,
      row.byStaffId,
      row.at,
    ]);
  },

  async transfersOf(tx: Tx, conversationId: number): Promise<Transfer[]> {
    const rows = (await tx.query(
      `SELECT id, from_agent_id AS fromAgentId, to_agent_id AS toAgentId, to_role AS toRole, note, by_staff_id AS byStaffId, at
       FROM chat_transfer WHERE conversation_id = ? ORDER BY id`,
      [conversationId],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: num(r.id),
      fromAgentId: numOrNull(r.fromAgentId),
      toAgentId: numOrNull(r.toAgentId),
      toRole: r.toRole as ChatRole,
      note: String(r.note),
      byStaffId: numOrNull(r.byStaffId),
      at: iso(r.at as Date)!,
    }));
  },

  // ---- images ----

  async insertImage(tx: Tx, row: ImageRow): Promise<void> {
    await tx.query('INSERT INTO chat_image (id, conversation_id, uploaded_by_buyer, staff_id, mime, bytes, path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      row.conversationId,
      row.uploadedByBuyer,
      row.staffId,
      row.mime,
      row.bytes,
      row.path,
      row.createdAt,
    ]);
  },

  async findImage(tx: Tx, id: string): Promise<ImageRow | null> {
    const rows = (await tx.query(
      'SELECT id, conversation_id AS conversationId, uploaded_by_buyer AS uploadedByBuyer, staff_id AS staffId, mime, bytes, path, created_at AS createdAt FROM chat_image WHERE id = ?',
      [id],
    )) as Array<Record<string, unknown>>;
    const r = rows[0];
    return r ? ({ ...r, conversationId: num(r.conversationId), uploadedByBuyer: Boolean(r.uploadedByBuyer), staffId: numOrNull(r.staffId), bytes: num(r.bytes) } as ImageRow) : null;
  },

  async imageConversations(tx: Queryable, ids: readonly string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = (await tx.query('SELECT id, conversation_id AS conversationId FROM chat_image WHERE id IN (?)', [ids])) as Array<{ id: string; conversationId: number }>;
    return new Map(rows.map((r) => [r.id, num(r.conversationId)]));
  },

  // ---- presence ----

  /**
   * Locks the presence rows of these agents (in id order: every path locks presence before
   * conversations) and returns their loads. Every path that gives an agent a chat holds
   * that agent's row, so the open counts read here cannot grow until commit.
   */
  async lockAgentLoads(tx: Tx, staffIds: readonly number[]): Promise<Array<PresenceRow & { roles: string[]; active: boolean; openCount: number }>> {
    if (!staffIds.length) return [];
    const ids = [...new Set(staffIds)].sort((a, b) => a - b);
    const presence = (await tx.query(
      `SELECT staff_id AS staffId, status, chosen, since, last_assigned_at AS lastAssignedAt FROM agent_presence WHERE staff_id IN (?) ORDER BY staff_id FOR UPDATE`,
      [ids],
    )) as Array<Record<string, unknown>>;
    if (!presence.length) return [];
    const found = presence.map((p) => num(p.staffId));
    const roles = (await tx.query('SELECT staff_id AS staffId, role FROM staff_role WHERE staff_id IN (?)', [found])) as Array<{ staffId: number; role: string }>;
    const active = (await tx.query('SELECT id, active FROM staff WHERE id IN (?)', [found])) as Array<{ id: number; active: number }>;
    // READ COMMITTED (see ChatRouter): this count sees every assignment committed before our lock.
    const counts = (await tx.query(`SELECT agent_id AS agentId, COUNT(*) AS n FROM chat_conversation WHERE status = 'open' AND agent_id IN (?) GROUP BY agent_id`, [found])) as Array<{
      agentId: number;
      n: number;
    }>;
    return presence.map((p) => {
      const staffId = num(p.staffId);
      return {
        staffId,
        status: p.status as PresenceStatus,
        chosen: p.chosen as PresenceStatus,
        since: p.since as Date,
        lastAssignedAt: (p.lastAssignedAt as Date | null) ?? null,
        roles: roles.filter((r) => num(r.staffId) === staffId).map((r) => r.role),
        active: Boolean(active.find((a) => num(a.id) === staffId)?.active),
        openCount: num(counts.find((c) => num(c.agentId) === staffId)?.n ?? 0),
      };
    });
  },

  /** Online agents holding the role (not locked: the caller locks them with lockAgentLoads). */
  async onlineAgentIds(tx: Tx, role: ChatRole): Promise<number[]> {
    const rows = (await tx.query(
      `SELECT p.staff_id AS staffId FROM agent_presence p JOIN staff_role r ON r.staff_id = p.staff_id AND r.role = ? JOIN staff s ON s.id = p.staff_id AND s.active = 1
       WHERE p.status = 'online' ORDER BY p.staff_id`,
      [role],
    )) as Array<{ staffId: number }>;
    return rows.map((r) => num(r.staffId));
  },

  async touchAssigned(tx: Tx, staffId: number, at: Date): Promise<void> {
    await tx.query('UPDATE agent_presence SET last_assigned_at = ? WHERE staff_id = ?', [at, staffId]);
  },

  async presenceList(tx: Tx, staffIds?: readonly number[]): Promise<Presence[]> {
    const filter = staffIds ? 'AND s.id IN (?)' : '';
    const rows = (await tx.query(
      `SELECT s.id AS staffId, s.username, s.display_name AS displayName, GROUP_CONCAT(r.role ORDER BY r.role) AS roles,
         COALESCE(p.status, 'offline') AS status, p.since,
         (SELECT COUNT(*) FROM chat_conversation c WHERE c.agent_id = s.id AND c.status = 'open') AS openCount
       FROM staff s JOIN staff_role r ON r.staff_id = s.id LEFT JOIN agent_presence p ON p.staff_id = s.id
       WHERE s.active = 1 AND s.id IN (SELECT staff_id FROM staff_role WHERE role IN ('presale', 'aftersale')) ${filter}
       GROUP BY s.id, s.username, s.display_name, p.status, p.since ORDER BY s.id`,
      staffIds ? [staffIds.length ? staffIds : [0]] : [],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      staffId: num(r.staffId),
      username: String(r.username),
      displayName: String(r.displayName),
      roles: String(r.roles ?? '').split(',').filter(Boolean),
      status: r.status as PresenceStatus,
      since: iso(r.since as Date | null),
      openCount: num(r.openCount),
    }));
  },

  // ---- canned replies ----

  async cannedReplies(tx: Tx): Promise<CannedReply[]> {
    const rows = (await tx.query(
      `SELECT id, step, title, body, position, version FROM chat_canned_reply
       ORDER BY FIELD(step, ${ALL_CANNED_STEPS.map(() => '?').join(', ')}), position, id`,
      [...ALL_CANNED_STEPS],
    )) as Array<Record<string, unknown>>;
    return rows.map(toCanned);
  },

  async findCanned(tx: Tx, id: number): Promise<CannedReply | null> {
    const rows = (await tx.query('SELECT id, step, title, body, position, version FROM chat_canned_reply WHERE id = ?', [id])) as Array<Record<string, unknown>>;
    return rows[0] ? toCanned(rows[0]) : null;
  },

  async cannedSteps(tx: Queryable, ids: readonly number[]): Promise<Map<number, CannedReplyRow['step']>> {
    if (!ids.length) return new Map();
    const rows = (await tx.query('SELECT id, step FROM chat_canned_reply WHERE id IN (?)', [ids])) as Array<{ id: number; step: CannedReplyRow['step'] }>;
    return new Map(rows.map((r) => [num(r.id), r.step]));
  },
};

function toCanned(r: Record<string, unknown>): CannedReply {
  return { id: num(r.id), step: r.step as CannedReply['step'], group: cannedGroupOf(r.step as CannedReply['step']), title: String(r.title), text: String(r.body), position: num(r.position), version: num(r.version) };
}
