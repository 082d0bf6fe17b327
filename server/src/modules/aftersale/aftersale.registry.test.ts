import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt } from '../orders/orders.fixtures.ts';
import { chatOf } from './aftersale.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let agent: TestClient;
let warehouse: TestClient;
let printer: TestClient;
let presale: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, agent, warehouse, printer, presale] = (await Promise.all(['supervisor', 'aftersale1', 'warehouse1', 'printer1', 'presale1'].map((u) => loggedIn(server.baseUrl, u)))) as TestClient[] as [
    TestClient,
    TestClient,
    TestClient,
    TestClient,
    TestClient,
  ];
});

afterAll(async () => {
  await server?.close();
});

const order = (buyerId: string, status: OrderStatus = 'delivered') => orderAt({ writer: supervisor }, buyerId, status);

/** Everything the registry writes, to show a refused request wrote nothing. */
async function snapshot() {
  const count = async (sql: string) => Number((await server.db.query(sql))[0].n);
  return {
    cases: await count('SELECT COUNT(*) AS n FROM after_sale_case'),
    versions: await count('SELECT COALESCE(SUM(version), 0) AS n FROM after_sale_case'),
    events: await count('SELECT COUNT(*) AS n FROM after_sale_case_event'),
    photos: await count('SELECT COUNT(*) AS n FROM after_sale_case_photo'),
    ticks: await count('SELECT COUNT(*) AS n FROM after_sale_case_tick'),
    audits: await count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'aftersale.%'"),
    alerts: await count('SELECT COUNT(*) AS n FROM order_alert'),
  };
}

describe('a quality return with photos and the postage refunded', () => {
  it('registered from the chat with its photos, ticked, tracked, inspected by the warehouse, refunded with its postage', async () => {
    const shoes = await order('质量买家');
    const chat = await chatOf(server.db, '质量买家', { texts: ['鞋子开胶了', '好的，鞋子和鞋盒都完好', '我先垫付运费，不到付', '售后卡填好了', '单号 YT8812345678'], photos: 2 });
    const opened = await agent.post('/api/aftersale/cases', {
      orderNo: shoes.orderNo,
      kind: 'quality',
      reason: '穿了两天左脚开胶',
      conversationId: chat.conversationId,
      qualityLocation: '左脚鞋头与鞋底接缝处开胶',
      returnPostagePayer: 'shop',
      resendPostagePayer: 'shop',
      postageAdvancedFen: 1200,
      photoIds: chat.imageIds,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({ kind: 'quality', status: 'open', quality: true, qualityLocation: '左脚鞋头与鞋底接缝处开胶', returnPostagePayer: 'shop', postageAdvancedFen: 1200, conversationId: chat.conversationId });
    const id = opened.body.id;
    let version = opened.body.version;

    // The checklist, each tick linked to the message that said it.
    for (const [item, messageId] of [['goods_intact', chat.messageIds[1]], ['prepay_postage', chat.messageIds[2]], ['card_filled', chat.messageIds[3]]] as const) {
      const ticked = await agent.post(`/api/aftersale/cases/${id}/ticks`, { version, item, messageId });
      expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
      version = ticked.body.case.version;
    }
    const again = await agent.post(`/api/aftersale/cases/${id}/ticks`, { version, item: 'goods_intact', messageId: chat.messageIds[1] });
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('already_ticked');

    // The postage cannot be refunded before the return is back.
    const early = await agent.post(`/api/aftersale/cases/${id}/postage-refund`, { version });
    expect(early.status).toBe(409);
    expect(early.body.error.details.reason).toBe('postage_not_received');

    const tracked = await agent.post(`/api/aftersale/cases/${id}/return-tracking`, { version, courier: '圆通快递', trackingNo: 'YT8812345678', messageId: chat.messageIds[4] });
    expect(tracked.status, JSON.stringify(tracked.body)).toBe(200);
    expect(tracked.body).toMatchObject({ status: 'awaiting_return', returnCourier: '圆通快递', returnTrackingNo: 'YT8812345678', returnTrackingEntered: { by: { displayName: '刘洋' } } });

    // The warehouse finds it by the tracking number (the card was in it) and signs 已验收.
    const arrived = await warehouse.post('/api/aftersale/arrivals', { trackingNo: 'YT8812345678', result: 'passed', note: '左脚鞋头开胶属实', cardPresent: true });
    expect(arrived.status, JSON.stringify(arrived.body)).toBe(200);
    expect(arrived.body).toMatchObject({ handedToAftersale: false, matched: { id, status: 'received', inspectionResult: 'passed', cardPresent: true, received: { by: { displayName: '周强' } } } });
    version = arrived.body.matched.version;

    // It is on the list of postage still to refund, until refunded.
    const toRefund = (await agent.get('/api/aftersale/cases?postageToRefund=true')).body.cases.map((c: { id: number }) => c.id);
    expect(toRefund).toContain(id);
    const refunded = await agent.post(`/api/aftersale/cases/${id}/refund`, { version, note: '已退款到支付宝' });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refunded: { by: { displayName: '刘洋' } } });
    const postage = await agent.post(`/api/aftersale/cases/${id}/postage-refund`, { version: refunded.body.version });
    expect(postage.status, JSON.stringify(postage.body)).toBe(200);
    expect(postage.body.postageRefunded).toMatchObject({ by: { displayName: '刘洋' } });
    expect((await agent.get('/api/aftersale/cases?postageToRefund=true')).body.cases.map((c: { id: number }) => c.id)).not.toContain(id);
    const twice = await agent.post(`/api/aftersale/cases/${id}/postage-refund`, { version: postage.body.version });
    expect(twice.body.error.details.reason).toBe('postage_already_refunded');
    const closed = await agent.post(`/api/aftersale/cases/${id}/close`, { version: postage.body.version, note: '退款与运费均已返还' });
    expect(closed.body.status).toBe('closed');

    // The whole story: photos, ticks with their messages, every step with who.
    const detail = (await warehouse.get(`/api/aftersale/cases/${id}`)).body;
    expect(detail.photos.map((p: { imageId: string }) => p.imageId).sort()).toEqual([...chat.imageIds].sort());
    expect(detail.ticks.map((t: { item: string; messageText: string }) => [t.item, t.messageText])).toEqual([
      ['goods_intact', '好的，鞋子和鞋盒都完好'],
      ['prepay_postage', '我先垫付运费，不到付'],
      ['card_filled', '售后卡填好了'],
    ]);
    expect(detail.events.map((e: { what: string; by: { displayName: string } }) => `${e.what} ${e.by.displayName}`)).toEqual([
      'opened 刘洋',
      'ticked 刘洋',
      'ticked 刘洋',
      'ticked 刘洋',
      'return_sent 刘洋',
      'received 周强',
      'refunded 刘洋',
      'postage_refunded 刘洋',
      'closed 刘洋',
    ]);
    // A quality return raises no exchange-print alert.
    expect(await server.db.query("SELECT id FROM order_alert WHERE order_no = ? AND kind = 'exchange_print'", [shoes.orderNo])).toEqual([]);
  });

  it('a lining problem needs no photo for the shop to pay the postage', async () => {
    const shoes = await order('内里买家');
    const opened = await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'quality', reason: '内里破了', qualityLocation: '右脚内里后跟磨破', liningInsole: true, returnPostagePayer: 'shop' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  });
});

describe('an exchange: refused early shipment, then the supervisor’s override', () => {
  it('the printer may not ship before the return; the supervisor approves with a reason; then it ships', async () => {
    const shoes = await order('换货买家');
    const opened = await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'exchange', reason: '偏小，换大一码', returnPostagePayer: 'buyer', wantedColor: '黑色', wantedSize: '39' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.id;
    const tracked = await agent.post(`/api/aftersale/cases/${id}/return-tracking`, { version: opened.body.version, courier: '中通快递', trackingNo: 'ZT7700112233' });
    expect(tracked.body.status).toBe('awaiting_return');

    const before = await snapshot();
    const tooEarly = await printer.post(`/api/aftersale/cases/${id}/exchange-shipped`, { version: tracked.body.version, courier: '中通快递', trackingNo: 'ZT9900112233' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.details.reason).toBe('case_not_received');
    const agentApproves = await agent.post(`/api/aftersale/cases/${id}/early-ship`, { version: tracked.body.version, reason: '买家急用' });
    expect(agentApproves.status).toBe(403);
    const noReason = await supervisor.post(`/api/aftersale/cases/${id}/early-ship`, { version: tracked.body.version, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(await snapshot()).toEqual(before);

    const approved = await supervisor.post(`/api/aftersale/cases/${id}/early-ship`, { version: tracked.body.version, reason: '老顾客，婚礼要穿，先发换货' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.earlyShipApproved).toMatchObject({ by: { displayName: '王芳' }, reason: '老顾客，婚礼要穿，先发换货' });
    const shipped = await printer.post(`/api/aftersale/cases/${id}/exchange-shipped`, { version: approved.body.version, courier: '中通快递', trackingNo: 'ZT9900112233' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'exchange_shipped', exchangeTrackingNo: 'ZT9900112233', exchangeShipped: { by: { displayName: '孙磊' } } });
    const events = (await agent.get(`/api/aftersale/cases/${id}`)).body.events.map((e: { what: string }) => e.what);
    expect(events).toEqual(['opened', 'return_sent', 'early_ship_approved', 'exchange_shipped']);
  });

  it('received by the warehouse, the printers get the exchange-print alert; then the exchange ships', async () => {
    const shoes = await order('换货买家二');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'exchange', reason: '颜色不喜欢', returnPostagePayer: 'buyer', wantedColor: '棕色', wantedSize: '38' })).body;
    const tracked = (await agent.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '韵达快递', trackingNo: 'YD5500998877' })).body;
    const agentSigns = await agent.post(`/api/aftersale/cases/${opened.id}/received`, { version: tracked.version, result: 'passed', cardPresent: true });
    expect(agentSigns.status).toBe(403);
    const received = await warehouse.post(`/api/aftersale/cases/${opened.id}/received`, { version: tracked.version, result: 'passed', note: '鞋盒完好', cardPresent: true });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    const alerts = await server.db.query("SELECT audience, kind, summary, requested_by FROM order_alert WHERE order_no = ? AND kind = 'exchange_print'", [shoes.orderNo]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ audience: 'printer', summary: expect.stringContaining('换：棕色 38码') });
    const listed = (await printer.get(`/api/alerts?orderNo=${shoes.orderNo}`)).body.alerts;
    expect(listed.map((a: { kind: string }) => a.kind)).toContain('exchange_print');
    const shipped = await printer.post(`/api/aftersale/cases/${opened.id}/exchange-shipped`, { version: received.body.version, courier: '韵达快递', trackingNo: 'YD6600998877' });
    expect(shipped.body.status).toBe('exchange_shipped');
  });
});

describe('the warehouse: a parcel without a card', () => {
  it('is matched by the buyer when one case waits for goods', async () => {
    const shoes = await order('无卡买家');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '不想要了', returnPostagePayer: 'buyer' })).body;
    const arrived = await warehouse.post('/api/aftersale/arrivals', { buyerId: '无卡买家', result: 'passed', cardPresent: false });
    expect(arrived.body).toMatchObject({ handedToAftersale: false, matched: { id: opened.id, status: 'received', cardPresent: false } });
  });

  it('matching nothing, it is handed to after-sale: each after-sale agent is notified, no case moves', async () => {
    const before = await snapshot();
    const arrived = await warehouse.post('/api/aftersale/arrivals', { trackingNo: 'ST0000000001', result: 'passed', note: '包裹里没有售后卡', cardPresent: false });
    expect(arrived.body).toEqual({ matched: null, handedToAftersale: true });
    const after = await snapshot();
    expect({ ...after, audits: before.audits }).toEqual(before);
    const notices = (await agent.get('/api/notifications')).body;
    const list = Array.isArray(notices) ? notices : notices.notifications;
    expect(list.some((n: { kind: string; payload: { trackingNo: string } }) => n.kind === 'aftersale.unmatched_parcel' && n.payload.trackingNo === 'ST0000000001')).toBe(true);
  });
});

describe('bad input is refused and nothing is written', () => {
  it.each([
    ['a quality case without a location', { kind: 'quality', returnPostagePayer: 'buyer' }, 400, 'quality_location_required'],
    ['shop pays both ways for a non-quality return (A02)', { kind: 'return', returnPostagePayer: 'shop' }, 400, 'shop_pays_not_quality'],
    ['the shop promises postage for a quality problem without photos (A04)', { kind: 'quality', qualityLocation: '鞋跟', returnPostagePayer: 'shop' }, 400, 'photos_required'],
  ])('%s', async (_name, change, status, reason) => {
    const shoes = await order(`坏输入-${reason}`);
    const before = await snapshot();
    const reply = await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, reason: '测试', ...change });
    expect(reply.status).toBe(status);
    expect(reply.body.error.details.reason).toBe(reason);
    expect(await snapshot()).toEqual(before);
  });

  it('photos, a chat or a message of another buyer', async () => {
    const shoes = await order('本人');
    const other = await chatOf(server.db, '别人', { texts: ['别人的话'], photos: 1 });
    const before = await snapshot();
    const photos = await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'quality', reason: '开胶', qualityLocation: '鞋头', returnPostagePayer: 'shop', photoIds: other.imageIds });
    expect(photos.status).toBe(400);
    expect(photos.body.error.details).toMatchObject({ reason: 'not_this_buyer', field: 'photoIds' });
    const conversation = await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '退货', conversationId: other.conversationId });
    expect(conversation.body.error.details).toMatchObject({ reason: 'not_this_buyer', field: 'conversationId' });
    expect(await snapshot()).toEqual(before);
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '退货' })).body;
    const mid = await snapshot();
    const tick = await agent.post(`/api/aftersale/cases/${opened.id}/ticks`, { version: opened.version, item: 'goods_intact', messageId: other.messageIds[0] });
    expect(tick.status).toBe(400);
    expect(tick.body.error.details.reason).toBe('not_this_buyer');
    const addPhotos = await agent.post(`/api/aftersale/cases/${opened.id}/photos`, { version: opened.version, imageIds: other.imageIds });
    expect(addPhotos.status).toBe(400);
    expect(await snapshot()).toEqual(mid);
  });

  it('a state skipped, a stale version, a step not one’s own', async () => {
    const shoes = await order('跳步买家');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '退货', returnPostagePayer: 'buyer' })).body;
    const before = await snapshot();
    const skipped = await agent.post(`/api/aftersale/cases/${opened.id}/refund`, { version: opened.version });
    expect(skipped.status).toBe(409);
    expect(skipped.body.error.details).toMatchObject({ reason: 'case_wrong_state', status: 'open', step: 'refund' });
    const stale = await agent.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version + 1, courier: '申通', trackingNo: 'ST1234567890' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.reason).toBe('case_stale');
    const notTheirs = await presale.post(`/api/aftersale/cases/${opened.id}/refund`, { version: opened.version });
    expect(notTheirs.status).toBe(403);
    const badNumber = await agent.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '申通', trackingNo: '12' });
    expect(badNumber.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the registry list', () => {
  it('filters by state, agent, buyer, order, tracking number and days', async () => {
    const shoes = await order('筛选买家');
    const opened = (await agent.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'return', reason: '退货', returnPostagePayer: 'buyer' })).body;
    await agent.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '申通快递', trackingNo: 'ST5566778899' });
    const ids = async (query: string) => (await presale.get(`/api/aftersale/cases?${query}`)).body.cases.map((c: { id: number }) => c.id);
    expect(await ids('trackingNo=ST5566778899')).toEqual([opened.id]);
    expect(await ids(`status=awaiting_return&buyerId=${encodeURIComponent('筛选买家')}`)).toEqual([opened.id]);
    expect(await ids(`orderNo=${shoes.orderNo}&active=true`)).toEqual([opened.id]);
    const me = opened.openedBy.id;
    expect(await ids(`agentId=${me}&orderNo=${shoes.orderNo}`)).toEqual([opened.id]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(await ids(`from=${today}&to=${today}&orderNo=${shoes.orderNo}`)).toEqual([opened.id]);
    expect(await ids(`from=2020-01-01&to=2020-01-02&orderNo=${shoes.orderNo}`)).toEqual([]);
    expect((await presale.get('/api/aftersale/cases?from=yesterday')).status).toBe(400);

    // The same filters as CSV: UTF-8 with a BOM so spreadsheets open the Chinese.
    const csv = await fetch(`${server.baseUrl}/api/aftersale/cases/export.csv?trackingNo=ST5566778899`, { headers: { cookie: presale.cookie } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toMatch(/^编号,类型,状态,订单号,买家,原因/);
    expect(lines[1]).toMatch(new RegExp(`^${opened.id},退货,等待退回,${shoes.orderNo},筛选买家,退货,否,,买家,.*申通快递,ST5566778899,刘洋 `));
    expect(lines).toHaveLength(3);

    // The printable registry: the paper form's columns with the signature column, the case in it.
    const printed = await fetch(`${server.baseUrl}/api/aftersale/cases/print?trackingNo=ST5566778899`, { headers: { cookie: presale.cookie } });
    expect(printed.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await printed.text();
    expect(html).toContain('<th>签字（姓名、日期）</th>');
    expect(html).toContain(`<tr data-case="${opened.id}">`);
    expect(html).not.toContain('<script');
  });
});
