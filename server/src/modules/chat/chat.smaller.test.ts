/**
 * Issue 11, the smaller ones on the server: a queued buyer's place in the queue, live; a
 * reopened chat does not tell its earlier agent it was handed away; a supervisor's join
 * survives a reload and lets them send images; an order number the buyer types that no order
 * has is flagged to the agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt } from '../orders/orders.fixtures.ts';
import { agentOnline, buyerSocket, clientId, collect, connected, nextEvent, socketOf, startBuyer, TINY_PNG, waitFor, type Agent } from './chat.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let supervisorSocket: Socket;
let li: Agent; // presale1
let zhang: Agent; // presale2
const sockets: Socket[] = [];

const presenceOf = async (id: number) => (await server.db.query('SELECT status FROM agent_presence WHERE staff_id = ?', [id]))[0]?.status;
const conversation = async (id: number) =>
  (await server.db.query('SELECT agent_id AS agentId, status FROM chat_conversation WHERE id = ?', [id]))[0] as { agentId: number | null; status: string };

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000' }), serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  supervisorSocket = await connected(socketOf(server.baseUrl, supervisor.cookie));
  await supervisor.request('PUT', '/api/chat/settings', { capacity: 20 });
  li = await agentOnline(server.baseUrl, 'presale1', async () => true);
  zhang = await agentOnline(server.baseUrl, 'presale2', async () => true);
  await waitFor(async () => (await presenceOf(li.id)) === 'online' && (await presenceOf(zhang.id)) === 'online', 'both online');
  await waitFor(async () => (await server.app.io.in('role:supervisor').fetchSockets()).length > 0, 'supervisor socket in its room');
});

afterAll(async () => {
  for (const socket of [...sockets, supervisorSocket, li?.socket, zhang?.socket]) socket?.close();
  await server?.close();
});

async function buyerWrites(buyerId: string, text: string): Promise<{ socket: Socket; conversationId: number }> {
  const buyer = await startBuyer(server.baseUrl, buyerId);
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text });
  expect(ack.error).toBeUndefined();
  return { socket, conversationId: ack.message.conversationId };
}

async function setPresence(agent: Agent, status: 'online' | 'away') {
  expect((await agent.client.request('PUT', '/api/chat/presence', { status })).status).toBe(200);
}

describe('queued buyers see their place in the queue, live (issue 11)', () => {
  it('each buyer hears their place, and moves up as the queue is served', async () => {
    await setPresence(li, 'away');
    await setPresence(zhang, 'away');
    try {
      const first = await buyerWrites('queue-first', '在吗');
      const second = await buyerWrites('queue-second', '有人吗');
      const third = await buyerWrites('queue-third', '请问这双鞋有货吗');
      for (const { conversationId } of [first, second, third]) expect((await conversation(conversationId)).status).toBe('queued');

      const place = async (socket: Socket) => (await socket.emitWithAck('message:list', { afterSeq: 0 })).conversation.queuePosition;
      expect([await place(first.socket), await place(second.socket), await place(third.socket)]).toEqual([1, 2, 3]);

      const secondHears = collect(second.socket, 'queue:position');
      const thirdHears = collect(third.socket, 'queue:position');
      const firstHears = collect(first.socket, 'queue:position');
      const version = (await li.client.get('/api/chat/conversations?scope=queue')).body.conversations.find((c: { id: number }) => c.id === first.conversationId).version;
      expect((await li.client.request('POST', `/api/chat/conversations/${first.conversationId}/take`, { version })).status).toBe(200);

      await waitFor(() => secondHears.some((p) => p.position === 1) && thirdHears.some((p) => p.position === 2), 'the others moved up');
      expect(secondHears.at(-1)).toEqual({ conversationId: second.conversationId, position: 1 });
      expect(thirdHears.at(-1)).toEqual({ conversationId: third.conversationId, position: 2 });
      // Nobody hears another buyer's place; the served buyer no longer has one.
      expect(firstHears).toEqual([]);
      expect([await place(first.socket), await place(second.socket), await place(third.socket)]).toEqual([null, 1, 2]);
    } finally {
      await setPresence(li, 'online');
      await setPresence(zhang, 'online');
    }
    // Coming back online drains the queue: nobody is left waiting for the next tests.
    await waitFor(async () => Number((await server.db.query(`SELECT COUNT(*) AS n FROM chat_conversation WHERE status = 'queued'`))[0].n) === 0, 'queue drained');
  });
});

describe('a chat reopened with another agent (issue 11)', () => {
  it('its earlier agent is told what became of it, not that it was taken from them', async () => {
    const { socket: buyer, conversationId } = await buyerWrites('reopen-elsewhere', '你好');
    const servedBy = (await conversation(conversationId)).agentId;
    const first = servedBy === li.id ? li : zhang;
    const other = first === li ? zhang : li;
    const version = (await first.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation.version;
    expect((await first.client.request('POST', `/api/chat/conversations/${conversationId}/close`, { version })).status).toBe(200);

    await setPresence(first, 'away'); // the sticky agent is away: the reopened chat goes to the other
    try {
      const heard = collect(first.socket, 'conversation:changed');
      const ack = await buyer.emitWithAck('message:send', { clientId: clientId(), text: '我又来了' });
      expect(ack.message.conversationId).toBe(conversationId);
      expect((await conversation(conversationId)).agentId).toBe(other.id);
      await waitFor(() => heard.some((e) => e.change.kind === 'reopened'), 'the earlier agent hears of the reopening');
      const event = heard.find((e) => e.change.kind === 'reopened')!;
      expect(event.conversation).toMatchObject({ id: conversationId, agentId: other.id, status: 'open' });
      // And may still read it, as the summary says.
      expect((await first.client.get(`/api/chat/conversations/${conversationId}`)).status).toBe(200);
    } finally {
      await setPresence(first, 'online');
    }
  });

  it('a transfer still tells the agent it left that they can no longer see it in their list', async () => {
    const { conversationId } = await buyerWrites('transfer-away', '你好');
    const servedBy = (await conversation(conversationId)).agentId;
    const first = servedBy === li.id ? li : zhang;
    const other = first === li ? zhang : li;
    const version = (await first.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation.version;
    const heard = nextEvent(first.socket, 'conversation:changed');
    expect((await first.client.request('POST', `/api/chat/conversations/${conversationId}/transfer`, { version, toAgentId: other.id, note: '' })).status).toBe(200);
    expect((await heard).conversation).toBeNull();
  });
});

describe('a supervisor joined to help (issue 11)', () => {
  async function upload(client: TestClient, conversationId: number) {
    return fetch(`${server.baseUrl}/api/chat/conversations/${conversationId}/images`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'content-type': 'application/octet-stream', 'x-kefu-request': '1' },
      body: TINY_PNG,
    });
  }

  it('keeps the join on the server (a reload sees it) and may send an image there', async () => {
    const { socket: buyer, conversationId } = await buyerWrites('needs-a-supervisor', '我要找你们主管');
    const agent = (await conversation(conversationId)).agentId === li.id ? li : zhang;
    const detail = async () => (await supervisor.get(`/api/chat/conversations/${conversationId}`)).body;
    expect((await detail()).joined).toBe(false);
    expect((await upload(supervisor, conversationId)).status).toBe(403);

    const asked = await agent.client.request('POST', `/api/chat/conversations/${conversationId}/help`, { note: '买家要找主管' });
    expect(asked.status).toBe(201);
    expect((await supervisor.request('POST', `/api/chat/help/${asked.body.request.id}/join`)).status).toBe(200);
    // A fresh load (what a reload does) knows the join; the agent's own view does not claim it.
    expect((await detail()).joined).toBe(true);
    expect((await agent.client.get(`/api/chat/conversations/${conversationId}`)).body.joined).toBe(false);

    const uploaded = await upload(supervisor, conversationId);
    expect(uploaded.status).toBe(201);
    const { imageId } = (await uploaded.json()) as { imageId: string };
    const buyerHears = nextEvent(buyer, 'message:new');
    const sent = await supervisorSocket.emitWithAck('message:send', { conversationId, clientId: clientId(), imageId });
    expect(sent.message).toMatchObject({ kind: 'image', imageId });
    expect((await buyerHears).message).toMatchObject({ kind: 'image', imageId });
  });
});

describe('an order number the buyer types that does not exist (issue 11)', () => {
  it('is flagged to the agent live and on the conversation; a real one and other numbers are not', async () => {
    const order = await orderAt({ writer: supervisor }, 'typed-an-order', 'paid');
    const { socket: buyer, conversationId } = await buyerWrites('typed-an-order', '你好');
    const agent = (await conversation(conversationId)).agentId === li.id ? li : zhang;
    const flagged = collect(agent.socket, 'message:unknown-orders');
    const buyerHears = collect(buyer, 'message:unknown-orders');

    const wrong = await buyer.emitWithAck('message:send', { clientId: clientId(), text: '我的订单号：3921550016889999，另一个是 ' + order.orderNo });
    await buyer.emitWithAck('message:send', { clientId: clientId(), text: `订单号 ${order.orderNo}，手机 13812345678` });
    await waitFor(() => flagged.length > 0, 'the agent hears of the unknown order number');
    expect(flagged).toEqual([{ conversationId, seq: wrong.message.seq, orderNos: ['3921550016889999'] }]);

    const detail = (await agent.client.get(`/api/chat/conversations/${conversationId}`)).body;
    expect(detail.unknownOrders).toEqual([{ conversationId, seq: wrong.message.seq, orderNos: ['3921550016889999'] }]);
    expect(buyerHears).toEqual([]); // staff only
  });

  it('never flags the tracking number of one of our parcels, even shaped like an order number', async () => {
    // A courier number of 16 plain digits, as 中通 and 申通 give: the shape of a Taobao order number.
    const parcel = '7731234567890123';
    const packed = await orderAt({ writer: supervisor }, 'typed-a-parcel', 'packed');
    const shipped = await supervisor.post(`/api/orders/${packed.orderNo}/moves`, { to: 'shipped', version: packed.version, courier: '申通快递', trackingNo: parcel });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    // A shipped order sends the buyer to after-sale (queued here: nobody of it is online); the supervisor hears every flag.
    const { socket: buyer, conversationId } = await buyerWrites('typed-a-parcel', '你好');
    const flagged = collect(supervisorSocket, 'message:unknown-orders');

    await buyer.emitWithAck('message:send', { clientId: clientId(), text: `${parcel} 这个到哪了` });
    await buyer.emitWithAck('message:send', { clientId: clientId(), text: '快递单号 7739999999999999 也查不到' }); // labelled: a tracking number, never an order
    const wrong = await buyer.emitWithAck('message:send', { clientId: clientId(), text: `还有 3921550016887777 和 ${parcel}` });
    await waitFor(() => flagged.length > 0, 'the agent hears of the unknown order number');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the earlier messages' checks, were they to flag, are done by now
    expect(flagged).toEqual([{ conversationId, seq: wrong.message.seq, orderNos: ['3921550016887777'] }]);
    expect((await supervisor.get(`/api/chat/conversations/${conversationId}`)).body.unknownOrders).toEqual([
      { conversationId, seq: wrong.message.seq, orderNos: ['3921550016887777'] },
    ]);
  });
});
