import { EntitySchema } from 'typeorm';
import type { CannedStep, ChangeKind, ChatRole, ConversationStatus, PresenceStatus } from '@kefu/shared/schemas/chat';
import { instant } from '../../platform/columns.ts';

/** One buyer's conversation with the shop (see docs/chat.md). */
export interface ConversationRow {
  id: number;
  buyerId: string;
  orderNo: string | null;
  role: ChatRole;
  status: ConversationStatus;
  agentId: number | null;
  version: number;
  lastSeq: number;
  lastMessageAt: Date | null;
  buyerReadSeq: number;
  staffReadSeq: number;
  pendingSince: Date | null;
  openedAt: Date;
  queuedAt: Date | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  closedBy: number | null;
  reopenedCount: number;
  firstBuyerMessageAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseBy: number | null;
  orderConfirmedAt: Date | null;
  orderConfirmedBy: number | null;
  confirmToCloseMs: number | null;
  orderPlacedAt: Date | null;
}

/** A message: evidence, never edited or deleted. */
export interface MessageRow {
  id: number;
  conversationId: number;
  seq: number;
  clientId: string;
  sender: 'buyer' | 'staff';
  staffId: number | null;
  kind: 'text' | 'image';
  body: string | null;
  imageId: string | null;
  cannedStep: CannedStep | null;
  createdAt: Date;
  answeredAt: Date | null;
  answeredBy: number | null;
}

export interface ImageRow {
  id: string;
  conversationId: number;
  uploadedByBuyer: boolean;
  staffId: number | null;
  mime: string;
  bytes: number;
  path: string;
  createdAt: Date;
}

export interface ChangeRow {
  feedSeq: number;
  conversationId: number;
  kind: ChangeKind;
  version: number;
  agentId: number | null;
  prevAgentId: number | null;
  role: ChatRole;
  prevRole: ChatRole | null;
  status: ConversationStatus;
  prevStatus: ConversationStatus | null;
  byStaffId: number | null;
  at: Date;
}

export interface TransferRow {
  id: number;
  conversationId: number;
  fromAgentId: number | null;
  toAgentId: number | null;
  toRole: ChatRole;
  note: string;
  byStaffId: number | null;
  at: Date;
}

export interface CannedReplyRow {
  id: number;
  step: CannedStep;
  title: string;
  body: string;
  position: number;
  version: number;
  updatedBy: number | null;
  updatedAt: Date;
}

export interface PresenceRow {
  staffId: number;
  status: PresenceStatus;
  /** What the agent chose last (online or away); a reconnect restores it. */
  chosen: PresenceStatus;
  since: Date;
  lastAssignedAt: Date | null;
}

export interface PresenceLogRow {
  id: number;
  staffId: number;
  status: PresenceStatus;
  prevStatus: PresenceStatus | null;
  source: 'agent' | 'socket' | 'supervisor';
  at: Date;
}


export const ConversationEntity = new EntitySchema<ConversationRow>({
  name: 'ChatConversation',
  tableName: 'chat_conversation',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    buyerId: { name: 'buyer_id', type: 'varchar', length: 64 },
    orderNo: { name: 'order_no', type: 'varchar', length: 32, nullable: true },
    role: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    agentId: { name: 'agent_id', type: 'int', nullable: true },
    version: { type: 'int', default: 1 },
    lastSeq: { name: 'last_seq', type: 'int', default: 0 },
    lastMessageAt: instant('last_message_at', { nullable: true }),
    buyerReadSeq: { name: 'buyer_read_seq', type: 'int', default: 0 },
    staffReadSeq: { name: 'staff_read_seq', type: 'int', default: 0 },
    pendingSince: instant('pending_since', { nullable: true }),
    openedAt: instant('opened_at'),
    queuedAt: instant('queued_at', { nullable: true }),
    assignedAt: instant('assigned_at', { nullable: true }),
    closedAt: instant('closed_at', { nullable: true }),
    closedBy: { name: 'closed_by', type: 'int', nullable: true },
    reopenedCount: { name: 'reopened_count', type: 'int', default: 0 },
    firstBuyerMessageAt: instant('first_buyer_message_at', { nullable: true }),
    firstResponseAt: instant('first_response_at', { nullable: true }),
    firstResponseBy: { name: 'first_response_by', type: 'int', nullable: true },
    orderConfirmedAt: instant('order_confirmed_at', { nullable: true }),
    orderConfirmedBy: { name: 'order_confirmed_by', type: 'int', nullable: true },
    confirmToCloseMs: { name: 'confirm_to_close_ms', type: 'int', nullable: true },
    orderPlacedAt: instant('order_placed_at', { nullable: true }),
  },
});

export const MessageEntity = new EntitySchema<MessageRow>({
  name: 'ChatMessage',
  tableName: 'chat_message',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    conversationId: { name: 'conversation_id', type: 'int' },
    seq: { type: 'int' },
    clientId: { name: 'client_id', type: 'varchar', length: 64, unique: true },
    sender: { type: 'varchar', length: 8 },
    staffId: { name: 'staff_id', type: 'int', nullable: true },
    kind: { type: 'varchar', length: 8 },
    body: { type: 'text', nullable: true },
    imageId: { name: 'image_id', type: 'varchar', length: 40, nullable: true },
    cannedStep: { name: 'canned_step', type: 'varchar', length: 16, nullable: true },
    createdAt: instant('created_at'),
    answeredAt: instant('answered_at', { nullable: true }),
    answeredBy: { name: 'answered_by', type: 'int', nullable: true },
  },
});

export const ImageEntity = new EntitySchema<ImageRow>({
  name: 'ChatImage',
  tableName: 'chat_image',
  columns: {
    id: { type: 'varchar', length: 40, primary: true },
    conversationId: { name: 'conversation_id', type: 'int' },
    uploadedByBuyer: { name: 'uploaded_by_buyer', type: 'boolean' },
    staffId: { name: 'staff_id', type: 'int', nullable: true },
    mime: { type: 'varchar', length: 16 },
    bytes: { type: 'int' },
    path: { type: 'varchar', length: 255 },
    createdAt: instant('created_at'),
  },
});

export const ChangeEntity = new EntitySchema<ChangeRow>({
  name: 'ChatChange',
  tableName: 'chat_change',
  columns: {
    feedSeq: { name: 'feed_seq', type: 'bigint', primary: true },
    conversationId: { name: 'conversation_id', type: 'int' },
    kind: { type: 'varchar', length: 16 },
    version: { type: 'int' },
    agentId: { name: 'agent_id', type: 'int', nullable: true },
    prevAgentId: { name: 'prev_agent_id', type: 'int', nullable: true },
    role: { type: 'varchar', length: 16 },
    prevRole: { name: 'prev_role', type: 'varchar', length: 16, nullable: true },
    status: { type: 'varchar', length: 16 },
    prevStatus: { name: 'prev_status', type: 'varchar', length: 16, nullable: true },
    byStaffId: { name: 'by_staff_id', type: 'int', nullable: true },
    at: instant(),
  },
});

export const CounterEntity = new EntitySchema<{ name: string; value: number }>({
  name: 'ChatCounter',
  tableName: 'chat_counter',
  columns: {
    name: { type: 'varchar', length: 32, primary: true },
    value: { type: 'bigint' },
  },
});

export const TransferEntity = new EntitySchema<TransferRow>({
  name: 'ChatTransfer',
  tableName: 'chat_transfer',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    conversationId: { name: 'conversation_id', type: 'int' },
    fromAgentId: { name: 'from_agent_id', type: 'int', nullable: true },
    toAgentId: { name: 'to_agent_id', type: 'int', nullable: true },
    toRole: { name: 'to_role', type: 'varchar', length: 16 },
    note: { type: 'varchar', length: 500 },
    byStaffId: { name: 'by_staff_id', type: 'int', nullable: true },
    at: instant(),
  },
});

export const CannedReplyEntity = new EntitySchema<CannedReplyRow>({
  name: 'ChatCannedReply',
  tableName: 'chat_canned_reply',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    step: { type: 'varchar', length: 16 },
    title: { type: 'varchar', length: 32 },
    body: { type: 'text' },
    position: { type: 'int' },
    version: { type: 'int', default: 1 },
    updatedBy: { name: 'updated_by', type: 'int', nullable: true },
    updatedAt: instant('updated_at'),
  },
});

export const PresenceEntity = new EntitySchema<PresenceRow>({
  name: 'AgentPresence',
  tableName: 'agent_presence',
  columns: {
    staffId: { name: 'staff_id', type: 'int', primary: true },
    status: { type: 'varchar', length: 8 },
    chosen: { type: 'varchar', length: 8 },
    since: instant(),
    lastAssignedAt: instant('last_assigned_at', { nullable: true }),
  },
});

export const PresenceLogEntity = new EntitySchema<PresenceLogRow>({
  name: 'AgentPresenceLog',
  tableName: 'agent_presence_log',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    staffId: { name: 'staff_id', type: 'int' },
    status: { type: 'varchar', length: 8 },
    prevStatus: { name: 'prev_status', type: 'varchar', length: 8, nullable: true },
    source: { type: 'varchar', length: 16 },
    at: instant(),
  },
});

/** An anonymous buyer (issue 11): the name they gave, and the marketplace ID an agent linked them to. */
export interface VisitorRow {
  id: string;
  displayName: string;
  createdAt: Date;
  updatedAt: Date;
  linkedBuyerId: string | null;
  linkedOrderNo: string | null;
  linkedBy: number | null;
  linkedAt: Date | null;
}

export const VisitorEntity = new EntitySchema<VisitorRow>({
  name: 'ChatVisitor',
  tableName: 'chat_visitor',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    displayName: { name: 'display_name', type: 'varchar', length: 64 },
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at'),
    linkedBuyerId: { name: 'linked_buyer_id', type: 'varchar', length: 64, nullable: true },
    linkedOrderNo: { name: 'linked_order_no', type: 'varchar', length: 32, nullable: true },
    linkedBy: { name: 'linked_by', type: 'int', nullable: true },
    linkedAt: instant('linked_at', { nullable: true }),
  },
});

export const chatEntities = [
  ConversationEntity,
  MessageEntity,
  ImageEntity,
  ChangeEntity,
  CounterEntity,
  TransferEntity,
  CannedReplyEntity,
  PresenceEntity,
  PresenceLogEntity,
  VisitorEntity,
];
