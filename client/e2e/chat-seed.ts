/**
 * Puts a conversation with many messages in place for a browser test, through the real
 * API and sockets (as an agent's console and a buyer's page would), without clicking
 * through the pages for each message.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD_DEFAULT } from '@kefu/server/platform/config';
import { signBuyerLink } from '@kefu/server/modules/chat/chat.identity';
import { TEST_BUYER_LINK_SECRET } from '@kefu/server/testing/harness';
import { io, type Socket } from 'socket.io-client';

async function cookieFrom(baseUrl: string, path: string, body: unknown, name: string): Promise<string> {
  const res = await fetch(baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kefu-request': '1' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!cookie) throw new Error(`${path} set no ${name} cookie`);
  return cookie.split(';')[0]!;
}

function connect(baseUrl: string, namespace: string, cookie: string): Promise<Socket> {
  const socket = io(baseUrl + namespace, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * The buyer (a signed marketplace ID) writes `first`, the agent (who must be the only one
 * online for the buyer's role) answers with each of `replies`. Returns the conversation id.
 */
export async function seedConversation(baseUrl: string, options: { agent: string; buyerId: string; first: string; replies: readonly string[] }): Promise<number> {
  const agent = await connect(baseUrl, '', await cookieFrom(baseUrl, '/api/auth/login', { username: options.agent, password: DEMO_PASSWORD_DEFAULT }, 'kefu.sid'));
  const ts = Math.floor(Date.now() / 1000);
  const link = { buyer: options.buyerId, ts, sig: signBuyerLink(TEST_BUYER_LINK_SECRET, options.buyerId, ts) };
  const buyer = await connect(baseUrl, '/buyer', await cookieFrom(baseUrl, '/api/buyer-sessions/signed', link, 'kefu.buyer'));
  try {
    // The agent's socket makes them online; give the server a moment to record it.
    for (let i = 0; i < 50; i++) {
      const presence = await agent.emitWithAck('presence:set', { status: 'online' });
      if (!presence.error) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const first = await buyer.emitWithAck('message:send', { clientId: randomUUID(), text: options.first });
    if (first.error) throw new Error(`buyer message refused: ${JSON.stringify(first.error)}`);
    const conversationId = first.message.conversationId as number;
    for (const text of options.replies) {
      const ack = await agent.emitWithAck('message:send', { conversationId, clientId: randomUUID(), text });
      if (ack.error) throw new Error(`agent message refused: ${JSON.stringify(ack.error)}`);
    }
    return conversationId;
  } finally {
    buyer.close();
    agent.close();
  }
}

/** A paid order recorded by `username` (a printer, say) through the API, as the order form does. */
export async function seedOrder(baseUrl: string, username: string, orderNo: string, buyerId: string): Promise<void> {
  const cookie = await cookieFrom(baseUrl, '/api/auth/login', { username, password: DEMO_PASSWORD_DEFAULT }, 'kefu.sid');
  const res = await fetch(`${baseUrl}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kefu-request': '1', cookie },
    body: JSON.stringify({ orderNo, buyerId, status: 'paid', items: [{ title: '真皮休闲鞋', colour: '黑色', size: '38', quantity: 1, priceFen: 29_900, inStock: true }] }),
  });
  if (res.status !== 201) throw new Error(`order ${orderNo} failed: ${res.status} ${await res.text()}`);
}
