import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { loggedIn } from '../../testing/http-client.ts';
import { seedDemoRoster } from './roster.seed.ts';

let server: TestServer;
const now = new Date('2026-11-29T02:00:00Z');

beforeAll(async () => {
  server = await startTestServer({ serveClient: false, clock: () => now });
});
afterAll(async () => {
  await server?.close();
});

describe('the demo roster (npm start)', () => {
  it('publishes this month from the rotation once, with a duty rota and the fixed-date holidays', async () => {
    expect(await seedDemoRoster(server.db, now, 'Asia/Shanghai')).toBe(true);
    const presale1 = await loggedIn(server.baseUrl, 'presale1');
    const mine = (await presale1.get('/api/roster/mine?month=2026-11')).body;
    expect(mine.published).toBe(true);
    expect(mine.shifts).toHaveLength(30);
    const grid = (await presale1.get('/api/roster/months/2026-11')).body;
    expect(grid.duty).toHaveLength(30);
    expect(grid.coverage.every((c: { missing: string[] }) => c.missing.length === 0)).toBe(true);
    expect((await presale1.get('/api/roster/holidays?year=2026')).body.map((h: { name: string }) => h.name)).toEqual(['元旦', '劳动节', '国庆节']);
    const today = (await presale1.get('/api/roster/today')).body;
    expect(today.shifts.flatMap((s: { people: unknown[] }) => s.people)).toHaveLength(5);
    // never again: the next start leaves the roster to the supervisor
    expect(await seedDemoRoster(server.db, new Date('2026-12-02T02:00:00Z'), 'Asia/Shanghai')).toBe(false);
  });
});
