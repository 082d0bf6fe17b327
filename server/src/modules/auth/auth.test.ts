import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startTestServer, type TestServer } from '../../testing/harness.ts';
import { TestClient, loggedIn } from '../../testing/http-client.ts';
import bcrypt from 'bcryptjs';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
});
afterAll(async () => {
  await server?.close();
});

function socketFor(client: TestClient, baseUrl = server.baseUrl): Socket {
  return connect(baseUrl, { transports: ['websocket'], extraHeaders: { cookie: client.cookie }, reconnection: false, forceNew: true });
}

function nextEvent<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, resolve));
}

describe('logging in', () => {
  it('answers the user and sets an httpOnly SameSite=Lax session cookie', async () => {
    const client = new TestClient(server.baseUrl);
    const reply = await client.post('/api/auth/login', { username: 'presale1', password: 'kefu-demo' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ user: { id: expect.any(Number), username: 'presale1', displayName: '李娜', roles: ['presale'] } });
    const cookie = reply.headers.getSetCookie().find((c) => c.startsWith('kefu.sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP here; behind HTTPS it is Secure
    expect((await client.get('/api/auth/me')).body.user.username).toBe('presale1');
  });

  it('refuses a wrong password or an unknown user with 401 and no cookie', async () => {
    for (const body of [{ username: 'presale2', password: 'wrong-password' }, { username: 'nobody', password: 'kefu-demo' }]) {
      const client = new TestClient(server.baseUrl);
      const reply = await client.post('/api/auth/login', body);
      expect(reply.status).toBe(401);
      expect(reply.body.error).toMatchObject({ code: 'unauthenticated', message: 'Wrong username or password' });
      expect(client.cookie).toBe('');
      expect((await client.get('/api/auth/me')).status).toBe(401);
    }
  });

  it('logs out: the cookie no longer works', async () => {
    const client = await loggedIn(server.baseUrl, 'aftersale1');
    const stolen = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replay = new TestClient(server.baseUrl);
    replay.cookie = stolen;
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('rejects a forged cookie', async () => {
    const client = await loggedIn(server.baseUrl, 'aftersale1');
    const forged = new TestClient(server.baseUrl);
    forged.cookie = client.cookie.replace(/\.[^.]+$/, '.AAAA');
    expect((await forged.get('/api/auth/me')).status).toBe(401);
  });
});

describe('passwords (argon2id)', () => {
  async function storedHash(username: string): Promise<string> {
    const [row] = await server.db.query('SELECT password_hash AS hash FROM staff WHERE username = ?', [username]);
    return row.hash as string;
  }

  it.each([
    ['73 ASCII bytes', 'a'.repeat(72)],
    ['24 Chinese characters (72 bytes) and more', '密'.repeat(24)],
  ])('a password over 72 bytes counts to its last byte: %s', async (_name, prefix) => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const username = `long${prefix.length}`;
    const created = await supervisor.post('/api/staff', { username, displayName: '长密码', password: `${prefix}X`, roles: ['printer'], baseWageFen: 300000 });
    expect(created.status).toBe(201);
    expect(await storedHash(username)).toMatch(/^\$argon2id\$/);
    // bcrypt read only the first 72 bytes: this used to log in.
    expect((await new TestClient(server.baseUrl).post('/api/auth/login', { username, password: `${prefix}Y` })).status).toBe(401);
    expect((await new TestClient(server.baseUrl).post('/api/auth/login', { username, password: `${prefix}X` })).status).toBe(200);
  });

  it('an old bcrypt hash still logs in and is replaced by argon2id at that login', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const created = await supervisor.post('/api/staff', { username: 'oldhash', displayName: '老账号', password: 'whatever-1', roles: ['printer'], baseWageFen: 300000 });
    expect(created.status).toBe(201);
    await server.db.query('UPDATE staff SET password_hash = ? WHERE username = ?', [bcrypt.hashSync('legacy-pass-1', 4), 'oldhash']);
    expect((await new TestClient(server.baseUrl).post('/api/auth/login', { username: 'oldhash', password: 'legacy-wrong' })).status).toBe(401);
    expect(await storedHash('oldhash')).toMatch(/^\$2[aby]\$/); // a wrong password upgrades nothing
    expect((await new TestClient(server.baseUrl).post('/api/auth/login', { username: 'oldhash', password: 'legacy-pass-1' })).status).toBe(200);
    expect(await storedHash('oldhash')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect((await new TestClient(server.baseUrl).post('/api/auth/login', { username: 'oldhash', password: 'legacy-pass-1' })).status).toBe(200);
  });
});

describe('one account, one person', () => {
  it('a new login ends the earlier session and disconnects its sockets', async () => {
    const first = await loggedIn(server.baseUrl, 'presale2');
    const socket = socketFor(first);
    await nextEvent(socket, 'connect');
    const ended = nextEvent<{ reason: string }>(socket, 'session:ended');
    const disconnected = nextEvent(socket, 'disconnect');
    const second = await loggedIn(server.baseUrl, 'presale2');
    expect(await ended).toEqual({ reason: 'logged_in_elsewhere' });
    await disconnected;
    expect((await first.get('/api/auth/me')).status).toBe(401);
    expect((await second.get('/api/auth/me')).status).toBe(200);
  });
});

describe('sockets', () => {
  it('refuses a socket without a session', async () => {
    const socket = connect(server.baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
    const error = await nextEvent<Error>(socket, 'connect_error');
    expect(error.message).toBe('Please log in first');
    socket.close();
  });

  it('answers whoami with the roles as they are now, and an error ack for a bad payload', async () => {
    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const person = await supervisor.post('/api/staff', { username: 'rolechange', displayName: '钱多', password: 'password1', roles: ['presale'], baseWageFen: 300000 });
    const agent = await loggedIn(server.baseUrl, 'rolechange', 'password1');
    const socket = socketFor(agent);
    await nextEvent(socket, 'connect');
    expect((await socket.emitWithAck('session:whoami', {})).user.roles).toEqual(['presale']);
    const changed = nextEvent<{ user: { roles: string[] } }>(socket, 'session:changed');
    await supervisor.patch(`/api/staff/${person.body.id}`, { roles: ['aftersale'] });
    expect((await changed).user.roles).toEqual(['aftersale']);
    expect((await socket.emitWithAck('session:whoami', {})).user.roles).toEqual(['aftersale']);
    const bad = await socket.emitWithAck('session:whoami', { extra: 1 });
    expect(bad.error.code).toBe('invalid');
    socket.close();
  });

  it('disabling an account ends its session and its sockets on every server process at once', async () => {
    const second = await startTestServer({ config: server.config, seed: false, serveClient: false });
    try {
      const supervisor = await loggedIn(server.baseUrl, 'supervisor');
      const created = await supervisor.post('/api/staff', { username: 'leaver', displayName: '离职', password: 'password1', roles: ['printer'], baseWageFen: 300000 });
      expect(created.status).toBe(201);
      const leaver = await loggedIn(second.baseUrl, 'leaver', 'password1');
      const socket = socketFor(leaver, second.baseUrl); // on the other process
      await nextEvent(socket, 'connect');
      const ended = nextEvent<{ reason: string }>(socket, 'session:ended');
      const disconnected = nextEvent(socket, 'disconnect');
      expect((await supervisor.patch(`/api/staff/${created.body.id}`, { active: false })).status).toBe(200);
      expect(await ended).toEqual({ reason: 'account_disabled' });
      await disconnected;
      expect((await leaver.get('/api/auth/me')).status).toBe(401);
      const again = await new TestClient(second.baseUrl).post('/api/auth/login', { username: 'leaver', password: 'password1' });
      expect(again.status).toBe(401);
      expect(again.body.error.message).toMatch(/disabled/);
    } finally {
      await second.stop();
    }
  });
});
