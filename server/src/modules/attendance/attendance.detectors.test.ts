/**
 * The attendance detectors on a small month (2031-03) written straight into the tables, as
 * the console would have recorded it, checked against the entries expected by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { createLogger } from '../../platform/log.ts';
import { appDetectors } from '../../detectors.ts';
import { runDetectors } from '../scoring/scoring.settlement.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { putMonth, putShift, templateIds } from '../roster/roster.fixtures.ts';
import { g01g02Detector, g03aDetector, g03bDetector } from './attendance.detectors.ts';

const MONTH = '2031-03';
const TZ = 'Asia/Shanghai';
let now = new Date('2031-04-05T00:00:00Z');
let server: TestServer;
let ids: Record<string, number>;
const shiftIds: Record<string, number> = {};
let waitedChat = 0;
const at = (day: string, hhmm: string) => new Date(`2031-03-${day}T${hhmm}:00Z`);

async function clock(staffId: number, kind: 'in' | 'out', when: Date) {
  await server.db.query('INSERT INTO attendance_clock (staff_id, kind, at, ip, by_staff_id) VALUES (?, ?, ?, ?, ?)', [staffId, kind, when, '10.0.0.8', staffId]);
}
async function presence(staffId: number, changes: Array<[string, Date]>) {
  let prev = 'offline';
  for (const [status, when] of changes) {
    await server.db.query(`INSERT INTO agent_presence_log (staff_id, status, prev_status, source, at) VALUES (?, ?, ?, 'agent', ?)`, [staffId, status, prev, when]);
    prev = status;
  }
}
async function leave(staffId: number, day: string, status: string) {
  await server.db.query(
    `INSERT INTO leave_request (staff_id, day, kind, reason, supervisor_id, status, shift_start, asked_at, version) VALUES (?, ?, 'ordinary', '家里有事', ?, ?, ?, ?, 1)`,
    [staffId, day, ids.supervisor, status, new Date(`${day}T05:00:00Z`), new Date(`${day}T00:00:00Z`)],
  );
}

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  ids = await staffIds(server.db);
  const t = await templateIds(server.db);
  await putMonth(server.db, MONTH, 'published', ids.supervisor!);
  const li = ids.presale1!;
  const zhang = ids.presale2!;
  const printer = ids.printer1!;
  for (const day of ['03', '04', '05']) shiftIds[`li-${day}`] = await putShift(server.db, { staffId: li, day: `2031-03-${day}`, role: 'presale', templateId: t['service-early']! });
  for (const day of ['06', '07', '08']) shiftIds[`zhang-${day}`] = await putShift(server.db, { staffId: zhang, day: `2031-03-${day}`, role: 'presale', templateId: t['service-late']! });
  shiftIds['printer-09'] = await putShift(server.db, { staffId: printer, day: '2031-03-09', role: 'printer', templateId: t['printing-early']! });

  // 李娜, 03-03 (early shift 01:00–03:30, 04:30–10:30 UTC): both clocks; invisible 02:00–02:30
  // without permission; a break (away); offline over lunch; offline 06:00–06:20 with permission.
  await clock(li, 'in', at('03', '00:55'));
  await clock(li, 'out', at('03', '10:36'));
  await presence(li, [
    ['online', at('03', '00:55')],
    ['invisible', at('03', '02:00')],
    ['online', at('03', '02:30')],
    ['away', at('03', '03:00')],
    ['online', at('03', '03:10')],
    ['offline', at('03', '03:30')],
    ['online', at('03', '04:30')],
    ['offline', at('03', '06:00')],
    ['online', at('03', '06:20')],
    ['offline', at('03', '10:35')],
  ]);
  await server.db.query(
    `INSERT INTO presence_permission (staff_id, status, from_at, until_at, reason, state, requested_at, decided_by, decided_at, version) VALUES (?, 'offline', ?, ?, '去仓库', 'granted', ?, ?, ?, 2)`,
    [li, at('03', '06:00'), at('03', '06:20'), at('03', '05:50'), ids.supervisor, at('03', '05:55')],
  );
  // 03-04: clock-in only, never explained → G01; online all day; a buyer waits 5 minutes while she shows online and does nothing → G03b.
  await clock(li, 'in', at('04', '00:57'));
  await presence(li, [['online', at('04', '00:57')], ['offline', at('04', '10:40')]]);
  // 03-05: clock-in only, the clock-out explained by an approved correction → nothing.
  await clock(li, 'in', at('05', '00:57'));
  await presence(li, [['online', at('05', '00:57')], ['offline', at('05', '10:40')]]);
  await server.db.query(
    `INSERT INTO attendance_correction (staff_id, shift_day, kind, shift_start, shift_end, claimed_at, reason, status, requested_at, decided_by, decided_at, version)
     VALUES (?, '2031-03-05', 'out', ?, ?, ?, '忘记打卡', 'approved', ?, ?, ?, 2)`,
    [li, at('05', '01:00'), at('05', '10:30'), at('05', '10:33'), at('06', '01:00'), ids.supervisor, at('06', '02:00')],
  );
  // The chat of 03-04: waits of 5 minutes (G03b) and of 2 minutes (fine).
  const chat = (await server.db.query(`INSERT INTO chat_conversation (buyer_id, role, status, agent_id, last_seq, opened_at) VALUES ('g03b-buyer', 'presale', 'open', ?, 4, ?)`, [
    li,
    at('04', '01:50'),
  ])) as { insertId: number };
  waitedChat = Number(chat.insertId);
  await server.db.query(`INSERT INTO chat_change (feed_seq, conversation_id, kind, version, agent_id, role, status, at) VALUES (900001, ?, 'assigned', 1, ?, 'presale', 'open', ?)`, [
    waitedChat,
    li,
    at('04', '01:50'),
  ]);
  const messages: Array<[string, number | null, Date, Date | null]> = [
    ['buyer', null, at('04', '02:00'), at('04', '02:05')],
    ['staff', li, at('04', '02:05'), null],
    ['buyer', null, at('04', '03:00'), at('04', '03:02')],
    ['staff', li, at('04', '03:02'), null],
  ];
  for (const [seq, [sender, staffId, created, answered]] of messages.entries()) {
    await server.db.query(
      `INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, created_at, answered_at, answered_by) VALUES (?, ?, ?, ?, ?, 'text', '在吗', ?, ?, ?)`,
      [waitedChat, seq + 1, `g03b-${seq}`, sender, staffId, created, answered, answered ? li : null],
    );
  }

  // 张敏, late shifts: 03-06 never there → G02; 03-07 missed after a refused leave → G04's, not G02; 03-08 on approved leave.
  await leave(zhang, '2031-03-07', 'refused');
  await leave(zhang, '2031-03-08', 'approved');
  // 打单员 03-09: no clock at all → G02 (printers have no presence to look at).
});
afterAll(async () => {
  await server?.close();
});

const context = () => ({ month: MONTH, ...monthBounds(MONTH, TZ), tz: TZ, now });

describe('attendance detectors on a small month', () => {
  it('G01: a forgotten clock not explained within 2 days; G02: a shift missed without leave or swap', async () => {
    const found = await g01g02Detector.detect(server.db.manager, context());
    expect(found.map((p) => [p.rule, p.staffId, p.evidence])).toEqual([
      ['G01', ids.presale1, [{ kind: 'shift', id: String(shiftIds['li-04']) }]],
      ['G02', ids.presale2, [{ kind: 'shift', id: String(shiftIds['zhang-06']) }]],
      ['G02', ids.printer1, [{ kind: 'shift', id: String(shiftIds['printer-09']) }]],
    ]);
    expect(found[0]!.note).toMatch(/缺下班卡/);
  });

  it('G01 waits while the 2 days to explain are not over', async () => {
    // 03-04's clock-out may be explained until 03-06 10:30 UTC (and 03-06's shift is not over).
    const before = await g01g02Detector.detect(server.db.manager, { ...context(), now: new Date('2031-03-06T10:30:00Z') });
    expect(before.map((p) => p.rule)).toEqual([]);
    const after = await g01g02Detector.detect(server.db.manager, { ...context(), now: new Date('2031-03-06T10:30:01Z') });
    expect(after.map((p) => p.rule)).toEqual(['G01']);
  });

  it('G03a: each unpermitted stretch offline or invisible during a shift, not breaks or lunch', async () => {
    const found = await g03aDetector.detect(server.db.manager, context());
    expect(found.map((p) => [p.rule, p.staffId, p.occurredAt.toISOString(), p.evidence[0]])).toEqual([['G03a', ids.presale1, '2031-03-03T02:00:00.000Z', { kind: 'shift', id: String(shiftIds['li-03']) }]]);
    expect(found[0]!.note).toMatch(/30 分钟/);
  });

  it('G03b: a buyer waited past 3 minutes while the agent showed online and did nothing', async () => {
    const found = await g03bDetector.detect(server.db.manager, context());
    expect(found.map((p) => [p.rule, p.staffId, p.evidence[0]])).toEqual([['G03b', ids.presale1, { kind: 'chat', id: String(waitedChat) }]]);
  });

  it('through the settlement: proposed once, with the catalogue’s amounts', async () => {
    const deps = { db: server.db, detectors: appDetectors(), tz: TZ, clock: () => now, log: createLogger('test', 'silent') };
    expect(appDetectors().list()).toEqual(expect.arrayContaining([g01g02Detector, g03aDetector, g03bDetector]));
    await runDetectors(deps, MONTH);
    expect(await runDetectors(deps, MONTH)).toBe(0);
    const rows = (await server.db.query(`SELECT rule, staff_id AS staffId, source FROM ledger_entry WHERE rule IN ('G01', 'G02', 'G03a', 'G03b') AND status = 'proposed' ORDER BY rule, staff_id`)) as Array<{
      rule: string;
      staffId: number;
      source: string;
    }>;
    expect(rows.map((r) => [r.rule, Number(r.staffId), r.source])).toEqual([
      ['G01', ids.presale1, 'attendance.clocks'],
      ['G02', ids.presale2, 'attendance.clocks'],
      ['G02', ids.printer1, 'attendance.clocks'],
      ['G03a', ids.presale1, 'attendance.g03a'],
      ['G03b', ids.presale1, 'attendance.g03b'],
    ]);
  });
});
