/**
 * Issue 11: nobody waits on an absent agent. A real socket disconnect hands the waiting
 * buyers over after the grace period; a chosen away at once; a long wait is flagged to the
 * supervisor live, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { agentOnline, buyerSocket, clientId, collect, connected, socketOf, startBuyer, waitFor, type Agent } from './chat.fixtures.ts';

let offset = 0;
const clock = () => new Date(Date.now() + offset);
let server: TestServer;
let supervisor: TestClient;
let li: Agent; // presale1 李娜
let zhang: Agent; // presale2 张敏
const sockets: Socket[] = [];

const presenceOf = async (id: number) => (await server.db.query('SELECT status FROM agent_presence WHERE staff_id = ?', [id]))[0]?.status;
const conversation = async (id: number) =>
  (await server.db.query('SELECT agent_id AS agentId, status FROM chat_conversation WHERE id = ?', [id]))[0] as { agentId: number | null; status: string };

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000' }), serveClient: false, clock });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  expect((await supervisor.request('PUT', '/api/chat/settings', { capacity: 50, handOverAfterSeconds: 1 })).body).toMatchObject({ handOverAfterSeconds: 1, waitAlertMinutes: 3 });
  li = await agentOnline(server.baseUrl, 'presale1', async () => true);
  zhang = await agentOnline(server.baseUrl, 'presale2', async () => true);
  await waitFor(async () => (await presenceOf(li.id)) === 'online' && (await presenceOf(zhang.id)) === 'online', 'both online');
});

afterAll(async () => {
  for (const socket of [...sockets, li?.socket, zhang?.socket]) socket?.close();
  await server?.close();
});

async function buyerWrites(buyerId: string, text: string) {
  const buyer = await startBuyer(server.baseUrl, buyerId, undefined, clock());
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text });
  return { socket, conversationId: ack.message.conversationId as number };
}

describe('an agent who is gone', () => {
  it('loses the chats with a buyer waiting when the last socket has been gone for the grace period; the buyer is told who serves them now', async () => {
    // 李娜 gets both chats (张敏 away meanwhile), answers one of them.
    await zhang.client.request('PUT', '/api/chat/presence', { status: 'away' });
    const waiting = await buyerWrites('Cindy_Lee', 'Hello? anyone there?');
    const answered = await buyerWrites('answered-buyer', '好的谢谢');
    expect((await conversation(waiting.conversationId)).agentId).toBe(li.id);
    await li.socket.emitWithAck('message:send', { conversationId: answered.conversationId, clientId: clientId(), text: '不客气' });
    await zhang.client.request('PUT', '/api/chat/presence', { status: 'online' });
    const zhangHears = collect(zhang.socket, 'conversation:changed');
    const buyerHears = collect(waiting.socket, 'conversation:changed');

    // 李娜 closes the browser: her only socket goes.
    li.socket.close();
    await waitFor(async () => (await presenceOf(li.id)) === 'offline', '李娜 offline');
    const gone = Date.now();
    expect((await conversation(waiting.conversationId)).agentId).toBe(li.id); // a reload's gap moves nothing
    await waitFor(async () => (await conversation(waiting.conversationId)).agentId === zhang.id, 'the waiting chat handed to 张敏', 4000);
    expect(Date.now() - gone).toBeLessThan(1000 + 1000); // within the grace period + 1 s

    await waitFor(() => buyerHears.length > 0, 'the buyer hears of the new agent');
    expect(buyerHears.at(-1).conversation).toMatchObject({ id: waiting.conversationId, agentName: '张敏', status: 'open' });
    await waitFor(() => zhangHears.some((e) => e.conversation?.id === waiting.conversationId), '张敏 sees the chat arrive');
    expect(zhangHears.find((e) => e.conversation?.id === waiting.conversationId).change).toMatchObject({ kind: 'transferred', prevAgentId: li.id, agentId: zhang.id, byStaffId: null });
    // The answered chat (nobody waiting) stays where it was.
    expect((await conversation(answered.conversationId)).agentId).toBe(li.id);
    // Recorded: a transfer made by the system, and the audit.
    const detail = (await supervisor.get(`/api/chat/conversations/${waiting.conversationId}`)).body;
    expect(detail.transfers).toEqual([expect.objectContaining({ fromAgentId: li.id, toAgentId: zhang.id, byStaffId: null })]);
    expect(await server.db.query(`SELECT actor_id AS actorId FROM audit_log WHERE action = 'chat.handover' AND entity_id = ?`, [String(waiting.conversationId)])).toEqual([{ actorId: null }]);
    // 张敏 can answer it.
    expect((await zhang.socket.emitWithAck('message:send', { conversationId: waiting.conversationId, clientId: clientId(), text: '您好，我来为您服务' })).message).toBeDefined();
  });

  it('an agent who chooses away hands over at once; with nobody else online the chat waits in the queue', async () => {
    const { conversationId } = await buyerWrites('away-buyer', '在吗');
    expect((await conversation(conversationId)).agentId).toBe(zhang.id);
    expect((await zhang.client.request('PUT', '/api/chat/presence', { status: 'away' })).status).toBe(200);
    expect(await conversation(conversationId)).toEqual({ agentId: null, status: 'queued' });
    // Coming back drains the queue to them again.
    await zhang.client.request('PUT', '/api/chat/presence', { status: 'online' });
    await waitFor(async () => (await conversation(conversationId)).agentId === zhang.id, 'the queue drained to 张敏');
  });
});

describe('a buyer waiting too long', () => {
  it('is flagged to the supervisor live, once per wait', async () => {
    const watching = await connected(socketOf(server.baseUrl, supervisor.cookie));
    sockets.push(watching);
    await waitFor(async () => (await server.app.io.in('role:supervisor').fetchSockets()).length > 0, 'supervisor socket in its room');
    const flags = collect(watching, 'conversation:overdue');
    const { conversationId } = await buyerWrites('impatient-buyer', '三分钟了还没人回');
    await new Promise((r) => setTimeout(r, 2500));
    expect(flags.filter((f) => f.conversationId === conversationId)).toEqual([]); // under 3 minutes: nothing
    offset += 3 * 60_000 + 1000;
    try {
      await waitFor(() => flags.some((f) => f.conversationId === conversationId), 'the supervisor is alerted', 6000);
      expect(flags.find((f) => f.conversationId === conversationId)).toMatchObject({ agentId: zhang.id, waitingSince: expect.any(String) });
      await new Promise((r) => setTimeout(r, 2500)); // another sweep
      expect(flags.filter((f) => f.conversationId === conversationId)).toHaveLength(1);
    } finally {
      offset = 0;
    }
  });
});

describe('an agent with many waiting buyers (all moved at once)', () => {
  it('spreads them by load up to the capacity, the rest to the queue; concurrent hand-overs move each chat exactly once', async () => {
    // A clean slate: the earlier tests' chats closed.
    await server.db.query(`UPDATE chat_conversation SET status = 'closed', closed_at = ?, version = version + 1 WHERE status <> 'closed'`, [clock()]);
    li = await agentOnline(server.baseUrl, 'presale1', async () => (await presenceOf(li.id)) === 'online');
    await zhang.client.request('PUT', '/api/chat/presence', { status: 'away' });
    const buyers = [];
    for (let i = 1; i <= 5; i++) buyers.push(await buyerWrites(`many-waiting-${i}`, `第${i}个问题`));
    for (const { conversationId } of buyers) expect((await conversation(conversationId)).agentId).toBe(li.id);
    await zhang.client.request('PUT', '/api/chat/presence', { status: 'online' });
    await waitFor(async () => (await presenceOf(zhang.id)) === 'online', '张敏 online');
    expect((await supervisor.request('PUT', '/api/chat/settings', { capacity: 3 })).status).toBe(200);
    const told = buyers.map(({ socket }) => collect(socket, 'conversation:changed'));

    // 李娜 is away (as the presence service writes it); three hand-overs race, as the timer, the sweep and another process can.
    await server.db.query(`UPDATE agent_presence SET status = 'away', since = ? WHERE staff_id = ?`, [clock(), li.id]);
    const moved = await Promise.all([server.app.handover.handOverFrom(li.id), server.app.handover.handOverFrom(li.id), server.app.handover.handOverFrom(li.id)]);
    expect(moved.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5); // the 2 s sweep may take part too; the rows below say each moved once

    const ids = buyers.map((b) => b.conversationId);
    const after = await Promise.all(ids.map(conversation));
    // The longest waiting first: the first three to 张敏 (her capacity), the last two to the queue.
    expect(after).toEqual([...Array(3).fill({ agentId: zhang.id, status: 'open' }), ...Array(2).fill({ agentId: null, status: 'queued' })]);
    const count = async (sql: string) => (await server.db.query(sql, [ids])) as Array<{ id: number; n: number }>;
    const once = ids.map((id) => ({ id, n: 1 }));
    expect(await count(`SELECT conversation_id AS id, COUNT(*) AS n FROM chat_transfer WHERE conversation_id IN (?) GROUP BY conversation_id ORDER BY id`)).toEqual(once);
    expect(await count(`SELECT conversation_id AS id, COUNT(*) AS n FROM chat_change WHERE kind = 'transferred' AND conversation_id IN (?) GROUP BY conversation_id ORDER BY id`)).toEqual(once);
    expect(await count(`SELECT CAST(entity_id AS UNSIGNED) AS id, COUNT(*) AS n FROM audit_log WHERE action = 'chat.handover' AND entity_id IN (?) GROUP BY entity_id ORDER BY id`)).toEqual(
      once,
    );
    // Each buyer told once who serves them now (or that they wait in the queue).
    await waitFor(() => told.every((events) => events.length > 0), 'every buyer told');
    await new Promise((r) => setTimeout(r, 300));
    expect(told.map((events) => events.map((e) => [e.conversation.agentName, e.conversation.status]))).toEqual([
      ...Array(3).fill([['张敏', 'open']]),
      ...Array(2).fill([[null, 'queued']]),
    ]);
  });
});
