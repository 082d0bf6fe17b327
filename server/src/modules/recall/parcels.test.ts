import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import { DifficultCases1735516800000 } from '../../migrations/1735516800000-difficult-cases.ts';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { orderAt, RECEIVER } from '../orders/orders.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let aftersale: TestClient;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, aftersale] = (await Promise.all(['supervisor', 'aftersale1'].map((username) => loggedIn(server.baseUrl, username)))) as [TestClient, TestClient];
});

afterAll(async () => {
  await server?.close();
});

const shipped = (buyerId: string) => orderAt({ writer: supervisor }, buyerId, 'shipped', { receiver: RECEIVER });
const days = (n: number) => shopDay(new Date(Date.now() + n * 86_400_000), server.config.shopTz);

async function counts() {
  const count = async (sql: string) => Number((await server.db.query(sql))[0].n);
  return {
    cases: await count('SELECT COUNT(*) AS n FROM after_sale_case'),
    caseVersions: await count('SELECT COALESCE(SUM(version), 0) AS n FROM after_sale_case'),
    parcels: await count('SELECT COUNT(*) AS n FROM difficult_parcel'),
    followUps: await count('SELECT COUNT(*) AS n FROM difficult_parcel_follow_up'),
  };
}

describe('a difficult parcel (疑难件) is a registry case', () => {
  it('opens a difficult case with the parcel; its dated follow-ups are in the case story; delivered closes it', async () => {
    const order = await shipped('疑难件-签收');
    const created = await aftersale.post('/api/recall/parcels', { orderNo: order.orderNo, kind: 'lost', description: '物流三天没有更新', nextFollowUpOn: days(0) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseId = created.body.caseId as number;
    expect(caseId).toBeGreaterThan(0);
    const opened = (await aftersale.get(`/api/aftersale/cases/${caseId}`)).body;
    expect(opened.case).toMatchObject({ kind: 'difficult', status: 'open', orderNo: order.orderNo, buyerId: '疑难件-签收', reason: '物流三天没有更新', openedBy: { displayName: '刘洋' } });
    // The registry lists it, as any case.
    expect((await aftersale.get('/api/aftersale/cases?kind=difficult&active=true')).body.cases.map((c: { id: number }) => c.id)).toContain(caseId);

    // While the parcel is followed, the registry cannot close or reject its case: it ends with the parcel.
    const untouched = await counts();
    for (const [step, body] of [['close', { version: opened.case.version, note: '不跟了' }], ['reject', { version: opened.case.version, reason: '不跟了' }]] as const) {
      const refused = await aftersale.post(`/api/aftersale/cases/${caseId}/${step}`, body);
      expect([refused.status, refused.body.error?.details?.reason, refused.body.error?.details?.parcelId], step).toEqual([409, 'case_parcel_open', created.body.id]);
    }
    expect(await counts()).toEqual(untouched);

    const next = await aftersale.post(`/api/recall/parcels/${created.body.id}/follow-ups`, { version: 1, note: '快递说已找到，明天派送', nextFollowUpOn: days(1) });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect((await aftersale.get(`/api/aftersale/cases/${caseId}`)).body.case.status).toBe('open');
    const ended = await aftersale.post(`/api/recall/parcels/${created.body.id}/follow-ups`, { version: 2, note: '买家已签收', ends: 'delivered' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(201);

    const detail = (await aftersale.get(`/api/aftersale/cases/${caseId}`)).body;
    expect(detail.case).toMatchObject({ status: 'closed', closeNote: '已签收：买家已签收', closedBy: { displayName: '刘洋' } });
    const parcelLines = detail.story.filter((l: { source: string }) => l.source === 'parcel').map((l: { what: string; text: string; on: string | null; by: { displayName: string } }) => [l.what, l.text, l.on, l.by.displayName]);
    expect(parcelLines).toEqual([
      ['follow_up', '快递说已找到，明天派送', days(1), '刘洋'],
      ['delivered', '买家已签收', null, '刘洋'],
    ]);
    // The follow-up that ended it comes just before the close it caused.
    const sources = detail.story.map((l: { source: string; what: string }) => `${l.source}:${l.what}`);
    expect(sources.slice(-2)).toEqual(['parcel:delivered', 'case:closed']);
    const audits = await server.db.query("SELECT action FROM audit_log WHERE entity = 'after_sale_case' AND entity_id = ? ORDER BY id", [caseId]);
    expect(audits.map((a: { action: string }) => a.action)).toContain('aftersale.closed');
  });

  it('returned closes it too; a case after-sale registered first is used; another open case or a second parcel is refused with nothing written', async () => {
    const order = await shipped('疑难件-退回');
    const registered = (await aftersale.post('/api/aftersale/cases', { orderNo: order.orderNo, kind: 'difficult', reason: '买家说快递被转寄' })).body;
    const created = await aftersale.post('/api/recall/parcels', { orderNo: order.orderNo, kind: 'forwarded', description: '转寄到外省网点', nextFollowUpOn: days(0) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.caseId).toBe(registered.id);

    const before = await counts();
    const second = await aftersale.post('/api/recall/parcels', { orderNo: order.orderNo, kind: 'resent', description: '再登记一次', nextFollowUpOn: days(0) });
    expect([second.status, second.body.error.details.reason, second.body.error.details.parcelId]).toEqual([409, 'parcel_exists', created.body.id]);
    const other = await shipped('疑难件-已有退货');
    const returnCase = (await aftersale.post('/api/aftersale/cases', { orderNo: other.orderNo, kind: 'return', reason: '不想要了', returnPostagePayer: 'buyer' })).body;
    const afterReturn = await counts();
    const refused = await aftersale.post('/api/recall/parcels', { orderNo: other.orderNo, kind: 'lost', description: '丢件', nextFollowUpOn: days(0) });
    expect([refused.status, refused.body.error.details.reason, refused.body.error.details.caseId]).toEqual([409, 'case_open', returnCase.id]);
    expect(await counts()).toEqual(afterReturn);
    expect(afterReturn.parcels).toBe(before.parcels);

    const back = await aftersale.post(`/api/recall/parcels/${created.body.id}/follow-ups`, { version: 1, note: '快递退回仓库', ends: 'returned' });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    const detail = (await aftersale.get(`/api/aftersale/cases/${registered.id}`)).body;
    expect(detail.case).toMatchObject({ status: 'closed', closeNote: '原包裹已退回：快递退回仓库' });
    expect(detail.story.filter((l: { source: string }) => l.source === 'parcel').map((l: { what: string }) => l.what)).toEqual(['returned']);
  });
});

describe('the migration: existing difficult parcels become cases', () => {
  it('links each parcel to a case (open, or closed as it ended), leaves a parcel whose order has another case, and does nothing twice', async () => {
    const staffId = Number((await server.db.query("SELECT id FROM staff WHERE username = 'aftersale1'"))[0].id);
    const at = new Date(Date.now() - 5 * 86_400_000);
    const ended = new Date(Date.now() - 86_400_000);
    const insertParcel = async (orderNo: string, status: string, description: string, closedAt: Date | null) => {
      const o = (await server.db.query('SELECT id, tracking_no FROM shop_order WHERE order_no = ?', [orderNo]))[0];
      const result = await server.db.query(
        `INSERT INTO difficult_parcel (order_id, order_no, tracking_no, kind, status, description, next_follow_up_on, created_by, created_at, closed_at) VALUES (?, ?, ?, 'lost', ?, ?, ?, ?, ?, ?)`,
        [o.id, orderNo, o.tracking_no, status, description, status === 'open' ? days(0) : null, staffId, at, closedAt],
      );
      return Number(result.insertId);
    };
    const openOrder = await shipped('迁移-跟进中');
    const endedOrder = await shipped('迁移-已签收');
    const busyOrder = await shipped('迁移-有退货');
    const openParcel = await insertParcel(openOrder.orderNo, 'open', '旧疑难件：丢件', null);
    const endedParcel = await insertParcel(endedOrder.orderNo, 'delivered', '旧疑难件：转寄', ended);
    await server.db.query('INSERT INTO difficult_parcel_follow_up (parcel_id, note, next_follow_up_on, ends, by_staff_id, at) VALUES (?, ?, NULL, ?, ?, ?)', [endedParcel, '买家签收了', 'delivered', staffId, ended]);
    const busyCase = (await aftersale.post('/api/aftersale/cases', { orderNo: busyOrder.orderNo, kind: 'return', reason: '退货', returnPostagePayer: 'buyer' })).body;
    const busyParcel = await insertParcel(busyOrder.orderNo, 'open', '旧疑难件：有退货', null);

    const runner = server.db.createQueryRunner();
    try {
      await new DifficultCases1735516800000().up(runner);
      const once = await counts();
      await new DifficultCases1735516800000().up(runner);
      expect(await counts()).toEqual(once);
    } finally {
      await runner.release();
    }

    const linked = async (id: number) => (await server.db.query('SELECT case_id FROM difficult_parcel WHERE id = ?', [id]))[0].case_id as number | null;
    const openCase = (await aftersale.get(`/api/aftersale/cases/${await linked(openParcel)}`)).body;
    expect(openCase.case).toMatchObject({ kind: 'difficult', status: 'open', orderNo: openOrder.orderNo, reason: '旧疑难件：丢件', openedAt: at.toISOString(), openedBy: { displayName: '刘洋' } });
    expect(openCase.events.map((e: { what: string }) => e.what)).toEqual(['opened']);
    const endedCase = (await aftersale.get(`/api/aftersale/cases/${await linked(endedParcel)}`)).body;
    expect(endedCase.case).toMatchObject({ kind: 'difficult', status: 'closed', closeNote: '已签收：买家签收了', closedAt: ended.toISOString() });
    expect(endedCase.story.filter((l: { source: string }) => l.source === 'parcel').map((l: { what: string; text: string }) => [l.what, l.text])).toEqual([['delivered', '买家签收了']]);
    expect(await linked(busyParcel)).toBeNull();
    expect((await aftersale.get(`/api/aftersale/cases/${busyCase.id}`)).body.case.status).toBe('open');
  });
});
