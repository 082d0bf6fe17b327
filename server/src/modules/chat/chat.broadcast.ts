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
  /** The sending socket, which has its ack and needs no echo. */
  except: string | null;
}

/**
 * Messages are fanned out in batches, like they are stored: everything acked in one tick
 * goes to this process's sockets directly and to the other processes in one Redis PUBLISH
 * (rather than two adapter broadcasts per message). Other events use the adapter.
 */
export class ChatBroadcaster {
  readonly buyers: BuyerNamespace;
  private readonly origin = randomBytes(8).toString('hex');
  private readonly channel: string;
  private pending: Delivery[] = [];
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
      this.deliverHere(JSON.parse(raw.slice(raw.indexOf('|') + 1)) as Delivery[]);
    });
  }

  /** Queues a stored message for every staff member who can see it and the buyer's other sockets. */
  message(row: MessageWithName, conversation: Audience, senderSocketId: string | null = null): void {
    this.pending.push({ staff: toChatMessage(row), staffRooms: staffRooms(conversation), except: senderSocketId });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const deliveries = this.pending;
    this.pending = [];
    if (!deliveries.length) return;
    this.deliverHere(deliveries);
    this.redis.pub.publish(this.channel, `${this.origin}|${JSON.stringify(deliveries)}`).catch(() => {
      // Redis down: the other processes' clients catch up from their last seq when it is back.
    });
  }

  private deliverHere(deliveries: Delivery[]): void {
    for (const d of deliveries) {
      if (this.hasListeners(this.io.sockets.adapter.rooms, d.staffRooms, d.except)) {
        const staff = d.except ? this.io.local.to(d.staffRooms).except(d.except) : this.io.local.to(d.staffRooms);
        staff.emit('message:new', { message: d.staff });
      }
      const room = rooms.conversation(d.staff.conversationId);
      // Usually the buyer's only socket is the sender: then there is nobody to tell here.
      if (this.hasListeners(this.buyers.adapter.rooms, [room], d.except)) {
        const buyers = d.except ? this.buyers.local.to(room).except(d.except) : this.buyers.local.to(room);
        buyers.emit('message:new', { message: buyerView(d.staff) });
      }
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
    this.io.to(readers).emit('conversation:changed', { change: payload, conversation: summary });
    // Those who could read it before and cannot now: told so, without the summary.
    const before: string[] = [];
    if (change.prevAgentId && change.prevAgentId !== change.agentId) before.push(rooms.staff(change.prevAgentId));
    if (change.prevStatus === 'queued' && change.prevRole && !(change.status === 'queued' && change.role === change.prevRole)) before.push(rooms.role(change.prevRole));
    if (before.length) this.io.to(before).except(readers).emit('conversation:changed', { change: payload, conversation: null });
    if (buyerView) this.buyers.to(rooms.conversation(change.conversationId)).emit('conversation:changed', { conversation: buyerView });
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

  presence(presence: Presence): void {
    this.io.to([rooms.role('supervisor'), rooms.role('presale'), rooms.role('aftersale')]).emit('presence:changed', { presence });
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
