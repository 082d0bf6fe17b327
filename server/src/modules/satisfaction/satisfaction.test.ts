import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { agentOnline, buyerSocket, clientId, startBuyer, type Agent } from '../chat/chat.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let agent: Agent;
let offsetMs = 0;
const sockets: Socket[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '1000' }), serveClient: false, clock: () => new Date(Date.now() + offsetMs) });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  agent = await agentOnline(server.baseUrl, 'presale1', async () => {
    const rows = await server.db.query(`SELECT status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = 'presale1'`);
    return rows[0]?.status === 'online';
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  agent?.socket.close();
  await server?.close();
});

/** A buyer asks, the agent answers and closes the chat. */
async function closedChat(buyerId: string) {
  const buyer = await startBuyer(server.baseUrl, buyerId);
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const asked = await socket.emitWithAck('message:send', { clientId: clientId(), text: '有40码吗' });
  const conversationId: number = asked.message.conversationId;
  await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '亲，有的' });
  const open = (await agent.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation;
  const closed = await agent.client.post(`/api/chat/conversations/${conversationId}/close`, { version: open.version });
  expect(closed.status).toBe(200);
  return { buyer, conversationId };
}

const count = async (sql: string, params: unknown[] = []) => Number(((await server.db.query(sql, params)) as Array<{ n: number }>)[0]!.n);

describe('the satisfaction survey after a chat closes', () => {
  it('is asked once: the first answer counts, a second is refused and changes nothing', async () => {
    const { buyer, conversationId } = await closedChat('rater-once');
    expect((await buyer.get('/api/buyer/survey')).body).toEqual({ survey: { conversationId, closedAt: expect.any(String) } });
    const first = await buyer.post('/api/buyer/survey', { conversationId, score: 5, comment: '很耐心' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ ok: true, callbackId: null });
    const second = await buyer.post('/api/buyer/survey', { conversationId, score: 1 });
    expect(second.status).toBe(409);
    expect(second.body.error.details).toEqual({ reason: 'already_rated' });
    expect(await count('SELECT COUNT(*) AS n FROM chat_rating WHERE conversation_id = ?', [conversationId])).toBe(1);
    expect((await buyer.get('/api/buyer/survey')).body).toEqual({ survey: null });
  });

  it('two answers at once store one', async () => {
    const { buyer, conversationId } = await closedChat('rater-race');
    const replies = await Promise.all([buyer.post('/api/buyer/survey', { conversationId, score: 4 }), buyer.post('/api/buyer/survey', { conversationId, score: 3 })]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await count('SELECT COUNT(*) AS n FROM chat_rating WHERE conversation_id = ?', [conversationId])).toBe(1);
  });

  it('a buyer who left can answer when back within 24 h, not later', async () => {
    const { conversationId } = await closedChat('rater-back');
    offsetMs = 23 * HOUR;
    const back = await startBuyer(server.baseUrl, 'rater-back');
    expect((await back.get('/api/buyer/survey')).body.survey?.conversationId).toBe(conversationId);
    offsetMs = 25 * HOUR;
    expect((await back.get('/api/buyer/survey')).body).toEqual({ survey: null });
    const late = await back.post('/api/buyer/survey', { conversationId, score: 4 });
    expect(late.status).toBe(409);
    expect(late.body.error.details).toEqual({ reason: 'survey_closed' });
    offsetMs = 0;
  });

  it('another buyer cannot rate the chat, and a bad score is refused', async () => {
    const { buyer, conversationId } = await closedChat('rater-owner');
    const stranger = await startBuyer(server.baseUrl, 'rater-stranger');
    expect((await stranger.post('/api/buyer/survey', { conversationId, score: 1 })).status).toBe(404);
    const bad = await buyer.post('/api/buyer/survey', { conversationId, score: 6 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('score');
    expect(await count('SELECT COUNT(*) AS n FROM chat_rating WHERE conversation_id = ?', [conversationId])).toBe(0);
  });

  it('a 1–2 opens a call-back, the supervisor is notified, and the call-back is recorded once', async () => {
    const { buyer, conversationId } = await closedChat('rater-unhappy');
    const rated = await buyer.post('/api/buyer/survey', { conversationId, score: 2, comment: '回复太慢' });
    expect(rated.status).toBe(201);
    const callbackId = rated.body.callbackId as number;
    expect(callbackId).toBeGreaterThan(0);
    const notes = (await supervisor.get('/api/notifications')).body;
    expect(JSON.stringify(notes)).toContain('satisfaction.low');

    const aftersale = await loggedIn(server.baseUrl, 'aftersale1');
    const open = (await aftersale.get('/api/satisfaction/callbacks?status=open')).body.find((c: { id: number }) => c.id === callbackId);
    expect(open).toMatchObject({ conversationId, score: 2, comment: '回复太慢', status: 'open', staffId: agent.id });
    const done = await aftersale.post(`/api/satisfaction/callbacks/${callbackId}/done`, { version: open.version, answer: '已道歉，客户表示理解' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', answer: '已道歉，客户表示理解' });
    const stale = await supervisor.post(`/api/satisfaction/callbacks/${callbackId}/done`, { version: open.version, answer: '再次回访' });
    expect(stale.status).toBe(409);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'satisfaction.callback'")).toBe(1);
  });
});
