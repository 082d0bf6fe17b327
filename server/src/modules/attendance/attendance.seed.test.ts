import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds } from '@kefu/shared/domain/scoring/month';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn } from '../../testing/http-client.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { seedDemoRoster } from '../roster/roster.seed.ts';
import { g04Detector } from '../roster/roster.detectors.ts';
import { g01g02Detector, g03aDetector, g03bDetector } from './attendance.detectors.ts';
import { seedDemoAttendance } from './attendance.seed.ts';

const TZ = 'Asia/Shanghai';
const now = new Date('2026-11-20T03:00:00Z'); // 11:00 on the 20th in the shop
let server: TestServer;
let ids: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
  ids = await staffIds(server.db);
});
afterAll(async () => {
  await server?.close();
});

const counts = async () =>
  (await server.db.query('SELECT (SELECT COUNT(*) FROM attendance_clock) AS clocks, (SELECT COUNT(*) FROM agent_presence_log) AS presence, (SELECT COUNT(*) FROM attendance_correction) AS corrections')) as unknown[];

describe('the demo attendance history (npm start)', () => {
  it('nothing without a published roster for the month', async () => {
    expect(await seedDemoAttendance(server.db, now, TZ)).toBe(false);
    expect(await counts()).toEqual([{ clocks: 0, presence: 0, corrections: 0 }]);
  });

  it('clocks and presence for the past days, with the planned gaps for the detectors', async () => {
    expect(await seedDemoRoster(server.db, now, TZ)).toBe(true);
    expect(await seedDemoAttendance(server.db, now, TZ)).toBe(true);
    const context = { month: '2026-11', ...monthBounds('2026-11', TZ), tz: TZ, now };
    const found = [];
    for (const detector of [g01g02Detector, g03aDetector, g03bDetector, g04Detector]) found.push(...(await detector.detect(server.db.manager, context)));
    const name = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
    expect(found.map((p) => `${name.get(p.staffId)} ${p.rule}`).sort()).toEqual(['aftersale1 G03a', 'aftersale2 G01', 'presale2 G03a']);

    // presale1's forgotten clock-out is explained and approved; 19 days worked (today's late shift has not begun).
    const presale1 = await loggedIn(server.baseUrl, 'presale1');
    const me = (await presale1.get('/api/attendance/me?month=2026-11')).body;
    expect(me.corrections).toEqual([expect.objectContaining({ kind: 'out', status: 'approved' })]);
    expect(me.shifts.filter((s: { clockIn: string | null }) => s.clockIn !== null)).toHaveLength(19);
    expect(me.shifts.filter((s: { missing: string[] }) => s.missing.length > 0)).toEqual([]);
  });

  it('a second start adds nothing', async () => {
    const before = await counts();
    expect(await seedDemoAttendance(server.db, new Date('2026-11-21T03:00:00Z'), TZ)).toBe(false);
    expect(await counts()).toEqual(before);
  });
});
