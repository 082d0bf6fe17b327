import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousMonth, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { entryBody, settleHere, shanghai, staffIds } from './scoring.fixtures.ts';

let server: TestServer;
let supervisor: TestClient;
let manager: TestClient;
let presale1: TestClient;
let ids: Record<string, number>;
// Two months back: ended, so it can be settled and submitted.
const current = scoringMonth(new Date(), 'Asia/Shanghai');
const last = previousMonth(current);
const old = previousMonth(last);

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  [supervisor, manager, presale1] = await Promise.all([loggedIn(server.baseUrl, 'supervisor'), loggedIn(server.baseUrl, 'manager'), loggedIn(server.baseUrl, 'presale1')]);
  ids = await staffIds(server.db);
  const record = async (rule: string, month: string, day: number) => {
    const reply = await supervisor.post('/api/ledger', entryBody(ids.presale1!, rule, shanghai(month, day)));
    expect(reply.status).toBe(201);
    return reply.body.id as number;
  };
  await record('G05', old, 3);
  await record('G05', old, 4);
  const revoked = await record('G02', old, 5);
  expect((await supervisor.post(`/api/ledger/${revoked}/revoke`, { reason: '记错了人' })).status).toBe(201);
  await record('G08', last, 6);
  await settleHere(server.db, old, { requestedBy: ids.supervisor! });
});
afterAll(async () => {
  await server?.close();
});

type History = { staffId: number; displayName: string; months: Array<{ month: string; status: string; score: number | null; netFen: number | null; payFen: number | null; entriesByRule: Record<string, number> }> };

describe('a person’s months side by side', () => {
  it('the supervisor sees the months oldest first, the draft figures and the counted entries by rule (revoked ones not)', async () => {
    const reply = await supervisor.get<History>(`/api/scoring/history?staffId=${ids.presale1}&months=3`);
    expect(reply.status).toBe(200);
    expect(reply.body.displayName).toBe('李娜');
    expect(reply.body.months.map((m) => m.month)).toEqual([old, last, current]);
    const [first, second, third] = reply.body.months;
    expect(first).toMatchObject({ status: 'draft', score: 94, entriesByRule: { G05: 2 } });
    expect(first!.netFen).toEqual(expect.any(Number));
    expect(first!.payFen).toBeGreaterThan(0);
    expect(second).toMatchObject({ status: 'none', score: null, netFen: null, payFen: null, entriesByRule: { G08: 1 } });
    expect(third).toMatchObject({ status: 'none', score: null, entriesByRule: {} });
    expect((await manager.get<History>(`/api/scoring/history?staffId=${ids.presale1}&months=3`)).body.months[0]).toMatchObject({ status: 'draft', score: 94 });
  });

  it('the person sees their own figures only once the month is submitted; never anyone else’s', async () => {
    const before = await presale1.get<History>('/api/scoring/history?months=3');
    expect(before.status).toBe(200);
    expect(before.body.months[0]).toMatchObject({ month: old, status: 'none', score: null, payFen: null, entriesByRule: { G05: 2 } });

    expect((await supervisor.post(`/api/scoring/months/${old}/submit`)).status).toBe(200);
    const after = await presale1.get<History>('/api/scoring/history?months=3');
    expect(after.body.months[0]).toMatchObject({ month: old, status: 'submitted', score: 94 });

    expect((await presale1.get(`/api/scoring/history?staffId=${ids.presale2}`)).status).toBe(403);
    expect((await presale1.get(`/api/scoring/history?staffId=${ids.presale1}&months=2`)).body.months).toHaveLength(2);
  });

  it.each(['months=0', 'months=25', 'months=1e1', 'staffId=01', 'staffId=abc'])('refuses %s with 400', async (query) => {
    const reply = await supervisor.get(`/api/scoring/history?${query}`);
    expect(reply.status).toBe(400);
  });

  it('an unknown person is 404', async () => {
    expect((await supervisor.get('/api/scoring/history?staffId=999999')).status).toBe(404);
  });
});
