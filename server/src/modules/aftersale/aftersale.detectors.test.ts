import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { trackingDeadline } from '@kefu/shared/domain/aftersale/tracking';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import { orderAt } from '../orders/orders.fixtures.ts';
import { chatOf } from './aftersale.fixtures.ts';
import { a01Detector } from './aftersale.detectors.ts';

const HOUR = 3_600_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let server: TestServer;
let supervisor: TestClient;
let agent: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock });
  [supervisor, agent] = (await Promise.all(['supervisor', 'aftersale1'].map((u) => loggedIn(server.baseUrl, u)))) as [TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

async function caseWithChat(buyerId: string, trackingNo: string, text = `退货寄出了，单号 ${trackingNo}`) {
  const shoes = await orderAt({ writer: supervisor }, buyerId, 'delivered');
  const chat = await chatOf(server.db, buyerId, { texts: [text], at: clock() });
  const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '尺码不合适', returnPostagePayer: 'buyer', conversationId: chat.conversationId })).body;
  return { ...opened, messageId: chat.messageIds[0]! };
}

describe('A01: the return tracking number the buyer gave, not entered by the end of that day', () => {
  it('proposes A01 for the agent who registered the case, with the case and the chat message as evidence; once', async () => {
    const given = clock();
    const onTime = await caseWithChat('a01-准时', 'YT1000000001');
    const late = await caseWithChat('a01-迟了', 'YT1000000002');
    const linkedLate = await caseWithChat('a01-链接', 'YT1000000003');
    const unsaid = await caseWithChat('a01-没说', 'YT1000000004', '退货寄出了，单号等下发你');
    expect((await agent.post(`/api/aftersale/cases/${onTime.id}/return-tracking`, { version: onTime.version, courier: '圆通快递', trackingNo: 'YT1000000001' })).status).toBe(200);
    offset += 26 * HOUR; // the next shop day, at least
    expect((await agent.post(`/api/aftersale/cases/${late.id}/return-tracking`, { version: late.version, courier: '圆通快递', trackingNo: 'YT1000000002' })).status).toBe(200);
    // Entered late with another number than the buyer wrote, but linked to the message that gave it.
    expect((await agent.post(`/api/aftersale/cases/${linkedLate.id}/return-tracking`, { version: linkedLate.version, courier: '圆通快递', trackingNo: 'YT1000000099', messageId: linkedLate.messageId })).status).toBe(200);
    // A number the buyer never wrote in chat: nothing shows when it was given.
    expect((await agent.post(`/api/aftersale/cases/${unsaid.id}/return-tracking`, { version: unsaid.version, courier: '圆通快递', trackingNo: 'YT2000000004' })).status).toBe(200);

    const tz = server.config.shopTz;
    const month = scoringMonth(given, tz);
    const context = { month, ...monthBounds(month, tz), tz, now: clock() };
    const found = await a01Detector.detect(server.db.manager, context);
    const me = (await agent.get('/api/auth/me')).body;
    const meId = me.user?.id ?? me.id;
    // Each buyer wrote the number in chat the day the case was open: that message is the evidence.
    expect(found.map((p) => [p.rule, p.staffId, p.evidence])).toEqual([
      ['A01', meId, [{ kind: 'registry', id: `case:${late.id}` }, { kind: 'chat', id: `message:${late.messageId}` }]],
      ['A01', meId, [{ kind: 'registry', id: `case:${linkedLate.id}` }, { kind: 'chat', id: `message:${linkedLate.messageId}` }]],
    ]);
    expect(found[0]!.note).toMatch(/在聊天中给出退货单号 YT1000000002，当天未登记（售后登记 #\d+）/);

    expect(appDetectors().list()).toContain(a01Detector);
    const deps = { db: server.db, detectors: appDetectors(), tz, clock, log: createLogger('test', 'silent') };
    // Other modules' detectors run too; A01's proposals are made once, however often it runs.
    await runDetectors(deps, month);
    await runDetectors(deps, month);
    const entries = await server.db.query(`SELECT rule, status, source FROM ledger_entry WHERE rule = 'A01' ORDER BY id`);
    expect(entries).toEqual([
      { rule: 'A01', status: 'proposed', source: 'aftersale.a01' },
      { rule: 'A01', status: 'proposed', source: 'aftersale.a01' },
    ]);
  });
});

describe('A01: a number given in chat but never entered', () => {
  it('is found from the buyer\'s message on a day the case waited for it; not when entered that day, not for the shop\'s own numbers, not before the day is over', async () => {
    const given = clock();
    const never = await caseWithChat('a01-聊天给了', 'ZT7788123456', '寄回了，中通ZT7788123456');
    const sameDay = await caseWithChat('a01-当天登记', 'SF1234567890123', '顺丰单号 SF1234567890123');
    const orderNoOnly = await orderAt({ writer: supervisor }, 'a01-订单号', 'delivered');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: orderNoOnly.orderNo, kind: 'exchange', reason: '换大一码', returnPostagePayer: 'buyer', wantedSize: '39' })).body;
    await chatOf(server.db, 'a01-订单号', { texts: [`我的订单号 ${orderNoOnly.orderNo}，电话13812345678`], at: clock() });
    expect((await agent.post(`/api/aftersale/cases/${sameDay.id}/return-tracking`, { version: sameDay.version, courier: '顺丰速运', trackingNo: 'SF1234567890123' })).status).toBe(200);

    const tz = server.config.shopTz;
    const month = scoringMonth(given, tz);
    const ours = new Set([`case:${never.id}`, `case:${sameDay.id}`, `case:${opened.id}`]);
    const run = async () =>
      (await a01Detector.detect(server.db.manager, { month, ...monthBounds(month, tz), tz, now: clock() })).filter((p) => p.evidence.some((e) => ours.has(e.id)));

    // The day is not over: the agent may still enter it.
    const nextMidnight = trackingDeadline(given, tz).getTime();
    if (clock().getTime() < nextMidnight) expect(await run()).toEqual([]);

    offset += nextMidnight - clock().getTime() + 60_000; // just past the shop's midnight
    const found = await run();
    const me = (await agent.get('/api/auth/me')).body;
    expect(found.map((p) => [p.rule, p.staffId, p.evidence])).toEqual([
      ['A01', me.user?.id ?? me.id, [{ kind: 'registry', id: `case:${never.id}` }, { kind: 'chat', id: `message:${never.messageId}` }]],
    ]);
    // When the buyer wrote it (the message's time), not when it was found.
    const [written] = (await server.db.query('SELECT created_at FROM chat_message WHERE id = ?', [never.messageId])) as { created_at: Date }[];
    expect(found[0]!.occurredAt.toISOString()).toBe(new Date(written!.created_at).toISOString());
    expect(found[0]!.note).toMatch(/在聊天中给出退货单号 ZT7788123456，当天未登记/);

    // Entered late after all: still the one proposal, with the same evidence.
    expect((await agent.post(`/api/aftersale/cases/${never.id}/return-tracking`, { version: never.version, courier: '中通快递', trackingNo: 'ZT7788123456' })).status).toBe(200);
    expect((await run()).map((p) => p.evidence)).toEqual([found[0]!.evidence]);
  });
});
