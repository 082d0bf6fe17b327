/**
 * Issue 11, buyer identity: a typed ID is only a name; a buyer is who a signed link says;
 * nobody reads another buyer's chat through any buyer route, socket event or image
 * (rulebook 保密制度 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt } from '../orders/orders.fixtures.ts';
import { agentOnline, BuyerClient, buyerSocket, clientId, collect, signedLink, startBuyer, startVisitor, TINY_PNG, waitFor, type Agent } from './chat.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: Agent;
let aftersale: Agent;
const sockets: Socket[] = [];

const isOnline = (username: string) => async () =>
  (await server.db.query(`SELECT p.status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = ?`, [username]))[0]?.status === 'online';
const conversationRow = async (id: number) =>
  (await server.db.query('SELECT buyer_id AS buyerId, buyer_read_seq AS buyerReadSeq, agent_id AS agentId, role FROM chat_conversation WHERE id = ?', [id]))[0];

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000', BUYER_LINK_MAX_AGE: '3600' }), serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  await supervisor.request('PUT', '/api/chat/settings', { capacity: 50 });
  presale = await agentOnline(server.baseUrl, 'presale1', isOnline('presale1'));
  aftersale = await agentOnline(server.baseUrl, 'aftersale1', isOnline('aftersale1'));
});

afterAll(async () => {
  for (const socket of [...sockets, presale?.socket, aftersale?.socket]) socket?.close();
  await server?.close();
});

async function opened(buyer: BuyerClient): Promise<Socket> {
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  return socket;
}

describe('signed links', () => {
  it('a link signed with the shop’s secret identifies the marketplace buyer', async () => {
    const buyer = new BuyerClient(server.baseUrl);
    const reply = await buyer.post('/api/buyer-sessions/signed', { ...signedLink('签名买家'), orderNo: 'A-1' });
    expect(reply.status).toBe(201);
    expect(reply.body.buyer).toEqual({ buyerId: '签名买家', orderNo: 'A-1', name: '签名买家', verified: true });
    expect((await buyer.get('/api/buyer-sessions/me')).body.buyer).toMatchObject({ buyerId: '签名买家', verified: true });
  });

  const now = () => new Date();
  it.each([
    ['signed with another secret', () => signedLink('小鹿买鞋', now(), 'another-secret-another-secret-0123456789'), 401, 'link_bad_signature'],
    ['signed for another buyer', () => ({ ...signedLink('someone-else'), buyer: '小鹿买鞋' }), 401, 'link_bad_signature'],
    ['signed two hours ago (the limit is one)', () => signedLink('小鹿买鞋', new Date(Date.now() - 2 * 3600_000)), 401, 'link_stale'],
    ['signed an hour ahead', () => signedLink('小鹿买鞋', new Date(Date.now() + 3600_000)), 401, 'link_future'],
    ['naming a visitor id', () => signedLink('~visitor-id'), 400, undefined],
    ['without a signature', () => ({ buyer: '小鹿买鞋', ts: 1 }), 400, undefined],
  ])('a link %s is refused and sets no cookie', async (_label, body, status, reason) => {
    const buyer = new BuyerClient(server.baseUrl);
    const reply = await buyer.post('/api/buyer-sessions/signed', body());
    expect(reply.status).toBe(status);
    if (reason) expect(reply.body.error).toMatchObject({ code: 'unauthenticated', details: { reason } });
    expect(buyer.cookie).toBe('');
  });
});

describe('anonymous visitors', () => {
  it('typing another buyer’s ID shows nothing of theirs, through any buyer route, socket event or image', async () => {
    // The real 小鹿买鞋 (a signed link) chats, sends a picture, and hears their tracking number.
    await orderAt({ writer: supervisor }, '小鹿买鞋', 'shipped');
    const victim = await startBuyer(server.baseUrl, '小鹿买鞋');
    const victimSocket = await opened(victim);
    const victimAck = await victimSocket.emitWithAck('message:send', { clientId: clientId(), text: '我的快递到哪了' });
    const victimConversation = victimAck.message.conversationId as number;
    const image = await victim.request('POST', '/api/buyer/images', undefined, { raw: TINY_PNG });
    expect(image.status).toBe(201);
    await victimSocket.emitWithAck('message:send', { clientId: clientId(), imageId: image.body.imageId });
    await aftersale.socket.emitWithAck('message:send', { conversationId: victimConversation, clientId: clientId(), text: '单号 ZT7788123456' });

    // Someone else types the same ID in a fresh browser.
    const intruder = await startVisitor(server.baseUrl, '小鹿买鞋');
    const me = (await intruder.get('/api/buyer-sessions/me')).body.buyer;
    expect(me).toMatchObject({ name: '小鹿买鞋', verified: false });
    expect(me.buyerId).toMatch(/^~/);
    const intruderSocket = await opened(intruder);
    const intruderHears = collect(intruderSocket, 'message:new');
    const intruderTyping = collect(intruderSocket, 'typing');
    const covered = new Set<string>();
    const secret = /ZT7788123456|我的快递到哪了|小鹿买鞋/;

    covered.add('GET /api/buyer-sessions/me'); // above: their own visitor identity, no more
    const page = await intruder.get('/api/buyer/conversation?afterSeq=0');
    covered.add('GET /api/buyer/conversation');
    expect(page.body).toEqual({ conversation: null, messages: [], hasMore: false });
    covered.add('GET /api/buyer/images/:imageId');
    expect((await intruder.get(`/api/buyer/images/${image.body.imageId}`)).status).toBe(404);

    expect(await intruderSocket.emitWithAck('message:list', { afterSeq: 0 })).toEqual({ conversation: null, messages: [], hasMore: false });
    // Read and typing before the visitor has any conversation reach nobody's.
    expect((await intruderSocket.emitWithAck('message:read', { seq: 99 })).error.code).toBe('not_found');
    expect(await intruderSocket.emitWithAck('typing:set', { typing: true })).toEqual({ ok: true });
    // Writing starts the visitor's own conversation, never the victim's.
    const sent = await intruderSocket.emitWithAck('message:send', { clientId: clientId(), text: '我也想看看' });
    expect(sent.message.conversationId).not.toBe(victimConversation);
    expect((await conversationRow(sent.message.conversationId)).buyerId).toBe(me.buyerId);
    expect((await intruderSocket.emitWithAck('message:read', { seq: 99 })).buyerReadSeq).toBe(1);
    expect((await conversationRow(victimConversation)).buyerReadSeq).toBe(0);
    const own = await intruder.request('POST', '/api/buyer/images', undefined, { raw: TINY_PNG });
    covered.add('POST /api/buyer/images');
    expect(own.status).toBe(201);
    const afterWriting = await intruder.get('/api/buyer/conversation?afterSeq=0');
    expect(afterWriting.body.conversation.id).toBe(sent.message.conversationId);
    expect(JSON.stringify(afterWriting.body)).not.toMatch(secret);
    expect(JSON.stringify(await intruderSocket.emitWithAck('message:list', { afterSeq: 0 }))).not.toMatch(secret);

    // Live: the victim's chat goes on; the intruder hears none of it.
    await victimSocket.emitWithAck('typing:set', { typing: true });
    await aftersale.socket.emitWithAck('message:send', { conversationId: victimConversation, clientId: clientId(), text: '已签收请确认 小鹿买鞋' });
    const victimHears = collect(victimSocket, 'message:new');
    await aftersale.socket.emitWithAck('message:send', { conversationId: victimConversation, clientId: clientId(), text: '还有问题吗' });
    await waitFor(() => victimHears.length === 1, 'the victim hears the reply');
    expect(JSON.stringify(intruderHears)).not.toMatch(secret);
    expect(intruderHears).toEqual([]);
    expect(intruderTyping).toEqual([]);

    // The victim's closed chat waits for their rating: the intruder neither sees nor rates it.
    const version = Number((await server.db.query('SELECT version FROM chat_conversation WHERE id = ?', [victimConversation]))[0].version);
    expect((await aftersale.client.post(`/api/chat/conversations/${victimConversation}/close`, { version })).status).toBe(200);
    expect((await victim.get('/api/buyer/survey')).body.survey?.conversationId).toBe(victimConversation);
    expect((await intruder.get('/api/buyer/survey')).body).toEqual({ survey: null });
    covered.add('GET /api/buyer/survey');
    expect((await intruder.post('/api/buyer/survey', { conversationId: victimConversation, score: 1 })).status).toBe(404);
    covered.add('POST /api/buyer/survey');
    expect(Number((await server.db.query('SELECT COUNT(*) AS n FROM chat_rating WHERE conversation_id = ?', [victimConversation]))[0].n)).toBe(0);

    // A session start and the end are the remaining buyer routes (covered below and here).
    covered.add('POST /api/buyer-sessions');
    covered.add('POST /api/buyer-sessions/signed');
    expect((await intruder.request('DELETE', '/api/buyer-sessions/me')).status).toBe(204);
    covered.add('DELETE /api/buyer-sessions/me');
    expect((await victim.get('/api/buyer/conversation?afterSeq=0')).body.messages.length).toBeGreaterThanOrEqual(3); // the victim is untouched
    // Every buyer route is in this test: a new one must be added here.
    const buyerRoutes = server.app.routes.filter((r) => r.access === 'buyer' || r.path.startsWith('/api/buyer')).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(new Set(buyerRoutes)).toEqual(covered);
  });

  it('the agents see 访客 with the given name; the visitor finds their own history again in the same browser, and only there', async () => {
    const visitor = await startVisitor(server.baseUrl, '路过的小王');
    const socket = await opened(visitor);
    const first = await socket.emitWithAck('message:send', { clientId: clientId(), text: '有38码吗' });
    const conversationId = first.message.conversationId as number;
    const summary = (await supervisor.get(`/api/chat/conversations/${conversationId}`)).body.conversation;
    expect(summary).toMatchObject({ visitorName: '路过的小王', linkedBuyerId: null, role: 'presale' });
    expect(summary.buyerId).toMatch(/^~/);

    // Later, same browser, a session started again (even under another name): the same visitor.
    socket.close();
    expect((await visitor.request('DELETE', '/api/buyer-sessions/me')).status).toBe(204);
    await startVisitor(server.baseUrl, '小王', { client: visitor });
    const again = await visitor.get('/api/buyer/conversation?afterSeq=0');
    expect(again.body.conversation.id).toBe(conversationId);
    expect(again.body.messages.map((m: { text: string }) => m.text)).toEqual(['有38码吗']);
    expect((await supervisor.get(`/api/chat/conversations/${conversationId}`)).body.conversation.visitorName).toBe('小王');

    // Another browser with the same name, or a forged visitor cookie naming that id: a stranger.
    const sameName = await startVisitor(server.baseUrl, '小王');
    expect((await sameName.get('/api/buyer/conversation?afterSeq=0')).body.conversation).toBeNull();
    const forged = new BuyerClient(server.baseUrl);
    forged.visitorCookie = `kefu.visitor=${summary.buyerId}.AAAA`;
    await startVisitor(server.baseUrl, '小王', { client: forged });
    expect((await forged.get('/api/buyer-sessions/me')).body.buyer.buyerId).not.toBe(summary.buyerId);
    expect((await forged.get('/api/buyer/conversation?afterSeq=0')).body.conversation).toBeNull();
  });

  it('an empty name is still 400', async () => {
    const buyer = new BuyerClient(server.baseUrl);
    const reply = await buyer.post('/api/buyer-sessions', { buyerId: '   ' });
    expect(reply.status).toBe(400);
    expect(buyer.cookie).toBe('');
    expect(buyer.visitorCookie).toBe('');
  });
});

describe('linking a visitor', () => {
  it('the agent links a visitor to a marketplace ID once the order matches; recorded and audited; the visitor still sees only their own chat', async () => {
    const order = await orderAt({ writer: supervisor }, '晴天娃娃', 'paid');
    const other = await orderAt({ writer: supervisor }, '别人', 'paid');
    const earlier = await startBuyer(server.baseUrl, '晴天娃娃');
    const earlierSocket = await opened(earlier);
    await earlierSocket.emitWithAck('message:send', { clientId: clientId(), text: '以前的聊天 私密' });

    const visitor = await startVisitor(server.baseUrl, '晴天');
    const socket = await opened(visitor);
    const conversationId = (await socket.emitWithAck('message:send', { clientId: clientId(), text: '我是晴天娃娃，订单在这' })).message.conversationId as number;
    const agentId = Number((await conversationRow(conversationId)).agentId);
    const agent = agentId === presale.id ? presale : aftersale;
    const notTheAgent = agent === presale ? aftersale : presale;
    const path = `/api/chat/conversations/${conversationId}/link-visitor`;

    const mismatch = await agent.client.post(path, { buyerId: '晴天娃娃', orderNo: other.orderNo });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.details).toEqual({ reason: 'order_mismatch' });
    expect((await agent.client.post(path, { buyerId: '晴天娃娃', orderNo: 'NO-SUCH-ORDER' })).body.error.details).toEqual({ reason: 'order_mismatch' });
    expect((await notTheAgent.client.post(path, { buyerId: '晴天娃娃', orderNo: order.orderNo })).status).toBeGreaterThanOrEqual(403);
    expect((await agent.client.post(path, { buyerId: '', orderNo: order.orderNo })).status).toBe(400);
    expect(Number((await server.db.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'chat.visitor.link'`))[0].n)).toBe(0);

    // An order with a receiver phone also needs its last four digits.
    const withPhone = await orderAt({ writer: supervisor }, '晴天娃娃', 'paid', { receiver: { name: '晴天', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号' } });
    for (const phoneLast4 of [undefined, '0000']) {
      const reply = await agent.client.post(path, { buyerId: '晴天娃娃', orderNo: withPhone.orderNo, ...(phoneLast4 ? { phoneLast4 } : {}) });
      expect([phoneLast4, reply.status, reply.body.error?.details]).toEqual([phoneLast4, 409, { reason: 'order_mismatch' }]);
    }
    expect((await agent.client.post(path, { buyerId: '晴天娃娃', orderNo: withPhone.orderNo, phoneLast4: '56' })).status).toBe(400);
    expect(Number((await server.db.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'chat.visitor.link'`))[0].n)).toBe(0);

    const linked = await agent.client.post(path, { buyerId: '晴天娃娃', orderNo: order.orderNo });
    expect(linked.status).toBe(200);
    expect(linked.body.conversation).toMatchObject({ id: conversationId, visitorName: '晴天', linkedBuyerId: '晴天娃娃' });
    const audit = await server.db.query(`SELECT actor_id AS actorId, entity_id AS entityId, details FROM audit_log WHERE action = 'chat.visitor.link'`);
    expect(audit).toHaveLength(1);
    expect(Number(audit[0].actorId)).toBe(agent.id);
    expect(JSON.parse(audit[0].details)).toMatchObject({ conversationId, buyerId: '晴天娃娃', orderNo: order.orderNo, before: null });
    const stored = (await server.db.query('SELECT linked_buyer_id AS b, linked_by AS byId, linked_order_no AS o FROM chat_visitor WHERE id = ?', [audit[0].entityId]))[0];
    expect({ ...stored, byId: Number(stored.byId) }).toEqual({ b: '晴天娃娃', byId: agent.id, o: order.orderNo });

    // Linking tells the shop who this is; it does not hand the visitor that buyer's past chats.
    expect(JSON.stringify((await visitor.get('/api/buyer/conversation?afterSeq=0')).body)).not.toMatch(/以前的聊天/);
    // The phone's last four digits pass the order that has one (a re-link, audited with the one before).
    expect((await agent.client.post(path, { buyerId: '晴天娃娃', orderNo: withPhone.orderNo, phoneLast4: '5678' })).status).toBe(200);
    const relink = await server.db.query(`SELECT details FROM audit_log WHERE action = 'chat.visitor.link' ORDER BY id DESC LIMIT 1`);
    expect(JSON.parse(relink[0].details)).toMatchObject({ before: '晴天娃娃', orderNo: withPhone.orderNo });
    // A buyer who came with a signed link is identified already.
    const signedConversation = (await earlierSocket.emitWithAck('message:list', { afterSeq: 0 })).conversation.id;
    const signedAgent = Number((await conversationRow(signedConversation)).agentId) === presale.id ? presale : aftersale;
    const refused = await signedAgent.client.post(`/api/chat/conversations/${signedConversation}/link-visitor`, { buyerId: '晴天娃娃', orderNo: order.orderNo });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ reason: 'not_a_visitor' });
  });
});
