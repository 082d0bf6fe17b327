import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { connected, nextEvent, socketOf } from '../chat/chat.fixtures.ts';
import { orderAt } from '../orders/orders.fixtures.ts';
import { escalateAlert, flagOverdueAlerts } from './alerts.escalation.ts';
import { openWorkOn } from './alerts.repository.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let printer: TestClient;
let printer2: TestClient;
let presaleId: number;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, presale, printer] = (await Promise.all(['supervisor', 'presale1', 'printer1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient, TestClient];
  const created = await supervisor.post('/api/staff', { username: 'printer2', displayName: '吴刚', password: 'secret-pass', roles: ['printer'], baseWageFen: 300000 });
  expect(created.status).toBe(201);
  printer2 = await loggedIn(server.baseUrl, 'printer2', 'secret-pass');
  presaleId = (await presale.get('/api/auth/me')).body.user.id;
});

afterAll(async () => {
  await server?.close();
});

/** An alert to the printers on a fresh paid order, raised as the changes module does: in a transaction, then announced. */
async function raiseAlert(options: { urgent?: boolean } = {}) {
  const order = await orderAt({ writer: supervisor }, `alert-buyer-${Date.now()}`, 'paid');
  const [row] = await server.db.query('SELECT id FROM shop_order WHERE order_no = ?', [order.orderNo]);
  const id = await server.db.transaction((tx) =>
    server.app.alerts.raise(tx, {
      orderId: Number(row.id),
      orderNo: order.orderNo,
      buyerId: String(order.buyerId),
      changeId: null,
      audience: 'printer',
      kind: 'change',
      summary: '客户要求修改地址，新地址为：浙江省杭州市西湖区文三路100号',
      noteText: null,
      urgent: options.urgent ?? false,
      requestedBy: presaleId,
      createdAt: new Date(),
    }),
  );
  await server.app.alerts.raised([id]);
  return { id, orderNo: order.orderNo, orderId: Number(row.id) };
}

describe('the alert channel', () => {
  it('two printers claim at once: exactly one wins, the other is told who has it', async () => {
    const { id } = await raiseAlert();
    const replies = await Promise.all([printer, printer2].map((client) => client.post(`/api/alerts/${id}/claim`, {})));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = replies.find((r) => r.status === 200)!;
    const loser = replies.find((r) => r.status === 409)!;
    expect(loser.body.error.details.claimedBy).toEqual(winner.body.claimedBy);
    expect(['孙磊', '吴刚']).toContain(winner.body.claimedBy.displayName);
    const [audits] = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'alert.claim' AND entity_id = ?", [String(id)]);
    expect(Number(audits.n)).toBe(1);
  });

  it('done needs a reply, only from the claimer; the reply reaches the asking agent live', async () => {
    const { id } = await raiseAlert();
    expect((await printer.post(`/api/alerts/${id}/done`, { reply: '已处理' })).status).toBe(409); // not claimed yet
    expect((await printer.post(`/api/alerts/${id}/claim`, {})).status).toBe(200);
    const noReply = await printer.post(`/api/alerts/${id}/done`, {});
    expect(noReply.status).toBe(400);
    expect(noReply.body.error.message).toMatch(/reply is required/);
    expect((await printer2.post(`/api/alerts/${id}/done`, { reply: '我来' })).status).toBe(409);
    expect((await presale.post(`/api/alerts/${id}/done`, { reply: '我来' })).status).toBe(403);
    const socket = await connected(socketOf(server.baseUrl, presale.cookie));
    const told = nextEvent(socket, 'alert:changed');
    const done = await printer.post(`/api/alerts/${id}/done`, { reply: '已在E店宝修改妥当' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', reply: '已在E店宝修改妥当', doneBy: { displayName: '孙磊' } });
    expect((await told).alert).toMatchObject({ id, status: 'done', reply: '已在E店宝修改妥当' });
    socket.close();
  });

  it('lists urgent alerts first, then the oldest; the asking agent sees their own', async () => {
    const first = await raiseAlert();
    const urgent = await raiseAlert({ urgent: true });
    const open = (await printer.get('/api/alerts?status=open')).body.alerts.map((a: { id: number }) => a.id);
    expect(open.indexOf(urgent.id)).toBeLessThan(open.indexOf(first.id));
    expect(open.indexOf(urgent.id)).toBe(0);
    const mine = (await presale.get('/api/alerts?status=open')).body.alerts.map((a: { id: number }) => a.id);
    expect(mine).toEqual(expect.arrayContaining([first.id, urgent.id]));
    expect((await printer.get('/api/alerts?status=lost')).status).toBe(400);
  });

  it('tells print batches which orders have unfinished work', async () => {
    const { id, orderId } = await raiseAlert();
    const free = await orderAt({ writer: supervisor }, 'free-buyer', 'paid');
    const [freeRow] = await server.db.query('SELECT id FROM shop_order WHERE order_no = ?', [free.orderNo]);
    expect(await openWorkOn(server.db.manager, [orderId, Number(freeRow.id)])).toEqual([expect.objectContaining({ orderId, alertId: id, status: 'open' })]);
    await printer.post(`/api/alerts/${id}/claim`, {});
    expect(await openWorkOn(server.db.manager, [orderId])).toEqual([expect.objectContaining({ alertId: id, status: 'claimed' })]);
    await printer.post(`/api/alerts/${id}/done`, { reply: '好的' });
    expect(await openWorkOn(server.db.manager, [orderId])).toEqual([]);
  });

  it('schedules its escalation once, after the configured delay', async () => {
    const { id } = await raiseAlert();
    const job = await server.app.alertsQueue.getJob(`alert-escalate-${id}`);
    expect(job?.data).toEqual({ alertId: id });
    expect(job?.opts.delay).toBe(server.config.alertEscalateMinutes * 60_000);
  });

  it('an unclaimed alert escalates to the supervisor once, however often the job runs; a claimed one does not', async () => {
    const { id, orderNo } = await raiseAlert();
    const later = new Date(Date.now() + 10 * 60_000);
    const first = await escalateAlert(server.db, id, later);
    expect(first.alerts.map((a) => a.escalatedAt)).toEqual([later]);
    expect(first.notifications.map((n) => [n.kind, n.payload.orderNo])).toEqual([['alert.escalated', orderNo]]);
    expect((await escalateAlert(server.db, id, later)).notifications).toEqual([]); // a retried job counts once
    const seen = (await supervisor.get('/api/alerts?status=open')).body.alerts.find((a: { id: number }) => a.id === id);
    expect(seen.escalatedAt).toBe(later.toISOString());

    const claimed = await raiseAlert();
    await printer.post(`/api/alerts/${claimed.id}/claim`, {});
    expect((await escalateAlert(server.db, claimed.id, later)).alerts).toEqual([]);
  });

  it('at the end of the printers’ day a claimed alert not done is flagged once, and its printer told', async () => {
    const { id } = await raiseAlert();
    await printer2.post(`/api/alerts/${id}/claim`, {});
    const evening = new Date(Date.now() + 60_000);
    const flagged = await flagOverdueAlerts(server.db, evening);
    expect(flagged.alerts.map((a) => a.id)).toContain(id);
    const toPrinter = flagged.notifications.filter((n) => n.payload.alertId === id && n.kind === 'alert.overdue');
    expect(toPrinter.length).toBe(2); // the supervisor and the printer
    expect((await flagOverdueAlerts(server.db, evening)).alerts.map((a) => a.id)).not.toContain(id);
  });
});
