import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '@kefu/shared/domain/staff/login-throttle';
import { DEMO_PASSWORD_DEFAULT } from '../../platform/config.ts';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { TestClient, loggedIn } from '../../testing/http-client.ts';

/**
 * Issue 12: five wrong passwords used to lock the real user out for 15 minutes, and 20
 * failures from one address blocked everyone behind it. Behind a proxy (TRUST_PROXY), each
 * test client claims its own address with X-Forwarded-For.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ TRUST_PROXY: 'true' }), serveClient: false });
});
afterAll(async () => {
  await server?.close();
});

function login(ip: string, username: string, password: string) {
  return new TestClient(server.baseUrl).request('POST', '/api/auth/login', { username, password }, { headers: { 'x-forwarded-for': ip } });
}

async function auditRows(action: string) {
  return (await server.db.query('SELECT actor_id AS actorId, entity_id AS entityId, details, ip FROM audit_log WHERE action = ? ORDER BY id', [action])) as Array<{
    actorId: number | null;
    entityId: string | null;
    details: string;
    ip: string;
  }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('login throttling without lockouts for others', () => {
  it('locks only the pair account + address: the real user elsewhere logs in; the lock is audited; the supervisor unlocks it', async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < LOGIN_THROTTLE.pairLockAfter; i++) expect((await login(attacker, 'presale2', 'wrong-password')).status).toBe(401);
    const locked = await login(attacker, 'presale2', DEMO_PASSWORD_DEFAULT);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'rate_limited', details: { reason: 'locked' } });
    expect(locked.body.error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);

    // The real 张敏 at her own desk is not locked out.
    expect((await login('198.51.100.20', 'presale2', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
    // Nor is anyone else behind the attacker's address.
    expect((await login(attacker, 'aftersale2', DEMO_PASSWORD_DEFAULT)).status).toBe(200);

    const [lockout] = await auditRows('auth.login_locked');
    expect(lockout).toMatchObject({ actorId: null, ip: attacker });
    expect(JSON.parse(lockout!.details)).toEqual({ username: 'presale2' });

    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const staffId = Number(lockout!.entityId);
    const unlocked = await supervisor.post(`/api/staff/${staffId}/unlock-login`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toEqual({ unlockedAddresses: 1 });
    expect((await login(attacker, 'presale2', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
    const [unlock] = await auditRows('auth.login_unlocked');
    expect(unlock).toMatchObject({ entityId: String(staffId) });
    expect(JSON.parse(unlock!.details)).toEqual({ ips: [attacker] });
  });

  it('slows an account guessed from many addresses with growing, short delays instead of a lockout', async () => {
    const free = LOGIN_THROTTLE.account.freeFailures;
    // One failure from each of many addresses: no pair is ever locked.
    for (let i = 0; i < free; i++) expect((await login(`192.0.2.${i + 1}`, 'printer1', 'wrong-password')).status).toBe(401);
    const first = await login('192.0.2.200', 'printer1', DEMO_PASSWORD_DEFAULT);
    expect(first.status).toBe(429);
    expect(first.body.error.details).toEqual({ reason: 'account_slow', retryAfterSeconds: 1 });

    await sleep(1_100);
    expect((await login('192.0.2.201', 'printer1', 'wrong-password')).status).toBe(401);
    const second = await login('192.0.2.202', 'printer1', DEMO_PASSWORD_DEFAULT);
    expect(second.status).toBe(429);
    expect(second.body.error.details).toEqual({ reason: 'account_slow', retryAfterSeconds: 2 });

    // The real person waits seconds, not a quarter of an hour.
    await sleep(2_100);
    expect((await login('192.0.2.203', 'printer1', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
    // …and the success starts the account's count again.
    expect((await login('192.0.2.204', 'printer1', 'wrong-password')).status).toBe(401);
    expect((await login('192.0.2.205', 'printer1', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
  });

  it('slows one address spraying many accounts for a second or so, and nobody else', async () => {
    const sprayer = '203.0.113.99';
    for (let i = 0; i < LOGIN_THROTTLE.ip.freeFailures; i++) expect((await login(sprayer, `ghost${i}`, 'wrong-password')).status).toBe(401);
    const slowed = await login(sprayer, 'warehouse1', DEMO_PASSWORD_DEFAULT);
    expect(slowed.status).toBe(429);
    expect(slowed.body.error.details).toEqual({ reason: 'ip_slow', retryAfterSeconds: 1 });
    expect((await login('198.51.100.30', 'warehouse1', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
    await sleep(1_100);
    expect((await login(sprayer, 'warehouse1', DEMO_PASSWORD_DEFAULT)).status).toBe(200);
  });
});
