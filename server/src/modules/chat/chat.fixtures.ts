/**
 * Test factories for chat: buyers with their own cookie jar, agents with a socket, and
 * small waits. Used by the chat integration tests and the bench.
 */
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { TEST_BUYER_LINK_SECRET } from '../../testing/harness.ts';
import { BUYER_COOKIE } from './chat.buyers.ts';
import { signBuyerLink, VISITOR_COOKIE } from './chat.identity.ts';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A buyer's browser: the buyer cookie, and the visitor cookie an anonymous visitor keeps. */
export class BuyerClient {
  cookie = '';
  visitorCookie = '';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, options: { raw?: Uint8Array; contentType?: string } = {}): Promise<Reply<T>> {
    // As the buyer page does (api.ts): the console's own header, which no foreign form can send.
    const headers: Record<string, string> = { 'x-kefu-request': '1' };
    const cookies = [this.cookie, this.visitorCookie].filter(Boolean);
    if (cookies.length) headers.cookie = cookies.join('; ');
    let payload: Uint8Array | string | undefined;
    if (options.raw) {
      payload = options.raw;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload ?? null });
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${BUYER_COOKIE}=`));
    if (set) {
      const value = set.split(';')[0]!;
      this.cookie = value === `${BUYER_COOKIE}=` ? '' : value;
    }
    const visitor = res.headers.getSetCookie().find((c) => c.startsWith(`${VISITOR_COOKIE}=`));
    if (visitor) this.visitorCookie = visitor.split(';')[0]!;
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : type.startsWith('image/') ? new Uint8Array(await res.arrayBuffer()) : await res.text();
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
}

/** The body of a signed link's session, as the shop's site would sign it (the test servers' secret). */
export function signedLink(buyerId: string, now = new Date(), secret = TEST_BUYER_LINK_SECRET): { buyer: string; ts: number; sig: string } {
  const ts = Math.floor(now.getTime() / 1000);
  return { buyer: buyerId, ts, sig: signBuyerLink(secret, buyerId, ts) };
}

/** A buyer identified by a signed link (the marketplace ID `buyerId`), signed at `now` (a test server's own clock). */
export async function startBuyer(baseUrl: string, buyerId: string, orderNo?: string, now = new Date()): Promise<BuyerClient> {
  const buyer = new BuyerClient(baseUrl);
  const reply = await buyer.post('/api/buyer-sessions/signed', { ...signedLink(buyerId, now), ...(orderNo ? { orderNo } : {}) });
  if (reply.status !== 201) throw new Error(`buyer session for ${buyerId} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return buyer;
}

/** An anonymous visitor who typed `name` (no signed link); pass `client` to come back in the same browser. */
export async function startVisitor(baseUrl: string, name: string, options: { orderNo?: string; client?: BuyerClient } = {}): Promise<BuyerClient> {
  const buyer = options.client ?? new BuyerClient(baseUrl);
  const reply = await buyer.post('/api/buyer-sessions', { buyerId: name, ...(options.orderNo ? { orderNo: options.orderNo } : {}) });
  if (reply.status !== 201) throw new Error(`visitor session for ${name} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return buyer;
}

export function socketOf(baseUrl: string, cookie: string, namespace = '', options: { reconnection?: boolean } = {}): Socket {
  return connect(baseUrl + namespace, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: options.reconnection ?? false,
    forceNew: true,
  });
}

export function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function buyerSocket(buyer: BuyerClient, options: { reconnection?: boolean } = {}): Promise<Socket> {
  return connected(socketOf(buyer.baseUrl, buyer.cookie, '/buyer', options));
}

export interface Agent {
  client: TestClient;
  socket: Socket;
  id: number;
}

/** Logs in and connects a socket; resolves once the server has the agent online (or `status`). */
export async function agentOnline(baseUrl: string, username: string, isOnline: () => Promise<boolean>, password?: string): Promise<Agent> {
  const client = await loggedIn(baseUrl, username, password);
  const socket = await connected(socketOf(baseUrl, client.cookie));
  const me = await client.get('/api/auth/me');
  await waitFor(isOnline, `${username} online`);
  return { client, socket, id: me.body.user.id };
}

export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Collects every payload of an event, to look at later. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export function nextEvent<T = any>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

export const clientId = () => randomUUID();

/** The smallest valid images of each kind (real files, decodable). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
export const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
