import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@kefu/shared/domain/staff/roles';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { TestClient } from '../testing/http-client.ts';

/**
 * The authorisation matrix: every API route × every role, written out by hand so a change
 * of access is a visible change here. 'public': anyone; 'staff': any logged-in staff member;
 * a list: only those roles. A route missing from this table fails the first test.
 */
const MATRIX: Record<string, 'public' | 'staff' | Role[]> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'public',
  'GET /api/staff': 'staff',
  'POST /api/staff': ['supervisor'],
  'PATCH /api/staff/:id': ['supervisor'],
};

let server: TestServer;
const clients = new Map<Role, TestClient>();

beforeAll(async () => {
  server = await startTestServer({ serveClient: false });
  const supervisor = await new TestClient(server.baseUrl).login('supervisor');
  clients.set('supervisor', supervisor);
  // One account per role, so each request is made by someone holding exactly that role.
  for (const role of ROLES.filter((r) => r !== 'supervisor')) {
    const username = `only_${role}`;
    const created = await supervisor.post('/api/staff', { username, displayName: role, password: 'password1', roles: [role], baseWageFen: 300000 });
    expect(created.status).toBe(201);
    clients.set(role, await new TestClient(server.baseUrl).login(username, 'password1'));
  }
});
afterAll(async () => {
  await server?.close();
});

function concrete(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '999999');
}

describe('authorisation matrix', () => {
  it('names every declared route', () => {
    const declared = server.app.routes.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort();
    expect(declared).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([route, access]) =>
    ROLES.map((role) => [route, role, access === 'public' || access === 'staff' || access.includes(role)] as const),
  );

  it.each(cases)('%s as %s: allowed=%s', async (route, role, allowed) => {
    const [method, path] = route.split(' ') as [string, string];
    if (route === 'POST /api/auth/logout') return; // would end the shared session; covered in auth.test.ts
    const reply = await clients.get(role)!.request(method, concrete(path), method === 'GET' ? undefined : {});
    if (allowed) expect([401, 403]).not.toContain(reply.status);
    else {
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('forbidden');
    }
  });

  it.each(Object.entries(MATRIX).filter(([, access]) => access !== 'public'))('%s anonymously is 401', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const reply = await new TestClient(server.baseUrl).request(method, concrete(path), method === 'GET' ? undefined : {});
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('unauthenticated');
  });
});
