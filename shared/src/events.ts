/**
 * The typed Socket.IO event maps, shared by server and client. Names are `entity:verb`.
 * Events carry ids (and versions where a client must catch up), never whole secrets.
 */
import type { SessionUser } from './schemas/staff.ts';

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
}

export interface ClientToServerEvents {
  /** Who am I, as the server sees this socket now (roles are re-read on every event). */
  'session:whoami': (payload: Record<string, never>, ack: Ack<{ user: SessionUser }>) => void;
}

export interface InterServerEvents {}

export interface SocketData {
  staffId: number;
  sessionToken: string;
}
