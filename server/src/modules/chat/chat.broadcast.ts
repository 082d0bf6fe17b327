/**
 * Who hears about what (Chatwoot's habit: one place decides the recipients). Called only
 * after the transaction committed. Staff hear of a conversation when it is theirs, when it
 * waits in their role's queue, and always when they are a supervisor; the buyer hears only
 * through their conversation's room in the `/buyer` namespace, and never a transfer note.
 */
import { randomBytes } from 'node:crypto';
import type { Namespace } from 'socket.io';
import type { Redis } from 'ioredis';
import type { BuyerClientToServerEvents, BuyerServerToClientEvents, BuyerSocketData, InterServerEvents } from '@kefu/shared/events';
import type { BuyerConversation, ChatMessage, ChatRole, ConversationStatus, ConversationSummary, Presence } from '@kefu/shared/schemas/chat';
import { rooms, type Io } from '../../platform/realtime.ts';
import type { ChangeRow } from './chat.entity.ts';
import { buyerView, toChatChange, toChatMessage, type MessageWithName } from './chat.repository.ts';

export type BuyerNamespace = Namespace<BuyerClientToServerEvents, BuyerServerToClientEvents, InterServerEvents, BuyerSocketData>;

export const BUYER_NAMESPACE = '/buyer';

export function buyerNamespace(io: Io): BuyerNamespace {
  return io.of(BUYER_NAMESPACE) as unknown as BuyerNamespace;
}

/** Rooms (in `/buyer`) holding every socket of one buyer ID: only used to move them between conversation rooms. */
export const buyerRoom = (buyerId: string) => `buyer:${buyerId}`;

interface Audience {
  id: number;
  agentId: number | null;
  role: ChatRole;
  status: ConversationStatus;
}

function staffRooms(conversation: Audience): string[] {
  const list = [rooms.role('supervisor')];
  if (conversation.agentId) list.push(rooms.staff(conversation.agentId));
  if (conversation.status === 'queued') list.push(rooms.role(conversation.role));
  return list;
}

/** One stored message as it travels to every process: what staff see (the buyer's view is cut from it), and to whom. */
interface Delivery {
  staff: ChatMessage;
  staffRooms: string[];
  /** The sending socket, which has its ack and needs no echo (only ever on the sending process: never published). */
  except?: string | null;
}

/** A delivery queued on the sending process, with its message serialised once (for the sockets here and for the PUBLISH). */
interface LocalDelivery extends Delivery {
  json: string;
}

/**
 * The Socket.IO packet of `message:new` in the default namespace, as socket.io-parser encodes
 * it (EVENT = 2, no namespace prefix for `/`, no ack id): `2["message:new",{"message":…}]`.
 * Built around the message's JSON so a message is serialised once, whoever receives it.
 */
const staffMessagePacket = (messageJson: string) => `2["message:new",{"message":${messageJson}}]`;

/**
 * Messages are fanned out in batches, like they are stored: everything acked in one tick
 * goes to this process's sockets directly and to the other processes in one Redis PUBLISH
 * (rather than two adapter broadcasts per message). Other events use the adapter.
 */
export class ChatBroadcaster {
  readonly buyers: BuyerNamespace;
  private readonly origin = randomBytes(8).toString('hex');
  private readonly channel: string;
  private pending: LocalDelivery[] = [];
  private scheduled = false;

  constructor(
    private readonly io: Io,
    private readonly redis: { pub: Redis; sub: Redis; prefix: string },
  ) {
    this.buyers = buyerNamespace(io);
    this.channel = `${redis.prefix}:chat:fanout`;
    void redis.sub.subscribe(this.channel);
    redis.sub.on('message', (channel: string, raw: string) => {
      // `<origin>|<json>`: our own batches come back too; skip them without parsing.
      if (channel !== this.channel || raw.startsWith(`${this.origin}|`)) return;
      for (const d of JSON.parse(raw.slice(raw.indexOf('|') + 1)) as Delivery[]) this.deliverHere(d, null, null);
    });
  }

  /** Queues a stored message for every staff member who can see it and the buyer's other sockets. */
  message(row: MessageWithName, conversation: Audience, senderSocketId: string | null = null): void {
    const staff = toChatMessage(row);
    this.pending.push({ staff, json: JSON.stringify(staff), staffRooms: staffRooms(conversation), except: senderSocketId });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const deliveries = this.pending;
    this.pending = [];
    if (!deliveries.length) return;
    // The PUBLISH reuses each message's JSON: `[{"staff":…,"staffRooms":[…]},…]` (the same
    // shape as a Delivery, without the sender's socket, which only this process has).
    let payload = `${this.origin}|[`;
    for (let i = 0; i < deliveries.length; i++) {
      const d = deliveries[i]!;
      this.deliverHere(d, d.json, d.except ?? null);
      payload += `${i ? ',' : ''}{"staff":${d.json},"staffRooms":${JSON.stringify(d.staffRooms)}}`;
    }
    this.redis.pub.publish(this.channel, `${payload}]`).catch(() => {
      // Redis down: the other processes' clients catch up from their last seq when it is back.
    });
  }

  /** `json`: the staff message serialised, when it already is. */
  private deliverHere(d: Delivery, json: string | null, except: string | null): void {
    // Staff: the packet is encoded once and written to each reader's connection here, as the
    // adapter's local broadcast does (a socket in several of the rooms gets it once). Nothing
    // else is lost by not going through the adapter: connection state recovery is off (createIo).
    const staffNs = this.io.sockets;
    let packet: string | null = null;
    let seen: Set<string> | null = null;
    for (const name of d.staffRooms) {
      const members = staffNs.adapter.rooms.get(name);
      if (!members) continue;
      for (const id of members) {
        if (id === except) continue;
        if (d.staffRooms.length > 1) {
          seen ??= new Set();
          if (seen.has(id)) continue;
          seen.add(id);
        }
        const socket = staffNs.sockets.get(id);
        if (!socket?.connected) continue;
        packet ??= staffMessagePacket(json ?? JSON.stringify(d.staff));
        socket.conn.write(packet);
      }
    }
    const room = rooms.conversation(d.staff.conversationId);
    // Usually the buyer's only socket is the sender: then there is nobody to tell here.
    if (this.hasListeners(this.buyers.adapter.rooms, [room], except)) {
      const buyers = except ? this.buyers.local.to(room).except(except) : this.buyers.local.to(room);
      buyers.emit('message:new', { message: buyerView(d.staff) });
    }
  }

  /** Whether any socket of this process is in one of the rooms, other than `except` (saves encoding a packet for nobody). */
  private hasListeners(roomMap: Map<string, Set<string>>, names: readonly string[], except: string | null): boolean {
    for (const name of names) {
      const members = roomMap.get(name);
      if (members && (members.size > 1 || (members.size === 1 && !(except && members.has(except))))) return true;
    }
    return false;
  }

  conversationChanged(change: ChangeRow, summary: ConversationSummary | null, buyerView: BuyerConversation | null): void {
    const payload = toChatChange(change);
    const readers = staffRooms({ id: change.conversationId, agentId: change.agentId, role: change.role, status: change.status });
    // Those who could read it before and cannot now: told so, without the summary.
    const before: string[] = [];
    if (change.prevAgentId && change.prevAgentId !== change.agentId) {
      // A closed chat the buyer reopened and routing gave someone else: its earlier agent
      // served it and still reads it (docs/chat.md) — told what became of it, not that it
      // was handed away from them (issue 11: no 该会话已转给其他同事 for a chat they had closed).
      if (change.kind === 'reopened') readers.push(rooms.staff(change.prevAgentId));
      else before.push(rooms.staff(change.prevAgentId));
    }
    this.io.to(readers).emit('conversation:changed', { change: payload, conversation: summary });
    if (change.prevStatus === 'queued' && change.prevRole && !(change.status === 'queued' && change.role === change.prevRole)) before.push(rooms.role(change.prevRole));
    if (before.length) this.io.to(before).except(readers).emit('conversation:changed', { change: payload, conversation: null });
    if (buyerView) this.buyers.to(rooms.conversation(change.conversationId)).emit('conversation:changed', { conversation: buyerView });
  }

  /** Each waiting buyer's place in their role's queue (chat.queue.ts), to their conversation's room only. */
  queuePlaces(places: ReadonlyArray<{ conversationId: number; position: number }>): void {
    for (const place of places) this.buyers.to(rooms.conversation(place.conversationId)).emit('queue:position', place);
  }

  staffRead(conversation: Audience, seq: number): void {
    this.io.to(staffRooms(conversation)).emit('message:read', { conversationId: conversation.id, by: 'staff', seq });
    this.buyers.to(rooms.conversation(conversation.id)).emit('message:read', { seq });
  }

  buyerRead(conversation: Audience, seq: number): void {
    this.io.to(staffRooms(conversation)).emit('message:read', { conversationId: conversation.id, by: 'buyer', seq });
  }

  staffTyping(conversation: Audience, typing: boolean, socketId: string): void {
    this.io.to(staffRooms(conversation)).except(socketId).emit('typing', { conversationId: conversation.id, by: 'staff', typing });
    this.buyers.to(rooms.conversation(conversation.id)).emit('typing', { typing });
  }

  buyerTyping(conversation: Audience, typing: boolean): void {
    this.io.to(staffRooms(conversation)).emit('typing', { conversationId: conversation.id, by: 'buyer', typing });
  }

  /**
   * An invisible agent (隐身) is shown to colleagues as offline: the supervisors and the
   * agent themselves see the truth, everyone else the mask.
   */
  presence(presence: Presence): void {
    const truth = [rooms.role('supervisor'), rooms.staff(presence.staffId)];
    this.io.to(truth).emit('presence:changed', { presence });
    this.io.to([rooms.role('presale'), rooms.role('aftersale')]).except(truth).emit('presence:changed', { presence: maskedPresence(presence) });
  }

  configChanged(what: 'canned' | 'settings'): void {
    this.io.to([rooms.role('supervisor'), rooms.role('presale'), rooms.role('aftersale')]).emit('chat:config-changed', { what });
  }

  /** Moves every socket of the buyer (on every process) into the room of their current conversation. */
  followConversation(buyerId: string, conversationId: number, previousId: number | null): void {
    if (previousId && previousId !== conversationId) this.buyers.in(buyerRoom(buyerId)).socketsLeave(rooms.conversation(previousId));
    this.buyers.in(buyerRoom(buyerId)).socketsJoin(rooms.conversation(conversationId));
  }

  endBuyerSession(token: string): void {
    this.buyers.to(rooms.buyerSession(token)).emit('session:ended', { reason: 'logged_out' });
    this.buyers.in(rooms.buyerSession(token)).disconnectSockets(true);
  }
}

/** What colleagues see of an agent's presence: invisible reads as offline. */
export function maskedPresence(presence: Presence): Presence {
  return presence.status === 'invisible' ? { ...presence, status: 'offline' } : presence;
}
