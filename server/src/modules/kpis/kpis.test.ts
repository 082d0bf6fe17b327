import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_HOURS, tallyRecords, type KpiConversation, type KpiMessage, type KpiPayment } from '@kefu/shared/domain/kpis/tally';
import { finalConversion } from '@kefu/shared/domain/kpis/figures';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { TestClient } from '../../testing/http-client.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { kpisRepository } from './kpis.repository.ts';
import { rolledUpTallies, rollupKpis } from './kpis.rollup.ts';
import { insertChat, insertPayment } from './kpis.fixtures.ts';

const TZ = 'Asia/Shanghai';
/** Shanghai wall time in November 2026. */
const at = (day: number, hour: number, minute: number, second = 0) => new Date(Date.UTC(2026, 10, day, hour - 8, minute, second));
const NOW = at(10, 12, 0);

let server: TestServer;
let supervisor: TestClient;
let ids: Record<string, number>;
const conversations: KpiConversation[] = [];
const messages: KpiMessage[] = [];
const payments: KpiPayment[] = [];

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => NOW });
  ids = await staffIds(server.db);
  supervisor = await new TestClient(server.baseUrl).login('supervisor');
  const li = ids.presale1!;
  const zhang = ids.presale2!;
  const chats = [
    // crosses midnight: asked 23:58 on the 3rd, answered 00:01 on the 4th
    { buyerId: 'kpi-a', agentId: li, messages: [['buyer', at(3, 23, 58)], [li, at(4, 0, 1)], ['buyer', at(4, 0, 2)], ['buyer', at(4, 0, 3)], [li, at(4, 0, 10)]] },
    // before service hours (07:59), then a slow answer in them
    { buyerId: 'kpi-b', agentId: zhang, messages: [['buyer', at(4, 7, 59)], [zhang, at(4, 8, 0, 30)], ['buyer', at(4, 9, 0)], [zhang, at(4, 9, 7)], [zhang, at(4, 9, 8)]] },
    // transferred: the second answer is 张敏's
    { buyerId: 'kpi-c', agentId: zhang, messages: [['buyer', at(5, 10, 0)], [li, at(5, 10, 0, 20)], ['buyer', at(5, 10, 5)], [zhang, at(5, 10, 6)]] },
    // waiting for 李娜 for 5 minutes now, and one in the queue
    { buyerId: 'kpi-d', agentId: li, status: 'open' as const, messages: [['buyer', at(10, 11, 55)]] },
    { buyerId: 'kpi-e', agentId: null, status: 'queued' as const, messages: [['buyer', at(10, 11, 59)]] },
    // for the rollup's late events: 李娜 answers kpi-f on the 1st (kpi-f pays on the 2nd, recorded late);
    // kpi-g's question of the 2nd, 22:00, is answered by 张敏 only on the 10th
    { buyerId: 'kpi-f', agentId: li, messages: [['buyer', at(1, 20, 0)], [li, at(1, 20, 0, 30)]] },
    { buyerId: 'kpi-g', agentId: li, status: 'open' as const, messages: [['buyer', at(2, 22, 0)]] },
    // for the final conversion over rolled-up and live days: kpi-h asks 李娜 on the 1st and again on the 5th, and pays on the 2nd
    { buyerId: 'kpi-h', agentId: li, messages: [['buyer', at(1, 10, 0)], [li, at(1, 10, 0, 40)]] },
    { buyerId: 'kpi-h', agentId: li, messages: [['buyer', at(5, 15, 0)], [li, at(5, 15, 0, 30)]] },
  ] as const;
  await server.db.transaction(async (tx) => {
    for (const chat of chats) {
      const inserted = await insertChat(tx, { ...chat, messages: chat.messages.map(([w, t]) => [w, t]) as Array<['buyer' | number, Date]> });
      conversations.push(inserted.conversation);
      messages.push(...inserted.messages);
    }
    payments.push({ buyerId: 'kpi-a', paidAt: at(4, 20, 0), totalFen: 29_900 }, { buyerId: 'kpi-b', paidAt: at(8, 9, 0), totalFen: 19_900 }, { buyerId: 'kpi-h', paidAt: at(2, 12, 0), totalFen: 5_900 });
    for (const payment of payments) await insertPayment(tx, payment, ids.supervisor!);
    await tx.query('INSERT INTO chat_rating (conversation_id, buyer_id, staff_id, score, comment, created_at) VALUES (?, ?, ?, 2, NULL, ?)', [conversations[1]!.id, 'kpi-b', zhang, at(4, 9, 10)]);
  });
});
afterAll(async () => {
  await server?.close();
});

describe('KPIs from SQL aggregates', () => {
  it('agree with the pure definitions on a scenario across midnight, service hours, transfers and waiting questions', async () => {
    const ratings = [{ staffId: ids.presale2!, at: at(4, 9, 10), score: 2 }];
    const expected = tallyRecords({ conversations, messages, payments, ratings }, { tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: NOW });
    const { daily, final } = await kpisRepository.tallies(server.db.manager, { from: '2026-11-01', to: '2026-11-10', tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: NOW });
    expect(Object.fromEntries(daily)).toEqual(Object.fromEntries(expected));
    expect(Object.fromEntries(final)).toEqual(Object.fromEntries(finalConversion(conversations, payments, { from: '2026-11-01', to: '2026-11-10', tz: TZ })));
    // and the scenario says what it should: 李娜's midnight question on the 3rd, answered in 3 minutes
    expect(daily.get(`${ids.presale1!}|2026-11-03`)).toMatchObject({ questions: 1, answered: 1, responseSumS: 180, inHours: 1, inHoursQuick: 1 });
  });

  it('the rollup gives what the live SQL and the pure functions give, also after late answers and payments', async () => {
    const range = { from: '2026-11-01', to: '2026-11-10', tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: NOW };
    const ratings = [{ staffId: ids.presale2!, at: at(4, 9, 10), score: 2 }];
    const pure = () => Object.fromEntries(tallyRecords({ conversations, messages, payments, ratings }, { tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: NOW }));
    const rolledAt = at(10, 11, 0);
    // Every finished day up to the 9th is rolled up (since the first message, the 1st); a second run finds nothing to do.
    const first = await rollupKpis(server.db, TZ, rolledAt);
    expect(first.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09']);
    expect((await rollupKpis(server.db, TZ, rolledAt)).days).toEqual([]);
    // The enquiries of those days, one per day, agent and buyer (kpi-h twice: the 1st and the 5th).
    const enquiries = (await server.db.query("SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, staff_id AS staffId FROM kpi_enquiry ORDER BY day, staff_id")) as Array<{ day: string; staffId: number }>;
    expect(enquiries.filter((e) => e.day === '2026-11-01' || e.day === '2026-11-05').map((e) => [e.day, Number(e.staffId)])).toEqual([
      ['2026-11-01', ids.presale1],
      ['2026-11-01', ids.presale1],
      ['2026-11-05', ids.presale1],
      ['2026-11-05', ids.presale1],
    ]);
    expect(Object.fromEntries((await rolledUpTallies(server.db.manager, range)).final)).toEqual(Object.fromEntries(finalConversion(conversations, payments, { from: '2026-11-01', to: '2026-11-10', tz: TZ })));
    const stored = (await server.db.query("SELECT COUNT(*) AS n FROM kpi_daily WHERE day = '2026-11-04'")) as Array<{ n: number }>;
    expect(Number(stored[0]!.n)).toBe(2);
    let rolled = await rolledUpTallies(server.db.manager, range);
    expect(Object.fromEntries(rolled.daily)).toEqual(Object.fromEntries((await kpisRepository.tallies(server.db.manager, range)).daily));
    expect(Object.fromEntries(rolled.daily)).toEqual(pure());

    // Late events, written at 11:30 on the 10th: 张敏 answers kpi-g's question of the 2nd, and
    // kpi-f's payment of the 2nd is recorded (it converts kpi-f's enquiry of the 1st).
    const late = at(10, 11, 30);
    const kpiG = conversations.find((c) => c.buyerId === 'kpi-g')!;
    await server.db.transaction(async (tx) => {
      await tx.query("UPDATE chat_message SET answered_at = ?, answered_by = ? WHERE conversation_id = ? AND sender = 'buyer'", [late, ids.presale2, kpiG.id]);
      await tx.query("INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, created_at) VALUES (?, 2, 'kpi-late-answer', 'staff', ?, 'text', '亲，在的', ?)", [kpiG.id, ids.presale2, late]);
      await tx.query('UPDATE chat_conversation SET first_response_at = ?, first_response_by = ? WHERE id = ?', [late, ids.presale2, kpiG.id]);
      await tx.query(
        "INSERT INTO shop_order (order_no, buyer_id, status, total_fen, placed_at, paid_at, created_by, created_at, updated_at, version) VALUES ('KPI-LATE-1', 'kpi-f', 'paid', 9900, ?, ?, ?, ?, ?, 1)",
        [at(2, 10, 0), at(2, 10, 0), ids.supervisor, late, late],
      );
    });
    const question = messages.find((m) => m.conversationId === kpiG.id)!;
    Object.assign(question, { answeredAt: late, answeredBy: ids.presale2 });
    messages.push({ conversationId: kpiG.id, sender: 'staff', staffId: ids.presale2!, createdAt: late, answeredAt: null, answeredBy: null });
    Object.assign(kpiG, { firstResponseAt: late, firstResponseBy: ids.presale2 });
    payments.push({ buyerId: 'kpi-f', paidAt: at(2, 10, 0), totalFen: 9900 });

    // Before the job runs again the page already counts the two stale days live…
    rolled = await rolledUpTallies(server.db.manager, range);
    expect(Object.fromEntries(rolled.daily)).toEqual(pure());
    // …the final conversion too: (李娜, kpi-h) asked on the 1st (live now) and the 5th (rolled up),
    // so it converts with the 2nd's payment only because the live day moves its first question earlier.
    const pureFinal = Object.fromEntries(finalConversion(conversations, payments, { from: '2026-11-01', to: '2026-11-10', tz: TZ }));
    expect(Object.fromEntries(rolled.final)).toEqual(pureFinal);
    expect(Object.fromEntries(rolled.final)).toEqual(Object.fromEntries((await kpisRepository.tallies(server.db.manager, range)).final));
    const withoutFirst = Object.fromEntries(finalConversion(conversations.filter((c) => !(c.buyerId === 'kpi-h' && c.firstBuyerMessageAt! < at(2, 0, 0))), payments, { from: '2026-11-01', to: '2026-11-10', tz: TZ }));
    expect(pureFinal[String(ids.presale1)]!.paid).toBe(withoutFirst[String(ids.presale1)]!.paid + 1);
    // kpi-f (9,900, recorded late) and kpi-h (5,900) on the 1st.
    expect(rolled.daily.get(`${ids.presale1!}|2026-11-01`)).toMatchObject({ enquiries: 2, converted: 2, convertedFen: 15_800 });
    expect(rolled.daily.get(`${ids.presale2!}|2026-11-02`)).toMatchObject({ questions: 1, answered: 1, firstResponses: 1 });
    // …and the next run rolls up exactly those two again, and agrees.
    expect((await rollupKpis(server.db, TZ, NOW)).days).toEqual(['2026-11-01', '2026-11-02']);
    rolled = await rolledUpTallies(server.db.manager, range);
    expect(Object.fromEntries(rolled.daily)).toEqual(pure());
    expect(Object.fromEntries(rolled.final)).toEqual(Object.fromEntries(finalConversion(conversations, payments, { from: '2026-11-01', to: '2026-11-10', tz: TZ })));
    const stale = (await server.db.query("SELECT COUNT(*) AS n FROM kpi_daily WHERE day = '2026-11-02' AND staff_id = ?", [ids.presale2])) as Array<{ n: number }>;
    expect(Number(stale[0]!.n)).toBe(1);

    // Other service hours make every rolled-up day stale: the page counts them live with the new hours.
    const evening = { startMinute: 20 * 60, endMinute: 24 * 60 };
    const withHours = await rolledUpTallies(server.db.manager, { ...range, hours: evening });
    expect(Object.fromEntries(withHours.daily)).toEqual(Object.fromEntries(tallyRecords({ conversations, messages, payments, ratings }, { tz: TZ, hours: evening, now: NOW })));
  });

  it('the supervisor reads every agent, the team, the days and who misses a target', async () => {
    const set = await supervisor.request('PUT', '/api/kpis/settings', { targets: { quickRate: 0.9 }, serviceHours: { startMinute: 480, endMinute: 1440 } });
    expect(set.status).toBe(200);
    const audited = (await server.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'kpi.settings'")) as Array<{ n: number }>;
    expect(Number(audited[0]!.n)).toBe(1);

    const reply = await supervisor.get('/api/kpis?from=2026-11-03&to=2026-11-09');
    expect(reply.status).toBe(200);
    expect(reply.body.days).toHaveLength(7);
    const zhang = reply.body.agents.find((a: { staffId: number }) => a.staffId === ids.presale2);
    // 张敏: 07:59 (not in hours), 09:00 answered after 7 min (miss), 10:05 answered in 1 min (hit)
    expect(zhang.figures.quickRate).toBe(0.5);
    expect(zhang.missed).toEqual(['quickRate']);
    expect(zhang.figures.dissatisfiedRate).toBe(1);
    // kpi-a and kpi-b paid; kpi-c did not; kpi-h first asked in the range on the 5th, after paying on the 2nd.
    expect(reply.body.teamFinal).toEqual({ asked: 4, paid: 2, rate: 0.5 });
  });

  it('an agent sees their own figures against the team median', async () => {
    const li = await new TestClient(server.baseUrl).login('presale1');
    const reply = await li.get('/api/kpis/me?from=2026-11-03&to=2026-11-10');
    expect(reply.status).toBe(200);
    expect(reply.body.me.staffId).toBe(ids.presale1);
    expect(reply.body.days).toHaveLength(8);
    expect(typeof reply.body.teamMedian.responseAvgS).toBe('number');
    expect((await li.get('/api/kpis?from=2026-11-03&to=2026-11-10')).status).toBe(403);
  });

  it('exports CSV with a row per agent and day', async () => {
    const reply = await supervisor.get('/api/kpis/export.csv?from=2026-11-03&to=2026-11-05');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/csv');
    expect(String(reply.body)).toContain('2026-11-04,李娜');
  });

  it('complaint figures count against the targets and go into the CSV', async () => {
    // A verified service-quality complaint about 张敏, handled by 刘洋 in 26 hours; one about 李娜, not verified, still open.
    const insert = "INSERT INTO complaint (source, buyer_id, staff_id, category, severity, handler_id, status, description, verified, deadline_at, created_by, created_at, resolved_at, version) VALUES ('call', ?, ?, 'attitude', 'normal', ?, ?, '态度不好', ?, ?, ?, ?, ?, 1)";
    await server.db.query(insert, ['kpi-b', ids.presale2, ids.aftersale1, 'resolved', 1, at(7, 10, 0), ids.supervisor, at(5, 10, 0), at(6, 12, 0)]);
    await server.db.query(insert, ['kpi-a', ids.presale1, ids.aftersale1, 'open', null, at(9, 10, 0), ids.supervisor, at(6, 10, 0), null]);
    const targets = { quickRate: 0.9, complaintsVerified: 0, complaintHandlingAvgS: 24 * 3600 };
    expect((await supervisor.request('PUT', '/api/kpis/settings', { targets, serviceHours: { startMinute: 480, endMinute: 1440 } })).status).toBe(200);

    const reply = await supervisor.get('/api/kpis?from=2026-11-03&to=2026-11-09');
    const of = (id: number | undefined) => reply.body.agents.find((a: { staffId: number }) => a.staffId === id);
    expect(of(ids.presale2)).toMatchObject({ complaints: { concerning: 1, verified: 1, handled: 0, handlingAvgS: null }, missed: ['quickRate', 'complaintsVerified'] });
    expect(of(ids.presale1)).toMatchObject({ complaints: { concerning: 1, verified: 0, handled: 0, handlingAvgS: null } });
    expect(of(ids.presale1).missed).not.toContain('complaintsVerified');
    expect(of(ids.aftersale1)).toMatchObject({ complaints: { concerning: 0, verified: 0, handled: 1, handlingAvgS: 26 * 3600 }, missed: ['complaintHandlingAvgS'] });
    expect(reply.body.teamComplaints).toEqual({ concerning: 2, verified: 1, handled: 1, handlingAvgS: 26 * 3600 });
    // Out of the range: nothing.
    const before = await supervisor.get('/api/kpis?from=2026-11-01&to=2026-11-02');
    expect(before.body.teamComplaints).toEqual({ concerning: 0, verified: 0, handled: 0, handlingAvgS: null });

    const csv = String((await supervisor.get('/api/kpis/export.csv?from=2026-11-03&to=2026-11-09')).body).split('\r\n');
    expect(csv[0]).toContain('被投诉 complaints,核实投诉 verified,处理投诉 handled,平均处理时长(小时) handling avg h');
    const rangeRow = (who: string) => csv.find((line) => line.startsWith(`2026-11-03~2026-11-09,${who},`))!.split(',').slice(-4);
    expect(rangeRow('张敏')).toEqual(['1', '1', '0', '']);
    expect(rangeRow('刘洋')).toEqual(['0', '0', '1', '26']);
    expect(rangeRow('全队 team')).toEqual(['2', '1', '1', '26']);
    // A day row leaves them empty (complaints are counted over the range).
    expect(csv.find((line) => line.startsWith('2026-11-04,李娜,'))!.split(',').slice(-4)).toEqual(['', '', '', '']);
    // Out of bounds is refused; the earlier targets come back for the tests after this one.
    expect((await supervisor.request('PUT', '/api/kpis/settings', { targets: { complaintsVerified: -1 }, serviceHours: { startMinute: 480, endMinute: 1440 } })).status).toBe(400);
    expect((await supervisor.request('PUT', '/api/kpis/settings', { targets: { quickRate: 0.9 }, serviceHours: { startMinute: 480, endMinute: 1440 } })).status).toBe(200);
  });

  it.each([
    ['a backwards range', 'from=2026-11-05&to=2026-11-01'],
    ['more than a year', 'from=2025-01-01&to=2026-11-01'],
    ['not a day', 'from=2026-11&to=2026-11-05'],
  ])('refuses %s with 400', async (_case, query) => {
    const reply = await supervisor.get(`/api/kpis?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid');
  });

  it('refuses service hours that end before they start, and changes nothing', async () => {
    const reply = await supervisor.request('PUT', '/api/kpis/settings', { targets: {}, serviceHours: { startMinute: 600, endMinute: 300 } });
    expect(reply.status).toBe(400);
    expect((await supervisor.get('/api/kpis/settings')).body.targets).toEqual({ quickRate: 0.9 });
  });
});
