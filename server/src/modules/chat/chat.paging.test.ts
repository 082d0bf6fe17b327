/**
 * Issue 11, the buyer page on a phone: it opens at the newest messages and loads older ones
 * on scrolling up, through a `beforeSeq` cursor on the buyer's page of messages (HTTP and
 * socket alike), validated, and only ever within the buyer's own conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { MAX_SEQ } from '@kefu/shared/schemas/chat';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { agentOnline, buyerSocket, clientId, startBuyer, waitFor, type Agent, type BuyerClient } from './chat.fixtures.ts';

let server: TestServer;
let agent: Agent;
let buyer: BuyerClient;
let socket: Socket;
let other: BuyerClient;
const sockets: Socket[] = [];

const isOnline = async () =>
  (await server.db.query(`SELECT p.status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = 'presale1'`))[0]?.status === 'online';
const seqs = (page: { messages: Array<{ seq: number }> }) => page.messages.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  agent = await agentOnline(server.baseUrl, 'presale1', isOnline);
  buyer = await startBuyer(server.baseUrl, 'tb_翻页买家');
  socket = await buyerSocket(buyer);
  sockets.push(socket);
  const first = await socket.emitWithAck('message:send', { clientId: clientId(), text: '第 1 条' });
  const conversationId = first.message.conversationId as number;
  // The shop answers 49 times (staff have no per-message limit; buyers do): 50 messages.
  for (let n = 2; n <= 50; n++) {
    const ack = await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: `第 ${n} 条` });
    expect(ack.message.seq).toBe(n);
  }
  other = await startBuyer(server.baseUrl, 'tb_另一位');
  const otherSocket = await buyerSocket(other);
  sockets.push(otherSocket);
  await otherSocket.emitWithAck('message:send', { clientId: clientId(), text: '别人的消息' });
  await waitFor(async () => (await buyer.get('/api/buyer/conversation?afterSeq=0')).body.messages.length === 50, '50 messages');
});

afterAll(async () => {
  for (const s of [...sockets, agent?.socket]) s?.close();
  await server?.close();
});

describe('the buyer’s history, newest first then older on demand', () => {
  it('opens at the newest messages, then pages back to the first', async () => {
    const newest = await buyer.get(`/api/buyer/conversation?beforeSeq=${MAX_SEQ}&limit=20`);
    expect(newest.status).toBe(200);
    expect(seqs(newest.body)).toEqual(range(31, 50));
    expect(newest.body.hasMore).toBe(true);
    expect(newest.body.conversation.lastSeq).toBe(50);

    const older = await buyer.get('/api/buyer/conversation?beforeSeq=31&limit=20');
    expect(seqs(older.body)).toEqual(range(11, 30));
    expect(older.body.hasMore).toBe(true);
    const oldest = await buyer.get('/api/buyer/conversation?beforeSeq=11&limit=20');
    expect(seqs(oldest.body)).toEqual(range(1, 10));
    expect(oldest.body.hasMore).toBe(false);
    expect(oldest.body.messages[0].text).toBe('第 1 条');
  });

  it('answers the same through the socket, and after a seq as before', async () => {
    const page = await socket.emitWithAck('message:list', { beforeSeq: 21, limit: 5 });
    expect(seqs(page)).toEqual(range(16, 20));
    expect(page.hasMore).toBe(true);
    const exact = await socket.emitWithAck('message:list', { beforeSeq: 6, limit: 5 });
    expect(seqs(exact)).toEqual(range(1, 5));
    expect(exact.hasMore).toBe(false);
    const after = await socket.emitWithAck('message:list', { afterSeq: 45, limit: 10 });
    expect(seqs(after)).toEqual(range(46, 50));
    expect(after.hasMore).toBe(false);
    expect(seqs(await socket.emitWithAck('message:list', {}))).toEqual(range(1, 50)); // neither: from the start
  });

  it('never reaches into another buyer’s conversation', async () => {
    const page = await other.get(`/api/buyer/conversation?beforeSeq=${MAX_SEQ}&limit=500`);
    expect(page.body.messages.map((m: { text: string }) => m.text)).toEqual(['别人的消息']);
  });

  it.each([
    ['both cursors', 'afterSeq=1&beforeSeq=5'],
    ['beforeSeq 0', 'beforeSeq=0'],
    ['a negative beforeSeq', 'beforeSeq=-1'],
    ['beforeSeq past the largest seq', `beforeSeq=${MAX_SEQ + 1}`],
    ['a limit of 0', 'beforeSeq=5&limit=0'],
    ['a non-number', 'beforeSeq=abc'],
  ])('refuses %s with 400', async (_label, query) => {
    const reply = await buyer.get(`/api/buyer/conversation?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid');
  });

  it.each([
    ['both cursors', { afterSeq: 1, beforeSeq: 5 }],
    ['beforeSeq 0', { beforeSeq: 0 }],
    ['a string', { beforeSeq: '5' }],
    ['an unknown field', { beforeSeq: 5, around: 3 }],
  ])('refuses %s through the socket', async (_label, payload) => {
    const ack = await socket.emitWithAck('message:list', payload);
    expect(ack.error.code).toBe('invalid');
  });
});
