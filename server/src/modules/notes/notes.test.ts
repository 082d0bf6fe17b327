import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt } from '../orders/orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let presale: TestClient;
let aftersale: TestClient;
/** The shop's clock: 23:59:30 on 29 November in Shanghai, then moved on by the tests. */
let now = new Date('2026-11-29T15:59:30Z');

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  [supervisor, presale, aftersale] = (await Promise.all(['supervisor', 'presale1', 'aftersale1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

const notesCount = async () => Number((await server.db.query('SELECT COUNT(*) AS n FROM order_note'))[0].n);

describe('signed notes', () => {
  it('writes the rulebook’s text signed by the session’s person with the shop’s date, and lists them oldest first', async () => {
    now = new Date('2026-11-29T15:59:30Z');
    const order = await orderAt({ writer: supervisor }, 'noted-buyer', 'paid', { placedAt: '2026-11-29T10:00:00Z', paidAt: '2026-11-29T10:00:00Z' });
    const first = await presale.post(`/api/orders/${order.orderNo}/notes`, { kind: 'attribute', from: '黑色37码', to: '黑色38码' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(Number),
      orderNo: order.orderNo,
      kind: 'attribute',
      text: '客户拍下黑色37码，要求修改成黑色38码，已修改妥当---2026.11.29 李娜',
      correctsId: null,
      changeId: null,
      authorId: expect.any(Number),
      authorName: '李娜',
      createdAt: '2026-11-29T15:59:30.000Z',
    });
    now = new Date('2026-11-29T16:00:30Z'); // past midnight in the shop, still the 29th in UTC
    const second = await presale.post(`/api/orders/${order.orderNo}/notes`, { kind: 'address', address: '上海市浦东新区张江路1号' });
    expect(second.body.text).toBe('客户要求修改地址，新地址为：上海市浦东新区张江路1号---2026.11.30 李娜');
    const third = await aftersale.post(`/api/orders/${order.orderNo}/notes`, { kind: 'correction', corrects: second.body.id, text: '门牌为张江路2号' });
    expect(third.body).toMatchObject({ correctsId: second.body.id, text: `更正第${second.body.id}条备注：门牌为张江路2号---2026.11.30 刘洋`, authorName: '刘洋' });
    const listed = await presale.get(`/api/orders/${order.orderNo}/notes`);
    expect(listed.body.notes.map((n: { id: number }) => n.id)).toEqual([first.body.id, second.body.id, third.body.id]);
    const [audits] = await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.note' AND entity_id = ?", [order.orderNo]);
    expect(Number(audits.n)).toBe(3);
  });

  it.each([
    ['a text of one’s own', { kind: 'special', request: '发顺丰', text: '随便写' }, /Unrecognized key/],
    ['someone else’s name or date', { kind: 'special', request: '发顺丰', authorName: '王芳' }, /Unrecognized key/],
    ['an unknown kind', { kind: 'gossip' }, /kind must be one of/],
    ['a special request without the request', { kind: 'special' }, /request/],
    ['an exchange without a tracking number', { kind: 'exchange_shipped', trackingNo: '单号' }, /trackingNo/],
  ])('%s is refused and nothing is written', async (_name, body, message) => {
    const order = await orderAt({ writer: supervisor }, 'bad-note-buyer', 'paid', { placedAt: '2026-11-29T10:00:00Z', paidAt: '2026-11-29T10:00:00Z' });
    const before = await notesCount();
    const reply = await presale.post(`/api/orders/${order.orderNo}/notes`, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(message);
    expect(await notesCount()).toBe(before);
  });

  it('a correction must name a note of the same order', async () => {
    const a = await orderAt({ writer: supervisor }, 'corr-a', 'paid', { placedAt: '2026-11-29T10:00:00Z', paidAt: '2026-11-29T10:00:00Z' });
    const b = await orderAt({ writer: supervisor }, 'corr-b', 'paid', { placedAt: '2026-11-29T10:00:00Z', paidAt: '2026-11-29T10:00:00Z' });
    const noteOnA = await presale.post(`/api/orders/${a.orderNo}/notes`, { kind: 'special', request: '发顺丰' });
    const wrong = await presale.post(`/api/orders/${b.orderNo}/notes`, { kind: 'correction', corrects: noteOnA.body.id, text: '改发圆通' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual({ field: 'corrects' });
    expect((await presale.post('/api/orders/NOSUCH1/notes', { kind: 'special', request: '发顺丰' })).status).toBe(404);
  });
});
