import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { connected, nextEvent, socketOf } from '../chat/chat.fixtures.ts';
import { orderAt, RECEIVER } from './orders.fixtures.ts';
import { g12Detector } from './orders.detectors.ts';
import { appDetectors } from '../../detectors.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let printer: TestClient;
let clerk: TestClient;
let presaleId: number;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, presale, printer, clerk] = (await Promise.all(['supervisor', 'presale1', 'printer1', 'warehouse1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient, TestClient, TestClient];
  presaleId = (await presale.get('/api/auth/me')).body.user.id;
});

afterAll(async () => {
  await server?.close();
});

describe('requests to the warehouse (仓库)', () => {
  it('carries the buyer ID, receiver, address and order from the order, signed and dated; one clerk claims, replies, the agent hears it', async () => {
    const order = await orderAt({ writer: supervisor }, '急单买家', 'paid', { receiver: RECEIVER });
    const before = Date.now();
    const asked = await presale.post(`/api/orders/${order.orderNo}/warehouse-requests`, { kind: 'stock_check', detail: '黑色38码，客户急要', urgent: true });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ audience: 'warehouse', kind: 'stock_check', status: 'open', urgent: true, orderNo: order.orderNo, buyerId: '急单买家', requestedBy: { id: presaleId, displayName: '李娜' } });
    expect(asked.body.summary).toBe(`请确认库存：黑色38码，客户急要｜买家ID：急单买家；收货人：张三；收货地址：浙江省杭州市西湖区文三路100号；订单号：${order.orderNo}`);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: server.config.shopTz }).format(new Date(before)).replaceAll('-', '.');
    expect(asked.body.noteText).toBe(`${asked.body.summary}---${day} 李娜`);

    // The clerk sees it in their own list (and only warehouse work there); the printers do not act on it.
    const mine = (await clerk.get('/api/alerts?status=open&audience=warehouse')).body.alerts;
    expect(mine.map((a: { id: number }) => a.id)).toContain(asked.body.id);
    expect(mine.every((a: { audience: string }) => a.audience === 'warehouse')).toBe(true);
    expect((await printer.post(`/api/alerts/${asked.body.id}/claim`, {})).status).toBe(403);
    expect((await presale.post(`/api/alerts/${asked.body.id}/claim`, {})).status).toBe(403);

    expect((await clerk.post(`/api/alerts/${asked.body.id}/claim`, {})).status).toBe(200);
    const socket = await connected(socketOf(server.baseUrl, presale.cookie));
    const told = nextEvent(socket, 'alert:changed');
    const done = await clerk.post(`/api/alerts/${asked.body.id}/done`, { reply: '有货，今天可发' });
    expect(done.status).toBe(200);
    expect((await told).alert).toMatchObject({ id: asked.body.id, status: 'done', reply: '有货，今天可发', doneBy: { displayName: '周强' }, wrongInfo: null });
    socket.close();
    const [row] = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'warehouse.request' AND entity_id = ?", [String(asked.body.id)]);
    expect(Number(row.n)).toBe(1);
  });

  it('refuses what does not fit the order, an order without a receiver, and bad input, writing nothing', async () => {
    const count = async () => Number((await server.db.query("SELECT COUNT(*) AS n FROM order_alert WHERE audience = 'warehouse'"))[0].n);
    const start = await count();
    const paid = await orderAt({ writer: supervisor }, '无收货人', 'paid');
    const noReceiver = await presale.post(`/api/orders/${paid.orderNo}/warehouse-requests`, { kind: 'stock_check' });
    expect(noReceiver.status).toBe(409);
    expect(noReceiver.body.error.details.reason).toBe('receiver_missing');
    const withReceiver = await orderAt({ writer: supervisor }, '收货人齐全', 'paid', { receiver: RECEIVER });
    const wrongKind = await presale.post(`/api/orders/${withReceiver.orderNo}/warehouse-requests`, { kind: 'fetch_parcel' });
    expect(wrongKind.status).toBe(409);
    expect(wrongKind.body.error.details).toMatchObject({ reason: 'request_not_for_status', kind: 'fetch_parcel', status: 'paid' });
    expect((await presale.post(`/api/orders/${withReceiver.orderNo}/warehouse-requests`, { kind: 'teleport' })).status).toBe(400);
    // the signature and date are the console's, never the caller's
    expect((await presale.post(`/api/orders/${withReceiver.orderNo}/warehouse-requests`, { kind: 'stock_check', noteText: '---2020.01.01 别人' })).status).toBe(400);
    expect((await presale.post(`/api/orders/NOPE404/warehouse-requests`, { kind: 'stock_check' })).status).toBe(404);
    expect((await printer.post(`/api/orders/${withReceiver.orderNo}/warehouse-requests`, { kind: 'stock_check' })).status).toBe(403);
    expect(await count()).toBe(start);
  });

  it('a clerk marks wrong information; the supervisor is offered G12 for the asker with the request as evidence, once', async () => {
    const order = await orderAt({ writer: supervisor }, '找包裹买家', 'shipped', { receiver: RECEIVER });
    const asked = await presale.post(`/api/orders/${order.orderNo}/warehouse-requests`, { kind: 'find_parcel', detail: '买家说没收到' });
    expect(asked.status).toBe(201);
    await clerk.post(`/api/alerts/${asked.body.id}/claim`, {});
    const done = await clerk.post(`/api/alerts/${asked.body.id}/done`, { reply: '包裹已发出，不在仓库', wrongInfo: '地址写的是旧地址' });
    expect(done.status).toBe(200);
    expect(done.body.wrongInfo).toBe('地址写的是旧地址');

    // A printer's alert cannot be marked so.
    const printerAlert = await server.db.transaction(async (tx) =>
      server.app.alerts.raise(tx, { orderId: Number((await tx.query('SELECT id FROM shop_order WHERE order_no = ?', [order.orderNo]))[0].id), orderNo: order.orderNo, buyerId: '找包裹买家', changeId: null, audience: 'printer', kind: 'change', summary: '客户要求发顺丰', noteText: null, urgent: false, requestedBy: presaleId, createdAt: new Date() }),
    );
    await printer.post(`/api/alerts/${printerAlert}/claim`, {});
    const refused = await printer.post(`/api/alerts/${printerAlert}/done`, { reply: '好', wrongInfo: '不对' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.reason).toBe('wrong_info_not_warehouse');

    const tz = server.config.shopTz;
    const month = scoringMonth(new Date(), tz);
    const found = await g12Detector.detect(server.db.manager, { month, ...monthBounds(month, tz), tz, now: new Date() });
    expect(found.map((p) => [p.rule, p.staffId, p.evidence])).toEqual([['G12', presaleId, [{ kind: 'alert', id: String(asked.body.id) }]]]);
    expect(found[0]!.note).toContain('地址写的是旧地址');
    expect(appDetectors().list()).toContain(g12Detector);
  });
});
