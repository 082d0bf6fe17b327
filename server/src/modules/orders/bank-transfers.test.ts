import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { TINY_PNG } from '../chat/chat.fixtures.ts';
import { orderAt } from './orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let printer: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, presale, printer] = (await Promise.all(['supervisor', 'presale1', 'printer1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

const proof = (client: TestClient, id: number, bytes: Buffer | string = TINY_PNG) => client.request('POST', `/api/bank-transfers/${id}/proof`, undefined, { raw: bytes as unknown as string, contentType: 'application/octet-stream' });
const transferredAt = () => new Date(Date.now() - 30 * 60_000).toISOString();

describe('the bank-transfer register (银行转账明细表)', () => {
  it('pre-sale enters a transfer in fen with its proof; the supervisor confirms and the order is paid in the same step; all audited', async () => {
    const order = await orderAt({ writer: presale }, '转账买家', 'unpaid');
    const entered = await presale.post(`/api/orders/${order.orderNo}/bank-transfers`, { payer: '王小明', amountFen: 29_900, transferredAt: transferredAt() });
    expect(entered.status, JSON.stringify(entered.body)).toBe(201);
    expect(entered.body).toMatchObject({ orderNo: order.orderNo, buyerId: '转账买家', payer: '王小明', amountFen: 29_900, orderTotalFen: 29_900, status: 'pending', hasProof: false, enteredBy: { displayName: '李娜' }, settledBy: null });

    // Listed as pending until settled; confirming needs the proof first.
    expect((await presale.get('/api/bank-transfers')).body.transfers.map((t: { id: number }) => t.id)).toContain(entered.body.id);
    const noProof = await supervisor.post(`/api/bank-transfers/${entered.body.id}/confirm`, { version: entered.body.version });
    expect(noProof.status).toBe(409);
    expect(noProof.body.error.details.reason).toBe('transfer_no_proof');
    expect((await proof(presale, entered.body.id, 'not an image')).status).toBe(400);
    const withProof = await proof(presale, entered.body.id);
    expect(withProof.status, JSON.stringify(withProof.body)).toBe(200);
    expect(withProof.body.hasProof).toBe(true);
    const image = await supervisor.get(`/api/bank-transfers/${entered.body.id}/proof`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');

    // Only the supervisor confirms, and only the version seen.
    expect((await presale.post(`/api/bank-transfers/${entered.body.id}/confirm`, { version: withProof.body.version })).status).toBe(403);
    expect((await supervisor.post(`/api/bank-transfers/${entered.body.id}/confirm`, { version: entered.body.version })).status).toBe(409);
    const confirmed = await supervisor.post(`/api/bank-transfers/${entered.body.id}/confirm`, { version: withProof.body.version });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', settledBy: { displayName: '王芳' }, orderStatus: 'paid' });
    const paid = (await supervisor.get(`/api/orders/${order.orderNo}`)).body;
    expect(paid.status).toBe('paid');
    expect(paid.history.at(-1)).toMatchObject({ from: 'unpaid', to: 'paid' });

    // Settled for good; the list moves it to confirmed.
    const again = await supervisor.post(`/api/bank-transfers/${entered.body.id}/cancel`, { version: confirmed.body.version, reason: '重复' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('transfer_settled');
    expect((await presale.get('/api/bank-transfers')).body.transfers.map((t: { id: number }) => t.id)).not.toContain(entered.body.id);
    expect((await presale.get('/api/bank-transfers?status=confirmed')).body.transfers[0].id).toBe(entered.body.id);
    const actions = (await server.db.query('SELECT action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id', ['bank_transfer', String(entered.body.id)])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['transfer.enter', 'transfer.proof', 'transfer.confirm']);
  });

  it('one pending transfer per order, unpaid orders only; cancelled with a reason; bad input writes nothing', async () => {
    const count = async () => Number((await server.db.query('SELECT COUNT(*) AS n FROM bank_transfer'))[0].n);
    const order = await orderAt({ writer: presale }, '转账买家二', 'unpaid');
    const first = await presale.post(`/api/orders/${order.orderNo}/bank-transfers`, { payer: '赵六', amountFen: 10_000, transferredAt: transferredAt() });
    expect(first.status).toBe(201);
    const start = await count();
    const second = await presale.post(`/api/orders/${order.orderNo}/bank-transfers`, { payer: '赵六', amountFen: 10_000, transferredAt: transferredAt() });
    expect(second.status).toBe(409);
    expect(second.body.error.details).toMatchObject({ reason: 'transfer_pending', transferId: first.body.id });
    const paidOrder = await orderAt({ writer: presale }, '已付款买家', 'paid');
    const onPaid = await presale.post(`/api/orders/${paidOrder.orderNo}/bank-transfers`, { payer: '赵六', amountFen: 10_000, transferredAt: transferredAt() });
    expect(onPaid.status).toBe(409);
    expect(onPaid.body.error.details).toMatchObject({ reason: 'transfer_order_not_unpaid', orderStatus: 'paid' });
    for (const bad of [{ payer: '赵六', amountFen: 99.5, transferredAt: transferredAt() }, { payer: '赵六', amountFen: 0, transferredAt: transferredAt() }, { payer: '', amountFen: 100, transferredAt: transferredAt() }, { payer: '赵六', amountFen: 100, transferredAt: new Date(Date.now() + 3_600_000).toISOString() }]) {
      expect((await presale.post(`/api/orders/${order.orderNo}/bank-transfers`, bad)).status).toBe(400);
    }
    expect((await printer.post(`/api/orders/${order.orderNo}/bank-transfers`, { payer: '赵六', amountFen: 100, transferredAt: transferredAt() })).status).toBe(403);
    expect(await count()).toBe(start);

    expect((await presale.post(`/api/bank-transfers/${first.body.id}/cancel`, { version: first.body.version })).status).toBe(400);
    const cancelled = await presale.post(`/api/bank-transfers/${first.body.id}/cancel`, { version: first.body.version, reason: '买家改用支付宝付款' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '买家改用支付宝付款', settledBy: { displayName: '李娜' } });
    expect((await supervisor.get(`/api/orders/${order.orderNo}`)).body.status).toBe('unpaid');
    // A new transfer may be entered once the old one is settled.
    expect((await presale.post(`/api/orders/${order.orderNo}/bank-transfers`, { payer: '赵六', amountFen: 10_000, transferredAt: transferredAt() })).status).toBe(201);
  });
});
