/**
 * Issue 14's integration test: the whole of May 2031 for the demo team (two pre-sale, two
 * after-sale agents, a printer), run through the console's own routes with a fake clock —
 * the supervisor publishes the roster in April; swaps, leave, clocks, corrections (签卡),
 * presence and its permissions and a buyer's chat follow, day by day, as they would; then
 * the settlement's detectors for the month propose exactly the entries written by hand at
 * the bottom (who, rule, shop day).
 *
 * The rotation of May 2031 (5-day blocks from 1970-01-01 fall on the 1st, 6th, 11th…):
 * team A (presale1, aftersale1) works early on 1–5, 11–15, 21–25, 31 and late on 6–10,
 * 16–20, 26–30; team B (presale2, aftersale2) the opposite; printer1 the printing shift daily.
 * Early 09:00–11:30 + 12:30–18:30 (01:00–03:30, 04:30–10:30 UTC); late 13:00–17:30 +
 * 18:30–23:30 (05:00–09:30, 10:30–15:30 UTC).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { shopDay } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { buyerSocket, clientId, connected, socketOf, startBuyer, waitFor } from '../chat/chat.fixtures.ts';

const TZ = 'Asia/Shanghai';
const MONTH = '2031-05';
const RULES = ['G01', 'G02', 'G03a', 'G03b', 'G04', 'G14', 'S02'];
let now = new Date('2031-04-20T02:00:00Z');
const at = (iso: string) => new Date(iso);
const setNow = (when: Date) => {
  now = when;
};
let server: TestServer;
let ids: Record<string, number>;
const client: Record<string, TestClient> = {};
const sockets: Socket[] = [];
const TEAM = ['presale1', 'presale2', 'aftersale1', 'aftersale2', 'printer1'] as const;
type Who = (typeof TEAM)[number];
const AGENTS: readonly Who[] = ['presale1', 'presale2', 'aftersale1', 'aftersale2'];

async function ok<T = any>(reply: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await reply;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}
const post = (who: Who | 'supervisor', path: string, body: unknown, status = 200) => ok(client[who]!.post(path, body), status);
const presence = (who: Who, status: 'online' | 'offline' | 'invisible' | 'away') => ok(client[who]!.request('PUT', '/api/chat/presence', { status }));

/** Asked, accepted, approved: each step at its own time. */
async function swapThrough(requester: Who, colleague: Who, day: string, when: string) {
  setNow(at(when));
  const asked = await post(requester, '/api/roster/swaps', { requesterDay: day, colleagueId: ids[colleague], colleagueDay: day, note: '家里有事，互换一天' }, 201);
  const accepted = await post(colleague, `/api/roster/swaps/${asked.id}/accept`, { version: asked.version });
  return post('supervisor', `/api/roster/swaps/${asked.id}/decide`, { version: accepted.version, approve: true });
}

/** What each person does on each shift, unless the plan says otherwise. */
interface Exception {
  absent?: boolean;
  noClockIn?: boolean;
  noClockOut?: boolean;
}
const exceptions: Record<string, Exception> = {
  'presale2|2031-05-07': { absent: true }, // approved leave
  'printer1|2031-05-28': { absent: true }, // approved emergency leave
  'aftersale2|2031-05-15': { absent: true }, // leave asked for a late shift: void → G04
  'aftersale1|2031-05-21': { absent: true }, // leave refused → G04
  'printer1|2031-05-19': { absent: true }, // no leave asked at all → G02
  'presale2|2031-05-24': { absent: true }, // no leave asked at all → G02
  'presale1|2031-05-04': { noClockOut: true }, // corrected within 2 days, approved
  'aftersale2|2031-05-09': { noClockIn: true }, // never explained → G01
  'printer1|2031-05-11': { noClockIn: true }, // correction refused → G01
  'aftersale1|2031-05-26': { noClockOut: true }, // correction asked too late → G01
};

type Event = { at: Date; what: string; run: () => Promise<unknown> };
const events: Event[] = [];
const on = (iso: string | Date, what: string, run: () => Promise<unknown>) => events.push({ at: typeof iso === 'string' ? at(iso) : iso, what, run });

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  ids = await staffIds(server.db);
  for (const who of ['supervisor', ...TEAM] as const) client[who] = await loggedIn(server.baseUrl, who);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

describe('May 2031 of one team, through the console', () => {
  it('April: the supervisor marks 劳动节, generates May from the rotation and publishes it', async () => {
    await post('supervisor', '/api/roster/holidays', { day: '2031-05-01', name: '劳动节' }, 201);
    const generated = await post('supervisor', `/api/roster/months/${MONTH}/generate`, { version: 0 });
    expect(generated.cells).toHaveLength(5 * 31);
    const published = await post('supervisor', `/api/roster/months/${MONTH}/publish`, { version: generated.version });
    expect(published.status).toBe('published');
  });

  it('swaps: one approved, three refused (after a swap, a holiday, last minute), four for one person', async () => {
    // presale1 and presale2 exchange the 12th (early ↔ late).
    const first = await swapThrough('presale1', 'presale2', '2031-05-12', '2031-04-22T02:00:00Z');
    expect(first.status).toBe('approved');
    // the day after that swap, and a public holiday: refused when asked
    setNow(at('2031-04-22T03:00:00Z'));
    const after = await client.presale1!.post('/api/roster/swaps', { requesterDay: '2031-05-13', colleagueId: ids.presale2, colleagueDay: '2031-05-13', note: '再换一天' });
    expect(after.body.error.details.reason).toBe('swap_after_swap');
    const holiday = await client.presale2!.post('/api/roster/swaps', { requesterDay: '2031-05-01', colleagueId: ids.presale1, colleagueDay: '2031-05-01', note: '过节' });
    expect(holiday.body.error.details.reason).toBe('swap_holiday');
    // aftersale1 swaps four times with aftersale2 (apart from each other): the fourth is G14
    for (const day of ['2031-05-03', '2031-05-08', '2031-05-18', '2031-05-23']) expect((await swapThrough('aftersale1', 'aftersale2', day, '2031-04-23T02:00:00Z')).status).toBe('approved');
    // presale2 asks for the 27th; the supervisor comes to it only once the shift has begun
    setNow(at('2031-04-24T02:00:00Z'));
    const late = await post('presale2', '/api/roster/swaps', { requesterDay: '2031-05-27', colleagueId: ids.presale1, colleagueDay: '2031-05-27', note: '那天有事' }, 201);
    const lateAccepted = await post('presale1', `/api/roster/swaps/${late.id}/accept`, { version: late.version });
    on('2031-05-27T01:10:00Z', 'a swap approved after its shift began', async () => {
      const reply = await client.supervisor!.post(`/api/roster/swaps/${late.id}/decide`, { version: lateAccepted.version, approve: true });
      expect(reply.body.error.details.reason).toBe('swap_too_late');
      await post('supervisor', `/api/roster/swaps/${late.id}/decide`, { version: lateAccepted.version, approve: false, note: '已开班，不能换' });
    });
  });

  it('leave: approved, void for a late shift, refused; emergency leave the night before', async () => {
    setNow(at('2031-04-25T02:00:00Z'));
    const approved = await post('presale2', '/api/roster/leave', { day: '2031-05-07', kind: 'ordinary', reason: '参加婚礼', supervisorId: ids.supervisor }, 201);
    expect(approved.status).toBe('asked');
    expect((await post('supervisor', `/api/roster/leave/${approved.id}/decide`, { version: approved.version, approve: true })).status).toBe('approved');
    const onLate = await post('aftersale2', '/api/roster/leave', { day: '2031-05-15', kind: 'ordinary', reason: '看病', supervisorId: ids.supervisor }, 201);
    expect(onLate).toMatchObject({ status: 'void', voidReason: 'leave_late_shift' });
    on('2031-05-10T02:00:00Z', 'leave asked and refused', async () => {
      const asked = await post('aftersale1', '/api/roster/leave', { day: '2031-05-21', kind: 'ordinary', reason: '搬家', supervisorId: ids.supervisor }, 201);
      expect((await post('supervisor', `/api/roster/leave/${asked.id}/decide`, { version: asked.version, approve: false, note: '那天人手不够' })).status).toBe('refused');
    });
    on('2031-05-27T22:30:00Z', 'emergency leave 2.5 hours ahead, granted', async () => {
      const asked = await post('printer1', '/api/roster/leave', { day: '2031-05-28', kind: 'emergency', reason: '孩子发烧', supervisorId: ids.supervisor }, 201);
      expect(asked.status).toBe('asked');
      await post('supervisor', `/api/roster/leave/${asked.id}/decide`, { version: asked.version, approve: true });
    });
  });

  it('the month is lived: clocks and presence on every shift, with the planned gaps', async () => {
    // Each person's shifts as the published roster (after the swaps) has them.
    for (const who of TEAM) {
      const shifts = (await client[who]!.get(`/api/roster/mine?month=${MONTH}`)).body.shifts as Array<{ day: string; starts: string; ends: string; onLeave: boolean }>;
      expect(shifts).toHaveLength(31);
      for (const shift of shifts) {
        const plan = exceptions[`${who}|${shift.day}`] ?? {};
        if (plan.absent) continue;
        const start = new Date(shift.starts);
        const end = new Date(shift.ends);
        const agent = AGENTS.includes(who);
        on(new Date(start.getTime() - 5 * 60_000), `${who} comes in ${shift.day}`, async () => {
          if (!plan.noClockIn) await post(who, '/api/attendance/clock', { kind: 'in' }, 201);
          if (agent) await presence(who, 'online');
        });
        on(new Date(end.getTime() + 5 * 60_000), `${who} leaves ${shift.day}`, async () => {
          if (!plan.noClockOut) await post(who, '/api/attendance/clock', { kind: 'out' }, 201);
          if (agent) await presence(who, 'offline');
        });
      }
    }

    // Corrections (签卡): approved within 2 days; refused by the supervisor; asked too late.
    on('2031-05-05T02:00:00Z', 'presale1 explains the 4th', async () => {
      const asked = await post('presale1', '/api/attendance/corrections', { day: '2031-05-04', kind: 'out', claimedAt: '2031-05-04T18:32:00+08:00', reason: '忘记打卡' }, 201);
      await post('supervisor', `/api/attendance/corrections/${asked.id}/decide`, { version: asked.version, approve: true });
    });
    on('2031-05-12T02:00:00Z', 'printer1 asks a correction the supervisor refuses', async () => {
      const asked = await post('printer1', '/api/attendance/corrections', { day: '2031-05-11', kind: 'in', claimedAt: '2031-05-11T08:58:00+08:00', reason: '忘记打卡' }, 201);
      await post('supervisor', `/api/attendance/corrections/${asked.id}/decide`, { version: asked.version, approve: false, note: '监控显示9点40到岗' });
    });
    on('2031-05-29T02:00:00Z', 'aftersale1 explains the 26th too late', async () => {
      const reply = await client.aftersale1!.post('/api/attendance/corrections', { day: '2031-05-26', kind: 'out', claimedAt: '2031-05-26T23:33:00+08:00', reason: '忘记打卡' });
      expect(reply.body.error.details.reason).toBe('correction_too_late');
    });

    // Presence during shifts.
    on('2031-05-14T05:30:00Z', 'presale1 asks to go offline 14:00–14:40, granted', async () => {
      const asked = await post('presale1', '/api/attendance/permissions', { status: 'offline', from: '2031-05-14T06:00:00Z', until: '2031-05-14T06:40:00Z', reason: '去仓库核对退货' }, 201);
      await post('supervisor', `/api/attendance/permissions/${asked.id}/decide`, { version: asked.version, approve: true });
    });
    on('2031-05-14T06:00:00Z', 'presale1 offline with permission', () => presence('presale1', 'offline'));
    on('2031-05-14T06:40:00Z', 'presale1 back', () => presence('presale1', 'online'));
    on('2031-05-17T02:00:00Z', 'presale2 invisible without permission', () => presence('presale2', 'invisible'));
    on('2031-05-17T02:30:00Z', 'presale2 back', () => presence('presale2', 'online'));
    on('2031-05-06T06:30:00Z', 'aftersale1 asks to go offline, refused', async () => {
      const asked = await post('aftersale1', '/api/attendance/permissions', { status: 'offline', from: '2031-05-06T07:00:00Z', until: '2031-05-06T07:30:00Z', reason: '出去取快递' }, 201);
      await post('supervisor', `/api/attendance/permissions/${asked.id}/decide`, { version: asked.version, approve: false, note: '下班后再取' });
    });
    on('2031-05-06T07:00:00Z', 'aftersale1 goes offline anyway', () => presence('aftersale1', 'offline'));
    on('2031-05-06T07:40:00Z', 'aftersale1 back', () => presence('aftersale1', 'online'));
    on('2031-05-20T03:00:00Z', 'aftersale2 takes a break', () => presence('aftersale2', 'away'));
    on('2031-05-20T03:15:00Z', 'aftersale2 back from the break', () => presence('aftersale2', 'online'));

    // The 22nd: a buyer waits 5 minutes while presale1 shows online and does nothing (G03b);
    // later the same buyer is answered in 2 minutes (fine).
    let agentSocket: Socket | null = null;
    let buyer: Socket | null = null;
    let conversationId = 0;
    on('2031-05-22T01:50:00Z', 'presale1 opens the chat window', async () => {
      agentSocket = await connected(socketOf(server.baseUrl, client.presale1!.cookie));
      sockets.push(agentSocket);
    });
    on('2031-05-22T02:00:00Z', 'a buyer writes', async () => {
      buyer = await buyerSocket(await startBuyer(server.baseUrl, 'month-buyer', undefined, now));
      sockets.push(buyer);
      conversationId = (await buyer.emitWithAck('message:send', { clientId: clientId(), text: '这双鞋有39码吗？' })).message.conversationId;
      await waitFor(async () => ((await server.db.query('SELECT agent_id FROM chat_conversation WHERE id = ?', [conversationId])) as Array<{ agent_id: number }>)[0]?.agent_id === ids.presale1, 'the chat offered to presale1');
    });
    on('2031-05-22T02:05:00Z', 'presale1 answers after 5 minutes', async () => {
      expect((await agentSocket!.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '有的，亲' })).error).toBeUndefined();
    });
    on('2031-05-22T03:00:00Z', 'the buyer writes again', () => buyer!.emitWithAck('message:send', { clientId: clientId(), text: '那就拍了' }));
    on('2031-05-22T03:02:00Z', 'presale1 answers in 2 minutes', () => agentSocket!.emitWithAck('message:send', { conversationId, clientId: clientId(), text: '好的，马上发货' }));
    on('2031-05-22T10:40:00Z', 'presale1 closes the chat window (offline already)', async () => {
      agentSocket!.close();
      buyer!.close();
    });

    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const event of events) {
      setNow(event.at);
      try {
        await event.run();
      } catch (err) {
        throw new Error(`${event.at.toISOString()} ${event.what}: ${String(err)}`);
      }
    }
  }, 300_000);

  it('the settlement proposes exactly the entries expected by hand', async () => {
    setNow(at('2031-06-05T02:00:00Z'));
    const deps = { db: server.db, detectors: appDetectors(), tz: TZ, clock: () => now, log: createLogger('test', 'silent') };
    await runDetectors(deps, MONTH);
    const rows = (await server.db.query(
      `SELECT rule, staff_id AS staffId, occurred_at AS occurredAt FROM ledger_entry WHERE month = ? AND rule IN (${RULES.map(() => '?').join(',')}) AND status = 'proposed'`,
      [MONTH, ...RULES],
    )) as Array<{ rule: string; staffId: number; occurredAt: Date }>;
    const name = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
    const found = rows.map((r) => [name.get(Number(r.staffId)), r.rule, shopDay(new Date(r.occurredAt), TZ)].join(' ')).sort();
    expect(found).toEqual(
      [
        'aftersale2 G01 2031-05-09', // clock-in forgotten, never explained
        'printer1 G01 2031-05-11', // clock-in forgotten, the correction refused
        'aftersale1 G01 2031-05-26', // clock-out forgotten, explained after the 2 days
        'printer1 G02 2031-05-19', // away without leave
        'presale2 G02 2031-05-24', // away without leave
        'aftersale1 G03a 2031-05-06', // offline though the permission was refused
        'presale2 G03a 2031-05-17', // invisible without permission
        'presale1 G03b 2031-05-22', // a buyer waited 5 minutes while she showed online
        'aftersale2 G04 2031-05-15', // leave for a late shift is void; missed
        'aftersale1 G04 2031-05-21', // leave refused; missed
        'aftersale1 G14 2031-05-23', // the fourth approved swap of the month
      ].sort(),
    );
    // Run again: nothing new (each is proposed once).
    expect(await runDetectors(deps, MONTH)).toBe(0);
  });
});
