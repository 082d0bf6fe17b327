import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { parse as parseCookie } from 'cookie';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { AppError } from '@kefu/shared/errors';
import type {
  AckError,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SessionEndReason,
  SocketData,
} from '@kefu/shared/events';
import { hasAnyRole, ROLES, type Role } from '@kefu/shared/domain/staff/roles';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import { parse } from './validation.ts';
import type { Logger } from './log.ts';
import { socketOriginCheck, type OriginPolicy } from './origin.ts';
import { isOutage, OUTAGE_MESSAGE } from './outage.ts';

export type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Largest socket event accepted; a bigger one is refused by Socket.IO before any handler runs. */
export const MAX_SOCKET_PAYLOAD_BYTES = 1_000_000;

export const rooms = {
  staff: (id: number) => `staff:${id}`,
  session: (token: string) => `session:${token}`,
  allStaff: 'staff:all',
  /** Staff sockets of everyone holding the role (kept in step when roles change). */
  role: (role: Role) => `role:${role}`,
  /** Buyer namespace: the sockets of one conversation's buyer. */
  conversation: (id: number) => `conv:${id}`,
  /** Buyer namespace: the sockets of one buyer session. */
  buyerSession: (token: string) => `buyer-session:${token}`,
} as const;

/**
 * The Socket.IO server, created without listening (the caller attaches it to its HTTP
 * server). With the Redis adapter, rooms and broadcasts span every server process.
 */
export function createIo(pub: Redis, sub: Redis, prefix: string, origins: OriginPolicy = { publicOrigins: [], trustProxy: false }): Io {
  return new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>({
    // Staff and buyer namespaces alike: a page of another origin may not open a socket with our cookies.
    allowRequest: socketOriginCheck(origins),
    adapter: createAdapter(pub, sub, { key: `${prefix}#socket.io` }),
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    serveClient: false,
    connectionStateRecovery: undefined,
  });
}

/** What services tell connected people; a no-op stand-in is never used: workers emit through the adapter too. */
export class RealtimeHub {
  constructor(readonly io: Io) {}

  /** Tells the sockets of one session it ended, then disconnects them, on every server process. */
  endSession(token: string, reason: SessionEndReason): void {
    this.io.to(rooms.session(token)).emit('session:ended', { reason });
    this.io.in(rooms.session(token)).disconnectSockets(true);
  }

  /** Ends every socket of one staff member (account disabled). */
  endStaff(staffId: number, reason: SessionEndReason): void {
    this.io.to(rooms.staff(staffId)).emit('session:ended', { reason });
    this.io.in(rooms.staff(staffId)).disconnectSockets(true);
  }

  sessionChanged(user: SessionUser): void {
    // Role rooms follow the roles at once: a removed role stops its broadcasts now.
    this.io.in(rooms.staff(user.id)).socketsLeave(ROLES.filter((role) => !user.roles.includes(role)).map(rooms.role));
    this.io.in(rooms.staff(user.id)).socketsJoin(user.roles.map(rooms.role));
    this.io.to(rooms.staff(user.id)).emit('session:changed', { user });
  }

  staffChanged(id: number, version: number): void {
    this.io.to(rooms.allStaff).emit('staff:changed', { id, version });
  }
}

export function cookieFrom(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  return parseCookie(header)[name];
}

/**
 * Wraps a socket event handler: validates the payload with its zod schema, re-reads the
 * person (so a role removed mid-session takes effect at once), checks the role, and turns
 * any error into an error ack. Handlers go validate → save → ack → broadcast.
 */
export function socketHandler<S extends z.ZodType, R>(
  deps: { currentUser: (socket: IoSocket) => Promise<SessionUser | null>; log: Logger },
  options: {
    schema: S;
    roles?: readonly Role[];
    /** Runs first, before the person is read: throw an AppError to refuse (size, rate limit). */
    before?: (socket: IoSocket, payload: unknown) => void;
  },
  handler: (input: z.output<S>, user: SessionUser, socket: IoSocket) => Promise<R>,
) {
  return (socket: IoSocket) =>
    async (payload: unknown, ack?: (response: R | AckError) => void): Promise<void> => {
      const reply = typeof ack === 'function' ? ack : () => {};
      try {
        options.before?.(socket, payload);
        const user = await deps.currentUser(socket);
        if (!user) {
          reply(new AppError('unauthenticated', 'Your session has ended; please log in again').toBody());
          socket.disconnect(true);
          return;
        }
        if (options.roles && !hasAnyRole(user.roles, options.roles)) {
          throw new AppError('forbidden', `This action needs the role ${options.roles.join(' or ')}`);
        }
        const input = parse(options.schema, payload, 'payload');
        reply(await handler(input, user, socket));
      } catch (err) {
        if (err instanceof AppError) reply(err.toBody());
        else if (isOutage(err)) reply(new AppError('unavailable', OUTAGE_MESSAGE).toBody());
        else {
          deps.log.error('socket handler failed', { err: err instanceof Error ? err.stack : String(err) });
          reply(new AppError('internal', 'Something went wrong on our side; please try again').toBody());
        }
      }
    };
}
