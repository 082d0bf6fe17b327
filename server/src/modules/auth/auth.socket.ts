import { z } from 'zod';
import { AppError } from '@kefu/shared/errors';
import { cookieFrom, rooms, socketHandler, type Io, type IoSocket } from '../../platform/realtime.ts';
import type { Logger } from '../../platform/log.ts';
import { SESSION_COOKIE } from './session.store.ts';
import type { AuthService } from './auth.service.ts';

/**
 * Sockets are authenticated by the session cookie at the handshake (an anonymous socket is
 * refused) and re-checked on every event through `socketHandler`.
 */
export function authSocket(io: Io, auth: AuthService, log: Logger): void {
  io.use(async (socket, next) => {
    try {
      const current = await auth.userOf(cookieFrom(socket.handshake.headers.cookie, SESSION_COOKIE));
      if (!current) return next(new AppError('unauthenticated', 'Please log in first'));
      socket.data.staffId = current.user.id;
      socket.data.sessionToken = current.session.token;
      next();
    } catch (err) {
      log.error('socket authentication failed', { err: String(err) });
      next(new AppError('unavailable', 'The server cannot check your session right now'));
    }
  });

  const currentUser = async (socket: IoSocket) => {
    const current = await auth.userOf(cookieFrom(socket.handshake.headers.cookie, SESSION_COOKIE));
    return current && current.session.token === socket.data.sessionToken ? current.user : null;
  };
  const whoami = socketHandler({ currentUser, log }, { schema: z.object({}).strict() }, async (_input, user) => ({ user }));

  io.on('connection', (socket) => {
    void socket.join([rooms.staff(socket.data.staffId), rooms.session(socket.data.sessionToken), rooms.allStaff]);
    socket.on('session:whoami', whoami(socket));
  });
}
