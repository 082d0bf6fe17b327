import { describe, expect, it } from 'vitest';
import type { Role } from '../staff/roles.ts';
import { CATALOGUE, ENTERABLE_RULE_CODES, RULE_CODES, canBeCharged, isRuleCode, isScoredStaff, type RuleCode } from './catalogue.ts';

// The table of scoring.md, retyped: code, who may be charged, points, money in fen, forfeit, auto.
// 'range' = G06 +3..+20 or cash; 'warning' = G07 0 then −3; 'dayWage' = G04; 'postage' = A04.
type Pts = number | null | 'range' | 'warning';
type Money = number | null | 'dayWage' | 'postage' | 'cash';
const TABLE: Array<[RuleCode, 'any' | Role, Pts, Money, boolean, boolean]> = [
  ['G01', 'any', null, -3_000, true, true],
  ['G02', 'any', null, -5_000, true, true],
  ['G03a', 'any', null, -5_000, false, true],
  ['G03b', 'any', -2, null, false, true],
  ['G04', 'any', null, 'dayWage', true, true],
  ['G05', 'any', -3, null, false, false],
  ['G06', 'any', 'range', 'cash', false, false],
  ['G07', 'any', 'warning', null, false, false],
  ['G08', 'any', 2, null, false, false],
  ['G09', 'any', -1, null, false, true],
  ['G10', 'any', -3, null, false, false],
  ['G11', 'any', 5, null, false, false],
  ['G12', 'any', -3, null, false, false],
  ['G14', 'any', -2, null, false, true],
  ['G15', 'any', -5, null, false, false],
  ['G16', 'any', -3, null, false, false],
  ['S01', 'supervisor', -3, null, false, true],
  ['S02', 'supervisor', -3, null, false, true],
  ['S03', 'supervisor', -3, null, false, false],
  ['P01', 'presale', -2, null, false, false],
  ['P02', 'presale', -2, null, false, true],
  ['P03', 'presale', -2, null, false, false],
  ['P04', 'presale', -1, null, false, true],
  ['A01', 'aftersale', -1, null, false, false],
  ['A02', 'aftersale', -3, null, false, false],
  ['A03', 'aftersale', -2, null, false, false],
  ['A04', 'aftersale', -2, 'postage', false, false],
  ['A05', 'aftersale', -2, null, false, false],
  ['A06', 'aftersale', -3, null, false, false],
  ['A07', 'aftersale', -1, null, false, false],
  ['A08', 'aftersale', -3, null, false, true],
  ['A09', 'aftersale', -3, null, false, true],
  ['A10', 'aftersale', -2, null, false, true],
  ['R01', 'printer', -2, null, false, true],
  ['R02', 'printer', -2, null, false, true],
  ['R03', 'printer', -2, null, false, true],
  ['R04', 'printer', -2, null, false, true],
  ['M01', 'any', null, 10_000, false, false],
  ['M02', 'any', null, null, false, false],
  ['M03', 'supervisor', null, 10_000, false, false],
  ['M04', 'supervisor', null, -10_000, false, false],
];

function pointsOf(code: RuleCode): Pts {
  const spec = CATALOGUE[code].points;
  switch (spec.kind) {
    case 'none':
      return null;
    case 'fixed':
      return spec.points;
    case 'range':
      return spec.min === 3 && spec.max === 20 ? 'range' : null;
    case 'warningThenFixed':
      return spec.points === -3 && spec.reviewFrom === 3 ? 'warning' : null;
  }
}

function moneyOf(code: RuleCode): Money {
  const money = CATALOGUE[code].money;
  switch (money.kind) {
    case 'none':
      return null;
    case 'fixed':
      return money.fen;
    case 'dayWage':
      return 'dayWage';
    case 'postage':
      return 'postage';
    case 'cashReward':
      return 'cash';
  }
}

describe('the rule catalogue', () => {
  it('has every code of scoring.md once, and no G13', () => {
    expect([...RULE_CODES].sort()).toEqual(TABLE.map(([code]) => code).sort());
    expect(new Set(RULE_CODES).size).toBe(RULE_CODES.length);
    expect(isRuleCode('G13')).toBe(false);
    expect(isRuleCode('G03a')).toBe(true);
  });

  it.each(TABLE)('%s: charged to %s, points %s, money %s, forfeit %s, auto %s', (code, role, pts, money, forfeit, auto) => {
    const rule = CATALOGUE[code];
    expect(rule.code).toBe(code);
    expect(rule.roles).toEqual(role === 'any' ? 'any' : [role]);
    expect(pointsOf(code)).toBe(pts);
    expect(moneyOf(code)).toBe(money);
    expect(rule.forfeitsAttendance).toBe(forfeit);
    expect(rule.auto).toBe(auto);
    expect(rule.monthEnd).toBe(code.startsWith('M'));
    expect(rule.zh).toMatch(/\p{Script=Han}/u);
    expect(rule.en.length).toBeGreaterThan(10);
  });

  it('sends G01, G02, G03a fines and the M04 charge to the activity fund, and M01/M03 rewards not', () => {
    const toFund = RULE_CODES.filter((code) => {
      const money = CATALOGUE[code].money;
      return money.kind === 'fixed' && money.toFund;
    });
    expect(toFund).toEqual(['G01', 'G02', 'G03a', 'M04']);
  });

  it('marks A06 and A09 as revoked when the buyer pays, and no other rule', () => {
    const revocable = RULE_CODES.filter((code) => CATALOGUE[code].revokedWhen !== null);
    expect(revocable).toEqual(['A06', 'A09']);
    expect(CATALOGUE.A06.revokedWhen?.zh).toContain('一半');
    expect(CATALOGUE.A09.revokedWhen?.zh).toContain('全额');
  });

  it('counts S02 (每月扣3分) once a month, and no other rule', () => {
    expect(RULE_CODES.filter((code) => CATALOGUE[code].oncePerMonth)).toEqual(['S02']);
  });

  it('lets every rule but the M codes be entered', () => {
    expect(ENTERABLE_RULE_CODES).toHaveLength(RULE_CODES.length - 4);
    expect(ENTERABLE_RULE_CODES.some((code) => code.startsWith('M'))).toBe(false);
  });

  it.each<[RuleCode, Role[], boolean]>([
    ['G05', ['warehouse'], true],
    ['G05', ['presale'], true],
    ['S01', ['supervisor'], true],
    ['S01', ['presale'], false],
    ['P02', ['presale', 'aftersale'], true],
    ['P02', ['aftersale'], false],
    ['A04', ['aftersale'], true],
    ['A04', ['supervisor'], false],
    ['R03', ['printer'], true],
    ['R03', ['warehouse'], false],
  ])('%s may be charged to %j: %s', (code, roles, expected) => {
    expect(canBeCharged(CATALOGUE[code], roles)).toBe(expected);
  });

  it.each<[Role[], boolean]>([
    [['presale'], true],
    [['supervisor'], true],
    [['manager'], false],
    [['manager', 'supervisor'], false],
  ])('%j is on the scoresheet: %s', (roles, expected) => {
    expect(isScoredStaff(roles)).toBe(expected);
  });
});
