/**
 * The Socket.IO connections of the client, typed with the shared event maps: staff on the
 * default namespace (session cookie), buyers on `/buyer` (buyer cookie). Both reconnect on
 * their own; what was missed meanwhile is fetched by the caller on every `connect`
 * (docs/chat.md "Catch-up after a disconnect").
 */
import { httpStatusOf, ERROR_CODES, type ErrorCode } from '@kefu/shared/errors';
import type { AckError, BuyerClientToServerEvents, BuyerServerToClientEvents, ClientToServerEvents, ServerToClientEvents } from '@kefu/shared/events';
import { io, type Socket } from 'socket.io-client';
import { ApiError } from './api.ts';
import { isAckError } from './outbox.ts';

export type StaffSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type BuyerSocket = Socket<BuyerServerToClientEvents, BuyerClientToServerEvents>;

/** How long an event waits for its ack before it counts as lost (and is sent again). */
export const ACK_TIMEOUT_MS = 5_000;

const OPTIONS = {
  withCredentials: true,
  // Polling first, as Socket.IO does by default: it gets through proxies that refuse upgrades.
  reconnectionDelay: 500,
  reconnectionDelayMax: 5_000,
} as const;

export function connectStaffSocket(): StaffSocket {
  return io('/', OPTIONS);
}

export function connectBuyerSocket(): BuyerSocket {
  return io('/buyer', OPTIONS);
}

/** An error ack as the ApiError the rest of the client shows. */
export function ackErrorToApiError(error: AckError['error']): ApiError {
  const code = (ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as ErrorCode) : 'internal';
  return new ApiError(httpStatusOf(code), code, error.message, error.details);
}

/** What an event's ack carries when it succeeds (`Ack<T>` → T). */
type AckOf<F> = F extends (payload: never, ack: (response: infer A) => void) => void ? Exclude<A, AckError> : never;
type PayloadOf<F> = F extends (payload: infer P, ack: never) => void ? P : never;

export type StaffAck<E extends keyof ClientToServerEvents> = AckOf<ClientToServerEvents[E]>;
export type StaffPayload<E extends keyof ClientToServerEvents> = PayloadOf<ClientToServerEvents[E]>;
export type BuyerAck<E extends keyof BuyerClientToServerEvents> = AckOf<BuyerClientToServerEvents[E]>;
export type BuyerPayload<E extends keyof BuyerClientToServerEvents> = PayloadOf<BuyerClientToServerEvents[E]>;

/** The typed doors to `attemptWithAck` and `request` for each socket kind. */
export const staffEmit = {
  attempt: <E extends keyof ClientToServerEvents>(socket: StaffSocket, event: E, payload: StaffPayload<E>, timeoutMs?: number) =>
    attemptWithAck<StaffAck<E>>(socket as unknown as AckSocket, event, payload, timeoutMs),
  request: <E extends keyof ClientToServerEvents>(socket: StaffSocket, event: E, payload: StaffPayload<E>, timeoutMs?: number) =>
    request<StaffAck<E>>(socket as unknown as AckSocket, event, payload, timeoutMs),
};
export const buyerEmit = {
  attempt: <E extends keyof BuyerClientToServerEvents>(socket: BuyerSocket, event: E, payload: BuyerPayload<E>, timeoutMs?: number) =>
    attemptWithAck<BuyerAck<E>>(socket as unknown as AckSocket, event, payload, timeoutMs),
  request: <E extends keyof BuyerClientToServerEvents>(socket: BuyerSocket, event: E, payload: BuyerPayload<E>, timeoutMs?: number) =>
    request<BuyerAck<E>>(socket as unknown as AckSocket, event, payload, timeoutMs),
};

/** Anything with Socket.IO's `timeout(ms).emitWithAck` and `once`/`off`: both socket kinds. */
export interface AckSocket {
  connected: boolean;
  once(event: 'disconnect', listener: () => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

/**
 * One attempt at an event with an ack: the ack (an error ack included), or a rejection when
 * the socket is not connected, drops before the ack, or no ack comes within `timeoutMs`.
 * Never buffered while offline, so a retry never doubles a send waiting in Socket.IO's buffer.
 */
export function attemptWithAck<R>(socket: AckSocket, event: string, payload: unknown, timeoutMs = ACK_TIMEOUT_MS): Promise<R | AckError> {
  if (!socket.connected) return Promise.reject(new Error('not connected'));
  return new Promise<R | AckError>((resolve, reject) => {
    const onDisconnect = () => reject(new Error('disconnected before the ack'));
    socket.once('disconnect', onDisconnect);
    socket
      .timeout(timeoutMs)
      .emitWithAck(event, payload)
      .then(
        (response) => resolve(response as R | AckError),
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => socket.off('disconnect', onDisconnect));
  });
}

/** An event with an ack, for reads and small actions: the answer, or an ApiError. */
export async function request<R>(socket: AckSocket, event: string, payload: unknown, timeoutMs = ACK_TIMEOUT_MS): Promise<R> {
  let response: R | AckError;
  try {
    response = await attemptWithAck<R>(socket, event, payload, timeoutMs);
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (isAckError(response)) throw ackErrorToApiError(response.error);
  return response;
}
