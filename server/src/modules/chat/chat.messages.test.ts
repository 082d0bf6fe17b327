import { readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { MessageStore } from './chat.messages.ts';
import { BUYER_LIMITS } from './chat.buyers.ts';
import { agentOnline, buyerSocket, clientId, collect, nextEvent, startBuyer, TINY_JPEG, TINY_PNG, waitFor, type Agent, type BuyerClient } from './chat.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let agent: Agent;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000' }), serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  agent = await agentOnline(server.baseUrl, 'presale1', async () => {
    const rows = await server.db.query(`SELECT status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = 'presale1'`);
    return rows[0]?.status === 'online';
  });
  // Room for every buyer of this file with the one agent.
  await supervisor.request('PUT', '/api/chat/settings', { capacity: 100 });
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  agent?.socket.close();
  await server?.close();
});

async function chatting(buyerId: string): Promise<{ buyer: BuyerClient; socket: Socket; conversationId: number }> {
  const buyer = await startBuyer(server.baseUrl, buyerId);
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text: '你好' });
  return { buyer, socket, conversationId: ack.message.conversationId };
}

async function messageRows(conversationId: number) {
  return (await server.db.query(
    'SELECT seq, client_id AS clientId, sender, staff_id AS staffId, body, answered_at AS answeredAt, answered_by AS answeredBy FROM chat_message WHERE conversation_id = ? ORDER BY seq',
    [conversationId],
  )) as Array<{ seq: number; clientId: string; sender: string; staffId: number | null; body: string; answeredAt: Date | null; answeredBy: number | null }>;
}

async function conversationRow(id: number) {
  const [row] = await server.db.query('SELECT * FROM chat_conversation WHERE id = ?', [id]);
  return row;
}

/** Everything a refused event could have touched. */
async function snapshot() {
  const [m] = await server.db.query('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM chat_message');
  const [c] = await server.db.query('SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS v, COALESCE(SUM(last_seq), 0) AS s, COALESCE(SUM(buyer_read_seq + staff_read_seq), 0) AS r FROM chat_conversation');
  const [i] = await server.db.query('SELECT COUNT(*) AS n FROM chat_image');
  const [f] = await server.db.query('SELECT value FROM chat_counter');
  return { messages: Number(m.n), lastMessage: Number(m.last), conversations: Number(c.n), versions: Number(c.v), seqs: Number(c.s), reads: Number(c.r), images: Number(i.n), feed: Number(f.value) };
}

describe('messages are stored, then acked, then delivered', () => {
  it('buyer and agent chat both ways; an ack means the row is committed', async () => {
    const agentHears = collect(agent.socket, 'message:new');
    const { socket, conversationId } = await chatting('both-ways');
    await waitFor(() => agentHears.some((e) => e.message.conversationId === conversationId), 'the agent hears the buyer');
    expect(agentHears.find((e) => e.message.conversationId === conversationId).message).toMatchObject({ seq: 1, sender: 'buyer', text: '你好', staffId: null });

    const buyerHears = nextEvent(socket, 'message:new');
    const ack = await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '亲，在的' });
    expect(ack.message).toMatchObject({ conversationId, seq: 2, sender: 'staff', staffId: agent.id, staffName: '李娜', text: '亲，在的' });
    // Committed by the time of the ack: another connection sees it at once.
    expect((await messageRows(conversationId)).map((m) => m.seq)).toEqual([1, 2]);
    expect((await buyerHears).message).toEqual({
      conversationId,
      seq: 2,
      clientId: ack.message.clientId,
      from: 'shop',
      senderName: '李娜',
      kind: 'text',
      text: '亲，在的',
      imageId: null,
      createdAt: ack.message.createdAt,
    });
  });

  it('the store’s database connection lost (killed idle, and killed mid-batch): sends go on over a new one, each stored once', async () => {
    const { socket, conversationId } = await chatting('lost-connection');
    const store = server.app.chat.messages;
    const errors: string[] = [];
    /** Sends until acked, resending with the same client id as a client does. */
    const sendUntilAcked = async (text: string) => {
      const id = clientId();
      for (let attempt = 1; attempt <= 5; attempt++) {
        const ack = await socket.emitWithAck('message:send', { clientId: id, text });
        if (ack.message) return ack.message;
        errors.push(ack.error.code);
      }
      throw new Error('never acked');
    };
    const idle = store.connectionId;
    expect(idle).not.toBeNull();
    await server.db.query(`KILL CONNECTION ${Number(idle)}`);
    await waitFor(() => store.connectionId !== idle, 'the store lets go of the killed connection');
    const afterIdleKill = await sendUntilAcked('连接断了还能发吗');
    expect(store.connectionId).not.toBe(idle);

    // Killed in the middle of a batch's transaction (held at its conversation lock by a
    // colleague's transaction): nothing of it was committed; the store writes the batch again
    // on a new connection, so every sender gets its ack, and each message is stored once.
    const busy = store.connectionId;
    const colleague = server.db.createQueryRunner();
    await colleague.connect();
    await colleague.startTransaction();
    await colleague.query('SELECT id FROM chat_conversation WHERE id = ? FOR UPDATE', [conversationId]);
    const sending = Promise.all(['一', '二', '三', '四', '五'].map((text) => sendUntilAcked(text)));
    await waitFor(
      async () => (await server.db.query(`SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE '%FOR UPDATE%'`, [busy])).length > 0,
      'the batch waits for the conversation lock',
    );
    await server.db.query(`KILL CONNECTION ${Number(busy)}`);
    await colleague.rollbackTransaction();
    await colleague.release();
    const acked = await sending;
    expect(errors).toEqual([]);
    expect(store.connectionId).not.toBe(busy);
    const rows = await messageRows(conversationId);
    expect(rows.map((m) => m.seq)).toEqual([1, afterIdleKill.seq, ...acked.map((m) => m.seq)].sort((a, b) => a - b));
    expect(new Set(rows.map((m) => m.clientId)).size).toBe(rows.length);
  });

  it('a batch hanging longer than the store’s timeout is given up and written again on a new connection', async () => {
    const { conversationId } = await chatting('hanging-batch');
    const log = createLogger('hang-test', 'error');
    const store = new MessageStore(server.db, () => new Date(), log, { timeoutMs: 400 });
    const warmed = await store.send({ conversationId, clientId: clientId(), kind: 'text', body: '预热', imageId: null, from: 'buyer', buyerId: 'hanging-batch' });
    expect(warmed.ok).toBe(true);
    const first = store.connectionId;
    // A colleague's transaction holds the conversation for 700 ms: the batch hangs past its 400 ms.
    const colleague = server.db.createQueryRunner();
    await colleague.connect();
    await colleague.startTransaction();
    await colleague.query('SELECT id FROM chat_conversation WHERE id = ? FOR UPDATE', [conversationId]);
    const id = clientId();
    const sending = store.send({ conversationId, clientId: id, kind: 'text', body: '卡住了吗', imageId: null, from: 'buyer', buyerId: 'hanging-batch' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await colleague.rollbackTransaction();
    await colleague.release();
    const result = await sending;
    expect(result.ok).toBe(true);
    expect(store.connectionId).not.toBe(first); // the hung connection was dropped
    const stored = (await messageRows(conversationId)).filter((m) => m.clientId === id);
    expect(stored).toHaveLength(1);
    await store.drain();
  });

  it('a resend with the same client id is stored once and acked with the same seq, also when resent at once or from another process', async () => {
    const { socket, conversationId } = await chatting('resender');
    const id = clientId();
    const first = await socket.emitWithAck('message:send', { clientId: id, text: '这双鞋有40码吗' });
    const again = await socket.emitWithAck('message:send', { clientId: id, text: '这双鞋有40码吗' });
    expect(again.message).toEqual(first.message);

    const burstId = clientId();
    const burst = await Promise.all(Array.from({ length: 5 }, () => socket.emitWithAck('message:send', { clientId: burstId, text: '急' })));
    expect(new Set(burst.map((a) => a.message.seq)).size).toBe(1);

    const second = await startTestServer({ config: server.config, seed: false, serveClient: false });
    try {
      const buyer = await startBuyer(second.baseUrl, 'resender');
      const elsewhere = await buyerSocket(buyer);
      sockets.push(elsewhere);
      const fromThere = await elsewhere.emitWithAck('message:send', { clientId: id, text: '这双鞋有40码吗' });
      expect(fromThere.message.seq).toBe(first.message.seq);
    } finally {
      await second.stop();
    }
    const staffId = clientId();
    const reply = await agent.socket.emitWithAck('message:send', { conversationId, clientId: staffId, text: '有的' });
    expect((await agent.socket.emitWithAck('message:send', { conversationId, clientId: staffId, text: '有的' })).message.seq).toBe(reply.message.seq);

    const rows = await messageRows(conversationId);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]); // no gaps, nothing twice
    expect(rows.filter((r) => r.clientId === id)).toHaveLength(1);
    expect(rows.filter((r) => r.clientId === burstId)).toHaveLength(1);
  });

  it('a client id already used by someone else is refused and stores nothing', async () => {
    const a = await chatting('owner-a');
    const b = await chatting('owner-b');
    const id = clientId();
    await a.socket.emitWithAck('message:send', { clientId: id, text: 'A 的消息' });
    const before = await snapshot();
    const stolen = await b.socket.emitWithAck('message:send', { clientId: id, text: 'B 冒用' });
    expect(stolen.error.code).toBe('conflict');
    expect(JSON.stringify(stolen)).not.toContain('A 的消息');
    expect(await snapshot()).toEqual(before);
    // Both at once (one batch): one is stored, the other refused.
    const shared = clientId();
    const both = await Promise.all([a.socket.emitWithAck('message:send', { clientId: shared, text: 'A' }), b.socket.emitWithAck('message:send', { clientId: shared, text: 'B' })]);
    expect(both.filter((ack) => ack.message)).toHaveLength(1);
    expect(both.filter((ack) => ack.error?.code === 'conflict')).toHaveLength(1);
    expect((await server.db.query('SELECT COUNT(*) AS n FROM chat_message WHERE client_id = ?', [shared]))[0].n).toBe(1);
  });

  it('records when and by whom every buyer message was first answered', async () => {
    const { socket, conversationId } = await chatting('answered');
    await socket.emitWithAck('message:send', { clientId: clientId(), text: '第二条' });
    const reply = await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '回复' });
    await socket.emitWithAck('message:send', { clientId: clientId(), text: '第三条' });
    const summary = (await agent.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation;
    expect(summary.waitingSince).not.toBeNull();
    expect(summary.firstResponseAt).toBe(reply.message.createdAt);
    expect(summary).toMatchObject({ lastSeq: 4, lastPreview: '第三条' });
    await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '再回复' });
    const rows = await messageRows(conversationId);
    const at = (i: number) => rows[i]!.answeredAt?.toISOString();
    expect(rows.map((r) => [r.sender, r.answeredBy])).toEqual([
      ['buyer', agent.id],
      ['buyer', agent.id],
      ['staff', null],
      ['buyer', agent.id],
      ['staff', null],
    ]);
    expect([at(0), at(1)]).toEqual([reply.message.createdAt, reply.message.createdAt]);
    expect(at(3)).not.toBe(reply.message.createdAt);
    expect((await agent.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation.waitingSince).toBeNull();
  });

  it('the 订单确认 step confirms the order; closing records how long after; the buyer writing again reopens it', async () => {
    const { socket, conversationId } = await chatting('confirmer');
    const canned = (await agent.client.get('/api/chat/canned-replies')).body.replies;
    const confirm = canned.find((r: { step: string }) => r.step === 'order_confirm');
    const sent = await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: confirm.text, cannedReplyId: confirm.id });
    expect(sent.message.cannedStep).toBe('order_confirm');
    await new Promise((r) => setTimeout(r, 50));
    const open = (await agent.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation;
    expect(open.orderConfirmedAt).toBe(sent.message.createdAt);
    const changed = nextEvent(socket, 'conversation:changed');
    const closed = (await agent.client.post(`/api/chat/conversations/${conversationId}/close`, { version: open.version })).body.conversation;
    expect(closed.status).toBe('closed');
    expect(closed.confirmToCloseMs).toBe(new Date(closed.closedAt).getTime() - new Date(sent.message.createdAt).getTime());
    expect(closed.confirmToCloseMs).toBeGreaterThanOrEqual(50);
    expect((await changed).conversation).toMatchObject({ id: conversationId, status: 'closed' });

    const refused = await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '还有吗' });
    expect(refused.error.code).toBe('conflict');
    const again = await socket.emitWithAck('message:send', { clientId: clientId(), text: '我还想问一下' });
    expect(again.message.conversationId).toBe(conversationId);
    const reopened = (await agent.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation;
    expect(reopened).toMatchObject({ status: 'open', agentId: agent.id, reopenedCount: 1, confirmToCloseMs: closed.confirmToCloseMs });
  });

  it('a payment reported by the orders side during the chat counts as confirmed and converted', async () => {
    const { conversationId } = await chatting('payer');
    const paidAt = new Date();
    const announced = nextEvent(agent.socket, 'conversation:changed');
    const change = await server.db.transaction((tx) => server.app.chat.recordOrderPaid(tx, 'payer', paidAt));
    expect(change).toMatchObject({ conversationId, kind: 'confirmed' });
    await server.app.chat.announceChange(change);
    expect((await announced).conversation).toMatchObject({ id: conversationId, orderConfirmedAt: paidAt.toISOString() });
    const row = await conversationRow(conversationId);
    expect(row.order_placed_at.toISOString()).toBe(paidAt.toISOString());
    expect(row.order_confirmed_at.toISOString()).toBe(paidAt.toISOString());
    // A second payment changes nothing; a buyer who never chatted has nothing to confirm.
    expect(await server.db.transaction((tx) => server.app.chat.recordOrderPaid(tx, 'payer', new Date()))).toBeNull();
    expect(await server.db.transaction((tx) => server.app.chat.recordOrderPaid(tx, 'never-chatted', paidAt))).toBeNull();
  });
});

describe('read receipts and typing', () => {
  it('each side sees what the other has read and when the other is typing', async () => {
    const { socket, conversationId } = await chatting('reader');
    await socket.emitWithAck('message:send', { clientId: clientId(), text: '第二条' });
    expect((await agent.client.get('/api/chat/conversations')).body.conversations.find((c: { id: number }) => c.id === conversationId).unread).toBe(2);
    const buyerSees = nextEvent(socket, 'message:read');
    expect(await agent.socket.emitWithAck('message:read', { conversationId, seq: 99 })).toEqual({ conversationId, staffReadSeq: 2 }); // capped at the last seq
    expect(await buyerSees).toEqual({ seq: 2 });
    expect((await agent.client.get('/api/chat/conversations')).body.conversations.find((c: { id: number }) => c.id === conversationId).unread).toBe(0);

    await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '好的' });
    const agentSees = nextEvent(agent.socket, 'message:read');
    expect(await socket.emitWithAck('message:read', { seq: 3 })).toEqual({ buyerReadSeq: 3 });
    expect(await agentSees).toEqual({ conversationId, by: 'buyer', seq: 3 });

    const typingToAgent = nextEvent(agent.socket, 'typing');
    await socket.emitWithAck('typing:set', { typing: true });
    expect(await typingToAgent).toEqual({ conversationId, by: 'buyer', typing: true });
    const typingToBuyer = nextEvent(socket, 'typing');
    await agent.socket.emitWithAck('typing:set', { conversationId, typing: true });
    expect(await typingToBuyer).toEqual({ typing: true });
  });
});

describe('images', () => {
  it('a buyer sends a photo; the agent sees it; nobody else can fetch it', async () => {
    const { buyer, socket, conversationId } = await chatting('photographer');
    const uploaded = await buyer.request('POST', '/api/buyer/images', undefined, { raw: TINY_PNG, contentType: 'image/jpeg' }); // the claimed type is ignored
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({ imageId: expect.any(String), mime: 'image/png', bytes: TINY_PNG.length });
    const agentHears = nextEvent(agent.socket, 'message:new');
    const sent = await socket.emitWithAck('message:send', { clientId: clientId(), imageId: uploaded.body.imageId });
    expect(sent.message).toMatchObject({ kind: 'image', imageId: uploaded.body.imageId, text: null });
    expect((await agentHears).message).toMatchObject({ kind: 'image', imageId: uploaded.body.imageId });
    expect((await agent.client.get(`/api/chat/conversations/${conversationId}`)).body.conversation.lastPreview).toBe('[图片]');

    const asAgent = await fetch(`${server.baseUrl}/api/chat/images/${uploaded.body.imageId}`, { headers: { cookie: agent.client.cookie } });
    expect(asAgent.status).toBe(200);
    expect(asAgent.headers.get('content-type')).toBe('image/png');
    expect(asAgent.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await asAgent.arrayBuffer()).equals(TINY_PNG)).toBe(true);
    expect((await buyer.get(`/api/buyer/images/${uploaded.body.imageId}`)).status).toBe(200);

    const stranger = await startBuyer(server.baseUrl, 'stranger');
    expect((await stranger.get(`/api/buyer/images/${uploaded.body.imageId}`)).status).toBe(404);
    const otherAgent = await loggedIn(server.baseUrl, 'aftersale2');
    expect((await otherAgent.get(`/api/chat/images/${uploaded.body.imageId}`)).status).toBe(404);
    expect((await supervisor.get(`/api/chat/images/${uploaded.body.imageId}`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/api/chat/images/${uploaded.body.imageId}`)).status).toBe(401);

    // The agent sends one back (JPEG).
    const back = await fetch(`${server.baseUrl}/api/chat/conversations/${conversationId}/images`, {
      method: 'POST',
      headers: { cookie: agent.client.cookie, 'content-type': 'application/octet-stream', 'x-kefu-request': '1' },
      body: TINY_JPEG,
    });
    expect(back.status).toBe(201);
    const jpeg = (await back.json()) as { imageId: string; mime: string };
    expect(jpeg.mime).toBe('image/jpeg');
    const buyerHears = nextEvent(socket, 'message:new');
    await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), imageId: jpeg.imageId });
    expect((await buyerHears).message).toMatchObject({ from: 'shop', kind: 'image', imageId: jpeg.imageId });
  });

  it.each([
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 400, 'invalid'],
    ['a script named like a picture', Buffer.from('<script>alert(1)</script>'), 400, 'invalid'],
    ['an empty body', Buffer.alloc(0), 400, 'invalid'],
    ['a file over 5 MB', Buffer.concat([TINY_PNG, Buffer.alloc(5 * 1024 * 1024)]), 413, 'payload_too_large'],
  ])('%s is refused and nothing is kept', async (_case, bytes, status, code) => {
    const { buyer } = await chatting(`refused-${status}-${bytes.length}`);
    const before = await snapshot();
    const files = async () => (await readdir(server.config.uploadDir, { recursive: true }).catch(() => [])).length;
    const filesBefore = await files();
    const reply = await buyer.request('POST', '/api/buyer/images', undefined, { raw: bytes, contentType: 'image/png' });
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
    expect(await files()).toBe(filesBefore);
  });

  it('an image of another conversation cannot be sent', async () => {
    const a = await chatting('img-owner');
    const uploaded = await a.buyer.request('POST', '/api/buyer/images', undefined, { raw: TINY_PNG });
    const b = await chatting('img-thief');
    const before = await snapshot();
    const ack = await b.socket.emitWithAck('message:send', { clientId: clientId(), imageId: uploaded.body.imageId });
    expect(ack.error.code).toBe('invalid');
    expect(await snapshot()).toEqual(before);
  });
});

describe('bad socket payloads get an error ack and change nothing', () => {
  const long = 'x'.repeat(2001);
  it.each([
    ['no clientId', { text: '你好' }, 'invalid', /clientId: is required/],
    ['a short clientId', { clientId: 'abc', text: '你好' }, 'invalid', /clientId/],
    ['a number as text', { clientId: clientId(), text: 42 }, 'invalid', /text: .*expected string/],
    ['neither text nor image', { clientId: clientId() }, 'invalid', /exactly one of text and imageId/],
    ['both text and image', { clientId: clientId(), text: '看图', imageId: 'AAAAAAAAAAAAAAAAAAAAAAAA' }, 'invalid', /exactly one of text and imageId/],
    ['blank text', { clientId: clientId(), text: '   ' }, 'invalid', /text must not be empty/],
    ['text over 2000 characters', { clientId: clientId(), text: long }, 'invalid', /at most 2000/],
    ['an unknown field', { clientId: clientId(), text: '你好', conversationId: 1 }, 'invalid', /conversationId|Unrecognized/],
    ['not an object', 'hello', 'invalid', /expected object/],
    ['an event over 16 KB', { clientId: clientId(), text: 'y'.repeat(20_000) }, 'payload_too_large', /larger than 16384 bytes/],
    ['an image id never uploaded', { clientId: clientId(), imageId: 'AAAAAAAAAAAAAAAAAAAAAAAA' }, 'invalid', /No such image/],
  ])('buyer message:send with %s', async (_case, payload, code, message) => {
    const { socket } = await chatting(`bad-${code}-${Math.random().toString(36).slice(2, 8)}`);
    const before = await snapshot();
    const ack = await socket.emitWithAck('message:send', payload);
    expect(ack.error.code).toBe(code);
    expect(ack.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['message:send to a conversation that is not theirs', 'message:send', { conversationId: 999999, clientId: clientId(), text: 'x' }, 'not_found'],
    ['message:send with a string id', 'message:send', { conversationId: 'one', clientId: clientId(), text: 'x' }, 'invalid'],
    ['message:read with a negative seq', 'message:read', { conversationId: 1, seq: -1 }, 'invalid'],
    ['typing:set without a flag', 'typing:set', { conversationId: 1 }, 'invalid'],
    ['presence:set to an unknown status', 'presence:set', { status: 'busy' }, 'invalid'],
    ['chat:changes with a string', 'chat:changes', { after: 'latest' }, 'invalid'],
  ])('staff %s', async (_case, event, payload, code) => {
    const before = await snapshot();
    const ack = await agent.socket.emitWithAck(event, payload);
    expect(ack.error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['transfer naming both an agent and a role', 'transfer', { version: 1, toAgentId: 4, toRole: 'aftersale', note: '' }, /exactly one of toAgentId, toRole and toSupervisor/],
    ['transfer naming neither', 'transfer', { version: 1, note: '' }, /exactly one of toAgentId, toRole and toSupervisor/],
    ['transfer to an unknown role', 'transfer', { version: 1, toRole: 'boss', note: '' }, /toRole/],
    ['transfer with a note over 500 characters', 'transfer', { version: 1, toRole: 'aftersale', note: '长'.repeat(501) }, /note must have at most 500/],
    ['close without a version', 'close', {}, /version: is required/],
    ['close with a version of 0', 'close', { version: 0 }, /version/],
    ['take with an extra field', 'take', { version: 1, force: true }, /Unrecognized key/],
  ])('HTTP %s is 400 and changes nothing', async (_case, action, body, message) => {
    const { conversationId } = await chatting(`bad-http-${action}-${Math.random().toString(36).slice(2, 8)}`);
    const before = await snapshot();
    const reply = await agent.client.post(`/api/chat/conversations/${conversationId}/${action}`, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [{ capacity: 0 }, /capacity/],
    [{ capacity: 101 }, /capacity/],
    [{ closeAfterConfirmMinutes: 1.5 }, /closeAfterConfirmMinutes/],
    [{ handOverAfterSeconds: 0 }, /handOverAfterSeconds/],
    [{ waitAlertMinutes: 61 }, /waitAlertMinutes/],
    [{}, /give at least one of capacity, closeAfterConfirmMinutes, handOverAfterSeconds, waitAlertMinutes/],
  ])('settings %j are refused and nothing changes', async (body, message) => {
    const before = (await supervisor.get('/api/chat/settings')).body;
    const reply = await supervisor.request('PUT', '/api/chat/settings', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(message);
    expect((await supervisor.get('/api/chat/settings')).body).toEqual(before);
  });

  it('a flood of events is cut off per socket with rate_limited', async () => {
    const { socket } = await chatting('flooder');
    const acks = await Promise.all(Array.from({ length: 100 }, () => socket.emitWithAck('typing:set', { typing: true })));
    const limited = acks.filter((a) => a.error?.code === 'rate_limited').length;
    expect(limited).toBeGreaterThanOrEqual(30);
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(62);
  });
});

describe('limits per buyer, not per socket (issue 12, defect 4)', () => {
  it('one buyer with 20 sockets stores no more messages than the per-buyer limit', async () => {
    const { buyer, socket, conversationId } = await chatting('twenty-sockets'); // 1 message counted already
    const many = [socket, ...(await Promise.all(Array.from({ length: 19 }, () => buyerSocket(buyer))))];
    sockets.push(...many);
    const acks = await Promise.all(many.flatMap((s) => Array.from({ length: 10 }, () => s.emitWithAck('message:send', { clientId: clientId(), text: '刷屏' }))));
    const stored = acks.filter((a) => a.message).length;
    expect(stored).toBe(BUYER_LIMITS.messages.points - 1);
    const refused = acks.filter((a) => a.error?.code === 'rate_limited');
    expect(refused).toHaveLength(200 - stored);
    expect(refused[0].error.details).toMatchObject({ action: 'messages', retryAfterSeconds: expect.any(Number) });
    expect((await messageRows(conversationId)).length).toBe(BUYER_LIMITS.messages.points);

    // Typing signals likewise.
    const typing = await Promise.all(many.flatMap((s) => Array.from({ length: 2 }, () => s.emitWithAck('typing:set', { typing: true }))));
    expect(typing.filter((a) => a.ok).length).toBe(BUYER_LIMITS.typing.points);
  });
});

describe('canned replies', () => {
  it('come grouped by the five pre-sale steps; the supervisor edits them (version-guarded), agents cannot', async () => {
    const { replies } = (await agent.client.get('/api/chat/canned-replies')).body;
    expect(replies.filter((r: { group: string }) => r.group === 'presale').map((r: { step: string }) => r.step)).toEqual(['welcome', 'promotion', 'item', 'order_confirm', 'favourite']);
    const welcome = replies[0];
    const configChanged = nextEvent(agent.socket, 'chat:config-changed');
    const edited = await supervisor.patch(`/api/chat/canned-replies/${welcome.id}`, { version: welcome.version, text: '亲，欢迎光临！' });
    expect(edited.body).toMatchObject({ id: welcome.id, text: '亲，欢迎光临！', version: welcome.version + 1 });
    expect(await configChanged).toEqual({ what: 'canned' });
    const stale = await supervisor.patch(`/api/chat/canned-replies/${welcome.id}`, { version: welcome.version, text: '旧版本' });
    expect(stale.status).toBe(409);
    expect((await agent.client.patch(`/api/chat/canned-replies/${welcome.id}`, { version: welcome.version + 1, text: '我改' })).status).toBe(403);
    const created = await supervisor.post('/api/chat/canned-replies', { step: 'favourite', title: '收藏有礼', text: '收藏店铺送5元券哦', position: 1 });
    expect(created.status).toBe(201);
    expect((await supervisor.request('DELETE', `/api/chat/canned-replies/${created.body.id}`)).status).toBe(204);
    expect((await agent.client.get('/api/chat/canned-replies')).body.replies.find((r: { text: string }) => r.text === '亲，欢迎光临！')).toBeDefined();
  });

  it('after-sale has its own group, the rulebook\'s scripts (A05, A06, A07, the postage rule, the exchange number), which the supervisor edits, audited', async () => {
    const { replies } = (await agent.client.get('/api/chat/canned-replies')).body;
    const aftersale = replies.filter((r: { group: string }) => r.group === 'aftersale');
    expect(aftersale.map((r: { step: string }) => r.step)).toEqual(['as_condition', 'as_prepay', 'as_card', 'as_postage', 'as_exchange_no']);
    expect(aftersale.find((r: { step: string }) => r.step === 'as_condition').text).toContain('鞋子完好无损，鞋盒包装完整，并且不影响第二次销售的情况下，我们才接受退换货');
    expect(aftersale.find((r: { step: string }) => r.step === 'as_prepay').text).toContain('不要发到付件');
    expect(aftersale.find((r: { step: string }) => r.step === 'as_card').text).toContain('ID、联系方式、退换原因以及要更换的商品信息');
    expect(aftersale.find((r: { step: string }) => r.step === 'as_postage').text).toContain('质量问题由我们承担来回运费，请您先垫付退回的运费，我们收到退货后将运费返还到您的支付宝；非质量问题由您承担退回的单程运费');
    expect(aftersale.find((r: { step: string }) => r.step === 'as_exchange_no').text).toContain('换货已发出，单号为：');

    const created = await supervisor.post('/api/chat/canned-replies', { step: 'as_postage', title: '运费返还', text: '亲，运费我们收到退货后当天返还到您的支付宝。', position: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ step: 'as_postage', group: 'aftersale' });
    const moved = await supervisor.patch(`/api/chat/canned-replies/${created.body.id}`, { version: created.body.version, step: 'as_prepay' });
    expect(moved.body).toMatchObject({ step: 'as_prepay', group: 'aftersale' });
    expect((await agent.client.post('/api/chat/canned-replies', { step: 'as_card', title: '我加', text: '不行' })).status).toBe(403);
    expect((await supervisor.post('/api/chat/canned-replies', { step: 'as_unknown', title: '坏', text: '坏' })).status).toBe(400);
    expect((await supervisor.request('DELETE', `/api/chat/canned-replies/${created.body.id}`)).status).toBe(204);
    const audits = await server.db.query("SELECT action FROM audit_log WHERE entity = 'chat_canned_reply' AND entity_id = ? ORDER BY id", [String(created.body.id)]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['chat.canned.create', 'chat.canned.update', 'chat.canned.delete']);
  });
});

describe('history search', () => {
  it('the supervisor searches everything by text, buyer, agent and date; an agent only the chats they served', async () => {
    const { socket, conversationId } = await chatting('searcher');
    await socket.emitWithAck('message:send', { clientId: clientId(), text: '请问有没有红色的高跟鞋' });
    await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '红色的有现货' });
    const found = (await supervisor.get(`/api/chat/search?text=${encodeURIComponent('红色')}`)).body.results;
    expect(found.map((r: { message: { text: string } }) => r.message.text)).toEqual(['红色的有现货', '请问有没有红色的高跟鞋']);
    expect(found[0]).toMatchObject({ buyerId: 'searcher', role: 'presale' });
    expect((await supervisor.get(`/api/chat/search?buyerId=searcher&agentId=${agent.id}`)).body.results).toHaveLength(3);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await supervisor.get(`/api/chat/search?text=${encodeURIComponent('红色')}&from=${encodeURIComponent(future)}`)).body.results).toEqual([]);
    expect((await agent.client.get(`/api/chat/search?text=${encodeURIComponent('红色')}`)).body.results).toHaveLength(2);
    const other = await loggedIn(server.baseUrl, 'presale2');
    expect((await other.get(`/api/chat/search?text=${encodeURIComponent('红色')}`)).body.results).toEqual([]);
    // Wildcards are text, not patterns.
    expect((await supervisor.get(`/api/chat/search?text=${encodeURIComponent('%')}`)).body.results).toEqual([]);
    expect((await supervisor.get('/api/chat/search?limit=5000')).status).toBe(400);
  });
});
