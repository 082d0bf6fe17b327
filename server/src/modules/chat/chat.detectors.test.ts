import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { monthBounds, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import { agentOnline, buyerSocket, clientId, startBuyer, type Agent } from './chat.fixtures.ts';
import { g09Detector } from './chat.detectors.ts';

const MINUTE = 60_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let server: TestServer;
let supervisor: TestClient;
let agent: Agent;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000' }), serveClient: false, clock });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  agent = await agentOnline(server.baseUrl, 'presale1', async () => (await server.db.query(`SELECT status FROM agent_presence WHERE status = 'online'`)).length === 1);
});

afterAll(async () => {
  for (const socket of [...sockets, agent?.socket]) socket?.close();
  await server?.close();
});

async function chat(buyerId: string): Promise<number> {
  const buyer = await startBuyer(server.baseUrl, buyerId, undefined, clock());
  const socket = await buyerSocket(buyer);
  sockets.push(socket);
  return (await socket.emitWithAck('message:send', { clientId: clientId(), text: '我要下单' })).message.conversationId;
}

async function confirmOrder(conversationId: number): Promise<void> {
  const { replies } = (await agent.client.get('/api/chat/canned-replies')).body;
  const step = replies.find((r: { step: string }) => r.step === 'order_confirm');
  const ack = await agent.socket.emitWithAck('message:send', { conversationId, clientId: clientId(), text: step.text, cannedReplyId: step.id });
  expect(ack.message.cannedStep).toBe('order_confirm');
}

async function close(conversationId: number): Promise<void> {
  const { conversation } = (await agent.client.get(`/api/chat/conversations/${conversationId}`)).body;
  expect((await agent.client.post(`/api/chat/conversations/${conversationId}/close`, { version: conversation.version })).status).toBe(200);
}

describe('G09: window left open after the order was confirmed', () => {
  it('proposes G09 for the agent, with the chat as evidence, for windows open longer than the setting; once', async () => {
    const start = clock();
    const lateClose = await chat('g09-late');
    const quickClose = await chat('g09-quick');
    const neverClosed = await chat('g09-open');
    const notConfirmed = await chat('g09-unconfirmed');
    for (const id of [lateClose, quickClose, neverClosed]) await confirmOrder(id);
    offset += 5 * MINUTE;
    await close(quickClose);
    offset += 10 * MINUTE;
    await close(lateClose);
    await close(notConfirmed);
    offset += 10 * MINUTE; // the open one: 25 minutes now

    const tz = server.config.shopTz;
    const month = scoringMonth(start, tz);
    const context = { month, ...monthBounds(month, tz), tz, now: clock() };
    const found = await g09Detector.detect(server.db.manager, context);
    expect(found.map((p) => [p.rule, p.staffId, p.evidence])).toEqual([
      ['G09', agent.id, [{ kind: 'chat', id: String(lateClose) }]],
      ['G09', agent.id, [{ kind: 'chat', id: String(neverClosed) }]],
    ]);
    expect(found[0]!.note).toMatch(/订单确认后 15 分钟才关闭对话框（限 10 分钟）/);
    expect(found[1]!.note).toMatch(/已开着 25 分钟未关闭/);

    // Through the scoring framework's registry, as the monthly settlement runs it: proposed once.
    expect(appDetectors().list()).toContain(g09Detector);
    const deps = { db: server.db, detectors: appDetectors(), tz, clock, log: createLogger('test', 'silent') };
    // Other modules' detectors may find their own rules in this scenario (a buyer left waiting):
    // the G09 rows are checked below; nothing is proposed twice.
    expect(await runDetectors(deps, month)).toBeGreaterThanOrEqual(2);
    expect(await runDetectors(deps, month)).toBe(0);
    const entries = await server.db.query(`SELECT staff_id AS staffId, rule, status, source, evidence FROM ledger_entry WHERE rule = 'G09' ORDER BY id`);
    expect(entries).toEqual([
      { staffId: agent.id, rule: 'G09', status: 'proposed', source: 'chat.g09', evidence: expect.stringContaining(String(lateClose)) },
      { staffId: agent.id, rule: 'G09', status: 'proposed', source: 'chat.g09', evidence: expect.stringContaining(String(neverClosed)) },
    ]);

    // The limit is a setting: at 20 minutes only the window still open (25) is too long.
    expect((await supervisor.request('PUT', '/api/chat/settings', { closeAfterConfirmMinutes: 20 })).body).toEqual({ capacity: 5, closeAfterConfirmMinutes: 20, handOverAfterSeconds: 60, waitAlertMinutes: 3 });
    const stricter = await g09Detector.detect(server.db.manager, { ...context, now: clock() });
    expect(stricter.map((p) => p.evidence[0]!.id)).toEqual([String(neverClosed)]);
  });
});
