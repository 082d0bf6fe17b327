/**
 * The catalogue as the console shows it: a rule's wording in the reader's language, what
 * it does to points and money in words, and the supervisor's search in the rule picker.
 */
import { CATALOGUE, ENTERABLE_RULE_CODES, type Rule, type RuleCode } from '@kefu/shared/domain/scoring/catalogue';
import type { Language } from '../../lib/i18n.ts';
import { formatFen } from '../../lib/money.ts';

export function ruleWording(rule: Rule, language: Language): string {
  return language === 'en' ? rule.en : rule.zh;
}

/** "+5", "−3", "0" — points as the scoresheet prints them (a real minus sign). */
export function formatPoints(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;
  return '0';
}

/** The parts of a rule's terms, in the reader's language, for the picker and the entry list. */
export function ruleTerms(rule: Rule, language: Language): string[] {
  const en = language === 'en';
  const terms: string[] = [];
  const points = rule.points;
  switch (points.kind) {
    case 'fixed':
      terms.push(en ? `${formatPoints(points.points)} points` : `${formatPoints(points.points)}分`);
      break;
    case 'range':
      terms.push(en ? `+${points.min} to +${points.max} points` : `+${points.min}～+${points.max}分`);
      break;
    case 'warningThenFixed':
      terms.push(
        en
          ? `first time a warning (0), then ${formatPoints(points.points)} each; dismissal review from time no. ${points.reviewFrom} on`
          : `首次警告（0分），再次${formatPoints(points.points)}分；第${points.reviewFrom}次起列入解雇审查`,
      );
      break;
    case 'none':
      break;
  }
  const money = rule.money;
  switch (money.kind) {
    case 'fixed':
      terms.push(money.fen < 0 ? (en ? `fine ${formatFen(-money.fen)}` : `罚款${formatFen(-money.fen)}`) : en ? `reward ${formatFen(money.fen)}` : `奖励${formatFen(money.fen)}`);
      break;
    case 'dayWage':
      terms.push(en ? 'one day’s average wage withheld (base wage ÷ 21.75)' : '扣一天平均工资（底薪÷21.75）');
      break;
    case 'postage':
      terms.push(en ? 'the agent repays the buyer’s advanced postage' : '客户垫付运费由该客服承担');
      break;
    case 'cashReward':
      terms.push(en ? 'or a cash reward instead of points' : '或以现金奖励代替加分');
      break;
    case 'none':
      break;
  }
  if (rule.forfeitsAttendance) terms.push(en ? 'forfeits the full-attendance bonus' : '取消全勤奖');
  if (rule.oncePerMonth) terms.push(en ? 'at most once a month' : '每月至多一次');
  if (rule.revokedWhen) terms.push(en ? `revoked when ${rule.revokedWhen.en}` : `${rule.revokedWhen.zh}则取消扣分`);
  return terms;
}

/** Whether the form asks for points (G06's range) and/or an amount (A04 postage, G06 cash). */
export function ruleInputs(rule: Rule): { points: { min: number; max: number } | null; amount: 'postage' | 'cashReward' | null } {
  return {
    points: rule.points.kind === 'range' ? { min: rule.points.min, max: rule.points.max } : null,
    amount: rule.money.kind === 'postage' || rule.money.kind === 'cashReward' ? rule.money.kind : null,
  };
}

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, '');

/**
 * The enterable rules matching what the supervisor typed: a code ("g05", "A0"), or words
 * of the Chinese or English wording ("投诉", "complaint"). Codes starting with the query
 * come first, then wording matches, each in catalogue order. Empty query: every rule.
 */
export function searchRules(query: string): Rule[] {
  const rules = ENTERABLE_RULE_CODES.map((code) => CATALOGUE[code] as Rule);
  const q = normalise(query);
  if (q === '') return rules;
  const byCode = rules.filter((rule) => rule.code.toLowerCase().startsWith(q));
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  const byWords = rules.filter(
    (rule) => !byCode.includes(rule) && words.every((word) => normalise(rule.zh).includes(word) || rule.en.toLowerCase().includes(word)),
  );
  return [...byCode, ...byWords];
}

export function ruleOf(code: string): Rule | null {
  return code in CATALOGUE ? (CATALOGUE[code as RuleCode] as Rule) : null;
}
