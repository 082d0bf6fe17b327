import { describe, expect, it } from 'vitest';
import { payLines } from './pay-lines.ts';
import type { ScoresheetRow } from './scoring.types.ts';

const row = (over: Partial<ScoresheetRow>): ScoresheetRow =>
  ({
    staffId: 3, username: 'presale1', displayName: '李娜', score: 97, baseWageFen: 380_000, attendanceBonusFen: 10_000, performanceBonusFen: 20_000,
    rewardFen: 0, supervisorBonusFen: 0, pointDeductionFen: 3_000, finesFen: 0, dayWageFen: 0, postageFen: 0, supervisorChargeFen: 0, correctionsFen: 0,
    supervisorAdjustmentFen: 0, netFen: 27_000, payFen: 407_000, daysEmployed: 31, daysInMonth: 31, dismissal: false, dismissalReview: false, entries: 1,
    ...over,
  }) as ScoresheetRow;

describe('the lines of my pay', () => {
  it('always shows the base wage and both bonuses, then only the money lines the person has', () => {
    expect(payLines(row({})).map((line) => [line.label, line.fen])).toEqual([
      ['baseWage', 380_000],
      ['attendanceBonus', 10_000],
      ['performanceBonus', 20_000],
      ['pointDeduction', 3_000],
    ]);
  });

  it('a forfeited 全勤奖 shows as 0 with why (G01 took it), not as a missing line', () => {
    const lines = payLines(row({ attendanceBonusFen: 0, finesFen: 3_000 }));
    expect(lines.find((line) => line.label === 'attendanceBonus')).toMatchObject({ fen: 0, unpaid: 'forfeited' });
    expect(lines.find((line) => line.label === 'fines')).toMatchObject({ fen: 3_000, sign: -1 });
  });

  it('someone who joined mid-month is told the bonus needs the whole month', () => {
    expect(payLines(row({ attendanceBonusFen: 0, daysEmployed: 10 })).find((line) => line.label === 'attendanceBonus')).toMatchObject({ unpaid: 'partialMonth' });
  });
});
