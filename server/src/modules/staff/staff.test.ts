import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { TestClient, loggedIn } from '../../testing/http-client.ts';

let server: TestServer;
let supervisor: TestClient;
beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
});
afterAll(async () => {
  await server?.close();
});

/** Today in the shop's zone (the default first day employed). */
const shopToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function auditRows(entityId: number) {
  return (await server.db.query('SELECT actor_id AS actorId, action, details, ip, at FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id', [
    'staff',
    String(entityId),
  ])) as Array<{ actorId: number; action: string; details: string; ip: string; at: Date }>;
}

describe('staff', () => {
  it('the demo team is seeded with Chinese names and wages in fen, and nobody sees a password hash', async () => {
    const asSupervisor = await supervisor.get('/api/staff');
    expect(asSupervisor.body[2]).toEqual({ id: expect.any(Number), username: 'presale1', displayName: '李娜', roles: ['presale'], baseWageFen: 380000, active: true, employedFrom: '2020-01-01', employedUntil: null });
    // A warehouse clerk sees the names (for hand-overs) but not colleagues' wages.
    const reply = await (await loggedIn(server.baseUrl, 'warehouse1')).get('/api/staff');
    expect(reply.status).toBe(200);
    expect(reply.body.map((s: { username: string }) => s.username)).toEqual(['supervisor', 'manager', 'presale1', 'presale2', 'aftersale1', 'aftersale2', 'printer1', 'warehouse1']);
    expect(reply.body[2]).toEqual({ id: expect.any(Number), username: 'presale1', displayName: '李娜', roles: ['presale'], active: true, employedFrom: '2020-01-01', employedUntil: null });
    expect(JSON.stringify(reply.body)).not.toMatch(/password|\$2[aby]\$|\$argon2/i);
  });

  it('the supervisor creates a staff member with two roles; the creation is audited with who and when', async () => {
    const before = Date.now();
    const reply = await supervisor.post('/api/staff', { username: 'wangwu', displayName: '王五', password: 'secret-pass', roles: ['presale', 'printer'], baseWageFen: 350000 });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(Number),
      username: 'wangwu',
      displayName: '王五',
      roles: ['presale', 'printer'],
      baseWageFen: 350000,
      active: true,
      employedFrom: shopToday(),
      employedUntil: null,
    });
    const [row] = await auditRows(reply.body.id);
    expect(row).toMatchObject({ action: 'staff.create', actorId: 1, ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(row!.at.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(row!.details).not.toContain('secret-pass');
    expect((await loggedIn(server.baseUrl, 'wangwu', 'secret-pass')).cookie).not.toBe('');
  });

  it('a duplicate username is 409 and writes nothing', async () => {
    const count = async () => Number((await server.db.query('SELECT COUNT(*) AS n FROM staff'))[0].n);
    const before = await count();
    const reply = await supervisor.post('/api/staff', { username: 'presale1', displayName: '重复', password: 'secret-pass', roles: ['presale'], baseWageFen: 1 });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'conflict', message: 'The username presale1 is taken' });
    expect(await count()).toBe(before);
  });

  it('the supervisor changes roles, name, wage and active flag; each change is audited with before and after', async () => {
    const created = await supervisor.post('/api/staff', { username: 'zhaoliu', displayName: '赵六', password: 'secret-pass', roles: ['presale'], baseWageFen: 300000 });
    const id = created.body.id as number;
    const reply = await supervisor.patch(`/api/staff/${id}`, { roles: ['aftersale', 'warehouse'], displayName: '赵六六', baseWageFen: 310000 });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ roles: ['aftersale', 'warehouse'], displayName: '赵六六', baseWageFen: 310000, active: true });
    const disabled = await supervisor.patch(`/api/staff/${id}`, { active: false });
    expect(disabled.body.active).toBe(false);
    const rows = await auditRows(id);
    expect(rows.map((r) => r.action)).toEqual(['staff.create', 'staff.update', 'staff.update']);
    const details = JSON.parse(rows[1]!.details);
    expect(details.before).toMatchObject({ roles: ['presale'], displayName: '赵六', baseWageFen: 300000 });
    expect(details.after).toMatchObject({ roles: ['aftersale', 'warehouse'], displayName: '赵六六', baseWageFen: 310000 });
  });

  it('a new password works and the old one does not', async () => {
    const created = await supervisor.post('/api/staff', { username: 'forgetful', displayName: '健忘', password: 'first-pass', roles: ['printer'], baseWageFen: 300000 });
    await supervisor.patch(`/api/staff/${created.body.id}`, { password: 'second-pass' });
    expect((await new TestClient(server.baseUrl).post('/api/auth/login', { username: 'forgetful', password: 'first-pass' })).status).toBe(401);
    expect((await new TestClient(server.baseUrl).post('/api/auth/login', { username: 'forgetful', password: 'second-pass' })).status).toBe(200);
  });

  it('creates and changes several people at once without losing any (no deadlocks)', async () => {
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        supervisor.post('/api/staff', { username: `batch${i}`, displayName: `批量${i}`, password: 'secret-pass', roles: ['presale', 'printer'], baseWageFen: 300000 }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(8).fill(201));
    const changed = await Promise.all(created.map((r) => supervisor.patch(`/api/staff/${r.body.id}`, { roles: ['aftersale', 'warehouse'] })));
    expect(changed.map((r) => r.status)).toEqual(Array(8).fill(200));
    const roles = await server.db.query("SELECT COUNT(*) AS n FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE s.username LIKE 'batch%'");
    expect(Number(roles[0].n)).toBe(16);
  });

  it('a base wage of 0 is refused for a scored role (create and edit), and allowed for a manager; nothing is written', async () => {
    const count = async () => Number((await server.db.query('SELECT COUNT(*) AS n FROM staff'))[0].n);
    const before = await count();
    const zero = await supervisor.post('/api/staff', { username: 'nowage', displayName: '无底薪', password: 'secret-pass', roles: ['presale'], baseWageFen: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.error).toMatchObject({ code: 'invalid', details: { field: 'baseWageFen', reason: 'wage_required' } });
    expect(await count()).toBe(before);

    const boss = await supervisor.post('/api/staff', { username: 'boss0', displayName: '老板', password: 'secret-pass', roles: ['manager'], baseWageFen: 0 });
    expect(boss.status).toBe(201);
    // Becoming a scored role with the wage still 0 is the same slip; with a wage it is fine.
    const scored = await supervisor.patch(`/api/staff/${boss.body.id}`, { roles: ['printer'] });
    expect(scored.body.error).toMatchObject({ code: 'invalid', details: { reason: 'wage_required' } });
    expect((await supervisor.patch(`/api/staff/${boss.body.id}`, { roles: ['printer'], baseWageFen: 300000 })).status).toBe(200);

    const agent = await supervisor.post('/api/staff', { username: 'paid1', displayName: '有底薪', password: 'secret-pass', roles: ['aftersale'], baseWageFen: 300000 });
    const cut = await supervisor.patch(`/api/staff/${agent.body.id}`, { baseWageFen: 0 });
    expect(cut.status).toBe(400);
    expect(cut.body.error.details).toMatchObject({ field: 'baseWageFen', reason: 'wage_required' });
    expect((await supervisor.get('/api/staff')).body.find((p: { id: number }) => p.id === agent.body.id)).toMatchObject({ baseWageFen: 300000 });
  });

  it('an unknown id is 404', async () => {
    const reply = await supervisor.patch('/api/staff/99999', { displayName: '无人' });
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toBe('No staff member with id 99999');
  });

  it('the last active supervisor cannot be disabled or lose the role', async () => {
    for (const patch of [{ active: false }, { roles: ['presale'] }]) {
      const reply = await supervisor.patch('/api/staff/1', patch);
      expect(reply.status).toBe(409);
      expect(reply.body.error.message).toMatch(/last active supervisor/);
    }
    expect((await supervisor.get('/api/auth/me')).body.user.roles).toEqual(['supervisor']);
  });
});

describe('employment dates', () => {
  it('takes a real start date, records the last day on disabling, refuses a last day before the first, and clears it on enabling', async () => {
    const created = await supervisor.post('/api/staff', { username: 'mover', displayName: '搬家', password: 'secret-pass', roles: ['printer'], baseWageFen: 300000, employedFrom: '2026-03-15' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ employedFrom: '2026-03-15', employedUntil: null });
    const id = created.body.id as number;

    const early = await supervisor.patch(`/api/staff/${id}`, { active: false, employedUntil: '2026-03-01' });
    expect(early.status).toBe(400);
    expect(early.body.error.details).toMatchObject({ field: 'employedUntil', reason: 'before_employed_from' });
    expect((await supervisor.get('/api/staff')).body.find((s: { id: number }) => s.id === id)).toMatchObject({ active: true, employedUntil: null });

    const onlyWhenDisabled = await supervisor.patch(`/api/staff/${id}`, { employedUntil: '2026-10-31' });
    expect(onlyWhenDisabled.status).toBe(400);

    const left = await supervisor.patch(`/api/staff/${id}`, { active: false, employedUntil: '2026-10-31' });
    expect(left.body).toMatchObject({ active: false, employedUntil: '2026-10-31' });
    const disabledToday = await supervisor.post('/api/staff', { username: 'leaver2', displayName: '走了', password: 'secret-pass', roles: ['printer'], baseWageFen: 300000, employedFrom: '2026-01-01' });
    expect((await supervisor.patch(`/api/staff/${disabledToday.body.id}`, { active: false })).body.employedUntil).toBe(shopToday());

    const back = await supervisor.patch(`/api/staff/${id}`, { active: true });
    expect(back.body).toMatchObject({ active: true, employedUntil: null });
  });

  it('dates role and wage changes, so a month keeps the roles it had', async () => {
    const created = await supervisor.post('/api/staff', { username: 'promoted', displayName: '升职', password: 'secret-pass', roles: ['presale'], baseWageFen: 300000, employedFrom: '2025-06-01' });
    const id = created.body.id as number;
    await supervisor.patch(`/api/staff/${id}`, { roles: ['aftersale'], baseWageFen: 320000 });
    const terms = (await server.db.query("SELECT DATE_FORMAT(effective_on, '%Y-%m-%d') AS day, roles, base_wage_fen FROM staff_terms WHERE staff_id = ? ORDER BY id", [id])) as Array<{
      day: string;
      roles: string;
      base_wage_fen: number;
    }>;
    expect(terms.map((t) => [t.day, t.roles, Number(t.base_wage_fen)])).toEqual([
      ['2025-06-01', 'presale', 300000],
      [shopToday(), 'aftersale', 320000],
    ]);
  });
});
