/**
 * The lines of one person's pay (我的积分, issue 13: "with no sign of the forfeited bonus"):
 * the base wage and both monthly bonuses always — a bonus not paid shows as 0 with why —
 * then every other money line the person has.
 */
import type { ScoresheetRow } from './scoring.types.ts';

/** The scoresheet's money columns in order: field, label key, sign (a charge is −). */
export const MONEY_COLUMNS = [
  ['baseWageFen', 'baseWage', 1],
  ['attendanceBonusFen', 'attendanceBonus', 1],
  ['performanceBonusFen', 'performanceBonus', 1],
  ['rewardFen', 'reward', 1],
  ['supervisorBonusFen', 'supervisorBonus', 1],
  ['pointDeductionFen', 'pointDeduction', -1],
  ['finesFen', 'fines', -1],
  ['dayWageFen', 'dayWage', -1],
  ['postageFen', 'postage', -1],
  ['supervisorChargeFen', 'supervisorCharge', -1],
  ['correctionsFen', 'corrections', 1],
] as const;

type Column = (typeof MONEY_COLUMNS)[number];
export interface PayLine {
  field: Column[0];
  label: Column[1];
  sign: Column[2];
  fen: number;
  /** Why a bonus is 0: not employed the whole month, or taken away by an entry (G01, G03a…). */
  unpaid?: 'partialMonth' | 'forfeited';
}

const ALWAYS: ReadonlyArray<Column[0]> = ['baseWageFen', 'attendanceBonusFen', 'performanceBonusFen'];

export function payLines(row: ScoresheetRow): PayLine[] {
  return MONEY_COLUMNS.filter(([field]) => ALWAYS.includes(field) || row[field] !== 0).map(([field, label, sign]) => {
    const line: PayLine = { field, label, sign, fen: row[field] };
    if (row[field] === 0 && (field === 'attendanceBonusFen' || field === 'performanceBonusFen')) {
      line.unpaid = row.daysEmployed < row.daysInMonth ? 'partialMonth' : 'forfeited';
    }
    return line;
  });
}
