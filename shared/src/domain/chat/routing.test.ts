import { describe, expect, it } from 'vitest';
import { chatRoleFor, chooseAgent, reopensOnWrite, type AgentLoad } from './routing.ts';

const now = new Date('2026-11-03T02:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const agent = (staffId: number, openCount: number, extra: Partial<AgentLoad> = {}): AgentLoad => ({
  staffId,
  roles: ['presale'],
  status: 'online',
  openCount,
  lastAssignedAt: null,
  ...extra,
});

describe('which role a buyer goes to', () => {
  it.each([
    [false, false, 'presale'],
    [true, false, 'aftersale'],
    [false, true, 'aftersale'],
    [true, true, 'aftersale'],
  ] as const)('shipped/delivered order %s, open after-sale case %s → %s', (hasShippedOrDeliveredOrder, hasOpenAfterSaleCase, role) => {
    expect(chatRoleFor({ hasShippedOrDeliveredOrder, hasOpenAfterSaleCase })).toBe(role);
  });
});

describe('which agent gets a chat', () => {
  const base = { role: 'presale' as const, capacity: 5, previous: null, now };

  it('the least busy online agent of the role', () => {
    expect(chooseAgent({ ...base, agents: [agent(3, 2), agent(4, 1), agent(5, 4)] })).toEqual({ staffId: 4, reason: 'least_busy' });
  });

  it('ties go to whoever waited longest for a chat, then the lowest id', () => {
    expect(chooseAgent({ ...base, agents: [agent(3, 1, { lastAssignedAt: daysAgo(0.1) }), agent(4, 1, { lastAssignedAt: daysAgo(0.2) })] })?.staffId).toBe(4);
    expect(chooseAgent({ ...base, agents: [agent(7, 1), agent(4, 1)] })?.staffId).toBe(4);
  });

  it.each([
    ['away', agent(3, 0, { status: 'away' })],
    ['offline', agent(3, 0, { status: 'offline' })],
    ['of the other role', agent(3, 0, { roles: ['aftersale'] })],
    ['at capacity', agent(3, 5)],
  ])('never an agent who is %s', (_case, only) => {
    expect(chooseAgent({ ...base, agents: [only] })).toBeNull();
  });

  it('the previous agent within 3 days when online with room, even if busier', () => {
    const agents = [agent(3, 4), agent(4, 0)];
    expect(chooseAgent({ ...base, agents, previous: { agentId: 3, lastActivityAt: daysAgo(2.9) } })).toEqual({ staffId: 3, reason: 'sticky' });
  });

  it.each([
    ['the last chat was over 3 days ago', agent(3, 3), daysAgo(3.1)],
    ['the previous agent is full', agent(3, 5), daysAgo(1)],
    ['the previous agent is away', agent(3, 0, { status: 'away' }), daysAgo(1)],
  ])('not sticky when %s', (_case, previousAgent, lastActivityAt) => {
    expect(chooseAgent({ ...base, agents: [previousAgent, agent(4, 2)], previous: { agentId: 3, lastActivityAt } })).toEqual({ staffId: 4, reason: 'least_busy' });
  });

  it('a closed chat reopens when the buyer writes within 3 days, not after', () => {
    expect(reopensOnWrite(daysAgo(2), now)).toBe(true);
    expect(reopensOnWrite(daysAgo(4), now)).toBe(false);
    expect(reopensOnWrite(null, now)).toBe(false);
  });
});
