import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@kefu/shared/domain/staff/roles';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { TestClient } from '../testing/http-client.ts';

/**
 * The authorisation matrix: every API route × every role, written out by hand so a change
 * of access is a visible change here. 'public': anyone; 'staff': any logged-in staff member;
 * a list: only those roles. A route missing from this table fails the first test.
 */
const MATRIX: Record<string, 'public' | 'staff' | 'buyer' | Role[]> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'public',
  'GET /api/staff': 'staff',
  'POST /api/staff': ['supervisor'],
  'PATCH /api/staff/:id': ['supervisor'],
  'POST /api/staff/:id/unlock-login': ['supervisor'],
  // scoring (issue 4)
  'POST /api/ledger': ['supervisor'],
  'GET /api/ledger': 'staff',
  'POST /api/ledger/:id/revoke': ['supervisor'],
  'POST /api/ledger/:id/appeal': 'staff',
  'GET /api/ledger/:id/appeal': 'staff',
  'POST /api/ledger/:id/appeal/messages': 'staff',
  'POST /api/ledger/:id/appeal/decision': ['supervisor'],
  'POST /api/ledger/:id/images': ['supervisor'], // issue 13: evidence images
  'POST /api/ledger/bulk': ['supervisor'], // issue 13: bulk entry
  'POST /api/ledger/import': ['supervisor'], // issue 13: CSV import
  'GET /api/ledger/:id/images/:imageId': 'staff', // who may see the entry, else 404
  'GET /api/scoring/appeals': ['supervisor', 'manager'],
  'GET /api/scoring/history': 'staff', // issue 13: own months; others' for supervisor and manager (403)
  'GET /api/scoring/proposals': ['supervisor'],
  'POST /api/scoring/proposals/confirm': ['supervisor'],
  'POST /api/scoring/proposals/:id/dismiss': ['supervisor'],
  'POST /api/scoring/months/:month/settle': ['supervisor'],
  'GET /api/scoring/months/:month': ['supervisor', 'manager'],
  'POST /api/scoring/months/:month/submit': ['supervisor'],
  'POST /api/scoring/months/:month/approve': ['manager'],
  'POST /api/scoring/months/:month/return': ['manager'],
  'POST /api/scoring/months/:month/reopen': ['manager'],
  'GET /api/scoring/months/:month/export.csv': ['supervisor', 'manager'],
  'GET /api/scoring/me': 'staff',
  'GET /api/scoring/fund': 'staff',
  'POST /api/scoring/fund/outflows': ['supervisor'],
  // the order registry and after-sale cases (what chat routing reads; docs/orders.md)
  'GET /api/orders': ['supervisor', 'presale', 'aftersale', 'printer'],
  'POST /api/orders': ['supervisor', 'presale', 'printer'],
  'GET /api/orders/:orderNo': ['supervisor', 'presale', 'aftersale', 'printer'],
  'POST /api/orders/:orderNo/moves': ['supervisor', 'presale', 'aftersale', 'printer'],
  // import and printing (issue 9, branch ordersio)
  'POST /api/orders/import': ['supervisor', 'presale', 'printer'],
  'GET /api/print/queue': ['supervisor', 'printer'],
  'POST /api/print/batches': ['supervisor', 'printer'],
  'GET /api/print/batches': ['supervisor', 'printer'],
  'GET /api/print/batches/:id': ['supervisor', 'printer'],
  'GET /api/print/batches/:id/view': ['supervisor', 'printer'],
  'GET /api/print/print-button.js': ['supervisor', 'printer'],
  // issue 9: the order itself, notes, changes, the printers' alert channel (docs/orders.md)
  'GET /api/orders/:orderNo/receiver-phone': ['supervisor', 'presale', 'aftersale', 'printer'],
  'GET /api/orders/:orderNo/notes': ['supervisor', 'presale', 'aftersale', 'printer'],
  'POST /api/orders/:orderNo/notes': ['supervisor', 'presale', 'aftersale', 'printer'],
  'GET /api/orders/:orderNo/changes': ['supervisor', 'presale', 'aftersale', 'printer'],
  'POST /api/orders/:orderNo/changes': ['supervisor', 'presale', 'aftersale'],
  'POST /api/orders/:orderNo/changes/:id/confirm': ['supervisor', 'presale', 'aftersale'],
  'GET /api/alerts': ['supervisor', 'presale', 'aftersale', 'printer', 'warehouse'],
  'POST /api/alerts/:id/claim': ['supervisor', 'printer', 'aftersale', 'warehouse'],
  'POST /api/alerts/:id/done': ['supervisor', 'printer', 'aftersale', 'warehouse'],
  'POST /api/orders/:orderNo/warehouse-requests': ['supervisor', 'presale', 'aftersale'],
  'GET /api/bank-transfers': ['supervisor', 'presale'],
  'POST /api/orders/:orderNo/bank-transfers': ['supervisor', 'presale'],
  'POST /api/bank-transfers/:id/proof': ['supervisor', 'presale'],
  'GET /api/bank-transfers/:id/proof': ['supervisor', 'presale'],
  'POST /api/bank-transfers/:id/confirm': ['supervisor'],
  'POST /api/bank-transfers/:id/cancel': ['supervisor', 'presale'],
  'GET /api/aftersale/cases': ['supervisor', 'aftersale', 'presale', 'printer', 'warehouse'],
  'GET /api/aftersale/cases/:id': ['supervisor', 'aftersale', 'presale', 'printer', 'warehouse'],
  'GET /api/aftersale/cases/print': ['supervisor', 'aftersale', 'presale', 'printer', 'warehouse'],
  'GET /api/aftersale/cases/export.csv': ['supervisor', 'aftersale', 'presale', 'printer', 'warehouse'],
  'GET /api/aftersale/cases/:id/photos/:imageId': ['supervisor', 'aftersale', 'presale', 'printer', 'warehouse'],
  'GET /api/aftersale/buyer-photos': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/details': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/photos': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/ticks': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/return-tracking': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/received': ['supervisor', 'warehouse', 'printer'],
  'POST /api/aftersale/arrivals': ['supervisor', 'warehouse'],
  'POST /api/aftersale/cases/:id/refund': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/postage-refund': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/early-ship': ['supervisor'],
  'POST /api/aftersale/cases/:id/exchange-shipped': ['supervisor', 'aftersale', 'printer'],
  'POST /api/aftersale/cases/:id/reject': ['supervisor', 'aftersale'],
  'POST /api/aftersale/cases/:id/close': ['supervisor', 'aftersale'],
  'GET /api/notifications': 'staff',
  'POST /api/notifications/:id/read': 'staff',
  // chat (issue 5); 'buyer': only a buyer's chat cookie, never a staff session
  'POST /api/buyer-sessions': 'public',
  'POST /api/buyer-sessions/signed': 'public', // issue 11
  'GET /api/buyer-sessions/me': 'buyer',
  'DELETE /api/buyer-sessions/me': 'buyer',
  'GET /api/buyer/conversation': 'buyer',
  'POST /api/buyer/images': 'buyer',
  'GET /api/buyer/images/:imageId': 'buyer',
  'GET /api/chat/conversations': ['supervisor', 'presale', 'aftersale'],
  'GET /api/chat/conversations/:id': ['supervisor', 'presale', 'aftersale'],
  'GET /api/chat/conversations/:id/messages': ['supervisor', 'presale', 'aftersale'],
  'POST /api/chat/conversations/:id/take': ['presale', 'aftersale'],
  'POST /api/chat/conversations/:id/transfer': ['supervisor', 'presale', 'aftersale'],
  'POST /api/chat/conversations/:id/close': ['supervisor', 'presale', 'aftersale'],
  'POST /api/chat/conversations/:id/link-visitor': ['supervisor', 'presale', 'aftersale'], // issue 11
  'POST /api/chat/conversations/:id/help': ['presale', 'aftersale'], // issue 11: ask the supervisor
  'GET /api/chat/help': ['supervisor'],
  'POST /api/chat/help/:id/join': ['supervisor'],
  'POST /api/chat/conversations/:id/images': ['supervisor', 'presale', 'aftersale'], // issue 11: a chat handed to the supervisor
  'GET /api/chat/images/:imageId': ['supervisor', 'presale', 'aftersale'],
  'GET /api/chat/changes': ['supervisor', 'presale', 'aftersale'],
  'GET /api/chat/search': ['supervisor', 'presale', 'aftersale'],
  'GET /api/chat/presence': ['supervisor', 'presale', 'aftersale'],
  'PUT /api/chat/presence': ['presale', 'aftersale'],
  'GET /api/chat/canned-replies': ['supervisor', 'presale', 'aftersale'],
  'POST /api/chat/canned-replies': ['supervisor'],
  'PATCH /api/chat/canned-replies/:id': ['supervisor'],
  'DELETE /api/chat/canned-replies/:id': ['supervisor'],
  'GET /api/chat/settings': ['supervisor', 'presale', 'aftersale'],
  'PUT /api/chat/settings': ['supervisor'],
  // service quality (issue 15): KPIs, satisfaction and call-backs
  'GET /api/kpis': ['supervisor', 'manager'],
  'GET /api/kpis/me': 'staff',
  'GET /api/kpis/export.csv': ['supervisor', 'manager'],
  'GET /api/kpis/settings': 'staff',
  'PUT /api/kpis/settings': ['supervisor'],
  // issue 15: the daily quality report (质量异常分析日报表)
  'GET /api/quality-reports': ['supervisor', 'manager'],
  'POST /api/quality-reports/build': ['supervisor'],
  'GET /api/quality-reports/:day': ['supervisor', 'manager'],
  'GET /api/quality-reports/:day/print': ['supervisor', 'manager'],
  'GET /api/buyer/survey': 'buyer',
  'POST /api/buyer/survey': 'buyer',
  'GET /api/satisfaction/callbacks': ['supervisor', 'aftersale'],
  'POST /api/satisfaction/callbacks/:id/done': ['supervisor', 'aftersale'],
  'POST /api/complaints': ['supervisor', 'presale', 'aftersale'],
  'GET /api/complaints': ['supervisor', 'presale', 'aftersale'],
  'GET /api/complaints/settings': ['supervisor', 'presale', 'aftersale'],
  'PUT /api/complaints/settings': ['supervisor'],
  'GET /api/complaints/stats': ['supervisor', 'manager'],
  'GET /api/complaints/:id': ['supervisor', 'presale', 'aftersale'],
  'POST /api/complaints/:id/handover': ['supervisor', 'presale', 'aftersale'],
  'POST /api/complaints/:id/resolve': ['supervisor', 'presale', 'aftersale'],
  'POST /api/complaints/:id/callback': ['supervisor', 'presale', 'aftersale'],
  // quality inspection (质检, issue 15; docs/inspection.md)
  'GET /api/inspections/sample': ['supervisor'],
  'GET /api/inspections/kpis': ['supervisor', 'manager'],
  'GET /api/inspections/kpis/me': 'staff',
  'GET /api/inspections/mine': 'staff',
  'GET /api/inspections': ['supervisor', 'manager'],
  'POST /api/inspections': ['supervisor'],
  'GET /api/inspections/:id': 'staff', // the agent: their own published ones, else 404
  'PATCH /api/inspections/:id': ['supervisor'],
  'POST /api/inspections/:id/publish': ['supervisor'],
  'POST /api/inspections/:id/replies': 'staff', // the agent inspected or a supervisor, else 404
  'POST /api/inspections/:id/ledger': ['supervisor'],
  // issue 10 part 2: courier recall slips, difficult parcels (docs/recall.md), refunds and disputes (docs/disputes.md)
  'GET /api/recall/slips': ['supervisor', 'aftersale', 'printer'],
  'POST /api/recall/slips': ['supervisor', 'aftersale'],
  'GET /api/recall/slips/:id': ['supervisor', 'aftersale', 'printer'],
  'GET /api/recall/slips/:id/view': ['supervisor', 'aftersale', 'printer'],
  'POST /api/recall/slips/:id/signature': ['supervisor', 'printer'],
  'POST /api/recall/slips/:id/received': ['supervisor', 'printer'],
  'GET /api/recall/parcels': ['supervisor', 'aftersale', 'printer'],
  'POST /api/recall/parcels': ['supervisor', 'aftersale'],
  'POST /api/recall/parcels/:id/follow-ups': ['supervisor', 'aftersale'],
  'GET /api/disputes': ['supervisor', 'aftersale'],
  'POST /api/disputes': ['supervisor', 'aftersale'],
  'GET /api/disputes/settings': ['supervisor', 'aftersale'],
  'PUT /api/disputes/settings': ['supervisor'],
  'POST /api/disputes/:id/handled': ['supervisor', 'aftersale'],
  'POST /api/disputes/:id/outcome': ['supervisor', 'aftersale'],
  'POST /api/disputes/:id/recovery': ['supervisor', 'aftersale'],
  'POST /api/disputes/:id/reminders': ['supervisor'],
  'GET /api/exchanges': ['supervisor', 'aftersale', 'printer'],
  'GET /api/exchanges/view': ['supervisor', 'aftersale', 'printer'],
  'POST /api/exchanges/:id/printed': ['supervisor', 'printer'],
  'POST /api/exchanges/:id/shipped': ['supervisor', 'printer'],
  'POST /api/exchanges/:id/tell-buyer': ['supervisor', 'aftersale'],
  'POST /api/exchanges/:id/follow-up': ['supervisor', 'aftersale'],
  // the duty roster, swaps and leave (issue 14, docs/roster.md)
  'GET /api/roster/templates': 'staff',
  'PUT /api/roster/templates/:id': ['supervisor'],
  'GET /api/roster/holidays': 'staff',
  'POST /api/roster/holidays': ['supervisor'],
  'DELETE /api/roster/holidays/:day': ['supervisor'],
  'GET /api/roster/months/:month': 'staff',
  'POST /api/roster/months/:month/generate': ['supervisor'],
  'PUT /api/roster/months/:month/cells': ['supervisor'],
  'PUT /api/roster/months/:month/duty': ['supervisor'],
  'POST /api/roster/months/:month/publish': ['supervisor'],
  'GET /api/roster/mine': 'staff',
  'GET /api/roster/today': 'staff',
  'GET /api/roster/shifts/:id': 'staff',
  'GET /api/roster/swaps': 'staff',
  'POST /api/roster/swaps': ['presale', 'aftersale', 'printer'],
  'POST /api/roster/swaps/:id/accept': ['presale', 'aftersale', 'printer'],
  'POST /api/roster/swaps/:id/decline': ['presale', 'aftersale', 'printer'],
  'POST /api/roster/swaps/:id/cancel': ['presale', 'aftersale', 'printer'],
  'POST /api/roster/swaps/:id/decide': ['supervisor'],
  'GET /api/roster/leave': 'staff',
  'POST /api/roster/leave': ['presale', 'aftersale', 'printer'],
  'POST /api/roster/leave/:id/cancel': ['presale', 'aftersale', 'printer'],
  'POST /api/roster/leave/:id/decide': ['supervisor'],
  // attendance (issue 14; docs/attendance.md)
  'POST /api/attendance/clock': ['supervisor', 'presale', 'aftersale', 'printer', 'warehouse'],
  'GET /api/attendance/me': ['supervisor', 'presale', 'aftersale', 'printer', 'warehouse'],
  'POST /api/attendance/corrections': ['supervisor', 'presale', 'aftersale', 'printer', 'warehouse'],
  'GET /api/attendance/corrections': ['supervisor'],
  'POST /api/attendance/corrections/:id/decide': ['supervisor'],
  'POST /api/attendance/permissions': ['presale', 'aftersale'],
  'GET /api/attendance/permissions': ['supervisor'],
  'POST /api/attendance/permissions/:id/decide': ['supervisor'],
  'POST /api/attendance/permissions/:id/withdraw': ['presale', 'aftersale'],
  'GET /api/attendance/board': ['supervisor'],
};

/** Who sees colleagues' base wages in `GET /api/staff` (issue 12); everyone sees their own. */
const SEES_WAGES: Record<Role, boolean> = {
  supervisor: true,
  manager: true,
  presale: false,
  aftersale: false,
  printer: false,
  warehouse: false,
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
    ROLES.map((role) => [route, role, access === 'public' || access === 'staff' || (access !== 'buyer' && access.includes(role))] as const),
  );

  it.each(cases)('%s as %s: allowed=%s', async (route, role, allowed) => {
    const [method, path] = route.split(' ') as [string, string];
    if (route === 'POST /api/auth/logout') return; // would end the shared session; covered in auth.test.ts
    const reply = await clients.get(role)!.request(method, concrete(path), method === 'GET' ? undefined : {});
    if (allowed) expect([401, 403]).not.toContain(reply.status);
    else if (MATRIX[route] === 'buyer') {
      // A staff session is no buyer: the buyer cookie is missing.
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('unauthenticated');
    } else {
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

describe('wage privacy', () => {
  it.each(ROLES.map((role) => [role, SEES_WAGES[role]] as const))('GET /api/staff as %s shows colleagues’ wages: %s', async (role, sees) => {
    const reply = await clients.get(role)!.get('/api/staff');
    expect(reply.status).toBe(200);
    const me = (await clients.get(role)!.get('/api/auth/me')).body.user.id as number;
    const people = reply.body as Array<{ id: number; baseWageFen?: number }>;
    expect(people.length).toBeGreaterThan(2);
    for (const person of people) {
      if (person.id === me || sees) expect(person.baseWageFen).toEqual(expect.any(Number));
      else expect(person).not.toHaveProperty('baseWageFen');
    }
  });
});
