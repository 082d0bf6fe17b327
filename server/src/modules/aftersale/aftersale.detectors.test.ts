import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds, scoringMonth } from '@kefu/shared/domain/scoring/month';
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

async function caseWithChat(buyerId: string, trackingNo: string) {
  const shoes = await orderAt({ writer: supervisor }, buyerId, 'delivered');
  const chat = await chatOf(server.db, buyerId, { texts: [`退货寄出了，单号 ${trackingNo}`], at: clock() });
  const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '尺码不合适', returnPostagePayer: 'buyer', conversationId: chat.conversationId })).body;
  return { ...opened, messageId: chat.messageIds[0]! };
}

describe('A01: the return tracking number the buyer gave, not entered by the end of that day', () => {
  it('proposes A01 for the agent who registered the case, with the case as evidence; once', async () => {
    const given = clock();
    const onTime = await caseWithChat('a01-准时', 'YT1000000001');
    const late = await caseWithChat('a01-迟了', 'YT1000000002');
    const linkedLate = await caseWithChat('a01-链接', 'YT1000000003');
    const unsaid = await caseWithChat('a01-没说', 'YT1000000004');
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
    expect(found.map((p) => [p.rule, p.staffId, p.evidence])).toEqual([
      ['A01', meId, [{ kind: 'registry', id: `case:${late.id}` }]],
      ['A01', meId, [{ kind: 'registry', id: `case:${linkedLate.id}` }]],
    ]);
    expect(found[0]!.note).toMatch(/在聊天中给出退货单号 YT1000000002，.* 才登记（售后登记 #\d+）/);

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
