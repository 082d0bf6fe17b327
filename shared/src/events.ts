/**
 * The typed Socket.IO event maps, shared by server and client. Names are `entity:verb`.
 * Events carry ids (and versions where a client must catch up), never whole secrets.
 */
import type { SessionUser } from './schemas/staff.ts';
import type { OrderStatus } from './domain/orders/status.ts';
import type { CaseStatus } from './domain/aftersale/cases.ts';
import type { Alert } from './schemas/alerts.ts';
import type {
  BuyerConversation,
  BuyerMessage,
  BuyerMessagesPage,
  ChangesPage,
  ChatChange,
  ChatMessage,
  ConversationSummary,
  HelpRequest,
  MessagesPage,
  Presence,
  PresenceStatus,
  UnknownOrders,
} from './schemas/chat.ts';

export type SessionEndReason = 'logged_in_elsewhere' | 'logged_out' | 'account_disabled' | 'password_changed';

/** The error an event's ack carries when it was refused; the same codes as the HTTP API. */
export interface AckError {
  error: { code: string; message: string; details?: unknown };
}
export type Ack<T> = (response: T | AckError) => void;

export interface ServerToClientEvents {
  /** This socket's session ended; the client returns to the login page and shows why. */
  'session:ended': (payload: { reason: SessionEndReason }) => void;
  /** The connected person's own account changed (roles, name): refetch /api/auth/me. */
  'session:changed': (payload: { user: SessionUser }) => void;
  /** A staff record changed; staff lists refetch. */
  'staff:changed': (payload: { id: number; version: number }) => void;
  /** A notification for the connected person (the bell): `GET /api/notifications` lists them. */
  'notification:new': (payload: { id: number; kind: string; payload: Record<string, unknown>; createdAt: string }) => void;
  /** A scoring month changed status or was settled again; month pages refetch (carries no figures). */
  'scoring:changed': (payload: { month: string; status: 'none' | 'draft' | 'submitted' | 'approved'; version: number }) => void;
  /** A ledger entry was recorded, decided, revoked or appealed; sent to its person and to supervisors and managers. */
  'ledger:changed': (payload: { id: number; staffId: number; month: string }) => void;
  /** Chat (docs/chat.md): a message was stored in a conversation the recipient can see. */
  'message:new': (payload: { message: ChatMessage }) => void;
  /** To supervisors: a buyer has waited longer than the setting (the 3-minute rule); once per wait. */
  'conversation:overdue': (payload: { conversationId: number; agentId: number | null; waitingSince: string }) => void;
  /** Supervisors: an agent asks for help in a chat, or a supervisor joined one (issue 11). */
  'conversation:help': (payload: { request: HelpRequest }) => void;
  /** A buyer's message names order numbers the order registry does not know (issue 11). */
  'message:unknown-orders': (payload: UnknownOrders) => void;
  /** The buyer or staff have read a conversation up to `seq` (read receipts). */
  'message:read': (payload: { conversationId: number; by: 'buyer' | 'staff'; seq: number }) => void;
  'typing': (payload: { conversationId: number; by: 'buyer' | 'staff'; typing: boolean }) => void;
  /** A conversation was created, assigned, transferred, closed or reopened; `conversation` is null for a recipient who can no longer read it. */
  'conversation:changed': (payload: { change: ChatChange; conversation: ConversationSummary | null }) => void;
  'presence:changed': (payload: { presence: Presence }) => void;
  /** Attendance (docs/attendance.md): a clock, correction or presence permission of `staffId` changed; to them and the supervisors. */
  'attendance:changed': (payload: { kind: 'clock' | 'correction' | 'permission'; id: number; staffId: number }) => void;
  /** Canned replies or chat settings changed: refetch. */
  'chat:config-changed': (payload: { what: 'canned' | 'settings' }) => void;
  /** An order was recorded or moved on (docs/orders.md); order lists and the chat's side panel refetch. */
  'order:changed': (payload: { orderNo: string; buyerId: string; status: OrderStatus; version: number }) => void;
  /** An alert of the printers' channel was raised, claimed, done, escalated or flagged (docs/orders.md "Alerts"). */
  'alert:changed': (payload: { alert: Alert }) => void;
  /** An order's notes or change requests changed: its detail and the side panel refetch. */
  'order:notes-changed': (payload: { orderNo: string; buyerId: string }) => void;
  /** A bank transfer was entered, given its proof, confirmed or cancelled (docs/orders.md "Bank transfers"). */
  'transfer:changed': (payload: { id: number; orderNo: string; status: 'pending' | 'confirmed' | 'cancelled'; version: number }) => void;
  /** The roster changed (a month generated, edited or published; a swap or leave moved; a template or holiday): rosters refetch. `month` null: every month. */
  'roster:changed': (payload: { month: string | null; version: number }) => void;
  /** An after-sale case was opened or closed. */
  'aftersale:changed': (payload: { id: number; orderNo: string; buyerId: string; status: CaseStatus; version: number }) => void;
  /** A courier recall slip was made, signed for or received, or a difficult parcel followed up (docs/recall.md). */
  'recall:changed': (payload: { what: 'slip' | 'parcel' | 'exchange'; id: number; orderNo: string; version: number }) => void;
  /** A refund or dispute was entered, handled, reminded or ended (docs/disputes.md). */
  'dispute:changed': (payload: { id: number; orderNo: string; version: number }) => void;
}

export interface ClientToServerEvents {
  /** Who am I, as the server sees this socket now (roles are re-read on every event). */
  'session:whoami': (payload: Record<string, never>, ack: Ack<{ user: SessionUser }>) => void;
  /** Chat (docs/chat.md). Payloads are parsed with the schemas in schemas/chat.ts. */
  'message:send': (payload: { conversationId: number; clientId: string; text?: string; imageId?: string; cannedReplyId?: number }, ack: Ack<{ message: ChatMessage }>) => void;
  'message:list': (payload: { conversationId: number; afterSeq: number; limit?: number }, ack: Ack<MessagesPage>) => void;
  'message:read': (payload: { conversationId: number; seq: number }, ack: Ack<{ conversationId: number; staffReadSeq: number }>) => void;
  'typing:set': (payload: { conversationId: number; typing: boolean }, ack: Ack<{ ok: true }>) => void;
  'chat:changes': (payload: { after: number; limit?: number }, ack: Ack<ChangesPage>) => void;
  'presence:set': (payload: { status: PresenceStatus }, ack: Ack<{ presence: Presence }>) => void;
}

export interface InterServerEvents {}

export interface SocketData {
  staffId: number;
  sessionToken: string;
}

/** The buyers' namespace `/buyer` (cookie `kefu.buyer`): only the buyer's own conversation. */
export interface BuyerServerToClientEvents {
  'message:new': (payload: { message: BuyerMessage }) => void;
  /** The shop has read up to `seq`. */
  'message:read': (payload: { seq: number }) => void;
  'typing': (payload: { typing: boolean }) => void;
  'conversation:changed': (payload: { conversation: BuyerConversation }) => void;
  /** A queued buyer's place moved (someone ahead was served or left): 1 = next (issue 11). */
  'queue:position': (payload: { conversationId: number; position: number }) => void;
  'session:ended': (payload: { reason: 'logged_out' }) => void;
}

export interface BuyerClientToServerEvents {
  'message:send': (payload: { clientId: string; text?: string; imageId?: string }, ack: Ack<{ message: BuyerMessage }>) => void;
  /** After a seq (catch-up), or the `limit` messages before `beforeSeq` (older ones; `MAX_SEQ` for the newest). */
  'message:list': (payload: { afterSeq?: number; beforeSeq?: number; limit?: number }, ack: Ack<BuyerMessagesPage>) => void;
  'message:read': (payload: { seq: number }, ack: Ack<{ buyerReadSeq: number }>) => void;
  'typing:set': (payload: { typing: boolean }, ack: Ack<{ ok: true }>) => void;
}

export interface BuyerSocketData {
  buyerId: string;
  buyerToken: string;
  /** The conversation this socket's room belongs to (null until the buyer first writes). */
  conversationId: number | null;
}
