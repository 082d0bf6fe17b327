import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { staffIds } from '../scoring/scoring.fixtures.ts';
import { isWorkingAt, shiftsOf } from './roster.shifts.ts';
import { putHoliday, putMonth, putShift, templateIds } from './roster.fixtures.ts';

const TZ = 'Asia/Shanghai';
let server: TestServer;
let ids: Record<string, number>;
let t: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  ids = await staffIds(server.db);
  t = await templateIds(server.db);
  await putMonth(server.db, '2031-03', 'published', ids.supervisor!);
  await putMonth(server.db, '2031-04', 'draft', ids.supervisor!);
  await putShift(server.db, { staffId: ids.presale1!, day: '2031-03-10', role: 'presale', templateId: t['service-early']! });
  await putShift(server.db, { staffId: ids.presale2!, day: '2031-03-10', role: 'presale', templateId: t['service-late']! });
  await putShift(server.db, { staffId: ids.printer1!, day: '2031-03-10', role: 'printer', templateId: t['printing-early']! });
  await putShift(server.db, { staffId: ids.presale1!, day: '2031-03-11', role: 'presale', templateId: t['service-late']!, swapId: 7 });
  await putShift(server.db, { staffId: ids.presale1!, day: '2031-04-01', role: 'presale', templateId: t['service-early']! });
  await putHoliday(server.db, '2031-03-11', '测试节日', ids.supervisor!);
});
afterAll(async () => {
  await server?.close();
});

describe('shiftsOf: the published roster as UTC instants', () => {
  it('gives the shifts touching a window, with their segments, role, holiday and swap', async () => {
    const shifts = await shiftsOf(server.db.manager, 'all', new Date('2031-03-10T00:00:00Z'), new Date('2031-03-12T00:00:00Z'), TZ);
    expect(shifts.map((s) => [s.staffId, s.date, s.template.code, s.holiday, s.swapId])).toEqual([
      [ids.presale1, '2031-03-10', 'service-early', false, null],
      [ids.printer1, '2031-03-10', 'printing-early', false, null],
      [ids.presale2, '2031-03-10', 'service-late', false, null],
      [ids.presale1, '2031-03-11', 'service-late', true, 7],
    ]);
    expect(shifts[0]!.segments.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2031-03-10T01:00:00.000Z', '2031-03-10T03:30:00.000Z'],
      ['2031-03-10T04:30:00.000Z', '2031-03-10T10:30:00.000Z'],
    ]);
    expect(shifts[0]!.role).toBe('presale');
  });

  it.each([
    ['inside the first segment', '2031-03-10T02:00:00Z', [true, true]],
    ['in the lunch break (11:30–12:30 local)', '2031-03-10T04:00:00Z', [false, false]],
    ['at 18:00 local', '2031-03-10T10:00:00Z', [true, true]],
    ['after the early shift, during the late one', '2031-03-10T11:00:00Z', [false, false]],
  ])('a window %s', async (_case, at, expected) => {
    const from = new Date(at);
    const shifts = await shiftsOf(server.db.manager, [ids.presale1!, ids.printer1!], from, new Date(from.getTime() + 1000), TZ);
    expect([ids.presale1, ids.printer1].map((id) => shifts.some((s) => s.staffId === id && isWorkingAt(s, from)))).toEqual(expected);
  });

  it('reads only the people asked for, and nothing of a draft month', async () => {
    expect(await shiftsOf(server.db.manager, [ids.presale2!], new Date('2031-03-10T00:00:00Z'), new Date('2031-03-11T00:00:00Z'), TZ)).toHaveLength(1);
    expect(await shiftsOf(server.db.manager, [], new Date('2031-03-10T00:00:00Z'), new Date('2031-03-11T00:00:00Z'), TZ)).toEqual([]);
    expect(await shiftsOf(server.db.manager, 'all', new Date('2031-03-31T16:00:00Z'), new Date('2031-04-02T00:00:00Z'), TZ)).toEqual([]);
  });
});
