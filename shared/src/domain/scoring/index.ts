/** The scoring domain: the rule catalogue, scoring months, the point bands, entry checks and the month settlement. */
export {
  CATALOGUE,
  ENTERABLE_RULE_CODES,
  MONTHLY,
  RULE_CODES,
  canBeCharged,
  isRuleCode,
  isScoredStaff,
  type Rule,
  type RuleCode,
  type RuleMoney,
  type RulePoints,
  type RuleSection,
} from './catalogue.ts';
export { DEFAULT_PAYDAY, monthBounds, nextMonth, paydayInstant, previousMonth, scoringMonth, settlementRunAt, shopDay } from './month.ts';
export { daysBetween, isEmployedOn, monthDays, monthMember, monthMembers, termsOn, type Employment, type MonthMember, type StaffTerms } from './membership.ts';
export { POINT_BANDS, pointDeductionFen } from './bands.ts';
export { resolveEntryInput, type ChargedStaff, type EntryInput, type ResolvedEntry } from './entry.ts';
export {
  computeScoresheet,
  countedPoints,
  dayWageFen,
  startScoresheet,
  type CountedEntry,
  type ScoredStaff,
  type ScoresheetBuilder,
  type ScoresheetInput,
  type ScoresheetLine,
  type ScoresheetOptions,
  type ScoresheetResult,
} from './scoresheet.ts';
