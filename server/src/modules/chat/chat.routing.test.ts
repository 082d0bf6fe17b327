import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { agentOnline, buyerSocket, clientId, collect, startBuyer, waitFor, type Agent } from './chat.fixtures.ts';
import { orderAt } from '../orders/orders.fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
let clockOffset = 0;
let server: TestServer;
let supervisor: TestClient;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({
    config: testConfig({ BUYER_SESSION_LIMIT: '100000' }),
    serveClient: false,
    clock: () => new Date(Date.now() + clockOffset),
  });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await waitFor(async () => Number((await server.db.query(`SELECT COUNT(*) AS n FROM agent_presence WHERE status <> 'offline'`))[0].n) === 0, 'everyone offline');
  // Test set-up, not behaviour under test: every test starts with no live chats.
  await server.db.query(`UPDATE chat_conversation SET status = 'closed', closed_at = UTC_TIMESTAMP(3) - INTERVAL 30 DAY WHERE status <> 'closed'`);
  await server.db.query(`UPDATE agent_presence SET chosen = 'online'`); // a reconnect would restore an 'away' chosen in a test
  await supervisor.request('PUT', '/api/chat/settings', { capacity: 5 });
  clockOffset = 0;
});

afterAll(async () => {
  await server?.close();
});

async function online(username: string): Promise<Agent> {
  const agent = await agentOnline(server.baseUrl, username, async () => (await presenceOf(username)) === 'online');
  sockets.push(agent.socket);
  return agent;
}

async function presenceOf(username: string): Promise<string | undefined> {
  const rows = await server.db.query('SELECT p.status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = ?', [username]);
  return rows[0]?.status;
}

async function idOf(username: string): Promise<number> {
  return Number((await server.db.query('SELECT id FROM staff WHERE username = ?', [username]))[0].id);
}

async function conversation(id: number) {
  const [row] = await server.db.query('SELECT id, buyer_id AS buyerId, role, status, agent_id AS agentId, version FROM chat_conversation WHERE id = ?', [id]);
  return { ...row, agentId: row.agentId === null ? null : Number(row.agentId), version: Number(row.version) } as {
    id: number;
    buyerId: string;
    role: string;
    status: string;
    agentId: number | null;
    version: number;
  };
}

/** A buyer opens the chat page and writes; resolves with the stored conversation. */
async function buyerWrites(buyerId: string, text = '在吗？') {
  const buyer = await startBuyer(server.baseUrl, buyerId, undefined, new Date(Date.now() + clockOffset));
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text });
  expect(ack.message).toBeDefined();
  return { buyer, socket, conversationId: ack.message.conversationId as number };
}

async function openCounts(): Promise<Record<number, number>> {
  const rows = await server.db.query(`SELECT agent_id AS agentId, COUNT(*) AS n FROM chat_conversation WHERE status = 'open' GROUP BY agent_id`);
  return Object.fromEntries(rows.map((r: { agentId: number; n: number }) => [Number(r.agentId), Number(r.n)]));
}

describe('which role a chat goes to (from the order registry and the after-sale cases)', () => {
  /** Gives `buyerId` the records of the case, through the API as the staff would. */
  const records: Record<string, (buyerId: string) => Promise<unknown>> = {
    shipped: (buyerId) => orderAt({ writer: supervisor }, buyerId, 'shipped'),
    delivered: (buyerId) => orderAt({ writer: supervisor }, buyerId, 'delivered'),
    openCase: async (buyerId) => {
      const order = await orderAt({ writer: supervisor }, buyerId, 'paid');
      expect((await supervisor.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'refund', reason: '买家不想要了' })).status).toBe(201);
    },
    paidNotShipped: (buyerId) => orderAt({ writer: supervisor }, buyerId, 'packed'),
    closedCase: async (buyerId) => {
      const order = await orderAt({ writer: supervisor }, buyerId, 'cancelled');
      const opened = (await supervisor.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'refund', reason: '取消后退款' })).body;
      expect((await supervisor.post(`/api/aftersale/cases/${opened.id}/close`, { version: opened.version, note: '已退款' })).status).toBe(200);
    },
    deliveredLongAgo: async (buyerId) => {
      await orderAt({ writer: supervisor }, buyerId, 'delivered');
      await server.db.query('UPDATE shop_order SET delivered_at = UTC_TIMESTAMP(3) - INTERVAL 31 DAY WHERE buyer_id = ?', [buyerId]);
    },
    nothing: async () => undefined,
  };

  it.each([
    ['a buyer with a shipped order', 'shipped', 'aftersale', 'aftersale1'],
    ['a buyer with a delivered order', 'delivered', 'aftersale', 'aftersale1'],
    ['a buyer with an open after-sale case', 'openCase', 'aftersale', 'aftersale1'],
    ['a buyer whose order is paid but not shipped', 'paidNotShipped', 'presale', 'presale1'],
    ['a buyer whose after-sale case is closed', 'closedCase', 'presale', 'presale1'],
    ['a buyer whose last parcel arrived over 30 days ago', 'deliveredLongAgo', 'presale', 'presale1'],
    ['a buyer with no orders', 'nothing', 'presale', 'presale1'],
  ])('%s (%s) → %s', async (_case, given, role, agent) => {
    await online('presale1');
    await online('aftersale1');
    const buyerId = `role-${given}`;
    await records[given]!(buyerId);
    const { conversationId } = await buyerWrites(buyerId);
    expect(await conversation(conversationId)).toMatchObject({ role, status: 'open', agentId: await idOf(agent) });
  });
});

describe('which agent gets it', () => {
  it('the least busy online agent of the role; ties go to whoever waited longest for a chat', async () => {
    const p1 = await online('presale1');
    const first = await buyerWrites('least-1');
    const second = await buyerWrites('least-2');
    expect((await conversation(first.conversationId)).agentId).toBe(p1.id);
    expect((await conversation(second.conversationId)).agentId).toBe(p1.id);
    const p2 = await online('presale2');
    const third = await buyerWrites('least-3');
    const fourth = await buyerWrites('least-4');
    expect((await conversation(third.conversationId)).agentId).toBe(p2.id);
    expect((await conversation(fourth.conversationId)).agentId).toBe(p2.id);
    const fifth = await buyerWrites('least-5'); // 2 each: presale1 has waited longer
    expect((await conversation(fifth.conversationId)).agentId).toBe(p1.id);
  });

  it('an away agent gets no new chats', async () => {
    const p1 = await online('presale1');
    const p2 = await online('presale2');
    expect((await p2.client.request('PUT', '/api/chat/presence', { status: 'away' })).status).toBe(200);
    for (const buyerId of ['away-1', 'away-2']) {
      expect((await conversation((await buyerWrites(buyerId)).conversationId)).agentId).toBe(p1.id);
    }
  });

  it('a buyer who chatted within 3 days goes back to the same agent, even a busier one; after 3 days to the least busy', async () => {
    const p2 = await online('presale2');
    const first = await buyerWrites('sticky-buyer');
    expect((await conversation(first.conversationId)).agentId).toBe(p2.id);
    const { conversation: summary } = (await p2.client.get(`/api/chat/conversations/${first.conversationId}`)).body;
    expect((await p2.client.post(`/api/chat/conversations/${first.conversationId}/close`, { version: summary.version })).status).toBe(200);
    await buyerWrites('sticky-other'); // presale2 now has 1 open chat
    const p1 = await online('presale1'); // 0 open chats
    clockOffset = 2 * DAY;
    const back = await buyerWrites('sticky-buyer', '我又来了');
    expect(back.conversationId).toBe(first.conversationId); // reopened
    expect(await conversation(back.conversationId)).toMatchObject({ status: 'open', agentId: p2.id });
    const { conversation: again } = (await p2.client.get(`/api/chat/conversations/${back.conversationId}`)).body;
    await p2.client.post(`/api/chat/conversations/${back.conversationId}/close`, { version: again.version });
    clockOffset = 6 * DAY;
    const later = await buyerWrites('sticky-buyer', '过了好几天');
    expect(later.conversationId).not.toBe(first.conversationId); // a new conversation
    expect(await conversation(later.conversationId)).toMatchObject({ status: 'open', agentId: p1.id });
  });
});

describe('capacity and the queue', () => {
  it('never more than the capacity; the rest wait in a queue agents and the supervisor see, assigned the moment someone frees up or comes online', async () => {
    expect((await supervisor.request('PUT', '/api/chat/settings', { capacity: 2 })).body).toEqual({ capacity: 2, closeAfterConfirmMinutes: 10, handOverAfterSeconds: 60, waitAlertMinutes: 3 });
    const p1 = await online('presale1');
    const a = await buyerWrites('queue-a');
    const b = await buyerWrites('queue-b');
    const c = await buyerWrites('queue-c');
    const d = await buyerWrites('queue-d');
    expect((await conversation(a.conversationId)).agentId).toBe(p1.id);
    expect((await conversation(b.conversationId)).agentId).toBe(p1.id);
    expect(await conversation(c.conversationId)).toMatchObject({ status: 'queued', agentId: null });
    expect(await conversation(d.conversationId)).toMatchObject({ status: 'queued', agentId: null });

    const queueOf = async (client: TestClient) => (await client.get('/api/chat/conversations?scope=queue')).body.conversations.map((x: { buyerId: string }) => x.buyerId);
    expect(await queueOf(p1.client)).toEqual(['queue-c', 'queue-d']); // first come, first served
    expect(await queueOf(supervisor)).toEqual(['queue-c', 'queue-d']);
    expect(await queueOf(await loggedIn(server.baseUrl, 'aftersale2'))).toEqual([]); // not their role

    const assigned = collect(p1.socket, 'conversation:changed');
    const { conversation: summary } = (await p1.client.get(`/api/chat/conversations/${a.conversationId}`)).body;
    expect((await p1.client.post(`/api/chat/conversations/${a.conversationId}/close`, { version: summary.version })).status).toBe(200);
    expect(await conversation(c.conversationId)).toMatchObject({ status: 'open', agentId: p1.id }); // at once
    expect(await conversation(d.conversationId)).toMatchObject({ status: 'queued' });
    await waitFor(() => assigned.some((e) => e.change.conversationId === c.conversationId && e.change.kind === 'assigned' && e.conversation?.agentId === p1.id), 'the agent told');

    const p2 = await online('presale2');
    await waitFor(async () => (await conversation(d.conversationId)).agentId === p2.id, 'queued chat given to the agent who came online');
    expect(await openCounts()).toEqual({ [p1.id]: 2, [p2.id]: 1 });
  });

  it('twenty buyers arriving at once never push an agent over the capacity', async () => {
    await supervisor.request('PUT', '/api/chat/settings', { capacity: 3 });
    const p1 = await online('presale1');
    const p2 = await online('presale2');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => buyerWrites(`rush-${i}`)));
    const rows = await Promise.all(results.map((r) => conversation(r.conversationId)));
    expect(await openCounts()).toEqual({ [p1.id]: 3, [p2.id]: 3 });
    expect(rows.filter((r) => r.status === 'queued')).toHaveLength(14);
    // Across two server processes too.
    const second = await startTestServer({ config: server.config, seed: false, serveClient: false });
    try {
      await supervisor.request('PUT', '/api/chat/settings', { capacity: 6 }); // drains 6 more
      expect(await openCounts()).toEqual({ [p1.id]: 6, [p2.id]: 6 });
      await supervisor.request('PUT', '/api/chat/settings', { capacity: 8 });
      const more = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const buyer = await startBuyer(i % 2 ? second.baseUrl : server.baseUrl, `rush2-${i}`);
          const socket = await buyerSocket(buyer);
          sockets.push(socket);
          return socket.emitWithAck('message:send', { clientId: clientId(), text: '在吗' });
        }),
      );
      expect(more.every((ack) => ack.message)).toBe(true);
      expect(await openCounts()).toEqual({ [p1.id]: 8, [p2.id]: 8 });
    } finally {
      await second.stop();
    }
  });

  it('two agents racing for one queued chat: one gets it, the other a 409', async () => {
    const p1 = await online('presale1');
    const p2 = await online('presale2');
    for (const agent of [p1, p2]) await agent.client.request('PUT', '/api/chat/presence', { status: 'away' });
    const { conversationId } = await buyerWrites('race-buyer');
    const queued = await conversation(conversationId);
    expect(queued.status).toBe('queued');
    const replies = await Promise.all([p1, p2].map((agent) => agent.client.post(`/api/chat/conversations/${conversationId}/take`, { version: queued.version })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = replies[0]!.status === 200 ? p1 : p2;
    expect(await conversation(conversationId)).toMatchObject({ status: 'open', agentId: winner.id });
    expect(replies.find((r) => r.status === 409)!.body.error.message).toMatch(/Someone else took this chat first/);
    const changes = await server.db.query(`SELECT kind FROM chat_change WHERE conversation_id = ? ORDER BY feed_seq`, [conversationId]);
    expect(changes.map((c: { kind: string }) => c.kind)).toEqual(['created', 'assigned']);
  });
});

describe('transfers', () => {
  it('an agent hands a chat to another agent with a note the buyer never sees; the new agent gets it live', async () => {
    const p1 = await online('presale1');
    const a1 = await online('aftersale1');
    const { socket: buyer, conversationId } = await buyerWrites('transfer-buyer', '鞋子开胶了，要退货');
    expect((await conversation(conversationId)).agentId).toBe(p1.id);
    const buyerSaw = collect(buyer, 'conversation:changed');
    const toldA1 = collect(a1.socket, 'conversation:changed');
    const toldP1 = collect(p1.socket, 'conversation:changed');
    const note = '买家要退货，已确认是质量问题';
    const { conversation: summary } = (await p1.client.get(`/api/chat/conversations/${conversationId}`)).body;
    const reply = await p1.client.post(`/api/chat/conversations/${conversationId}/transfer`, { version: summary.version, toAgentId: a1.id, note });
    expect(reply.status).toBe(200);
    expect(reply.body.conversation).toMatchObject({ agentId: a1.id, role: 'aftersale', status: 'open' });
    await waitFor(() => toldA1.length > 0 && toldP1.length > 0 && buyerSaw.length > 0, 'everyone told');
    expect(toldA1[0].conversation).toMatchObject({ id: conversationId, agentId: a1.id });
    expect(toldP1[0]).toMatchObject({ change: { kind: 'transferred', prevAgentId: p1.id }, conversation: null }); // no longer theirs
    expect(JSON.stringify(buyerSaw)).not.toContain(note);
    expect(buyerSaw[0].conversation).toMatchObject({ agentName: '刘洋' });

    const detail = (await a1.client.get(`/api/chat/conversations/${conversationId}`)).body;
    expect(detail.transfers).toEqual([expect.objectContaining({ fromAgentId: p1.id, toAgentId: a1.id, toRole: 'aftersale', note, byStaffId: p1.id })]);
    const buyerView = await buyer.emitWithAck('message:list', { afterSeq: 0 });
    expect(JSON.stringify(buyerView)).not.toContain(note);

    // The old agent may read the history but no longer write.
    expect((await p1.client.get(`/api/chat/conversations/${conversationId}/messages`)).status).toBe(200);
    const refused = await p1.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '还在吗' });
    expect(refused.error.code).toBe('forbidden');
    const accepted = await a1.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '您好，售后为您服务' });
    expect(accepted.message.seq).toBe(2);
  });

  it('to a role: the least busy online agent of it (not the sender), or the queue; the supervisor transfers any chat', async () => {
    const p1 = await online('presale1');
    const { conversationId } = await buyerWrites('role-transfer');
    const version = async () => (await conversation(conversationId)).version;
    let reply = await p1.client.post(`/api/chat/conversations/${conversationId}/transfer`, { version: await version(), toRole: 'aftersale', note: '' });
    expect(reply.body.conversation).toMatchObject({ status: 'queued', role: 'aftersale', agentId: null }); // no after-sale agent online
    const a2 = await online('aftersale2');
    await waitFor(async () => (await conversation(conversationId)).agentId === a2.id, 'queued chat given to aftersale2');
    reply = await supervisor.post(`/api/chat/conversations/${conversationId}/transfer`, { version: await version(), toRole: 'presale', note: '主管转回售前' });
    expect(reply.body.conversation).toMatchObject({ status: 'open', role: 'presale', agentId: p1.id });
    // Stale version → 409 and nothing changes.
    const stale = await supervisor.post(`/api/chat/conversations/${conversationId}/transfer`, { version: 1, toAgentId: a2.id, note: '' });
    expect(stale.status).toBe(409);
    expect((await conversation(conversationId)).agentId).toBe(p1.id);
    // An agent cannot transfer someone else's chat.
    const notYours = await a2.client.post(`/api/chat/conversations/${conversationId}/transfer`, { version: await version(), toRole: 'aftersale', note: '' });
    expect(notYours.status).toBe(403);
  });

  it('not to an agent who is full or offline', async () => {
    await supervisor.request('PUT', '/api/chat/settings', { capacity: 1 });
    const p1 = await online('presale1');
    const first = await buyerWrites('full-1');
    expect((await conversation(first.conversationId)).agentId).toBe(p1.id);
    const p2 = await online('presale2');
    const second = await buyerWrites('full-2');
    expect((await conversation(second.conversationId)).agentId).toBe(p2.id);
    const full = await p2.client.post(`/api/chat/conversations/${second.conversationId}/transfer`, { version: (await conversation(second.conversationId)).version, toAgentId: p1.id, note: '' });
    expect(full.status).toBe(409);
    expect(full.body.error.message).toMatch(/already has 1 open chats/);
    const offline = await p2.client.post(`/api/chat/conversations/${second.conversationId}/transfer`, {
      version: (await conversation(second.conversationId)).version,
      toAgentId: await idOf('aftersale2'),
      note: '',
    });
    expect(offline.status).toBe(409);
    expect((await conversation(second.conversationId)).agentId).toBe(p2.id);
  });
});

describe('presence', () => {
  it('is set by the socket and by the agent, and every change is logged with its time', async () => {
    const before = new Date(Date.now() - 5);
    const agent = await online('aftersale2');
    await agent.client.request('PUT', '/api/chat/presence', { status: 'away' });
    agent.socket.close();
    sockets.splice(sockets.indexOf(agent.socket), 1);
    await waitFor(async () => (await presenceOf('aftersale2')) === 'offline', 'offline after the last socket closed');
    const log = await server.db.query('SELECT status, prev_status AS prev, source, at FROM agent_presence_log WHERE staff_id = ? AND at >= ? ORDER BY id', [agent.id, before]);
    expect(log.map((l: { status: string; prev: string; source: string }) => [l.prev, l.status, l.source])).toEqual([
      ['offline', 'online', 'socket'],
      ['online', 'away', 'agent'],
      ['away', 'offline', 'socket'],
    ]);
    // Reconnecting restores what the agent chose (away), not online.
    const again = await agentOnline(server.baseUrl, 'aftersale2', async () => (await presenceOf('aftersale2')) === 'away');
    sockets.push(again.socket);
    const listed = (await supervisor.get('/api/chat/presence')).body.agents.find((a: { username: string }) => a.username === 'aftersale2');
    expect(listed).toMatchObject({ status: 'away', roles: ['aftersale'], openCount: 0 });
  });
});
