import { describe, expect, it } from 'vitest';
import type { Role } from '../staff/roles.ts';
import { daysBetween, monthDays, monthMember, monthMembers, type Employment } from './membership.ts';

const person = (employedFrom: string, employedUntil: string | null, terms: Array<[string, Role[], number?]> = [[employedFrom, ['presale'], 310_000]]): Employment => ({
  staffId: 1,
  employedFrom,
  employedUntil,
  terms: terms.map(([effectiveOn, roles, baseWageFen]) => ({ effectiveOn, roles, baseWageFen: baseWageFen ?? 310_000 })),
});

describe('monthDays and daysBetween', () => {
  it.each([
    ['2026-02', '2026-02-28', 28],
    ['2028-02', '2028-02-29', 29],
    ['2026-10', '2026-10-31', 31],
    ['2026-11', '2026-11-30', 30],
  ])('%s ends on %s (%i days)', (month, last, count) => {
    expect(monthDays(month)).toEqual({ first: `${month}-01`, last, count });
  });

  it('counts both ends and never goes negative', () => {
    expect(daysBetween('2026-10-01', '2026-10-31')).toBe(31);
    expect(daysBetween('2026-10-31', '2026-11-01')).toBe(2);
    expect(daysBetween('2026-11-02', '2026-11-01')).toBe(0);
  });
});

describe('who is on a month’s sheet (October 2026, 31 days)', () => {
  it.each<[string, Employment, { firstDay: string; lastDay: string; daysEmployed: number; fullMonth: boolean; paidBaseFen: number } | null]>([
    ['employed all month', person('2025-01-01', null), { firstDay: '2026-10-01', lastDay: '2026-10-31', daysEmployed: 31, fullMonth: true, paidBaseFen: 310_000 }],
    ['joined on the 1st', person('2026-10-01', null), { firstDay: '2026-10-01', lastDay: '2026-10-31', daysEmployed: 31, fullMonth: true, paidBaseFen: 310_000 }],
    ['joined on the 22nd: 10 days', person('2026-10-22', null), { firstDay: '2026-10-22', lastDay: '2026-10-31', daysEmployed: 10, fullMonth: false, paidBaseFen: 100_000 }],
    ['left on the 10th: 10 days', person('2025-01-01', '2026-10-10'), { firstDay: '2026-10-01', lastDay: '2026-10-10', daysEmployed: 10, fullMonth: false, paidBaseFen: 100_000 }],
    ['left on the last day', person('2025-01-01', '2026-10-31'), { firstDay: '2026-10-01', lastDay: '2026-10-31', daysEmployed: 31, fullMonth: true, paidBaseFen: 310_000 }],
    ['joined and left within the month', person('2026-10-05', '2026-10-05'), { firstDay: '2026-10-05', lastDay: '2026-10-05', daysEmployed: 1, fullMonth: false, paidBaseFen: 10_000 }],
    ['joined the next month', person('2026-11-01', null), null],
    ['left the month before', person('2025-01-01', '2026-09-30'), null],
    ['a manager all month', person('2025-01-01', null, [['2025-01-01', ['manager']]]), null],
  ])('%s', (_, employment, expected) => {
    const member = monthMember(employment, '2026-10');
    if (expected === null) expect(member).toBeNull();
    else expect(member).toMatchObject({ ...expected, daysInMonth: 31 });
  });

  it('takes the roles and base wage in force on the last employed day', () => {
    const promoted = person('2025-01-01', null, [
      ['2025-01-01', ['presale'], 300_000],
      ['2026-10-15', ['supervisor'], 500_000],
    ]);
    expect(monthMember(promoted, '2026-10')).toMatchObject({ roles: ['supervisor'], baseWageFen: 500_000 });
    expect(monthMember(promoted, '2026-09')).toMatchObject({ roles: ['presale'], baseWageFen: 300_000 });
  });

  it('keeps someone who was scored part of the month and became a manager later in it', () => {
    const manager = person('2025-01-01', null, [
      ['2025-01-01', ['aftersale'], 300_000],
      ['2026-10-20', ['manager'], 800_000],
    ]);
    expect(monthMember(manager, '2026-10')).toMatchObject({ roles: ['aftersale'], baseWageFen: 300_000 });
    expect(monthMember(manager, '2026-11')).toBeNull();
  });

  it('disabling later never takes a person off a month they worked', () => {
    const before = monthMember(person('2025-01-01', null), '2026-10');
    const after = monthMember(person('2025-01-01', '2026-11-29'), '2026-10');
    expect(after).toEqual(before);
  });

  it('lists the members by staffId', () => {
    const people = [3, 1, 2].map((staffId) => ({ ...person('2025-01-01', null), staffId }));
    expect(monthMembers(people, '2026-10').map((m) => m.staffId)).toEqual([1, 2, 3]);
  });
});
