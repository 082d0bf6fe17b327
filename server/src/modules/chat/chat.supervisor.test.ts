import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { agentOnline, buyerSocket, clientId, collect, connected, nextEvent, socketOf, startBuyer, waitFor, type Agent } from './chat.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let supervisorSocket: Socket;
let supervisorId: number;
let agent: Agent;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000' }), serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  supervisorId = (await supervisor.get('/api/auth/me')).body.user.id;
  supervisorSocket = await connected(socketOf(server.baseUrl, supervisor.cookie));
  agent = await agentOnline(server.baseUrl, 'presale1', async () => {
    const rows = await server.db.query(`SELECT status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = 'presale1'`);
    return rows[0]?.status === 'online';
  });
  await supervisor.request('PUT', '/api/chat/settings', { capacity: 20 });
  await waitFor(async () => (await server.app.io.in('role:supervisor').fetchSockets()).length > 0, 'supervisor socket in its room');
});

afterAll(async () => {
  for (const socket of [...sockets, supervisorSocket, agent?.socket]) socket?.close();
  await server?.close();
});

async function buyerWrites(buyerId: string, text: string): Promise<{ socket: Socket; conversationId: number }> {
  const buyer = await startBuyer(server.baseUrl, buyerId);
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text });
  await waitFor(async () => (await conversation(ack.message.conversationId)).agentId === agent.id, 'the chat is with presale1');
  return { socket, conversationId: ack.message.conversationId };
}

async function conversation(id: number) {
  const [row] = await server.db.query('SELECT agent_id AS agentId, role, status, version FROM chat_conversation WHERE id = ?', [id]);
  return { ...row, agentId: row.agentId === null ? null : Number(row.agentId), version: Number(row.version) };
}

async function audits(action: string, conversationId: number) {
  return server.db.query('SELECT actor_id AS actorId, details FROM audit_log WHERE action = ? AND entity_id = ?', [action, String(conversationId)]);
}

describe('asking the supervisor for help without handing over (issue 11)', () => {
  it('the supervisor sees the request live, joins it and answers beside the agent; recorded and audited', async () => {
    const { socket: buyer, conversationId } = await buyerWrites('difficult-buyer', '我要投诉！鞋子穿一天就开胶了');
    const live = nextEvent(supervisorSocket, 'conversation:help');
    const asked = await agent.client.request('POST', `/api/chat/conversations/${conversationId}/help`, { note: '买家情绪激动，要求赔偿' });
    expect(asked.status).toBe(201);
    expect(asked.body.request).toMatchObject({ conversationId, askedBy: agent.id, note: '买家情绪激动，要求赔偿', joinedBy: null });
    expect((await live).request.id).toBe(asked.body.request.id);
    expect(await audits('chat.help.ask', conversationId)).toHaveLength(1);

    const again = await agent.client.request('POST', `/api/chat/conversations/${conversationId}/help`, { note: '' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('help_pending');
    expect((await supervisor.get('/api/chat/help')).body.requests.map((r: { id: number }) => r.id)).toContain(asked.body.request.id);

    // Before joining, the supervisor cannot write in the agent's chat.
    const early = await supervisorSocket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '您好' });
    expect(early.error?.code).toBe('forbidden');

    const joined = await supervisor.request('POST', `/api/chat/help/${asked.body.request.id}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body.request).toMatchObject({ joinedBy: supervisorId, joinedByName: expect.any(String) });
    expect((await supervisor.request('POST', `/api/chat/help/${asked.body.request.id}/join`)).body.error.details.reason).toBe('help_taken');
    expect(await audits('chat.help.join', conversationId)).toHaveLength(1);
    expect((await supervisor.get('/api/chat/help')).body.requests.map((r: { id: number }) => r.id)).not.toContain(asked.body.request.id);

    const heard = collect(buyer, 'message:new');
    const answer = await supervisorSocket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '您好，我是主管，给您处理' });
    expect(answer.message?.staffId).toBe(supervisorId);
    await waitFor(() => heard.some((m) => m.message.text === '您好，我是主管，给您处理'), 'the buyer reads the supervisor');
    expect((await conversation(conversationId)).agentId).toBe(agent.id); // still the agent's chat
  });

  it('only the chat’s own agent asks, and a bad note changes nothing', async () => {
    const { conversationId } = await buyerWrites('other-buyer', '在吗');
    const presale2 = await loggedIn(server.baseUrl, 'presale2');
    expect((await presale2.request('POST', `/api/chat/conversations/${conversationId}/help`, { note: '' })).status).toBe(404);
    const bad = await agent.client.request('POST', `/api/chat/conversations/${conversationId}/help`, { note: 'x'.repeat(501) });
    expect(bad.status).toBe(400);
    const [{ n }] = await server.db.query('SELECT COUNT(*) AS n FROM chat_help_request WHERE conversation_id = ?', [conversationId]);
    expect(Number(n)).toBe(0);
  });
});

describe('handing a chat to the supervisor (售前 ③, 售后 ③)', () => {
  it('moves the chat to the supervisor, who answers it; the transfer is recorded and audited', async () => {
    const { socket: buyer, conversationId } = await buyerWrites('angry-buyer', '退款到底什么时候到');
    const before = await conversation(conversationId);
    const moved = await agent.client.request('POST', `/api/chat/conversations/${conversationId}/transfer`, { version: before.version, toSupervisor: true, note: '退款纠纷，请主管处理' });
    expect(moved.status).toBe(200);
    expect(moved.body.conversation).toMatchObject({ agentId: supervisorId, role: before.role, status: 'open' });
    const [transfer] = await server.db.query('SELECT from_agent_id AS fromId, to_agent_id AS toId, note, by_staff_id AS byId FROM chat_transfer WHERE conversation_id = ?', [conversationId]);
    expect(transfer).toMatchObject({ fromId: agent.id, toId: supervisorId, note: '退款纠纷，请主管处理', byId: agent.id });
    const [audit] = await audits('chat.transfer', conversationId);
    expect(JSON.parse(audit.details).asked).toEqual({ supervisor: true });

    const heard = collect(buyer, 'message:new');
    const answer = await supervisorSocket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '您好，退款今天到账' });
    expect(answer.message?.staffId).toBe(supervisorId);
    await waitFor(() => heard.some((m) => m.message.text === '您好，退款今天到账'), 'the buyer reads the supervisor');
    // The agent no longer writes in it.
    const late = await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '还在吗' });
    expect(late.error?.code).toBe('forbidden');
  });

  it('refuses a body naming two targets', async () => {
    const { conversationId } = await buyerWrites('two-targets', '你好');
    const { version } = await conversation(conversationId);
    const res = await agent.client.request('POST', `/api/chat/conversations/${conversationId}/transfer`, { version, toSupervisor: true, toRole: 'aftersale' });
    expect(res.status).toBe(400);
    expect((await conversation(conversationId)).agentId).toBe(agent.id);
  });
});
