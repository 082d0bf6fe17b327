import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { noteDate } from '@kefu/shared/domain/orders/notes';
import { scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import { agentOnline, buyerSocket, clientId, startBuyer, type Agent } from '../chat/chat.fixtures.ts';
import { orderAt } from '../orders/orders.fixtures.ts';
import { a10Detector, r04Detector } from './exchanges.detectors.ts';

const HOUR = 3_600_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let server: TestServer;
let supervisor: TestClient;
let warehouse: TestClient;
let printer: TestClient;
let agent: Agent;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock });
  [supervisor, printer] = (await Promise.all(['supervisor', 'printer1'].map((u) => loggedIn(server.baseUrl, u)))) as [TestClient, TestClient];
  await supervisor.post('/api/staff', { username: 'warehouse9', displayName: '周仓', password: 'password1', roles: ['warehouse'], baseWageFen: 300000 });
  warehouse = await loggedIn(server.baseUrl, 'warehouse9', 'password1');
  agent = await agentOnline(server.baseUrl, 'aftersale1', async () => (await server.db.query(`SELECT status FROM agent_presence WHERE status = 'online'`)).length === 1);
});

afterAll(async () => {
  for (const socket of [...sockets, agent?.socket]) socket?.close();
  await server?.close();
});

/** An exchange whose return the warehouse received: the printers have the exchange-print alert. */
async function receivedExchange(buyerId: string, returnTracking: string): Promise<{ id: number; orderNo: string }> {
  const shoes = await orderAt({ writer: supervisor }, buyerId, 'delivered');
  const opened = (await agent.client.post('/api/aftersale/cases', { orderNo: shoes.orderNo, kind: 'exchange', reason: '偏小，换大一码', returnPostagePayer: 'buyer', wantedColor: '黑色', wantedSize: '39' })).body;
  const tracked = (await agent.client.post(`/api/aftersale/cases/${opened.id}/return-tracking`, { version: opened.version, courier: '中通快递', trackingNo: returnTracking })).body;
  const received = await warehouse.post(`/api/aftersale/cases/${opened.id}/received`, { version: tracked.version, result: 'passed', cardPresent: true });
  expect(received.status, JSON.stringify(received.body)).toBe(200);
  return { id: opened.id, orderNo: shoes.orderNo };
}

const detect = (month: string) => runDetectors({ db: server.db, detectors: appDetectors(), tz: server.config.shopTz, clock, log: createLogger('test', 'silent') }, month);
const proposed = async (rule: string) => (await server.db.query('SELECT staff_id, evidence FROM ledger_entry WHERE rule = ? ORDER BY id', [rule])) as Array<{ staff_id: number; evidence: string }>;

describe('an exchange shipped', () => {
  it('printed in the day batch, its number entered: the case records it, the order gets the note, the agent tells the buyer with one click; A10 and R04 only for the one late and untold', async () => {
    const exchange = await receivedExchange('换货告知买家', 'ZT7700110001');
    // The buyer asks in chat: an open case sends the chat to after-sale (刘洋, online).
    const buyer = await startBuyer(server.baseUrl, '换货告知买家', undefined, clock());
    const socket = await buyerSocket(buyer);
    sockets.push(socket);
    await socket.emitWithAck('message:send', { clientId: clientId(), text: '换货发了吗' });
    const listed = (await printer.get('/api/exchanges')).body.exchanges.find((e: { caseId: number }) => e.caseId === exchange.id);
    expect(listed).toMatchObject({ caseStatus: 'received', wanted: '黑色 39码', printed: null, shipped: null });

    const printed = (await printer.post(`/api/exchanges/${exchange.id}/printed`)).body.exchanges.find((e: { caseId: number }) => e.caseId === exchange.id);
    const today = noteDate(clock(), server.config.shopTz);
    expect(printed.batchLabel).toBe(`换货 ${today} 孙磊`);
    expect((await printer.post(`/api/exchanges/${exchange.id}/printed`)).body.error.details.reason).toBe('exchange_printed');

    const told = agent.client.get('/api/notifications');
    expect((await agent.client.post(`/api/exchanges/${exchange.id}/tell-buyer`)).body.error.details.reason).toBe('exchange_not_shipped');
    await told;
    const shipped = await printer.post(`/api/exchanges/${exchange.id}/shipped`, { courier: '中通快递', trackingNo: 'ZT9900110001' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    const row = shipped.body.exchanges.find((e: { caseId: number }) => e.caseId === exchange.id);
    expect(row).toMatchObject({ caseStatus: 'exchange_shipped', trackingNo: 'ZT9900110001', shipped: { by: { displayName: '孙磊' } }, told: null, followUpDue: false });
    const theCase = (await agent.client.get(`/api/aftersale/cases/${exchange.id}`)).body.case;
    expect(theCase).toMatchObject({ status: 'exchange_shipped', exchangeTrackingNo: 'ZT9900110001' });
    const notes = (await agent.client.get(`/api/orders/${exchange.orderNo}/notes`)).body;
    expect(JSON.stringify(notes)).toContain(`换货已发出，单号为：ZT9900110001---${today} 孙磊`);
    expect(JSON.stringify((await agent.client.get('/api/notifications')).body)).toContain('exchange.shipped');

    const sent = await agent.client.post(`/api/exchanges/${exchange.id}/tell-buyer`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.exchanges.find((e: { caseId: number }) => e.caseId === exchange.id).told).toMatchObject({ by: { displayName: '刘洋' } });
    const messages = await server.db.query("SELECT body FROM chat_message WHERE sender = 'staff' AND body LIKE '%ZT9900110001%'");
    expect(messages).toHaveLength(1);
    // A second click sends nothing twice (the message's client id is the case's).
    expect((await agent.client.post(`/api/exchanges/${exchange.id}/tell-buyer`)).status).toBe(200);
    expect(await server.db.query("SELECT body FROM chat_message WHERE sender = 'staff' AND body LIKE '%ZT9900110001%'")).toHaveLength(1);

    // A second exchange: printed today, its number entered only tomorrow and never told.
    const late = await receivedExchange('换货迟录买家', 'ZT7700110002');
    await printer.post(`/api/exchanges/${late.id}/printed`);
    offset += 26 * HOUR;
    expect((await printer.post(`/api/exchanges/${late.id}/shipped`, { courier: '中通快递', trackingNo: 'ZT9900110002' })).status).toBe(200);
    offset += 26 * HOUR;
    // The follow-up of the first is due three days after shipping.
    offset += 24 * HOUR;
    const due = (await agent.client.get('/api/exchanges')).body.exchanges.find((e: { caseId: number }) => e.caseId === exchange.id);
    expect(due.followUpDue).toBe(true);
    const followed = await agent.client.post(`/api/exchanges/${exchange.id}/follow-up`, { note: '买家已收到换货，尺码合适' });
    expect(followed.body.exchanges.find((e: { caseId: number }) => e.caseId === exchange.id)).toMatchObject({ followUpDue: false, followUpNote: '买家已收到换货，尺码合适' });

    const ctx = (at: Date) => {
      const month = scoringMonth(at, server.config.shopTz);
      return month;
    };
    const months = [...new Set([ctx(new Date(Date.now())), ctx(clock())])];
    for (const month of months) await detect(month);
    const printerId = (await printer.get('/api/auth/me')).body.user.id;
    expect((await proposed('R04')).map((p) => [Number(p.staff_id), p.evidence])).toEqual([[printerId, JSON.stringify([{ kind: 'registry', id: `case:${late.id}` }])]]);
    expect((await proposed('A10')).map((p) => [Number(p.staff_id), p.evidence])).toEqual([[agent.id, JSON.stringify([{ kind: 'registry', id: `case:${late.id}` }])]]);
    expect(appDetectors().list()).toEqual(expect.arrayContaining([a10Detector, r04Detector]));
  });

  it('the exchange-print alert is answered by the printing itself (or by the number when the print was not recorded), with the reply in the order story', async () => {
    const alertOf = async (orderNo: string) => (await printer.get(`/api/alerts?status=done&orderNo=${orderNo}`)).body.alerts.find((a: { kind: string }) => a.kind === 'exchange_print');
    const openOf = async (orderNo: string) => (await printer.get(`/api/alerts?status=open&orderNo=${orderNo}`)).body.alerts.filter((a: { kind: string }) => a.kind === 'exchange_print');

    const printedFirst = await receivedExchange('换货自动结单一', 'ZT7700110011');
    expect(await openOf(printedFirst.orderNo)).toHaveLength(1);
    // The waybill to print: the receiver, the wanted item, the order's barcode; not yet in a batch.
    const single = await printer.get(`/api/exchanges/view?caseId=${printedFirst.id}`);
    expect(single.status).toBe(200);
    expect(single.headers.get('content-type')).toContain('text/html');
    expect(single.body).toContain('换货快递单');
    expect(single.body).toContain('黑色 39码');
    expect(single.body).toContain(`data-code="${printedFirst.orderNo}"`);
    expect(single.body).toContain('未打印');
    expect((await printer.post(`/api/exchanges/${printedFirst.id}/printed`)).status).toBe(200);
    expect(await openOf(printedFirst.orderNo)).toHaveLength(0);
    const today = noteDate(clock(), server.config.shopTz);
    expect(await alertOf(printedFirst.orderNo)).toMatchObject({ status: 'done', reply: `换货快递单已打印（换货 ${today} 孙磊）`, doneBy: { displayName: '孙磊' } });
    // The day's exchange batch: its clip label, then each waybill printed that day.
    const day = today.replaceAll('.', '-');
    const batch = await printer.get(`/api/exchanges/view?day=${day}&size=a4`);
    expect(batch.status).toBe(200);
    expect(batch.body).toContain(`换货 ${today} 孙磊`);
    expect(batch.body).toContain('data-testid="exchange-batch-label"');
    expect(batch.body).toContain(`data-case="${printedFirst.id}"`);
    expect(batch.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await printer.get(`/api/exchanges/view?day=${day}&caseId=${printedFirst.id}`)).status).toBe(400);
    expect((await warehouse.get(`/api/exchanges/view?day=${day}`)).status).toBe(403);
    expect(await server.db.query("SELECT id FROM audit_log WHERE action = 'exchange.view'")).toHaveLength(2);
    expect(JSON.stringify((await agent.client.get(`/api/orders/${printedFirst.orderNo}/notes`)).body)).toContain('换货快递单已打印');
    // Entering its number later closes nothing twice.
    expect((await printer.post(`/api/exchanges/${printedFirst.id}/shipped`, { courier: '中通快递', trackingNo: 'ZT9900110011' })).status).toBe(200);
    // Once its number is entered, the waybill's barcode is the exchange's own tracking number.
    expect((await printer.get(`/api/exchanges/view?caseId=${printedFirst.id}`)).body).toContain('data-code="ZT9900110011"');
    expect((await printer.get(`/api/alerts?status=done&orderNo=${printedFirst.orderNo}`)).body.alerts.filter((a: { kind: string }) => a.kind === 'exchange_print')).toHaveLength(1);

    // Claimed by a printer, shipped without the print being recorded: answered with the number.
    const claimedFirst = await receivedExchange('换货自动结单二', 'ZT7700110012');
    const [alert] = await openOf(claimedFirst.orderNo);
    expect((await printer.post(`/api/alerts/${alert.id}/claim`)).status).toBe(200);
    expect((await printer.post(`/api/exchanges/${claimedFirst.id}/shipped`, { courier: '中通快递', trackingNo: 'ZT9900110012' })).status).toBe(200);
    expect(await alertOf(claimedFirst.orderNo)).toMatchObject({ id: alert.id, status: 'done', reply: '换货已发出，单号为：ZT9900110012' });
    const audits = await server.db.query("SELECT actor_id FROM audit_log WHERE action = 'alert.done' AND entity_id = ?", [String(alert.id)]);
    expect(audits).toHaveLength(1);

    // The case page tells the whole story in one timeline: the case's steps, the alert and its
    // reply, the order's notes, oldest first.
    const story = (await agent.client.get(`/api/aftersale/cases/${claimedFirst.id}`)).body.story as Array<{ source: string; what: string; text: string | null; by: { displayName: string } | null; at: string }>;
    expect(story.map((l) => l.at)).toEqual([...story.map((l) => l.at)].sort());
    expect(story.filter((l) => l.source === 'case').map((l) => l.what)).toEqual(expect.arrayContaining(['opened', 'exchange_shipped']));
    expect(story).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'alert', what: 'exchange_print', text: expect.stringContaining('请打换货快递单') }),
        expect.objectContaining({ source: 'alert_done', what: 'exchange_print', text: '换货已发出，单号为：ZT9900110012', by: { id: expect.any(Number), displayName: '孙磊' } }),
        expect.objectContaining({ source: 'note', what: 'exchange_shipped', text: expect.stringContaining('换货已发出，单号为：ZT9900110012---') }),
      ]),
    );
    const alertLine = story.findIndex((l) => l.source === 'alert');
    const doneLine = story.findIndex((l) => l.source === 'alert_done');
    expect(alertLine).toBeLessThan(doneLine);
  });

  it('the one-click tell-buyer writes only in a chat that is the agent\'s now, else says why and nothing is sent', async () => {
    const exchange = await receivedExchange('换货会话不在手上', 'ZT7700110021');
    await printer.post(`/api/exchanges/${exchange.id}/shipped`, { courier: '中通快递', trackingNo: 'ZT9900110021' });
    const refused = async (client: TestClient) => (await client.post(`/api/exchanges/${exchange.id}/tell-buyer`)).body.error;
    // No chat at all.
    expect((await refused(agent.client)).details.reason).toBe('no_conversation');

    const buyer = await startBuyer(server.baseUrl, '换货会话不在手上', undefined, clock());
    const socket = await buyerSocket(buyer);
    sockets.push(socket);
    await socket.emitWithAck('message:send', { clientId: clientId(), text: '我的换货呢' });
    const mine = async (a: Agent) => (await a.client.get('/api/chat/conversations?scope=mine')).body.conversations.find((c: { buyerId: string }) => c.buyerId === '换货会话不在手上');
    const conversation = await mine(agent);
    expect(conversation).toBeTruthy();
    // A colleague serves the buyer now: named, and nothing is sent.
    const colleague = await agentOnline(server.baseUrl, 'aftersale2', async () => (await server.db.query(`SELECT status FROM agent_presence WHERE status = 'online'`)).length === 2);
    sockets.push(colleague.socket);
    const handed = await agent.client.post(`/api/chat/conversations/${conversation.id}/transfer`, { version: conversation.version, toAgentId: colleague.id, note: '换货的买家' });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    const colleagueName = (await colleague.client.get('/api/auth/me')).body.user.displayName;
    expect((await refused(agent.client)).details).toMatchObject({ reason: 'exchange_chat_not_yours', value: colleagueName });
    // Closed: the number waits for the buyer to write again.
    const theirs = await mine(colleague);
    expect((await colleague.client.post(`/api/chat/conversations/${theirs.id}/close`, { version: theirs.version })).status).toBe(200);
    expect((await refused(colleague.client)).details.reason).toBe('exchange_chat_closed');
    expect(await server.db.query("SELECT id FROM chat_message WHERE body LIKE '%ZT9900110021%'")).toHaveLength(0);
    expect((await server.db.query('SELECT told_at FROM exchange_shipment WHERE case_id = ?', [exchange.id]))[0].told_at).toBeNull();
    colleague.socket.close();
  });

  it('bad input is refused and nothing is written', async () => {
    const returnCase = await orderAt({ writer: supervisor }, '退货不换货', 'delivered');
    const opened = (await agent.client.post('/api/aftersale/cases', { orderNo: returnCase.orderNo, kind: 'return', reason: '不喜欢', returnPostagePayer: 'buyer' })).body;
    const count = async () => Number((await server.db.query('SELECT COUNT(*) + COALESCE(SUM(version), 0) AS n FROM exchange_shipment'))[0].n);
    const before = await count();
    expect((await printer.post(`/api/exchanges/${opened.id}/printed`)).body.error.details.reason).toBe('case_wrong_kind');
    expect((await printer.post(`/api/exchanges/${opened.id}/shipped`, { courier: '中通快递', trackingNo: 'no spaces allowed' })).status).toBe(400);
    expect((await printer.post('/api/exchanges/999999/shipped', { courier: '中通快递', trackingNo: 'ZT1234567890' })).status).toBe(404);
    expect((await agent.client.post(`/api/exchanges/${opened.id}/shipped`, { courier: '中通快递', trackingNo: 'ZT1234567890' })).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('换货已发出 from the case page', () => {
  it('is the same one path as 打单: the note, the shipment and its follow-up, the alert answered, the agent told to tell the buyer; A10 sees it and R04 does not', async () => {
    const exchange = await receivedExchange('案例页换货买家', 'ZT7700110031');
    const openAlerts = async () => (await printer.get(`/api/alerts?status=open&orderNo=${exchange.orderNo}`)).body.alerts.filter((a: { kind: string }) => a.kind === 'exchange_print');
    expect(await openAlerts()).toHaveLength(1);
    // Printed in today's batch; the after-sale agent then enters the number on the case page.
    expect((await printer.post(`/api/exchanges/${exchange.id}/printed`)).status).toBe(200);
    const shippedAt = clock();
    const theCase = (await agent.client.get(`/api/aftersale/cases/${exchange.id}`)).body.case;

    // A stale version is refused and writes nothing: no note, no shipment, no notification.
    const written = async () => ({
      notes: (await server.db.query("SELECT COUNT(*) AS n FROM order_note n JOIN shop_order o ON o.id = n.order_id WHERE o.order_no = ? AND n.kind = 'exchange_shipped'", [exchange.orderNo]))[0].n,
      shipped: (await server.db.query('SELECT shipped_at FROM exchange_shipment WHERE case_id = ?', [exchange.id]))[0].shipped_at,
      notices: (await server.db.query("SELECT COUNT(*) AS n FROM notification WHERE kind = 'exchange.shipped'"))[0].n,
    });
    const before = await written();
    const stale = await agent.client.post(`/api/aftersale/cases/${exchange.id}/exchange-shipped`, { version: theCase.version - 1, courier: '圆通速递', trackingNo: 'YT9900110031' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.reason).toBe('case_stale');
    expect(await written()).toEqual(before);

    const shipped = await agent.client.post(`/api/aftersale/cases/${exchange.id}/exchange-shipped`, { version: theCase.version, courier: '圆通速递', trackingNo: 'YT9900110031' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    // The route's own answer is unchanged: the case.
    expect(shipped.body).toMatchObject({ id: exchange.id, status: 'exchange_shipped', exchangeCourier: '圆通速递', exchangeTrackingNo: 'YT9900110031', exchangeShipped: { by: { displayName: '刘洋' } } });
    const today = noteDate(clock(), server.config.shopTz);
    // The order's signed note, as from 打单.
    expect(JSON.stringify((await agent.client.get(`/api/orders/${exchange.orderNo}/notes`)).body)).toContain(`换货已发出，单号为：YT9900110031---${today} 刘洋`);
    // The shipment row, with its follow-up three days on.
    const [row] = await server.db.query('SELECT courier, tracking_no, shipped_by, follow_up_on FROM exchange_shipment WHERE case_id = ?', [exchange.id]);
    expect(row).toMatchObject({ courier: '圆通速递', tracking_no: 'YT9900110031', shipped_by: agent.id });
    const listed = (await agent.client.get('/api/exchanges')).body.exchanges.find((e: { caseId: number }) => e.caseId === exchange.id);
    expect(listed).toMatchObject({ caseStatus: 'exchange_shipped', trackingNo: 'YT9900110031', shipped: { by: { displayName: '刘洋' } }, told: null, followUpDue: false });
    expect(listed.followUpOn).toBe(row.follow_up_on);
    expect(row.follow_up_on > today.replaceAll('.', '-')).toBe(true);
    // The printers' alert is answered (no open one left), and the agent is told to tell the buyer.
    expect(await openAlerts()).toHaveLength(0);
    const notices = (await agent.client.get('/api/notifications')).body as Array<{ kind: string; payload: { caseId?: number; trackingNo?: string } }>;
    expect(notices.filter((n) => n.kind === 'exchange.shipped' && n.payload.caseId === exchange.id).map((n) => n.payload.trackingNo)).toEqual(['YT9900110031']);
    // A second entry is refused by the case's state, from either route.
    expect((await agent.client.post(`/api/aftersale/cases/${exchange.id}/exchange-shipped`, { version: shipped.body.version, courier: '圆通速递', trackingNo: 'YT9900110032' })).body.error.details.reason).toBe('case_wrong_state');
    expect((await printer.post(`/api/exchanges/${exchange.id}/shipped`, { courier: '圆通速递', trackingNo: 'YT9900110032' })).body.error.details.reason).toBe('case_wrong_state');

    // More than a day later, never told: A10 for the agent; R04 not (the number was entered the day it was printed).
    offset += 26 * HOUR;
    for (const month of new Set([scoringMonth(shippedAt, server.config.shopTz), scoringMonth(clock(), server.config.shopTz)])) await detect(month);
    const evidence = JSON.stringify([{ kind: 'registry', id: `case:${exchange.id}` }]);
    expect((await proposed('A10')).filter((p) => p.evidence === evidence).map((p) => Number(p.staff_id))).toEqual([agent.id]);
    expect((await proposed('R04')).filter((p) => p.evidence === evidence)).toEqual([]);
  });
});
