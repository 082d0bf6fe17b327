/**
 * A ledger entry entered by hand (or proposed by a detector), checked against the catalogue
 * before anything is written: what may be given for the rule, and who may be charged.
 */
import { AppError } from '../../errors.ts';
import type { Role } from '../staff/roles.ts';
import { CATALOGUE, canBeCharged, isScoredStaff, type Rule, type RuleCode } from './catalogue.ts';

/** The amounts a request gives; both optional, both checked against the rule. */
export interface EntryInput {
  readonly points?: number | null | undefined;
  readonly amountFen?: number | null | undefined;
}

/** The person charged, as far as the rules care, on the entry's day. */
export interface ChargedStaff {
  /** The roles in force on the entry's day. */
  readonly roles: readonly Role[];
  /** Employed on the entry's day (membership.ts). */
  readonly active: boolean;
}

/**
 * What the ledger stores. `points` is signed (−3, +5); `amountFen` is money the supervisor
 * entered (A04 postage to repay, G06 cash reward), always positive. Fixed fines (G01, G02,
 * G03a) and G04's day wage are not stored: the settlement takes them from the catalogue and
 * the base wage. G07 stores no points: they depend on the entry's place in the month.
 */
export interface ResolvedEntry {
  readonly points: number | null;
  readonly amountFen: number | null;
}

function refuse(rule: Rule, field: string, message: string): never {
  throw new AppError('invalid', `${rule.code}: ${message}`, { field, rule: rule.code });
}

function given(value: number | null | undefined): value is number {
  return value !== undefined && value !== null;
}

function assertPositiveFen(rule: Rule, amountFen: number): void {
  if (!Number.isInteger(amountFen) || amountFen <= 0) {
    refuse(rule, 'amountFen', `amountFen must be a positive whole number of fen, got ${amountFen}`);
  }
}

/**
 * Validates a manual entry and returns what to store, or throws AppError('invalid') naming
 * the problem (the message starts with the rule code; `details.field` names the field).
 */
export function resolveEntryInput(code: RuleCode, input: EntryInput, staff: ChargedStaff): ResolvedEntry {
  const rule: Rule = CATALOGUE[code];
  const { points, amountFen } = input;

  if (rule.monthEnd) refuse(rule, 'rule', 'is computed by the month-end settlement and cannot be entered');
  if (!staff.active) refuse(rule, 'occurredAt', 'the staff member was not employed on that day');
  if (!isScoredStaff(staff.roles)) refuse(rule, 'staffId', 'managers are not on the scoresheet and cannot be charged');
  if (!canBeCharged(rule, staff.roles)) {
    const roles = rule.roles === 'any' ? [] : rule.roles;
    refuse(rule, 'staffId', `applies only to staff with the role ${roles.join(' or ')}`);
  }

  // Money: only A04 (postage) and G06 (cash reward instead of points) take an amount.
  const money = rule.money;
  if (given(amountFen) && money.kind !== 'postage' && money.kind !== 'cashReward') {
    refuse(rule, 'amountFen', 'takes no amountFen: its money, if any, comes from the catalogue');
  }
  if (money.kind === 'postage') {
    // A04 客户垫付运费由该客服承担
    if (!given(amountFen)) refuse(rule, 'amountFen', 'amountFen (the buyer’s advanced postage the agent repays) is required');
    assertPositiveFen(rule, amountFen);
  }

  const spec = rule.points;
  switch (spec.kind) {
    case 'fixed':
      if (given(points)) refuse(rule, 'points', `has fixed points (${spec.points}); do not give points`);
      return { points: spec.points, amountFen: money.kind === 'postage' ? (amountFen ?? null) : null };
    case 'none':
      if (given(points)) refuse(rule, 'points', 'is charged in money only; do not give points');
      return { points: null, amountFen: null };
    case 'warningThenFixed':
      // G07 首次予以警告，再次发现扣3分: the settlement counts by order, so nothing is given here.
      if (given(points)) refuse(rule, 'points', 'points depend on how many times it happened this month; do not give points');
      return { points: null, amountFen: null };
    case 'range': {
      // G06 加3-20分不等的奖励或一定金额的现金奖励: points, or a cash reward, not both.
      if (given(points) && given(amountFen)) refuse(rule, 'points', 'give either points or amountFen (a cash reward), not both');
      if (given(amountFen)) {
        assertPositiveFen(rule, amountFen);
        return { points: null, amountFen };
      }
      if (!given(points)) refuse(rule, 'points', `points from ${spec.min} to ${spec.max} are required, or amountFen for a cash reward`);
      if (!Number.isInteger(points) || points < spec.min || points > spec.max) {
        refuse(rule, 'points', `points must be a whole number from ${spec.min} to ${spec.max}, got ${points}`);
      }
      return { points, amountFen: null };
    }
  }
}
