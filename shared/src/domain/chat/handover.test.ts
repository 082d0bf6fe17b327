import { describe, expect, it } from 'vitest';
import { absentLongEnough, planHandover, waitingTooLong } from './handover.ts';
import type { AgentLoad } from './routing.ts';

const now = new Date('2026-11-29T08:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('absentLongEnough', () => {
  it.each([
    ['online, for hours', 'online', ago(7200), false],
    ['offline 59 s (a reload, a network gap)', 'offline', ago(59), false],
    ['offline exactly the grace period', 'offline', ago(60), true],
    ['offline 5 minutes', 'offline', ago(300), true],
    ['away 61 s', 'away', ago(61), true],
  ] as const)('%s → %s', (_label, status, since, expected) => {
    expect(absentLongEnough({ status, since, now, graceSeconds: 60 })).toBe(expected);
  });

  it('a chosen status hands over at once: the grace is 0 then', () => {
    expect(absentLongEnough({ status: 'away', since: now, now, graceSeconds: 0 })).toBe(true);
  });
});

describe('waitingTooLong (the 3-minute response rule)', () => {
  it.each([
    ['nobody waiting', null, false],
    ['waiting 2:59', ago(179), false],
    ['waiting 3:00', ago(180), true],
    ['waiting 10 minutes', ago(600), true],
  ])('%s → %s', (_label, waitingSince, expected) => {
    expect(waitingTooLong({ waitingSince, now, alertMinutes: 3 })).toBe(expected);
  });
});

describe('planHandover: all of an absent agent\'s waiting chats placed at once', () => {
  const agent = (staffId: number, openCount: number, roles: string[] = ['presale'], status: AgentLoad['status'] = 'online'): AgentLoad => ({
    staffId,
    roles,
    status,
    openCount,
    lastAssignedAt: ago(600 - staffId),
  });
  const chats = (n: number, role: 'presale' | 'aftersale' = 'presale', from = 1) => Array.from({ length: n }, (_, i) => ({ id: from + i, role }));
  const plan = (input: Omit<Parameters<typeof planHandover>[0], 'now'>) => Object.fromEntries(planHandover({ ...input, now }));

  it.each([
    {
      label: 'spread over the team, least busy first, counting what this hand-over gave',
      chats: chats(4),
      agents: [agent(2, 1), agent(3, 0)],
      capacity: 5,
      expected: { 1: 3, 2: 2, 3: 3, 4: 2 },
    },
    { label: 'capacity is never exceeded: the rest go to the queue', chats: chats(4), agents: [agent(2, 3), agent(3, 4)], capacity: 5, expected: { 1: 2, 2: 3, 3: 2, 4: null } },
    { label: 'nobody with room: every chat to the queue', chats: chats(2), agents: [agent(2, 5)], capacity: 5, expected: { 1: null, 2: null } },
    { label: 'away agents get nothing', chats: chats(1), agents: [agent(2, 0, ['presale'], 'away'), agent(3, 4)], capacity: 5, expected: { 1: 3 } },
    {
      label: 'each chat to its role; an agent of both roles counts one load',
      chats: [...chats(2, 'aftersale', 1), ...chats(2, 'presale', 3)],
      agents: [agent(2, 3, ['presale', 'aftersale']), agent(3, 3, ['presale'])],
      capacity: 5,
      expected: { 1: 2, 2: 2, 3: 3, 4: 3 },
    },
  ])('$label', ({ chats, agents, capacity, expected }) => {
    const offerable = { presale: agents.map((a) => a.staffId), aftersale: agents.map((a) => a.staffId) };
    expect(plan({ chats, agents, offerable, capacity })).toEqual(expected);
  });

  it('only those offerable for the role (not the absent agent, on shift) are offered', () => {
    const agents = [agent(1, 0), agent(2, 2), agent(3, 0)];
    expect(plan({ chats: chats(2, 'presale', 10), agents, offerable: { presale: [2, 3] }, capacity: 5 })).toEqual({ 10: 3, 11: 3 });
    expect(plan({ chats: chats(1, 'presale', 10), agents, offerable: {}, capacity: 5 })).toEqual({ 10: null });
  });
});
