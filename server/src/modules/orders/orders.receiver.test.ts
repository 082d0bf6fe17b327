import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt, orderNo, RECEIVER, SHOE } from './orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let printer: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, presale, printer] = (await Promise.all(['supervisor', 'presale1', 'printer1'].map((username) => loggedIn(server.baseUrl, username)))) as [
    TestClient,
    TestClient,
    TestClient,
  ];
});

afterAll(async () => {
  await server?.close();
});

const phoneViews = async (no: string) =>
  Number((await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.phone.view' AND entity_id = ?", [no]))[0].n);

describe('the receiver, the buyer message and item colour and size', () => {
  it('an address given as one line is kept in its four parts; the phone is masked for everyone in lists and details', async () => {
    const no = orderNo('RCV');
    const reply = await presale.post('/api/orders', {
      orderNo: no,
      buyerId: 'receiver-buyer',
      items: [{ ...SHOE, colour: '酒红', size: '36码' }],
      receiver: RECEIVER,
      buyerMessage: '请用顺丰',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({
      receiver: {
        name: '张三',
        phone: '138****5678',
        address: { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路100号' },
        addressText: '浙江省杭州市西湖区文三路100号',
      },
      buyerMessage: '请用顺丰',
      items: [{ colour: '酒红', size: '36', attributes: '酒红36码' }],
    });
    for (const client of [supervisor, presale, printer]) {
      expect((await client.get(`/api/orders/${no}`)).body.receiver.phone).toBe('138****5678');
      const listed = (await client.get(`/api/orders?buyerId=receiver-buyer`)).body.orders;
      expect(JSON.stringify(listed)).not.toContain('13812345678');
    }
    const [row] = await server.db.query("SELECT details FROM audit_log WHERE action = 'order.create' AND entity_id = ?", [no]);
    expect(JSON.stringify(row.details)).not.toContain('13812345678');
  });

  it('the address may also be given in parts', async () => {
    const address = { province: '上海市', city: '上海市', district: '浦东新区', street: '张江路1号' };
    const reply = await presale.post('/api/orders', { orderNo: orderNo('RCP'), buyerId: 'parts-buyer', items: [SHOE], receiver: { ...RECEIVER, address } });
    expect(reply.status).toBe(201);
    expect(reply.body.receiver).toMatchObject({ address, addressText: '上海市浦东新区张江路1号' });
  });

  it.each([
    ['an address line without a province', { address: '文三路100号' }, /receiver\.address: address could not be split/],
    ['a phone that is no phone', { phone: '12345' }, /receiver\.phone: phone must be a mobile/],
    ['a receiver without a name', { name: ' ' }, /receiver\.name: receiver name must not be empty/],
  ])('%s is a 400 and nothing is written', async (_name, change, message) => {
    const no = orderNo('RCB');
    const reply = await presale.post('/api/orders', { orderNo: no, buyerId: 'bad-receiver', items: [SHOE], receiver: { ...RECEIVER, ...change } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(message);
    expect((await presale.get(`/api/orders/${no}`)).status).toBe(404);
  });

  it('the full phone is for the supervisor, and every view is audited; an agent without a change on the order is refused', async () => {
    const order = await orderAt({ writer: presale }, 'phone-buyer', 'paid', { receiver: RECEIVER });
    const refused = await presale.get(`/api/orders/${order.orderNo}/receiver-phone`);
    expect(refused.status).toBe(403);
    expect(await phoneViews(order.orderNo)).toBe(0);
    const shown = await supervisor.get(`/api/orders/${order.orderNo}/receiver-phone`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ orderNo: order.orderNo, phone: '13812345678' });
    await supervisor.get(`/api/orders/${order.orderNo}/receiver-phone`);
    expect(await phoneViews(order.orderNo)).toBe(2);
  });
});

describe('a parcel that comes back', () => {
  it('the printer records a recalled parcel as returned (原包裹已收到); nothing moves it on from there', async () => {
    const order = await orderAt({ writer: supervisor }, 'recalled-buyer', 'shipped');
    const back = await printer.post(`/api/orders/${order.orderNo}/moves`, { to: 'returned', version: order.version, note: '原包裹已收到' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'returned' });
    expect(back.body.returnedAt).not.toBeNull();
    const again = await printer.post(`/api/orders/${order.orderNo}/moves`, { to: 'delivered', version: back.body.version });
    expect(again.status).toBe(409);
  });
});
