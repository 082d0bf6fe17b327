/**
 * The chat tables' rows as the API shapes (mappers), the column maps the queries share,
 * and who may read a conversation as SQL. No queries here: see chat.repository.ts,
 * chat.feed.repository.ts and chat.search.repository.ts.
 */
import type { EntityManager } from 'typeorm';
import type { BuyerConversation, BuyerMessage, ChatChange, ChatMessage, ChatRole, ConversationSummary } from '@kefu/shared/schemas/chat';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import type { ChangeRow, ConversationRow, MessageRow } from './chat.entity.ts';

export type Tx = EntityManager;

/**
 * What the message path needs of a connection: a transaction's `EntityManager`, or the
 * statements of one request on the message store's own connection (chat.messages.ts).
 * A function taking a `Queryable` must issue at most one statement, synchronously (before
 * its first `await`): the store sends what was collected as one request and waits for it,
 * so a second statement issued after an `await` would never be sent (the store's watchdog
 * would then fail the batch after BATCH_TIMEOUT_MS, and every batch after it the same way).
 */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** Roles that chat: the supervisor watches and hands on, the agents serve. */
export const CHAT_STAFF_ROLES = ['supervisor', 'presale', 'aftersale'] as const;

export const iso = (date: Date | null | undefined): string | null => (date ? new Date(date).toISOString() : null);
export const num = (value: unknown): number => Number(value);
export const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

// ---- conversations ---------------------------------------------------------------

export const CONVERSATION_COLUMNS: Record<keyof ConversationRow, string> = {
  id: 'id',
  buyerId: 'buyer_id',
  orderNo: 'order_no',
  role: 'role',
  status: 'status',
  agentId: 'agent_id',
  version: 'version',
  lastSeq: 'last_seq',
  lastMessageAt: 'last_message_at',
  buyerReadSeq: 'buyer_read_seq',
  staffReadSeq: 'staff_read_seq',
  pendingSince: 'pending_since',
  openedAt: 'opened_at',
  queuedAt: 'queued_at',
  assignedAt: 'assigned_at',
  closedAt: 'closed_at',
  closedBy: 'closed_by',
  reopenedCount: 'reopened_count',
  firstBuyerMessageAt: 'first_buyer_message_at',
  firstResponseAt: 'first_response_at',
  firstResponseBy: 'first_response_by',
  orderConfirmedAt: 'order_confirmed_at',
  orderConfirmedBy: 'order_confirmed_by',
  confirmToCloseMs: 'confirm_to_close_ms',
  orderPlacedAt: 'order_placed_at',
};
export const CONVERSATION_SELECT = Object.entries(CONVERSATION_COLUMNS)
  .map(([field, column]) => `c.${column} AS ${field}`)
  .join(', ');

export function toConversation(raw: Record<string, unknown>): ConversationRow {
  const row = raw as unknown as ConversationRow;
  return {
    ...row,
    id: num(row.id),
    agentId: numOrNull(row.agentId),
    version: num(row.version),
    lastSeq: num(row.lastSeq),
    buyerReadSeq: num(row.buyerReadSeq),
    staffReadSeq: num(row.staffReadSeq),
    closedBy: numOrNull(row.closedBy),
    reopenedCount: num(row.reopenedCount),
    firstResponseBy: numOrNull(row.firstResponseBy),
    orderConfirmedBy: numOrNull(row.orderConfirmedBy),
    confirmToCloseMs: numOrNull(row.confirmToCloseMs),
  };
}

/**
 * What storing a message reads and writes of its conversation. The first five are only
 * there so the row can be written back with one INSERT … ON DUPLICATE KEY UPDATE (the
 * columns an INSERT needs); the rest are what messages change.
 */
export const MESSAGE_STATE_FIELDS = [
  'id',
  'buyerId',
  'role',
  'status',
  'openedAt',
  'agentId',
  'lastSeq',
  'lastMessageAt',
  'pendingSince',
  'firstBuyerMessageAt',
  'firstResponseAt',
  'firstResponseBy',
  'orderConfirmedAt',
  'orderConfirmedBy',
] as const satisfies ReadonlyArray<keyof ConversationRow>;
export const MESSAGE_STATE_WRITTEN_FROM = MESSAGE_STATE_FIELDS.indexOf('lastSeq');
export type MessageState = Pick<ConversationRow, (typeof MESSAGE_STATE_FIELDS)[number]>;

export type ConversationSummaryRow = ConversationRow & {
  agentName: string | null;
  unread: number;
  lastKind: 'text' | 'image' | null;
  lastBody: string | null;
  visitorName: string | null;
  linkedBuyerId: string | null;
};

export function toSummary(row: ConversationSummaryRow): ConversationSummary {
  return {
    id: row.id,
    buyerId: row.buyerId,
    orderNo: row.orderNo,
    role: row.role,
    status: row.status,
    agentId: row.agentId,
    agentName: row.agentName,
    version: row.version,
    lastSeq: row.lastSeq,
    lastMessageAt: iso(row.lastMessageAt),
    lastPreview: row.lastKind ? previewOf(row.lastKind, row.lastBody) : null,
    unread: row.unread,
    buyerReadSeq: row.buyerReadSeq,
    staffReadSeq: row.staffReadSeq,
    waitingSince: iso(row.pendingSince),
    openedAt: iso(row.openedAt)!,
    queuedAt: iso(row.queuedAt),
    assignedAt: iso(row.assignedAt),
    closedAt: iso(row.closedAt),
    reopenedCount: row.reopenedCount,
    firstResponseAt: iso(row.firstResponseAt),
    orderConfirmedAt: iso(row.orderConfirmedAt),
    confirmToCloseMs: row.confirmToCloseMs,
    visitorName: row.visitorName,
    linkedBuyerId: row.linkedBuyerId,
  };
}

export function toBuyerConversation(row: ConversationRow & { agentName: string | null; queuePosition?: number | null }): BuyerConversation {
  return {
    id: row.id,
    status: row.status,
    agentName: row.agentName,
    version: row.version,
    lastSeq: row.lastSeq,
    staffReadSeq: row.staffReadSeq,
    buyerReadSeq: row.buyerReadSeq,
    queuePosition: row.status === 'queued' && row.queuePosition ? Number(row.queuePosition) : null,
  };
}

// ---- messages --------------------------------------------------------------------

export const MESSAGE_SELECT = `m.id, m.conversation_id AS conversationId, m.seq, m.client_id AS clientId, m.sender, m.staff_id AS staffId,
  m.kind, m.body, m.image_id AS imageId, m.canned_step AS cannedStep, m.created_at AS createdAt, m.answered_at AS answeredAt,
  m.answered_by AS answeredBy, s.display_name AS staffName`;

export type MessageWithName = MessageRow & { staffName: string | null };

export function toMessageRow(raw: Record<string, unknown>): MessageWithName {
  const row = raw as unknown as MessageWithName;
  return { ...row, id: num(row.id), conversationId: num(row.conversationId), seq: num(row.seq), staffId: numOrNull(row.staffId), answeredBy: numOrNull(row.answeredBy) };
}

/** The messages of one batch share one Date object: its ISO string is worked out once, not once per message. */
let lastCreated: { date: Date; time: number; iso: string } | null = null;
function createdIso(date: Date): string {
  if (!(date instanceof Date)) return iso(date)!;
  const time = date.getTime();
  if (lastCreated?.date !== date || lastCreated.time !== time) lastCreated = { date, time, iso: date.toISOString() };
  return lastCreated.iso;
}

export function toChatMessage(row: MessageWithName): ChatMessage {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    clientId: row.clientId,
    sender: row.sender,
    staffId: row.staffId,
    staffName: row.staffName,
    kind: row.kind,
    text: row.kind === 'text' ? row.body : null,
    imageId: row.imageId,
    cannedStep: row.cannedStep,
    createdAt: createdIso(row.createdAt),
    answeredAt: iso(row.answeredAt),
    answeredBy: row.answeredBy,
  };
}

/** What the buyer may see of a message: no staff ids, no answer records, no canned step. */
export function buyerView(message: ChatMessage): BuyerMessage {
  return {
    conversationId: message.conversationId,
    seq: message.seq,
    clientId: message.clientId,
    from: message.sender === 'buyer' ? 'buyer' : 'shop',
    senderName: message.sender === 'staff' ? message.staffName : null,
    kind: message.kind,
    text: message.text,
    imageId: message.imageId,
    createdAt: message.createdAt,
  };
}

export function toBuyerMessage(row: MessageWithName): BuyerMessage {
  return buyerView(toChatMessage(row));
}

export function previewOf(kind: 'text' | 'image', body: string | null): string {
  if (kind === 'image') return '[图片]';
  const text = (body ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// ---- the change feed -------------------------------------------------------------

export function toChange(raw: Record<string, unknown>): ChangeRow {
  const row = raw as unknown as ChangeRow;
  return {
    ...row,
    feedSeq: num(row.feedSeq),
    conversationId: num(row.conversationId),
    version: num(row.version),
    agentId: numOrNull(row.agentId),
    prevAgentId: numOrNull(row.prevAgentId),
    byStaffId: numOrNull(row.byStaffId),
  };
}

export function toChatChange(row: ChangeRow): ChatChange {
  return {
    feedSeq: row.feedSeq,
    conversationId: row.conversationId,
    kind: row.kind,
    version: row.version,
    agentId: row.agentId,
    prevAgentId: row.prevAgentId,
    role: row.role,
    status: row.status,
    byStaffId: row.byStaffId,
    at: iso(row.at)!,
  };
}

/** Who may read a conversation, as SQL over `c` (the conversation) for one staff member. */
export interface Reader {
  staffId: number;
  supervisor: boolean;
  roles: readonly string[];
}

export function readableSql(reader: Reader): { sql: string; params: unknown[] } {
  if (reader.supervisor) return { sql: '1 = 1', params: [] };
  const roles = reader.roles.length ? reader.roles : ['-'];
  return {
    sql: `(c.agent_id = ? OR (c.status = 'queued' AND c.role IN (?)) OR EXISTS (SELECT 1 FROM chat_change h WHERE h.conversation_id = c.id AND h.agent_id = ?))`,
    params: [reader.staffId, roles, reader.staffId],
  };
}

/** A staff member acting, with the address their request came from (for the audit). */
export type Actor = SessionUser & { ip?: string | null };

/** The roles that serve buyers. */
export const CHAT_ROLES: readonly ChatRole[] = ['presale', 'aftersale'];

export function readerOf(user: SessionUser): Reader {
  return { staffId: user.id, supervisor: user.roles.includes('supervisor'), roles: user.roles.filter((role) => (CHAT_ROLES as readonly string[]).includes(role)) };
}
