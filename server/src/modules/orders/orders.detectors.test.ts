import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { monthBounds, scoringMonth, shopDay } from '@kefu/shared/domain/scoring/month';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import type { Detector } from '../scoring/scoring.detectors.ts';
import { flagOverdueAlerts } from '../alerts/alerts.escalation.ts';
import { agentOnline, buyerSocket, clientId, startBuyer, type Agent } from '../chat/chat.fixtures.ts';
import { orderAt, orderNo, RECEIVER, SHOE } from './orders.fixtures.ts';
import { p02Detector, p04Detector, r01Detector, r02Detector, r03Detector } from './orders.detectors.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let printer: TestClient;
let printerId: number;
let presaleId: number;
let agent: Agent;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000' }), serveClient: false });
  [supervisor, printer] = (await Promise.all(['supervisor', 'printer1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient];
  agent = await agentOnline(server.baseUrl, 'presale1', async () => (await server.db.query(`SELECT status FROM agent_presence WHERE status = 'online'`)).length === 1);
  presale = agent.client;
  presaleId = agent.id;
  printerId = (await printer.get('/api/auth/me')).body.user.id;
});

afterAll(async () => {
  for (const socket of [...sockets, agent?.socket]) socket?.close();
  await server?.close();
});

/** What a detector proposes for the month of `at`, as the settlement would ask it. */
async function detect(detector: Detector, at = new Date()) {
  const tz = server.config.shopTz;
  const month = scoringMonth(at, tz);
  return detector.detect(server.db.manager, { month, ...monthBounds(month, tz), tz, now: new Date() });
}
const about = (orderNo: string) => (p: { evidence: Array<{ kind: string; id: string }> }) => p.evidence.some((e) => e.kind === 'order' && e.id === orderNo);

async function confirmedChange(order: { orderNo: string; version: number }) {
  const reply = await presale.post(`/api/orders/${order.orderNo}/changes`, { kind: 'special', request: '发顺丰', version: order.version, buyerConfirmed: true });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  const [alert] = await server.db.query("SELECT id FROM order_alert WHERE change_id = ? AND audience = 'printer'", [reply.body.id]);
  return { change: reply.body, alertId: Number(alert.id) };
}

describe('orders detectors, each on a small scenario', () => {
  it('R01: paid in stock before 16:00 and not printed that day → the printers on that day’s published roster (without one: every active printer), once per day; printed in time or handmade → nothing', async () => {
    expect(server.config.shopTz).toBe('Asia/Shanghai');
    const yesterday = shopDay(new Date(Date.now() - 86_400_000), server.config.shopTz);
    const paidAt = new Date(`${yesterday}T10:00:00+08:00`).toISOString();
    const create = async (items: unknown[]) => {
      const reply = await presale.post('/api/orders', { orderNo: orderNo('R'), buyerId: 'r01-buyer', items, status: 'paid', placedAt: paidAt, paidAt });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body;
    };
    const late = await create([SHOE]);
    const handmade = await create([{ ...SHOE, title: '全羊毛手工鞋' }]);
    const onTime = await create([SHOE]);
    expect((await printer.post(`/api/orders/${onTime.orderNo}/moves`, { to: 'printed', version: onTime.version })).status).toBe(200);
    await server.db.query("UPDATE shop_order_event SET at = ? WHERE to_status = 'printed' AND order_id = (SELECT id FROM shop_order WHERE order_no = ?)", [new Date(`${yesterday}T14:00:00+08:00`), onTime.orderNo]);

    const found = await detect(r01Detector, new Date(paidAt));
    const printers = (await server.db.query("SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.active = 1 AND r.role = 'printer' ORDER BY s.id")).map((r: { id: number }) => Number(r.id));
    await server.db.query('DELETE FROM roster_month WHERE month = ?', [yesterday.slice(0, 7)]);
    const unrostered = (await detect(r01Detector, new Date(paidAt))).filter(about(late.orderNo));
    expect(unrostered.map((p) => p.staffId).sort()).toEqual(printers); // no published roster: every active printer
    expect(unrostered[0]!.rule).toBe('R01');
    expect(unrostered[0]!.note).toContain('没有已发布的排班表');
    expect(found.some(about(handmade.orderNo))).toBe(false);
    expect(found.some(about(onTime.orderNo))).toBe(false);

    // With the month's roster published: only the printers on duty that day.
    expect((await supervisor.post('/api/staff', { username: 'printer9', displayName: '吴刚', password: 'secret-pass', roles: ['printer'], baseWageFen: 300000 })).status).toBe(201);
    const [template] = await server.db.query("SELECT id FROM shift_template WHERE code = 'printing-early'");
    await server.db.query("INSERT INTO roster_month (month, status, version, published_at, published_by, updated_by, updated_at) VALUES (?, 'published', 2, ?, ?, ?, ?)", [yesterday.slice(0, 7), new Date(), printerId, printerId, new Date()]);
    // A shift keeps its own times (docs/roster.md): copied from the template as the roster does.
    await server.db.query(
      'INSERT INTO roster_assignment (month, day, staff_id, role, template_id, segments) SELECT ?, ?, ?, ?, id, segments FROM shift_template WHERE id = ?',
      [yesterday.slice(0, 7), yesterday, printerId, 'printer', template.id],
    );
    const rostered = (await detect(r01Detector, new Date(paidAt))).filter(about(late.orderNo));
    expect(rostered.map((p) => [p.rule, p.staffId])).toEqual([['R01', printerId]]);
    expect(rostered[0]!.note).toContain('按排班表');
    // A published roster also decides chat routing (only agents on shift): leave none behind for the next scenarios.
    await server.db.query('DELETE FROM roster_assignment WHERE month = ?', [yesterday.slice(0, 7)]);
    await server.db.query('DELETE FROM roster_month WHERE month = ?', [yesterday.slice(0, 7)]);
  });

  it('R02: an order printed while an alert on it was open → the printer who printed it; after the reply → nothing', async () => {
    const order = await orderAt({ writer: presale }, 'r02-buyer', 'paid', { receiver: RECEIVER });
    const { alertId } = await confirmedChange(order);
    const current = (await printer.get(`/api/orders/${order.orderNo}`)).body;
    expect((await printer.post(`/api/orders/${order.orderNo}/moves`, { to: 'printed', version: current.version })).status).toBe(200); // a move, not a batch: not refused

    const handled = await orderAt({ writer: presale }, 'r02-careful', 'paid', { receiver: RECEIVER });
    const second = await confirmedChange(handled);
    await printer.post(`/api/alerts/${second.alertId}/claim`, {});
    expect((await printer.post(`/api/alerts/${second.alertId}/done`, { reply: '已改顺丰' })).status).toBe(200);
    expect((await printer.post('/api/print/batches', { orderNos: [handled.orderNo] })).status).toBe(201);

    const found = await detect(r02Detector);
    expect(found.filter(about(order.orderNo)).map((p) => [p.rule, p.staffId, p.evidence])).toEqual([['R02', printerId, [{ kind: 'order', id: order.orderNo }, { kind: 'alert', id: String(alertId) }]]]);
    expect(found.some(about(handled.orderNo))).toBe(false);
  });

  it('R03: an alert still claimed at the end of the day, or done without a reply → its printer', async () => {
    const flagged = await confirmedChange(await orderAt({ writer: presale }, 'r03-buyer', 'paid', { receiver: RECEIVER }));
    await printer.post(`/api/alerts/${flagged.alertId}/claim`, {});
    await flagOverdueAlerts(server.db, new Date());
    const silent = await confirmedChange(await orderAt({ writer: presale }, 'r03-silent', 'paid', { receiver: RECEIVER }));
    await printer.post(`/api/alerts/${silent.alertId}/claim`, {});
    await printer.post(`/api/alerts/${silent.alertId}/done`, { reply: '好' });
    await server.db.query("UPDATE order_alert SET reply = '' WHERE id = ?", [silent.alertId]); // a reply lost (records from before the rule)
    const replied = await confirmedChange(await orderAt({ writer: presale }, 'r03-ok', 'paid', { receiver: RECEIVER }));
    await printer.post(`/api/alerts/${replied.alertId}/claim`, {});
    await printer.post(`/api/alerts/${replied.alertId}/done`, { reply: '已处理' });

    const found = await detect(r03Detector);
    const byAlert = (id: number) => found.filter((p) => p.evidence.some((e) => e.kind === 'alert' && e.id === String(id)));
    expect(byAlert(flagged.alertId).map((p) => [p.rule, p.staffId])).toEqual([['R03', printerId]]);
    expect(byAlert(silent.alertId).map((p) => [p.rule, p.staffId])).toEqual([['R03', printerId]]);
    expect(byAlert(replied.alertId)).toEqual([]);
  });

  it('P02: a note written but the printers never told, and the order then printed → the agent', async () => {
    const order = await orderAt({ writer: presale }, 'p02-buyer', 'paid', { receiver: RECEIVER });
    const note = await presale.post(`/api/orders/${order.orderNo}/notes`, { kind: 'special', request: '发顺丰' });
    expect(note.status).toBe(201);
    expect((await printer.post('/api/print/batches', { orderNos: [order.orderNo] })).status).toBe(201);
    const told = await orderAt({ writer: presale }, 'p02-told', 'paid', { receiver: RECEIVER });
    const { alertId } = await confirmedChange(told);
    await printer.post(`/api/alerts/${alertId}/claim`, {});
    await printer.post(`/api/alerts/${alertId}/done`, { reply: '已改' });
    expect((await printer.post('/api/print/batches', { orderNos: [told.orderNo] })).status).toBe(201);

    const found = await detect(p02Detector);
    expect(found.filter(about(order.orderNo)).map((p) => [p.rule, p.staffId, p.evidence])).toEqual([['P02', presaleId, [{ kind: 'order', id: order.orderNo }, { kind: 'note', id: String(note.body.id) }]]]);
    expect(found.some(about(told.orderNo))).toBe(false);
  });

  it('P04: an imported note without a signature → the agent of that buyer’s chat; a signed one → nothing; through the registry, proposed once', async () => {
    const buyer = await startBuyer(server.baseUrl, 'p04-buyer');
    const socket = await buyerSocket(buyer);
    sockets.push(socket);
    await socket.emitWithAck('message:send', { clientId: clientId(), text: '帮我改发顺丰' });
    const [conversation] = await server.db.query("SELECT id, agent_id FROM chat_conversation WHERE buyer_id = 'p04-buyer'");
    expect(Number(conversation.agent_id)).toBe(presaleId);
    const [unsigned, signed] = [orderNo('P'), orderNo('P')];
    const item = { title: '真皮休闲鞋', quantity: 1, priceFen: 29_900 };
    const imported = await supervisor.post('/api/orders/import', [
      { orderNo: unsigned, buyerId: 'p04-buyer', status: 'paid', paidAt: new Date().toISOString(), items: [item], sellerNote: '客户要求发顺丰' },
      { orderNo: signed, buyerId: 'p04-buyer', status: 'paid', paidAt: new Date().toISOString(), items: [item], sellerNote: '客户要求发顺丰---2026.11.01 李娜' },
    ]);
    expect(imported.body).toMatchObject({ created: 2, errors: [] });

    const found = await detect(p04Detector);
    expect(found.filter(about(unsigned)).map((p) => [p.rule, p.staffId, p.evidence.find((e) => e.kind === 'chat')])).toEqual([['P04', presaleId, { kind: 'chat', id: String(conversation.id) }]]);
    expect(found.some(about(signed))).toBe(false);

    for (const detector of [r01Detector, r02Detector, r03Detector, p02Detector, p04Detector]) expect(appDetectors().list()).toContain(detector);
    const tz = server.config.shopTz;
    const deps = { db: server.db, detectors: appDetectors(), tz, clock: () => new Date(), log: createLogger('test', 'silent') };
    const month = scoringMonth(new Date(), tz);
    expect(await runDetectors(deps, month)).toBeGreaterThan(0);
    expect(await runDetectors(deps, month)).toBe(0);
    const [row] = await server.db.query("SELECT COUNT(*) AS n FROM ledger_entry WHERE rule = 'P04' AND staff_id = ?", [presaleId]);
    expect(Number(row.n)).toBeGreaterThanOrEqual(1);
  });
});
