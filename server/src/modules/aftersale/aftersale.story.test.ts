import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt, RECEIVER } from '../orders/orders.fixtures.ts';
import { chatOf } from './aftersale.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let agent: TestClient;
let printer: TestClient;
let warehouse: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, agent, printer, warehouse] = (await Promise.all(['supervisor', 'aftersale1', 'printer1', 'warehouse1'].map((u) => loggedIn(server.baseUrl, u)))) as [TestClient, TestClient, TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

type Line = { source: string; ref: string; what: string; text: string | null; by: { displayName: string } | null; at: string };
const lines = (story: Line[], source: string) => story.filter((l) => l.source === source).map((l) => [l.what, l.text, l.by?.displayName ?? null]);

describe("the case story's lines", () => {
  it('a recall: the slip made, signed by the courier and received, each with who, in the recall case story', async () => {
    const order = await orderAt({ writer: supervisor }, '故事-退回', 'shipped', { receiver: RECEIVER });
    const slip = await agent.post('/api/recall/slips', { orderNo: order.orderNo, reason: '买家不要了，拦截退回' });
    expect(slip.status, JSON.stringify(slip.body)).toBe(201);
    const signed = await printer.post(`/api/recall/slips/${slip.body.id}/signature`, { version: slip.body.version, courierName: '王师傅' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const received = await printer.post(`/api/recall/slips/${slip.body.id}/received`, { version: signed.body.version });
    expect(received.status, JSON.stringify(received.body)).toBe(200);

    const detail = (await agent.get(`/api/aftersale/cases/${slip.body.caseId}`)).body;
    const today = shopDay(new Date(), server.config.shopTz).replaceAll('-', '.');
    expect(lines(detail.story, 'slip')).toEqual([
      ['made', '买家不要了，拦截退回', '刘洋'],
      ['signed', '王师傅', null],
      ['received', `原包裹已收到 孙磊 ${today}`, '孙磊'],
    ]);
    expect(detail.story.filter((l: Line) => l.source === 'slip').every((l: Line) => l.ref === slip.body.slipNo)).toBe(true);
    // Oldest first: made → signed → received, and the case's own steps among them.
    const at = detail.story.map((l: Line) => l.at);
    expect(at).toEqual([...at].sort());
    expect(detail.story.map((l: Line) => `${l.source}:${l.what}`)).toContain('case:received');
  });

  it('chat excerpts: the message that gave the return number and each tick’s message, before the step they caused; other messages of the chat are not in it', async () => {
    const order = await orderAt({ writer: supervisor }, '故事-聊天', 'delivered');
    const chat = await chatOf(server.db, '故事-聊天', { texts: ['鞋子不合适想退', '盒子和鞋都完好', '单号 YT3300112233'] });
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'return', reason: '不合适', returnPostagePayer: 'buyer', conversationId: chat.conversationId })).body;
    const ticked = await agent.post(`/api/aftersale/cases/${opened.id}/ticks`, { version: opened.version, item: 'goods_intact', messageId: chat.messageIds[1] });
    expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
    const tracked = await agent.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: ticked.body.case.version, courier: '圆通快递', trackingNo: 'YT3300112233', messageId: chat.messageIds[2] });
    expect(tracked.status, JSON.stringify(tracked.body)).toBe(200);

    const story = (await agent.get(`/api/aftersale/cases/${opened.id}`)).body.story as Line[];
    expect(lines(story, 'chat')).toEqual([
      ['buyer', '盒子和鞋都完好', null],
      ['buyer', '单号 YT3300112233', null],
    ]);
    expect(story.filter((l) => l.source === 'chat').map((l) => l.ref)).toEqual([String(chat.messageIds[1]), String(chat.messageIds[2])]);
    // Each excerpt comes before the step it led to.
    const order_ = story.map((l) => `${l.source}:${l.source === 'chat' ? l.ref : l.what}`);
    expect(order_.indexOf(`chat:${chat.messageIds[1]}`)).toBeLessThan(order_.indexOf('case:ticked'));
    expect(order_.indexOf(`chat:${chat.messageIds[2]}`)).toBeLessThan(order_.indexOf('case:return_sent'));
  });
});

describe('the reject step', () => {
  const count = async () => {
    const [row] = await server.db.query("SELECT (SELECT COALESCE(SUM(version), 0) FROM after_sale_case) AS v, (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'aftersale.%') AS a");
    return { versions: Number(row.v), audits: Number(row.a) };
  };

  it('needs a reason; moves the case to rejected with who and when, audited; a finished case cannot be rejected; only after-sale and the supervisor reject', async () => {
    const order = await orderAt({ writer: supervisor }, '拒绝-买家', 'delivered');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'return', reason: '穿过了还想退', returnPostagePayer: 'buyer' })).body;

    const before = await count();
    for (const body of [{ version: opened.version }, { version: opened.version, reason: '   ' }, { version: opened.version, reason: 'x'.repeat(501) }]) {
      const refused = await agent.post(`/api/aftersale/cases/${opened.id}/reject`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    for (const other of [printer, warehouse]) expect((await other.post(`/api/aftersale/cases/${opened.id}/reject`, { version: opened.version, reason: '不行' })).status).toBe(403);
    expect(await count()).toEqual(before);

    const rejected = await agent.post(`/api/aftersale/cases/${opened.id}/reject`, { version: opened.version, reason: '鞋底已磨损，影响二次销售' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectedReason: '鞋底已磨损，影响二次销售', closedBy: { displayName: '刘洋' }, version: opened.version + 1 });
    expect(Date.now() - new Date(rejected.body.closedAt).getTime()).toBeLessThan(60_000);
    const me = (await agent.get('/api/auth/me')).body;
    const audits = await server.db.query("SELECT actor_id, details FROM audit_log WHERE action = 'aftersale.rejected' AND entity_id = ?", [String(opened.id)]);
    expect(audits).toHaveLength(1);
    expect(Number(audits[0].actor_id)).toBe(me.user?.id ?? me.id);
    expect(JSON.parse(audits[0].details)).toEqual({ reason: '鞋底已磨损，影响二次销售' });
    const events = (await agent.get(`/api/aftersale/cases/${opened.id}`)).body.events.map((e: { what: string }) => e.what);
    expect(events).toEqual(['opened', 'rejected']);

    // Finished: no second rejection, and the order may get a new case.
    const again = await agent.post(`/api/aftersale/cases/${opened.id}/reject`, { version: rejected.body.version, reason: '再拒一次' });
    expect([again.status, again.body.error.details.reason]).toEqual([409, 'case_wrong_state']);
    const stale = await agent.post(`/api/aftersale/cases/${opened.id}/reject`, { version: opened.version, reason: '旧版本' });
    expect(stale.status).toBe(409);
    expect((await agent.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'exchange', reason: '那就换一双', returnPostagePayer: 'buyer' })).status).toBe(201);
  });

  it('a refunded case is past rejecting', async () => {
    const order = await orderAt({ writer: supervisor }, '拒绝-已退款', 'delivered');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'refund', reason: '仅退款' })).body;
    const refunded = (await agent.post(`/api/aftersale/cases/${opened.id}/refund`, { version: opened.version })).body;
    expect(refunded.status).toBe('refunded');
    const refused = await agent.post(`/api/aftersale/cases/${opened.id}/reject`, { version: refunded.version, reason: '太晚了' });
    expect([refused.status, refused.body.error.details.reason]).toEqual([409, 'case_wrong_state']);
  });
});
