import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn } from '../../testing/http-client.ts';
import { agentOnline, buyerSocket, clientId, collect, connected, nextEvent, socketOf, startBuyer, waitFor, type Agent } from './chat.fixtures.ts';

const config = testConfig({ BUYER_SESSION_LIMIT: '100000' });
let first: TestServer;
const toClose: Array<Socket | undefined> = [];

beforeAll(async () => {
  first = await startTestServer({ config, serveClient: false });
});

afterAll(async () => {
  for (const socket of toClose) socket?.close();
  // The last server standing drops the database.
  await (current ?? first)?.close();
});

let current: TestServer | undefined;

const onlineIn = (server: TestServer, username: string) => async () =>
  (await server.db.query(`SELECT p.status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = ?`, [username]))[0]?.status === 'online';

/** What a client keeps: messages by (conversation, seq); applying one twice is a no-op, but we count it. */
class Inbox {
  readonly byKey = new Map<string, { seq: number; clientId: string; text: string | null }>();
  doubles = 0;
  add(message: { conversationId: number; seq: number; clientId: string; text: string | null }): void {
    const key = `${message.conversationId}:${message.seq}`;
    const known = this.byKey.get(key);
    if (known) {
      expect(known.clientId).toBe(message.clientId); // the same message, never another one under its seq
      this.doubles++;
    }
    this.byKey.set(key, message);
  }
  lastSeq(conversationId: number): number {
    return Math.max(0, ...[...this.byKey.keys()].filter((k) => k.startsWith(`${conversationId}:`)).map((k) => Number(k.split(':')[1])));
  }
  seqs(conversationId: number): number[] {
    return [...this.byKey.keys()]
      .filter((k) => k.startsWith(`${conversationId}:`))
      .map((k) => Number(k.split(':')[1]))
      .sort((a, b) => a - b);
  }
}

async function stored(server: TestServer, conversationId: number) {
  return (await server.db.query('SELECT seq, client_id AS clientId FROM chat_message WHERE conversation_id = ? ORDER BY seq', [conversationId])) as Array<{ seq: number; clientId: string }>;
}

describe('nothing lost, nothing doubled across disconnects and a server restart', () => {
  it('a buyer and an agent catch up after the server restarts mid-conversation, including a transfer and a colleague’s reply', async () => {
    const supervisor = await loggedIn(first.baseUrl, 'supervisor');
    const p1: Agent = await agentOnline(first.baseUrl, 'presale1', onlineIn(first, 'presale1'));
    const agentInbox = new Inbox();
    p1.socket.on('message:new', (e) => agentInbox.add(e.message));
    let feedSeq = (await p1.client.get('/api/chat/conversations')).body.feedSeq as number;
    p1.socket.on('conversation:changed', (e) => (feedSeq = Math.max(feedSeq, e.change.feedSeq)));

    // Two buyers chat with presale1.
    const stay = await startBuyer(first.baseUrl, 'restart-stay');
    const moved = await startBuyer(first.baseUrl, 'restart-moved');
    const staySocket = await buyerSocket(stay);
    const movedSocket = await buyerSocket(moved);
    const buyerInbox = new Inbox();
    staySocket.on('message:new', (e) => buyerInbox.add(e.message));
    const a1 = await staySocket.emitWithAck('message:send', { clientId: clientId(), text: '一' });
    buyerInbox.add(a1.message);
    const stayId = a1.message.conversationId as number;
    const movedId = (await movedSocket.emitWithAck('message:send', { clientId: clientId(), text: '我要换货' })).message.conversationId as number;
    agentInbox.add((await p1.socket.emitWithAck('message:send', { conversationId: stayId, clientId: clientId(), text: '二' })).message);
    await waitFor(() => agentInbox.lastSeq(stayId) === 2 && agentInbox.lastSeq(movedId) === 1 && buyerInbox.lastSeq(stayId) === 2, 'both sides up to date');

    // The agent's network drops (the socket closes; the agent does not come back yet).
    p1.socket.close();
    await waitFor(async () => !(await onlineIn(first, 'presale1')()), 'presale1 offline');
    // Meanwhile: the buyer writes, the supervisor hands the other chat to a colleague, who replies.
    buyerInbox.add((await staySocket.emitWithAck('message:send', { clientId: clientId(), text: '三' })).message);
    const p2 = await agentOnline(first.baseUrl, 'presale2', onlineIn(first, 'presale2'));
    const movedVersion = Number((await first.db.query('SELECT version FROM chat_conversation WHERE id = ?', [movedId]))[0].version);
    expect((await supervisor.post(`/api/chat/conversations/${movedId}/transfer`, { version: movedVersion, toAgentId: p2.id, note: '换货转给张敏' })).status).toBe(200);
    await p2.socket.emitWithAck('message:send', { conversationId: movedId, clientId: clientId(), text: '您好，我来处理换货' });

    // Two messages whose acks never arrive (sent without asking for one: as if the acks were
    // lost on the way back); the server commits them all the same.
    const pending = ['四', '五', '六', '七', '八'].map((text) => ({ clientId: clientId(), text }));
    for (const m of pending.slice(0, 2)) staySocket.emit('message:send', m);
    await waitFor(async () => (await stored(first, stayId)).length === 5, 'the two unacked messages committed');
    staySocket.disconnect();
    // Three more from a new connection, and the server stops under them.
    const flaky = await buyerSocket(stay);
    const acks = pending.slice(2).map((m) =>
      flaky
        .timeout(3000)
        .emitWithAck('message:send', m)
        .then((ack) => ack.message)
        .catch(() => null),
    );
    await new Promise((r) => setImmediate(r));
    await first.stop();
    for (const ack of await Promise.all(acks)) if (ack) buyerInbox.add(ack);
    for (const socket of [staySocket, flaky, movedSocket, p2.socket]) socket.close();

    // A new server process on the same database and Redis.
    current = await startTestServer({ config, seed: false, serveClient: false });
    const second = current;
    const buyerAgain = await startBuyer(second.baseUrl, 'restart-stay');
    const buyerSocketAgain = await buyerSocket(buyerAgain);
    toClose.push(buyerSocketAgain);
    buyerSocketAgain.on('message:new', (e) => buyerInbox.add(e.message));
    // Resend every message whose ack is missing — here, for good measure, all five.
    for (const m of pending) buyerInbox.add((await buyerSocketAgain.emitWithAck('message:send', m)).message);
    const caughtUp = await buyerSocketAgain.emitWithAck('message:list', { afterSeq: 0 });
    for (const m of caughtUp.messages) buyerInbox.add(m);

    // The agent comes back and catches up from the last feed number and seq they saw.
    const client = await loggedIn(second.baseUrl, 'presale1');
    const socket = await connected(socketOf(second.baseUrl, client.cookie));
    toClose.push(socket);
    socket.on('message:new', (e) => agentInbox.add(e.message));
    const changes = await socket.emitWithAck('chat:changes', { after: feedSeq });
    expect(changes.changes).toEqual([expect.objectContaining({ conversationId: movedId, kind: 'transferred', prevAgentId: p1.id, agentId: p2.id })]);
    expect(changes.conversations.map((c: { id: number }) => c.id)).toContain(stayId);
    expect(changes.conversations.map((c: { id: number }) => c.id)).not.toContain(movedId); // no longer theirs: drop it
    const stayNow = changes.conversations.find((c: { id: number }) => c.id === stayId);
    expect(stayNow.lastSeq).toBe(8);
    const page = await socket.emitWithAck('message:list', { conversationId: stayId, afterSeq: agentInbox.lastSeq(stayId) });
    expect(page.messages.map((m: { seq: number }) => m.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    for (const m of page.messages) agentInbox.add(m);

    // Nothing missing, nothing doubled: both sides hold exactly what the database holds.
    const rows = await stored(second, stayId);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(rows.map((r) => r.clientId)).size).toBe(8);
    for (const m of pending) expect(rows.filter((r) => r.clientId === m.clientId)).toHaveLength(1);
    expect(agentInbox.seqs(stayId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(buyerInbox.seqs(stayId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...buyerInbox.byKey.values()].map((m) => m.text)).toEqual(['一', '二', '三', '四', '五', '六', '七', '八']);
    // The colleague's reply is in the moved chat, which the agent can still read as history.
    expect((await client.get(`/api/chat/conversations/${movedId}/messages`)).body.messages.map((m: { text: string }) => m.text)).toEqual(['我要换货', '您好，我来处理换货']);
    // A restart is not an absence: presale2 was never logged offline by it.
    const log = await second.db.query(`SELECT status FROM agent_presence_log WHERE staff_id = ? ORDER BY id`, [p2.id]);
    expect(log.map((l: { status: string }) => l.status)).toEqual(['online']);
  });
});

describe('two server processes behind one Redis', () => {
  it('a buyer on one and an agent on the other chat normally: messages, typing, receipts and changes', async () => {
    const a = current ?? first;
    const b = await startTestServer({ config, seed: false, serveClient: false });
    try {
      const agent = await agentOnline(b.baseUrl, 'aftersale2', onlineIn(b, 'aftersale2'));
      toClose.push(agent.socket);
      await agent.client.request('PUT', '/api/chat/presence', { status: 'online' });
      // Everyone else away, so the chat lands with the agent on process B.
      for (const name of ['presale1', 'presale2']) await a.db.query(`UPDATE agent_presence SET status = 'away' WHERE staff_id = (SELECT id FROM staff WHERE username = ?)`, [name]);
      const supervisor = await loggedIn(a.baseUrl, 'supervisor');
      const buyer = await startBuyer(a.baseUrl, 'two-process-buyer');
      const socket = await buyerSocket(buyer);
      toClose.push(socket);
      const first = await socket.emitWithAck('message:send', { clientId: clientId(), text: '在吗' });
      const conversationId = first.message.conversationId as number;
      expect((await supervisor.post(`/api/chat/conversations/${conversationId}/transfer`, { version: Number((await a.db.query('SELECT version FROM chat_conversation WHERE id = ?', [conversationId]))[0].version), toAgentId: agent.id, note: '' })).status).toBe(200);

      const agentMessages = collect(agent.socket, 'message:new');
      await socket.emitWithAck('message:send', { clientId: clientId(), text: '鞋子尺码不对' });
      await waitFor(() => agentMessages.some((e) => e.message.text === '鞋子尺码不对'), 'the agent on B hears the buyer on A');

      const typing = nextEvent(socket, 'typing');
      await agent.socket.emitWithAck('typing:set', { conversationId, typing: true });
      expect(await typing).toEqual({ typing: true });
      const reply = nextEvent(socket, 'message:new');
      await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '可以换货的' });
      expect((await reply).message).toMatchObject({ from: 'shop', text: '可以换货的', senderName: '赵静' });
      const read = nextEvent(socket, 'message:read');
      await agent.socket.emitWithAck('message:read', { conversationId, seq: 3 });
      expect(await read).toEqual({ seq: 3 });
      const closed = nextEvent(socket, 'conversation:changed');
      const version = Number((await b.db.query('SELECT version FROM chat_conversation WHERE id = ?', [conversationId]))[0].version);
      await agent.client.post(`/api/chat/conversations/${conversationId}/close`, { version });
      expect((await closed).conversation).toMatchObject({ id: conversationId, status: 'closed' });
    } finally {
      await b.stop();
    }
  });
});
