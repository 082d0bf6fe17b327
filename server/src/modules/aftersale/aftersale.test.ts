import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { connected, nextEvent, socketOf } from '../chat/chat.fixtures.ts';
import { orderAt } from '../orders/orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let aftersale: TestClient;
let presale: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, aftersale, presale] = (await Promise.all(['supervisor', 'aftersale1', 'presale1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

async function snapshot() {
  const [cases] = await server.db.query('SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS v FROM after_sale_case');
  const [audits] = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'aftersale.%'");
  return { cases: Number(cases.n), versions: Number(cases.v), audits: Number(audits.n) };
}

const order = (buyerId: string, status: OrderStatus) => orderAt({ writer: supervisor }, buyerId, status);

describe('opening a case', () => {
  it('after-sale opens a return on a delivered order: who, when, why; pre-sale sees it; staff are told', async () => {
    const delivered = await order('退货的买家', 'delivered');
    const socket = await connected(socketOf(server.baseUrl, presale.cookie));
    const told = nextEvent(socket, 'aftersale:changed');
    const reply = await aftersale.post('/api/aftersale/cases', { orderNo: delivered.orderNo, kind: 'return', reason: '左脚鞋面开胶，照片已收到' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      orderNo: delivered.orderNo,
      buyerId: '退货的买家',
      kind: 'return',
      status: 'open',
      reason: '左脚鞋面开胶，照片已收到',
      openedBy: { displayName: '刘洋' },
      closedBy: null,
      version: 1,
    });
    expect(await told).toEqual({ id: reply.body.id, orderNo: delivered.orderNo, buyerId: '退货的买家', status: 'open', version: 1 });
    const listed = (await presale.get(`/api/aftersale/cases?buyerId=${encodeURIComponent('退货的买家')}`)).body;
    expect(listed.cases).toEqual([reply.body]);
    socket.close();
  });

  it('one open case per order: a second is a 409 naming the first, even when two agents open at once', async () => {
    const shipped = await order('twice', 'shipped');
    const replies = await Promise.all([
      aftersale.post('/api/aftersale/cases', { orderNo: shipped.orderNo, kind: 'recall', reason: '买家拒收，召回' }),
      supervisor.post('/api/aftersale/cases', { orderNo: shipped.orderNo, kind: 'recall', reason: '买家不要了' }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    const first = replies.find((r) => r.status === 201)!.body;
    const before = await snapshot();
    const again = await aftersale.post('/api/aftersale/cases', { orderNo: shipped.orderNo, kind: 'return', reason: '又来' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`Order ${shipped.orderNo} already has an open case (#${first.id}, recall)`);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a return on an order not shipped', 'packed', 'return', 409, /has not shipped/],
    ['an exchange on an order not shipped', 'paid', 'exchange', 409, /has not shipped/],
    ['a recall of a delivered parcel', 'delivered', 'recall', 409, /was delivered: a parcel that arrived is a return/],
    ['a refund of an order never paid', 'unpaid', 'refund', 409, /was never paid/],
  ])('%s is refused and nothing is written', async (_name, status, kind, code, message) => {
    const target = await order(`refused-${status}`, status as OrderStatus);
    const before = await snapshot();
    const reply = await aftersale.post('/api/aftersale/cases', { orderNo: target.orderNo, kind, reason: '测试' });
    expect(reply.status).toBe(code);
    expect(reply.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['an unknown kind', { kind: 'swap' }, 400, /kind: kind must be one of return, exchange, refund, recall, quality, difficult/],
    ['no reason', { reason: '  ' }, 400, /reason: reason must not be empty/],
    ['an unknown order', { orderNo: 'NOSUCHORDER9' }, 404, /No order NOSUCHORDER9/],
  ])('%s is refused and nothing is written', async (_name, change, code, message) => {
    const before = await snapshot();
    const reply = await aftersale.post('/api/aftersale/cases', { orderNo: 'NOSUCHORDER9', kind: 'refund', reason: '退款', ...change });
    expect(reply.status).toBe(code);
    expect(reply.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('a refund of a paid order cancelled before shipping is allowed (after-sale refunds it)', async () => {
    const cancelled = await order('cancelled-buyer', 'cancelled');
    expect((await aftersale.post('/api/aftersale/cases', { orderNo: cancelled.orderNo, kind: 'refund', reason: '付款后取消' })).status).toBe(201);
  });
});

describe('closing a case', () => {
  it('with how it ended; then the order may have a new case; a stale or second close is a 409', async () => {
    const delivered = await order('closer', 'delivered');
    const opened = (await aftersale.post('/api/aftersale/cases', { orderNo: delivered.orderNo, kind: 'exchange', reason: '换大一码' })).body;
    const stale = await aftersale.post(`/api/aftersale/cases/${opened.id}/close`, { version: opened.version + 1, note: '已换货' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/was changed since you opened it/);
    const closed = await aftersale.post(`/api/aftersale/cases/${opened.id}/close`, { version: opened.version, note: '换货已发出' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeNote: '换货已发出', closedBy: { displayName: '刘洋' }, version: 2 });
    expect(closed.body.closedAt).not.toBeNull();
    const twice = await aftersale.post(`/api/aftersale/cases/${opened.id}/close`, { version: 2, note: '再关' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ message: `Case #${opened.id} is closed: close is not the next step`, details: { reason: 'case_wrong_state', status: 'closed' } });
    expect((await aftersale.post('/api/aftersale/cases', { orderNo: delivered.orderNo, kind: 'return', reason: '换的也不合适' })).status).toBe(201);
    const open = (await aftersale.get(`/api/aftersale/cases?orderNo=${delivered.orderNo}&status=open`)).body.cases;
    expect(open).toHaveLength(1);
    expect((await aftersale.get(`/api/aftersale/cases?orderNo=${delivered.orderNo}`)).body.cases).toHaveLength(2);
    const audits = await server.db.query("SELECT action FROM audit_log WHERE action LIKE 'aftersale.%' AND entity_id = ?", [String(opened.id)]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['aftersale.open', 'aftersale.closed']);
  });

  it('an unknown case is a 404', async () => {
    expect((await aftersale.post('/api/aftersale/cases/999999/close', { version: 1, note: '无' })).status).toBe(404);
  });
});
