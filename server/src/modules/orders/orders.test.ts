import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { agentOnline, buyerSocket, clientId, connected, nextEvent, socketOf, startBuyer, type Agent } from '../chat/chat.fixtures.ts';
import { orderAt, orderNo, SHOE } from './orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let printer: TestClient;
let aftersale: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, presale, printer, aftersale] = (await Promise.all(
    ['supervisor', 'presale1', 'printer1', 'aftersale1'].map((username) => loggedIn(server.baseUrl, username)),
  )) as [TestClient, TestClient, TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

/** What a refused write could have touched. */
async function snapshot() {
  const [orders] = await server.db.query('SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS v FROM shop_order');
  const [items] = await server.db.query('SELECT COUNT(*) AS n FROM shop_order_item');
  const [events] = await server.db.query('SELECT COUNT(*) AS n FROM shop_order_event');
  const [audits] = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'order.%'");
  return { orders: Number(orders.n), versions: Number(orders.v), items: Number(items.n), events: Number(events.n), audits: Number(audits.n) };
}

describe('recording an order', () => {
  it('keeps the items, the total in fen, who recorded it and when, and tells the staff', async () => {
    const no = orderNo('REC');
    const socket = await connected(socketOf(server.baseUrl, printer.cookie));
    const told = nextEvent(socket, 'order:changed');
    const paidAt = new Date(Date.now() - 60_000).toISOString();
    const reply = await presale.post('/api/orders', {
      orderNo: no,
      buyerId: '小鹿买鞋',
      items: [SHOE, { title: '全羊毛手工棉鞋', quantity: 2, priceFen: 45_800, inStock: false }],
      placedAt: new Date(Date.now() - 120_000).toISOString(),
      paidAt,
      note: '买家要求顺丰',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      orderNo: no,
      buyerId: '小鹿买鞋',
      status: 'paid',
      totalFen: 29_900 + 2 * 45_800,
      paidAt,
      createdBy: { displayName: '李娜' },
      version: 1,
      items: [
        { lineNo: 1, title: '真皮休闲鞋', colour: '黑色', size: '38', attributes: '黑色38码', quantity: 1, priceFen: 29_900, inStock: true, handmade: false },
        { lineNo: 2, title: '全羊毛手工棉鞋', colour: null, size: null, attributes: '', quantity: 2, priceFen: 45_800, inStock: false, handmade: true },
      ],
      history: [{ from: null, to: 'paid', by: { displayName: '李娜' }, note: '买家要求顺丰' }],
    });
    expect(await told).toEqual({ orderNo: no, buyerId: '小鹿买鞋', status: 'paid', version: 1 });
    expect((await presale.get(`/api/orders/${no}`)).body).toEqual(reply.body);
    const [logged] = await server.db.query("SELECT actor_id AS actorId FROM audit_log WHERE action = 'order.create' AND entity_id = ?", [no]);
    expect(Number(logged.actorId)).toBe(reply.body.createdBy.id);
    socket.close();
  });

  it('an order paid in the past without a placing time was placed at the latest when it was paid', async () => {
    const paidAt = new Date(Date.now() - 3_600_000).toISOString();
    const reply = await presale.post('/api/orders', { orderNo: orderNo('PAST'), buyerId: 'past-payer', items: [SHOE], paidAt });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ placedAt: paidAt, paidAt });
  });

  it('an order number is recorded once: a second time is a 409 and nothing doubles', async () => {
    const no = orderNo('DUP');
    expect((await printer.post('/api/orders', { orderNo: no, buyerId: 'dup-buyer', items: [SHOE] })).status).toBe(201);
    const before = await snapshot();
    const again = await presale.post('/api/orders', { orderNo: no, buyerId: 'someone-else', items: [SHOE] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`Order ${no} is already recorded`);
    expect(await snapshot()).toEqual(before);
  });

  const valid = () => ({ orderNo: orderNo('BAD'), buyerId: 'bad-buyer', items: [SHOE] });
  const future = new Date(Date.now() + 3_600_000).toISOString();
  it.each([
    ['no items', { items: [] }, /items: an order needs at least one item/],
    ['a price that is not whole fen', { items: [{ ...SHOE, priceFen: 12.5 }] }, /items\.0\.priceFen: priceFen must be a whole number of fen/],
    ['a negative price', { items: [{ ...SHOE, priceFen: -100 }] }, /items\.0\.priceFen: priceFen must not be negative/],
    ['no quantity', { items: [{ ...SHOE, quantity: 0 }] }, /items\.0\.quantity: quantity must be at least 1/],
    ['an item without a title', { items: [{ ...SHOE, title: ' ' }] }, /items\.0\.title: title must not be empty/],
    ['an order number with spaces', { orderNo: '12 34' }, /orderNo: orderNo may contain only letters, digits and -/],
    ['no buyer', { buyerId: undefined }, /buyerId/],
    ['an unknown status', { status: 'shipped' }, /status: a new order is unpaid or paid/],
    ['a payment time on an unpaid order', { status: 'unpaid', paidAt: new Date().toISOString() }, /paidAt: paidAt is only for a paid order/],
    ['a time without its zone', { placedAt: '2026-11-03T09:30:00' }, /placedAt/],
    ['a placing time in the future', { placedAt: future }, /placedAt is in the future/],
    ['a payment before the order was placed', { placedAt: new Date(Date.now() - 60_000).toISOString(), paidAt: new Date(Date.now() - 120_000).toISOString() }, /paidAt is before placedAt/],
    ['an unknown field', { colour: 'red' }, /Unrecognized key/],
  ])('%s is a 400 saying so, and nothing is written', async (_name, change, message) => {
    const before = await snapshot();
    const reply = await supervisor.post('/api/orders', { ...valid(), ...change });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid');
    expect(reply.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });
});

describe('moving an order on', () => {
  it('the printer prints, packs and ships it with the courier and tracking number; after-sale records the delivery; every move is kept', async () => {
    const order = await orderAt({ writer: presale }, 'walker', 'paid');
    let version = order.version;
    for (const to of ['printed', 'packed'] as const) {
      const moved = await printer.post(`/api/orders/${order.orderNo}/moves`, { to, version });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ status: to, version: version + 1 });
      version = moved.body.version;
    }
    const noTracking = await printer.post(`/api/orders/${order.orderNo}/moves`, { to: 'shipped', version, courier: '中通快递' });
    expect(noTracking.status).toBe(400);
    expect(noTracking.body.error.message).toMatch(/trackingNo: shipping needs the courier and the tracking number/);
    const shipped = await printer.post(`/api/orders/${order.orderNo}/moves`, { to: 'shipped', version, courier: '中通快递', trackingNo: 'ZT123456789' });
    expect(shipped.body).toMatchObject({ status: 'shipped', courier: '中通快递', trackingNo: 'ZT123456789' });
    expect(shipped.body.shippedAt).not.toBeNull();
    const delivered = await aftersale.post(`/api/orders/${order.orderNo}/moves`, { to: 'delivered', version: shipped.body.version });
    expect(delivered.status).toBe(200);
    expect(delivered.body.history.map((e: { from: string | null; to: string; by: { displayName: string } }) => [e.from, e.to, e.by.displayName])).toEqual([
      [null, 'paid', '李娜'],
      ['paid', 'printed', '孙磊'],
      ['printed', 'packed', '孙磊'],
      ['packed', 'shipped', '孙磊'],
      ['shipped', 'delivered', '刘洋'],
    ]);
    expect(delivered.body.history[3]).toMatchObject({ courier: '中通快递', trackingNo: 'ZT123456789' });
    const audits = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.move' AND entity_id = ?", [order.orderNo]);
    expect(Number(audits[0].n)).toBe(4);
  });

  it.each([
    ['pre-sale cannot print', 'presale', 'paid', { to: 'printed' }, 403, /needs the role supervisor or printer/],
    ['the printer cannot record a payment', 'printer', 'unpaid', { to: 'paid' }, 403, /needs the role supervisor or presale/],
    ['after-sale cannot void a paid order', 'aftersale', 'paid', { to: 'cancelled', note: '买家不要了' }, 403, /needs the role supervisor or printer/],
    ['a shipped order cannot be cancelled: that is after-sale’s', 'supervisor', 'shipped', { to: 'cancelled', note: '买家不要了' }, 409, /has shipped: a cancellation now is after-sale's/],
    ['a paid order cannot skip to shipped', 'supervisor', 'paid', { to: 'shipped', courier: '圆通', trackingNo: 'YT1234567' }, 409, /is paid; from there it can move to printed, cancelled/],
    ['a cancellation needs a reason', 'printer', 'paid', { to: 'cancelled' }, 400, /note: a cancellation needs a note saying why/],
  ])('%s', async (_name, who, status, move, code, message) => {
    const clients: Record<string, TestClient> = { supervisor, presale, printer, aftersale };
    const order = await orderAt({ writer: supervisor }, `mover-${status}`, status as 'paid');
    const before = await snapshot();
    const reply = await clients[who]!.post(`/api/orders/${order.orderNo}/moves`, { ...move, version: order.version });
    expect(reply.status).toBe(code);
    expect(reply.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('a move on a version someone else changed is a 409; two people at once: one moves it, the other is told', async () => {
    const order = await orderAt({ writer: supervisor }, 'racer', 'paid');
    const replies = await Promise.all([printer, supervisor].map((client) => client.post(`/api/orders/${order.orderNo}/moves`, { to: 'printed', version: order.version })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = replies.find((r) => r.status === 409)!;
    expect(lost.body.error.message).toMatch(/was changed (since you opened it|meanwhile)/);
    const detail = (await printer.get(`/api/orders/${order.orderNo}`)).body;
    expect(detail).toMatchObject({ status: 'printed', version: order.version + 1 });
    expect(detail.history).toHaveLength(2);
  });

  it('a move made on an old view of the order is refused, even when it would be possible now', async () => {
    const order = await orderAt({ writer: supervisor }, 'stale-viewer', 'paid');
    expect((await printer.post(`/api/orders/${order.orderNo}/moves`, { to: 'printed', version: order.version })).status).toBe(200);
    const before = await snapshot();
    // printed → cancelled is a valid move, but this printer decided on what they saw at 'paid'.
    const stale = await supervisor.post(`/api/orders/${order.orderNo}/moves`, { to: 'cancelled', version: order.version, note: '买家不要了' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(`Order ${order.orderNo} was changed since you opened it (now printed); look again`);
    expect(await snapshot()).toEqual(before);
  });

  it('an unknown order is a 404', async () => {
    const reply = await printer.post('/api/orders/NOSUCHORDER1/moves', { to: 'printed', version: 1 });
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toBe('No order NOSUCHORDER1');
    expect((await printer.get('/api/orders/NOSUCHORDER1')).status).toBe(404);
  });
});

describe('finding orders', () => {
  it('by buyer, status, or a part of the order, buyer or tracking number; newest first, page by page', async () => {
    const buyer = `finder-${Date.now()}`;
    const a = await orderAt({ writer: supervisor }, buyer, 'paid');
    const b = await orderAt({ writer: supervisor }, buyer, 'shipped');
    const c = await orderAt({ writer: supervisor }, buyer, 'unpaid');
    const mine = (await aftersale.get(`/api/orders?buyerId=${encodeURIComponent(buyer)}`)).body;
    expect(mine.orders.map((o: { orderNo: string }) => o.orderNo)).toEqual([c.orderNo, b.orderNo, a.orderNo]);
    expect(mine.nextBefore).toBeNull();
    const shipped = (await aftersale.get(`/api/orders?buyerId=${encodeURIComponent(buyer)}&status=shipped`)).body.orders;
    expect(shipped.map((o: { orderNo: string }) => o.orderNo)).toEqual([b.orderNo]);
    const byTracking = (await printer.get(`/api/orders?q=${encodeURIComponent(String(b.trackingNo).slice(2, 10))}`)).body.orders;
    expect(byTracking.map((o: { orderNo: string }) => o.orderNo)).toContain(b.orderNo);
    const first = (await printer.get(`/api/orders?buyerId=${encodeURIComponent(buyer)}&limit=2`)).body;
    expect(first.orders).toHaveLength(2);
    const rest = (await printer.get(`/api/orders?buyerId=${encodeURIComponent(buyer)}&limit=2&before=${first.nextBefore}`)).body;
    expect(rest.orders.map((o: { orderNo: string }) => o.orderNo)).toEqual([a.orderNo]);
    expect((await printer.get('/api/orders?status=lost')).status).toBe(400);
    expect((await printer.get('/api/orders?q=%25')).body.orders).toEqual([]); // % is a character, not a wildcard
  });
});

describe('a payment during a chat', () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await agentOnline(server.baseUrl, 'presale2', async () => {
      const rows = await server.db.query(`SELECT p.status FROM agent_presence p JOIN staff s ON s.id = p.staff_id WHERE s.username = 'presale2'`);
      return rows[0]?.status === 'online';
    });
  });
  afterAll(() => agent.socket.close());

  async function chatting(buyerId: string): Promise<number> {
    const buyer = await startBuyer(server.baseUrl, buyerId);
    const socket = await buyerSocket(buyer);
    const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text: '这双鞋有38码吗' });
    socket.close();
    return ack.message.conversationId as number;
  }

  it('an unpaid order marked paid while the buyer chats confirms the order there and counts as a conversion', async () => {
    const conversationId = await chatting('paying-later');
    const order = await orderAt({ writer: presale }, 'paying-later', 'unpaid');
    const [before] = await server.db.query('SELECT order_confirmed_at, order_placed_at FROM chat_conversation WHERE id = ?', [conversationId]);
    expect(before).toEqual({ order_confirmed_at: null, order_placed_at: null });
    const announced = nextEvent(agent.socket, 'conversation:changed');
    const paid = await presale.post(`/api/orders/${order.orderNo}/moves`, { to: 'paid', version: order.version });
    expect(paid.status).toBe(200);
    const { change, conversation } = await announced;
    expect(change).toMatchObject({ conversationId, kind: 'confirmed' });
    expect(conversation).toMatchObject({ id: conversationId, orderConfirmedAt: paid.body.paidAt });
    const [after] = await server.db.query('SELECT order_confirmed_at, order_placed_at FROM chat_conversation WHERE id = ?', [conversationId]);
    expect(after.order_confirmed_at.toISOString()).toBe(paid.body.paidAt);
    expect(after.order_placed_at.toISOString()).toBe(paid.body.paidAt);
  });

  it('an order recorded as paid during the chat counts too; one paid before the chat does not', async () => {
    const earlier = new Date(Date.now() - 3_600_000).toISOString();
    await presale.post('/api/orders', { orderNo: orderNo('OLD'), buyerId: 'paid-in-chat', items: [SHOE], placedAt: earlier, paidAt: earlier });
    const conversationId = await chatting('paid-in-chat');
    const [untouched] = await server.db.query('SELECT order_confirmed_at FROM chat_conversation WHERE id = ?', [conversationId]);
    expect(untouched.order_confirmed_at).toBeNull();
    const reply = await presale.post('/api/orders', { orderNo: orderNo('NEW'), buyerId: 'paid-in-chat', items: [SHOE] });
    const [row] = await server.db.query('SELECT order_confirmed_at FROM chat_conversation WHERE id = ?', [conversationId]);
    expect(row.order_confirmed_at.toISOString()).toBe(reply.body.paidAt);
  });

  it('a payment within a day after the chat closed counts as its conversion, not as a confirmation in it; a day later, neither', async () => {
    const conversationId = await chatting('paid-after-close');
    const [open] = await server.db.query('SELECT version FROM chat_conversation WHERE id = ?', [conversationId]);
    expect((await agent.client.post(`/api/chat/conversations/${conversationId}/close`, { version: open.version })).status).toBe(200);
    const paidSoon = new Date(Date.now() + 1000);
    const soon = await server.db.transaction((tx) => server.app.chat.recordOrderPaid(tx, 'paid-after-close', paidSoon));
    expect(soon).toBeNull(); // nothing the agents need to see
    const [row] = await server.db.query('SELECT order_placed_at, order_confirmed_at FROM chat_conversation WHERE id = ?', [conversationId]);
    expect(row.order_placed_at.toISOString()).toBe(paidSoon.toISOString());
    expect(row.order_confirmed_at).toBeNull();

    const other = await chatting('paid-much-later');
    const [current] = await server.db.query('SELECT version FROM chat_conversation WHERE id = ?', [other]);
    await agent.client.post(`/api/chat/conversations/${other}/close`, { version: current.version });
    await server.db.transaction((tx) => server.app.chat.recordOrderPaid(tx, 'paid-much-later', new Date(Date.now() + 25 * 3_600_000)));
    const [late] = await server.db.query('SELECT order_placed_at FROM chat_conversation WHERE id = ?', [other]);
    expect(late.order_placed_at).toBeNull();
  });
});
