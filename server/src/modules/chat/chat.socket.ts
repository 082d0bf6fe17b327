/**
 * Chat over Socket.IO. Staff use the default namespace (their session cookie, checked at
 * the handshake by auth.socket.ts and again on every event); buyers use `/buyer` with their
 * own cookie and reach only their own conversation. Every payload is parsed with its zod
 * schema; oversized payloads and floods get an error ack and change nothing.
 */
import { isOutage, OUTAGE_MESSAGE } from '../../platform/outage.ts';
import type { z } from 'zod';
import { AppError } from '@kefu/shared/errors';
import {
  BuyerListMessages,
  BuyerReadMessages,
  BuyerSendMessage,
  BuyerTyping,
  ChangesRequest,
  MAX_CHAT_PAYLOAD_BYTES,
  PresenceBody,
  StaffListMessages,
  StaffReadMessages,
  StaffSendMessage,
  StaffTyping,
} from '@kefu/shared/schemas/chat';
import type { AckError } from '@kefu/shared/events';
import { cookieFrom, rooms, socketHandler, type Io, type IoSocket } from '../../platform/realtime.ts';
import { parse } from '../../platform/validation.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { SESSION_COOKIE } from '../auth/session.store.ts';
import { buyerRoom, type BuyerNamespace } from './chat.broadcast.ts';
import { BUYER_COOKIE, type BuyerRateLimits, type BuyerSession, type BuyerSessions } from './chat.buyers.ts';
import { CHAT_STAFF_ROLES } from './chat.repository.ts';
import type { ChatOrderMentions } from './chat.order-mentions.ts';
import type { ChatService } from './chat.service.ts';
import type { PresenceService } from './chat.presence.ts';

/**
 * A buyer socket's session is read again from Redis at most this often. Ending a buyer
 * session disconnects its sockets on every process at once (DELETE /api/buyer-sessions/me),
 * so this only bounds how long an expired (7-day) session's socket lingers; reading it on
 * every message would cost a Redis round trip per message.
 */
export const BUYER_RECHECK_MS = 30_000;

/** Per socket: this many events a second on average, in bursts of up to `burst`. */
export const SOCKET_RATE = { perSecond: 30, burst: 60 } as const;

/** A token bucket per socket (in memory: a socket lives on one process). */
export class SocketRateLimiter {
  private readonly buckets = new WeakMap<object, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(socket: object): void {
    const now = this.now();
    const bucket = this.buckets.get(socket) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(socket, bucket);
    if (bucket.tokens < 1) throw new AppError('rate_limited', 'Too many events; slow down', { perSecond: this.perSecond });
    bucket.tokens -= 1;
  }
}

export function assertPayloadSize(payload: unknown, max = MAX_CHAT_PAYLOAD_BYTES): void {
  if (payload === undefined) return;
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    throw new AppError('invalid', 'Invalid payload: not serialisable');
  }
  if (size > max) throw new AppError('payload_too_large', `The event is larger than ${max} bytes`);
}

/**
 * Parses a payload with its zod schema. The schema is first run without `parse`'s error
 * wording options, which lets zod use its compiled fast path (about 6× cheaper per event);
 * only a payload it refuses is parsed again by `parse`, for the error ack's wording. Same
 * schema, same verdict, same output.
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const quick = schema.safeParse(payload);
  return quick.success ? quick.data : parse(schema, payload, 'payload');
}

type EngineConnection = IoSocket['conn'];

/**
 * When an Engine.IO connection flushes several packets at once (the `message:new` that piled
 * up while its previous write was in flight: an agent gets many per batch), its TCP socket is
 * corked for the flush and uncorked right after, so they leave in one write instead of one
 * each. The flush is synchronous ('flush' … 'drain'), so nothing waits.
 */
export function coalesceFlushes(conn: EngineConnection): void {
  let corked: { uncork(): void } | null = null;
  const release = () => {
    const socket = corked;
    corked = null;
    socket?.uncork();
  };
  conn.on('flush', (buffer: unknown[]) => {
    release(); // (a flush that never reached its 'drain')
    if (buffer.length < 2) return;
    const socket = (conn.transport as unknown as { socket?: { _socket?: { cork?: () => void; uncork(): void } } }).socket?._socket;
    if (typeof socket?.cork !== 'function') return; // not a WebSocket (long-polling)
    socket.cork();
    corked = socket;
  });
  conn.on('drain', release);
  conn.once('close', release);
}

export function chatSocket(
  io: Io,
  buyerNs: BuyerNamespace,
  deps: { auth: AuthService; buyers: BuyerSessions; limits: BuyerRateLimits; chat: ChatService; presence: PresenceService; log: Logger; mentions: ChatOrderMentions },
): void {
  const { auth, buyers, limits, chat, presence, log, mentions } = deps;
  const limiter = new SocketRateLimiter(SOCKET_RATE.perSecond, SOCKET_RATE.burst);
  const before = (socket: object, payload: unknown) => {
    limiter.take(socket);
    assertPayloadSize(payload);
  };

  // ---- staff ----
  const currentUser = async (socket: IoSocket) => {
    const current = await auth.userOf(cookieFrom(socket.handshake.headers.cookie, SESSION_COOKIE));
    return current && current.session.token === socket.data.sessionToken ? current.user : null;
  };
  const agents = ['presale', 'aftersale'] as const;
  // The supervisor writes too, in a chat handed to them or one they joined (the store checks which).
  const send = socketHandler({ currentUser, log }, { schema: StaffSendMessage, roles: CHAT_STAFF_ROLES, before }, (input, user, socket) => chat.sendAsStaff(user, input, socket.id));
  const list = socketHandler({ currentUser, log }, { schema: StaffListMessages, roles: CHAT_STAFF_ROLES, before }, (input, user) =>
    chat.messagesOf(user, input.conversationId, input.afterSeq, input.limit),
  );
  const read = socketHandler({ currentUser, log }, { schema: StaffReadMessages, roles: CHAT_STAFF_ROLES, before }, (input, user) =>
    chat.staffRead(user, input.conversationId, input.seq),
  );
  const typing = socketHandler({ currentUser, log }, { schema: StaffTyping, roles: CHAT_STAFF_ROLES, before }, (input, user, socket) =>
    chat.staffTyping(user, input.conversationId, input.typing, socket.id),
  );
  const changes = socketHandler({ currentUser, log }, { schema: ChangesRequest, roles: CHAT_STAFF_ROLES, before }, (input, user) => chat.changes(user, input.after, input.limit));
  const setPresence = socketHandler({ currentUser, log }, { schema: PresenceBody, roles: agents, before }, async (input, user) => ({
    presence: await presence.set(user, input.status),
  }));

  const coalesced = new WeakSet<EngineConnection>();
  io.on('connection', (socket) => {
    if (!coalesced.has(socket.conn)) {
      coalesced.add(socket.conn);
      coalesceFlushes(socket.conn);
    }
    // Handlers first (an event may arrive before the awaits below finish).
    socket.on('message:send', send(socket));
    socket.on('message:list', list(socket));
    socket.on('message:read', read(socket));
    socket.on('typing:set', typing(socket));
    socket.on('chat:changes', changes(socket));
    socket.on('presence:set', setPresence(socket));
    const staffId = socket.data.staffId;
    socket.on('disconnect', (reason) => {
      presence.disconnected(staffId, reason).catch((err) => log.warn('presence update failed', { staffId, err: String(err) }));
    });
    void (async () => {
      const user = await currentUser(socket);
      if (!user || !socket.connected) return;
      await socket.join(user.roles.map(rooms.role));
      await presence.connected(user);
    })().catch((err) => log.warn('chat connect failed', { staffId, err: String(err) }));
  });

  // ---- buyers ----
  buyerNs.use(async (socket, next) => {
    try {
      const buyer = await buyers.resolve(cookieFrom(socket.handshake.headers.cookie, BUYER_COOKIE));
      if (!buyer) return next(new AppError('unauthenticated', 'Please start a chat first'));
      socket.data.buyerId = buyer.buyerId;
      socket.data.buyerToken = buyer.token;
      socket.data.conversationId = null;
      next();
    } catch (err) {
      log.error('buyer socket authentication failed', { err: String(err) });
      next(new AppError('unavailable', 'The server cannot check your chat session right now'));
    }
  });

  type BuyerSocket = Parameters<Parameters<BuyerNamespace['on']>[1]>[0];
  const checked = new WeakMap<object, { buyer: BuyerSession; at: number }>();
  /** The session read within the last BUYER_RECHECK_MS, if any (no await: most events take this path). */
  const recentBuyer = (socket: BuyerSocket): BuyerSession | null => {
    const last = checked.get(socket);
    return last && performance.now() - last.at < BUYER_RECHECK_MS ? last.buyer : null;
  };
  const currentBuyer = async (socket: BuyerSocket): Promise<BuyerSession | null> => {
    const recent = recentBuyer(socket);
    if (recent) return recent;
    const buyer = await buyers.resolve(cookieFrom(socket.handshake.headers.cookie, BUYER_COOKIE));
    if (!buyer || buyer.token !== socket.data.buyerToken) return null;
    checked.set(socket, { buyer, at: performance.now() });
    return buyer;
  };
  const buyerHandler =
    <S extends z.ZodType, R>(schema: S, handler: (input: z.output<S>, buyer: BuyerSession, socket: BuyerSocket) => Promise<R>) =>
    (socket: BuyerSocket) =>
    async (payload: unknown, ack?: (response: R | AckError) => void): Promise<void> => {
      const reply = typeof ack === 'function' ? ack : () => {};
      try {
        before(socket, payload);
        const buyer = recentBuyer(socket) ?? (await currentBuyer(socket));
        if (!buyer) {
          reply(new AppError('unauthenticated', 'Your chat session has ended; start a new one').toBody());
          socket.disconnect(true);
          return;
        }
        reply(await handler(parsePayload(schema, payload), buyer, socket));
      } catch (err) {
        if (err instanceof AppError) reply(err.toBody());
        else if (isOutage(err)) reply(new AppError('unavailable', OUTAGE_MESSAGE).toBody());
        else {
          log.error('buyer socket handler failed', { err: err instanceof Error ? err.stack : String(err) });
          reply(new AppError('internal', 'Something went wrong on our side; please try again').toBody());
        }
      }
    };

  const follow = async (socket: BuyerSocket, conversationId: number) => {
    if (socket.data.conversationId === conversationId) return;
    if (socket.data.conversationId) await socket.leave(rooms.conversation(socket.data.conversationId));
    socket.data.conversationId = conversationId;
    await socket.join(rooms.conversation(conversationId));
  };

  // Per buyer across every socket and process (BUYER_LIMITS), on top of the per-socket bucket.
  const buyerSend = buyerHandler(BuyerSendMessage, async (input, buyer, socket) => {
    await limits.take('messages', buyer.buyerId);
    const { message, conversationId } = await chat.sendAsBuyer(buyer, input, socket.data.conversationId, socket.id);
    if (socket.data.conversationId !== conversationId) await follow(socket, conversationId);
    // After the ack: an order number no order has is flagged to the agent (issue 11).
    void mentions.check(message);
    return { message };
  });
  const buyerList = buyerHandler(BuyerListMessages, async (input, buyer, socket) => {
    const page = await chat.buyerPage(buyer, input, input.limit);
    if (page.conversation) await follow(socket, page.conversation.id);
    return page;
  });
  const buyerRead = buyerHandler(BuyerReadMessages, (input, buyer, socket) => chat.buyerRead(buyer, socket.data.conversationId, input.seq));
  const buyerTyping = buyerHandler(BuyerTyping, async (input, buyer, socket) => {
    await limits.take('typing', buyer.buyerId);
    return chat.buyerTyping(buyer, socket.data.conversationId, input.typing);
  });

  buyerNs.on('connection', (socket) => {
    socket.on('message:send', buyerSend(socket));
    socket.on('message:list', buyerList(socket));
    socket.on('message:read', buyerRead(socket));
    socket.on('typing:set', buyerTyping(socket));
    void (async () => {
      await socket.join([buyerRoom(socket.data.buyerId), rooms.buyerSession(socket.data.buyerToken)]);
      const id = await chat.currentConversationId(socket.data.buyerId);
      if (id && socket.connected) await follow(socket, id);
    })().catch((err) => log.warn('buyer connect failed', { err: String(err) }));
  });
}
