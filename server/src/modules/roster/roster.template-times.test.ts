/**
 * A shift keeps its own times: editing a template moves neither past nor published shifts
 * (nor what the attendance detectors judge them by); a draft month follows the edit, and a
 * cell set again for a day to come takes the template's new times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { g01g02Detector, g03aDetector } from '../attendance/attendance.detectors.ts';
import { putMonth, putShift, templateIds } from './roster.fixtures.ts';
import { shiftsOf } from './roster.shifts.ts';

const TZ = 'Asia/Shanghai';
const now = new Date('2031-03-15T02:00:00Z'); // 10:00 on 03-15 in Shanghai
let server: TestServer;
let supervisor: TestClient;
let presale1: TestClient;
let ids: Record<string, number>;
let t: Record<string, number>;

const EARLY = [
  ['2031-03-10T01:00:00.000Z', '2031-03-10T03:30:00.000Z'],
  ['2031-03-10T04:30:00.000Z', '2031-03-10T10:30:00.000Z'],
];
const times = async (day: string) =>
  (await shiftsOf(server.db.manager, [ids.presale1!], new Date(`${day}T00:00:00Z`), new Date(`${day}T16:00:00Z`), TZ)).map((s) => s.segments.map((x) => [x.start.toISOString(), x.end.toISOString()]));

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  presale1 = await loggedIn(server.baseUrl, 'presale1');
  ids = await staffIds(server.db);
  t = await templateIds(server.db);
  await putMonth(server.db, '2031-03', 'published', ids.supervisor!);
  await putMonth(server.db, '2031-04', 'draft', ids.supervisor!);
  for (const day of ['2031-03-10', '2031-03-20', '2031-04-01']) await putShift(server.db, { staffId: ids.presale1!, day, role: 'presale', templateId: t['service-early']! });
  // 03-10 worked in full by the times it was published: 08:55–18:35 local, online throughout.
  for (const [kind, at] of [['in', '2031-03-10T00:55:00Z'], ['out', '2031-03-10T10:35:00Z']] as const) {
    await server.db.query('INSERT INTO attendance_clock (staff_id, kind, at, ip, by_staff_id) VALUES (?, ?, ?, ?, ?)', [ids.presale1, kind, new Date(at), '127.0.0.1', ids.presale1]);
  }
  await server.db.query("INSERT INTO agent_presence_log (staff_id, status, prev_status, source, at) VALUES (?, 'online', 'offline', 'agent', ?), (?, 'offline', 'online', 'agent', ?)", [
    ids.presale1, new Date('2031-03-10T00:55:00Z'), ids.presale1, new Date('2031-03-10T10:35:00Z'),
  ]);
});
afterAll(async () => {
  await server?.close();
});

describe('editing a shift template', () => {
  const context = { month: '2031-03', ...monthBounds('2031-03', TZ), tz: TZ, now }; // 03-20 is still to come

  it('before: the shift is 09:00–11:30 + 12:30–18:30 and nothing is proposed', async () => {
    expect(await times('2031-03-10')).toEqual([EARLY]);
    expect(await g01g02Detector.detect(server.db.manager, context)).toEqual([]);
    expect(await g03aDetector.detect(server.db.manager, context)).toEqual([]);
  });

  it('moves neither the past nor the published shifts, nor the detectors’ view of them; a draft follows', async () => {
    const early = (await supervisor.get('/api/roster/templates')).body.find((x: { code: string }) => x.code === 'service-early');
    const edited = await supervisor.request('PUT', `/api/roster/templates/${early.id}`, {
      version: early.version, nameZh: early.nameZh, nameEn: early.nameEn, segments: [{ start: '09:30', end: '11:30' }, { start: '12:30', end: '20:30' }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.segments).toEqual([{ start: '09:30', end: '11:30' }, { start: '12:30', end: '20:30' }]);

    // the past day and the published day to come keep the published times
    expect(await times('2031-03-10')).toEqual([EARLY]);
    expect((await times('2031-03-20'))[0]![1]).toEqual(['2031-03-20T04:30:00.000Z', '2031-03-20T10:30:00.000Z']);
    // the person's own view too
    const mine = (await presale1.get('/api/roster/mine?month=2031-03')).body.shifts as Array<{ day: string; ends: string; template: { segments: unknown } }>;
    expect(mine.map((s) => [s.day, s.ends])).toEqual([['2031-03-10', '2031-03-10T10:30:00.000Z'], ['2031-03-20', '2031-03-20T10:30:00.000Z']]);
    expect(mine[0]!.template.segments).toEqual([{ start: '09:00', end: '11:30' }, { start: '12:30', end: '18:30' }]);
    // had the edit moved history, 18:35–20:30 would be an absence (G03a) and the late start a question
    expect(await g01g02Detector.detect(server.db.manager, context)).toEqual([]);
    expect(await g03aDetector.detect(server.db.manager, context)).toEqual([]);

    // the draft month, promised to nobody yet, follows the template
    const april = (await supervisor.get('/api/roster/months/2031-04')).body.cells as Array<{ day: string; segments: unknown }>;
    expect(april.find((c) => c.day === '2031-04-01')!.segments).toEqual([{ start: '09:30', end: '11:30' }, { start: '12:30', end: '20:30' }]);
  });

  it('a day to come set again by the supervisor takes the new times; a past day cannot be', async () => {
    const march = (await supervisor.get('/api/roster/months/2031-03')).body;
    const set = await supervisor.request('PUT', '/api/roster/months/2031-03/cells', { version: march.version, cells: [{ staffId: ids.presale1, day: '2031-03-20', templateId: t['service-early'] }] });
    expect(set.status).toBe(200);
    expect(await times('2031-03-20')).toEqual([[['2031-03-20T01:30:00.000Z', '2031-03-20T03:30:00.000Z'], ['2031-03-20T04:30:00.000Z', '2031-03-20T12:30:00.000Z']]]);
    const past = await supervisor.request('PUT', '/api/roster/months/2031-03/cells', { version: set.body.version, cells: [{ staffId: ids.presale1, day: '2031-03-10', templateId: t['service-early'] }] });
    expect(past.body.error.details.reason).toBe('roster_past_day');
    expect(await times('2031-03-10')).toEqual([EARLY]);
  });
});
