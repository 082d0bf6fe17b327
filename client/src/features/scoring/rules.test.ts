import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import { describe, expect, it } from 'vitest';
import { formatPoints, ruleInputs, ruleTerms, searchRules } from './rules.ts';

describe('the rule picker finds a rule by code or by words', () => {
  it.each([
    ['G05', ['G05']],
    ['g0', ['G01', 'G02', 'G03a', 'G03b', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09']],
    ['a04', ['A04']],
    ['投诉', ['G05', 'G10', 'A10']],
    ['complaint', ['G05']],
    ['换班', ['G02', 'G14', 'S03']],
  ])('%s → %j', (query, codes) => {
    expect(searchRules(query).map((rule) => rule.code)).toEqual(codes);
  });

  it('never offers the month-end outcomes, which the settlement computes', () => {
    expect(searchRules('').map((rule) => rule.code)).not.toContain('M01');
    expect(searchRules('M0')).toEqual([]);
  });
});

describe('a rule’s terms in words', () => {
  it.each([
    ['G05', 'zh-CN', ['−3分']],
    ['G06', 'zh-CN', ['+3～+20分', '或以现金奖励代替加分']],
    ['G01', 'zh-CN', ['罚款¥30.00', '取消全勤奖']],
    ['A04', 'en', ['−2 points', 'the agent repays the buyer’s advanced postage']],
  ] as const)('%s in %s', (code, language, terms) => {
    expect(ruleTerms(CATALOGUE[code], language)).toEqual(terms);
  });

  it('asks for points only for ranged rules and an amount only for A04 and G06', () => {
    expect(ruleInputs(CATALOGUE.G06)).toEqual({ points: { min: 3, max: 20 }, amount: 'cashReward' });
    expect(ruleInputs(CATALOGUE.A04)).toEqual({ points: null, amount: 'postage' });
    expect(ruleInputs(CATALOGUE.G05)).toEqual({ points: null, amount: null });
  });

  it('prints points with their sign', () => {
    expect([formatPoints(5), formatPoints(-3), formatPoints(0)]).toEqual(['+5', '−3', '0']);
  });
});
