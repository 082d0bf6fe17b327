import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { agentOnline, BuyerClient, buyerSocket, clientId, collect, connected, nextEvent, socketOf, startBuyer, TINY_PNG, waitFor, type Agent } from './chat.fixtures.ts';
import { orderAt } from '../orders/orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: Agent;
let aftersale: Agent;
const sockets: Socket[] = [];

const isOnline = (username: string) => async () =>
  (await server.db.query(`SELECT p.status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = ?`, [username]))[0]?.status === 'online';

beforeAll(async () => {
  server = await startTestServer({
    config: testConfig({ BUYER_SESSION_LIMIT: '100000' }),
    serveClient: false,
  });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  await supervisor.request('PUT', '/api/chat/settings', { capacity: 50 }); // room for every buyer of this file
  presale = await agentOnline(server.baseUrl, 'presale1', isOnline('presale1'));
  aftersale = await agentOnline(server.baseUrl, 'aftersale1', isOnline('aftersale1'));
});

afterAll(async () => {
  for (const socket of [...sockets, presale?.socket, aftersale?.socket]) socket?.close();
  await server?.close();
});

async function chatting(buyerId: string, text = '你好') {
  const buyer = await startBuyer(server.baseUrl, buyerId);
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text });
  return { buyer, socket, conversationId: ack.message.conversationId as number };
}

describe('buyers', () => {
  it('a buyer cookie opens no staff route', async () => {
    const { buyer } = await chatting('nosy-buyer');
    const staffRoutes = server.app.routes.filter((r) => r.access !== 'public' && r.access !== 'buyer');
    expect(staffRoutes.length).toBeGreaterThan(15);
    for (const route of staffRoutes) {
      const path = route.path.replace(/:imageId/g, 'AAAAAAAAAAAAAAAAAAAAAAAA').replace(/:[A-Za-z]+/g, '1');
      const reply = await buyer.request(route.method.toUpperCase(), path, route.method === 'get' ? undefined : {});
      expect([route.method, route.path, reply.status]).toEqual([route.method, route.path, 401]);
    }
    // Nor does a staff cookie open a buyer route, or a staff socket the buyer namespace.
    for (const route of server.app.routes.filter((r) => r.access === 'buyer')) {
      const path = route.path.replace(/:imageId/g, 'AAAAAAAAAAAAAAAAAAAAAAAA');
      const reply = await supervisor.request(route.method.toUpperCase(), path, route.method === 'get' ? undefined : {});
      expect([route.path, reply.status]).toEqual([route.path, 401]);
    }
    const staffOnBuyer = socketOf(server.baseUrl, supervisor.cookie, '/buyer');
    await expect(connected(staffOnBuyer)).rejects.toThrow('Please start a chat first');
    staffOnBuyer.close();
    // And a buyer cookie is no staff socket.
    const buyerOnStaff = socketOf(server.baseUrl, buyer.cookie);
    await expect(connected(buyerOnStaff)).rejects.toThrow('Please log in first');
    buyerOnStaff.close();
  });

  it('a buyer sees only their own conversation, live and in history', async () => {
    const alice = await chatting('alice', '我是 Alice');
    const aliceHears = collect(alice.socket, 'message:new');
    const bob = await chatting('bob', '我是 Bob');
    await presale.socket.emitWithAck('message:send', { conversationId: bob.conversationId, clientId: clientId(), text: '回复 Bob' });
    await bob.socket.emitWithAck('typing:set', { typing: true });
    const aliceView = await alice.buyer.get('/api/buyer/conversation');
    expect(aliceView.body.conversation.id).toBe(alice.conversationId);
    expect(JSON.stringify(aliceView.body)).not.toMatch(/Bob/);
    expect(JSON.stringify(await alice.socket.emitWithAck('message:list', { afterSeq: 0 }))).not.toMatch(/Bob/);
    await presale.socket.emitWithAck('message:send', { conversationId: alice.conversationId, clientId: clientId(), text: '回复 Alice' });
    await waitFor(() => aliceHears.length === 1, 'alice hears her reply');
    expect(aliceHears.map((e) => e.message.text)).toEqual(['回复 Alice']);
    // Her image is hers alone.
    const image = await bob.buyer.request('POST', '/api/buyer/images', undefined, { raw: TINY_PNG });
    expect((await alice.buyer.get(`/api/buyer/images/${image.body.imageId}`)).status).toBe(404);
    // The buyer's view has no staff-only records.
    const bobView = JSON.stringify((await bob.buyer.get('/api/buyer/conversation')).body);
    expect(bobView).not.toMatch(/answeredBy|staffId|agentId|buyerId/);
  });

  it('a forged or ended buyer cookie is refused; leaving closes the buyer’s sockets', async () => {
    const { buyer, socket } = await chatting('leaver');
    const forged = new BuyerClient(server.baseUrl);
    forged.cookie = buyer.cookie.replace(/\.[^.]+$/, '.AAAA');
    expect((await forged.get('/api/buyer/conversation')).status).toBe(401);
    const ended = nextEvent(socket, 'session:ended');
    const stolen = buyer.cookie;
    expect((await buyer.request('DELETE', '/api/buyer-sessions/me')).status).toBe(204);
    expect(await ended).toEqual({ reason: 'logged_out' });
    const replay = new BuyerClient(server.baseUrl);
    replay.cookie = stolen;
    expect((await replay.get('/api/buyer/conversation')).status).toBe(401);
  });

  it('starting buyer sessions is rate-limited per address', async () => {
    const limited = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '3' }), serveClient: false });
    try {
      for (let i = 0; i < 3; i++) expect((await new BuyerClient(limited.baseUrl).post('/api/buyer-sessions', { buyerId: `many-${i}` })).status).toBe(201);
      const blocked = await new BuyerClient(limited.baseUrl).post('/api/buyer-sessions', { buyerId: 'one-too-many' });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/try again in \d+ minute/) });
    } finally {
      await limited.close();
    }
  });

  it('image uploads are rate-limited per buyer', async () => {
    const { buyer } = await chatting('many-pictures');
    for (let i = 0; i < 30; i++) expect((await buyer.request('POST', '/api/buyer/images', undefined, { raw: TINY_PNG })).status).toBe(201);
    const blocked = await buyer.request('POST', '/api/buyer/images', undefined, { raw: TINY_PNG });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/Too many images sent/);
    expect(Number((await server.db.query(`SELECT COUNT(*) AS n FROM chat_image i JOIN chat_conversation c ON c.id = i.conversation_id WHERE c.buyer_id = 'many-pictures'`))[0].n)).toBe(30);
  });

  it.each([
    [{ buyerId: '' }, /buyerId: buyerId must not be empty/],
    [{ buyerId: 'a'.repeat(65) }, /at most 64/],
    [{ buyerId: 'tab\there' }, /control characters/],
    [{ buyerId: '买家', orderNo: '12 34' }, /orderNo may contain only/],
    [{ buyerId: '买家', extra: 1 }, /Unrecognized key/],
  ])('a bad buyer session request %j is 400 and sets no cookie', async (body, message) => {
    const buyer = new BuyerClient(server.baseUrl);
    const reply = await buyer.post('/api/buyer-sessions', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(message);
    expect(buyer.cookie).toBe('');
  });
});

describe('staff', () => {
  it('presale cannot read an after-sale chat not assigned to them; the supervisor can; a former agent still can', async () => {
    await orderAt({ writer: supervisor }, 'shipped-reader', 'shipped');
    const { conversationId } = await chatting('shipped-reader', '快递到了鞋子有问题');
    const row = (await server.db.query('SELECT role, agent_id AS agentId FROM chat_conversation WHERE id = ?', [conversationId]))[0];
    expect(row).toMatchObject({ role: 'aftersale', agentId: aftersale.id });
    for (const path of [`/api/chat/conversations/${conversationId}`, `/api/chat/conversations/${conversationId}/messages`]) {
      expect((await presale.client.get(path)).status).toBe(404);
      expect((await supervisor.get(path)).status).toBe(200);
      expect((await aftersale.client.get(path)).status).toBe(200);
    }
    expect((await presale.socket.emitWithAck('message:list', { conversationId, afterSeq: 0 })).error.code).toBe('not_found');
    expect((await presale.client.get(`/api/chat/search?buyerId=shipped-reader`)).body.results).toEqual([]);
    expect((await supervisor.get(`/api/chat/search?buyerId=shipped-reader`)).body.results).toHaveLength(1);
    const changes = (await presale.client.get('/api/chat/changes?after=0')).body;
    expect(changes.changes.some((c: { conversationId: number }) => c.conversationId === conversationId)).toBe(false);
    expect(changes.conversations.some((c: { id: number }) => c.id === conversationId)).toBe(false);
    expect((await presale.client.get('/api/chat/conversations?scope=all')).status).toBe(403);
    expect((await supervisor.get('/api/chat/conversations?scope=all')).body.conversations.some((c: { id: number }) => c.id === conversationId)).toBe(true);
    // Hand it to presale and back: presale served it, so keeps read access to the history.
    const version = async () => Number((await server.db.query('SELECT version FROM chat_conversation WHERE id = ?', [conversationId]))[0].version);
    await supervisor.post(`/api/chat/conversations/${conversationId}/transfer`, { version: await version(), toAgentId: presale.id, note: '' });
    await supervisor.post(`/api/chat/conversations/${conversationId}/transfer`, { version: await version(), toAgentId: aftersale.id, note: '' });
    expect((await presale.client.get(`/api/chat/conversations/${conversationId}/messages`)).status).toBe(200);
    expect((await presale.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '我来回复' })).error.code).toBe('forbidden');
  });

  it('warehouse and printer staff have no chat; the supervisor does not serve', async () => {
    const warehouse = await loggedIn(server.baseUrl, 'warehouse1');
    expect((await warehouse.get('/api/chat/conversations')).status).toBe(403);
    const socket = await connected(socketOf(server.baseUrl, warehouse.cookie));
    sockets.push(socket);
    expect((await socket.emitWithAck('chat:changes', { after: 0 })).error.code).toBe('forbidden');
    const supervisorSocket = await connected(socketOf(server.baseUrl, supervisor.cookie));
    sockets.push(supervisorSocket);
    const { conversationId } = await chatting('served-by-agents');
    expect((await supervisorSocket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '主管回复' })).error.code).toBe('forbidden');
    expect((await supervisorSocket.emitWithAck('message:list', { conversationId, afterSeq: 0 })).messages).toHaveLength(1);
  });

  it('a role removed mid-session takes effect at the next event and stops its broadcasts', async () => {
    const created = await supervisor.post('/api/staff', { username: 'temp-presale', displayName: '临时', password: 'password1', roles: ['presale'], baseWageFen: 300000 });
    const temp = await agentOnline(server.baseUrl, 'temp-presale', isOnline('temp-presale'), 'password1');
    sockets.push(temp.socket);
    await presale.client.request('PUT', '/api/chat/presence', { status: 'away' }); // the newcomer is the only one free
    try {
      const { conversationId } = await chatting('role-change-buyer');
      expect(Number((await server.db.query('SELECT agent_id AS a FROM chat_conversation WHERE id = ?', [conversationId]))[0].a)).toBe(temp.id);
      expect((await temp.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '在的' })).message).toBeDefined();
      const changed = nextEvent(temp.socket, 'session:changed');
      await supervisor.patch(`/api/staff/${created.body.id}`, { roles: ['printer'] });
      await changed;
      const refused = await temp.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '还能发吗' });
      expect(refused.error.code).toBe('forbidden');
      // Queued pre-sale chats are no longer announced to them.
      const supervisorSocket = await connected(socketOf(server.baseUrl, supervisor.cookie));
      sockets.push(supervisorSocket);
      await waitFor(async () => (await server.app.io.in('role:supervisor').fetchSockets()).length > 0, 'supervisor socket in its room');
      const tempHeard = collect(temp.socket, 'conversation:changed');
      const supervisorHeard = collect(supervisorSocket, 'conversation:changed');
      const queued = await chatting('role-change-queued');
      await waitFor(() => supervisorHeard.some((e) => e.change.conversationId === queued.conversationId), 'the supervisor hears of the queued chat');
      expect(supervisorHeard.find((e) => e.change.conversationId === queued.conversationId).change.status).toBe('queued');
      expect(tempHeard).toEqual([]);
    } finally {
      await presale.client.request('PUT', '/api/chat/presence', { status: 'online' });
    }
  });
});
