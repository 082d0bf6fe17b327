/**
 * Issue 14: the roster drives chat routing. With a published roster only people on shift
 * are offered chats, and an agent whose shift ends hands their waiting buyers over like an
 * agent who went offline; with no published roster, routing is as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { agentOnline, buyerSocket, clientId, startBuyer, waitFor, type Agent } from '../chat/chat.fixtures.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { putMonth, putShift, templateIds } from '../roster/roster.fixtures.ts';

let offset = 0;
const clock = () => new Date(Date.now() + offset);
const setNow = (iso: string) => {
  offset = Date.parse(iso) - Date.now();
};
let server: TestServer;
let li: Agent; // presale1: early shift 01:00–03:30, 04:30–10:30 UTC
let zhang: Agent; // presale2: late shift 05:00–09:30, 10:30–15:30 UTC
const sockets: Socket[] = [];

const conversation = async (id: number) => (await server.db.query('SELECT agent_id AS agentId, status FROM chat_conversation WHERE id = ?', [id]))[0] as { agentId: number | null; status: string };

async function buyerWrites(buyerId: string, text: string) {
  const buyer = await startBuyer(server.baseUrl, buyerId, undefined, clock());
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text });
  return { socket, conversationId: ack.message.conversationId as number };
}

beforeAll(async () => {
  setNow('2031-03-10T02:00:00Z');
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000' }), serveClient: false, clock });
  const ids = await staffIds(server.db);
  const t = await templateIds(server.db);
  await putMonth(server.db, '2031-03', 'published', ids.supervisor!);
  await putShift(server.db, { staffId: ids.presale1!, day: '2031-03-10', role: 'presale', templateId: t['service-early']! });
  await putShift(server.db, { staffId: ids.presale2!, day: '2031-03-10', role: 'presale', templateId: t['service-late']! });
  const online = (id: string) => async () => (await server.db.query(`SELECT status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = ?`, [id]))[0]?.status === 'online';
  li = await agentOnline(server.baseUrl, 'presale1', online('presale1'));
  zhang = await agentOnline(server.baseUrl, 'presale2', online('presale2'));
});

afterAll(async () => {
  for (const socket of [...sockets, li?.socket, zhang?.socket]) socket?.close();
  await server?.close();
});

describe('the roster decides who is offered chats', () => {
  it('offers a new chat only to the agent on shift, though both are online', async () => {
    for (const buyer of ['roster-buyer-1', 'roster-buyer-2']) {
      const { conversationId } = await buyerWrites(buyer, '在吗？');
      expect(await conversation(conversationId)).toEqual({ agentId: li.id, status: 'open' });
    }
  });

  it('hands a waiting buyer over when the agent’s shift ends, recorded as off shift', async () => {
    const { conversationId } = await buyerWrites('roster-buyer-3', '这双鞋有39码吗？');
    expect((await conversation(conversationId)).agentId).toBe(li.id);
    setNow('2031-03-10T10:31:00Z'); // 李娜's shift is over; 张敏's is on
    await waitFor(async () => (await conversation(conversationId)).agentId === zhang.id, 'the waiting chat handed to 张敏', 6000);
    const audits = (await server.db.query(`SELECT details FROM audit_log WHERE action = 'chat.handover' AND entity_id = ?`, [String(conversationId)])) as Array<{ details: string }>;
    expect(JSON.parse(audits[0]!.details)).toMatchObject({ fromAgentId: li.id, toAgentId: zhang.id, reason: 'off_shift' });
    // 李娜 is still online but gets no new chat.
    const next = await buyerWrites('roster-buyer-4', '你好');
    expect((await conversation(next.conversationId)).agentId).toBe(zhang.id);
  });

  it('with no published roster for the month, anyone online is offered chats as before', async () => {
    setNow('2031-04-02T02:00:00Z');
    await zhang.client.request('PUT', '/api/chat/presence', { status: 'away' });
    const { conversationId } = await buyerWrites('roster-buyer-5', '有人吗');
    expect(await conversation(conversationId)).toEqual({ agentId: li.id, status: 'open' });
  });
});
