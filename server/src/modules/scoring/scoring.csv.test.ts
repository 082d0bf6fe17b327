import { describe, expect, it } from 'vitest';
import type { MonthSheet } from '@kefu/shared/schemas/scoring';
import { scoresheetCsv, yuan } from './scoring.csv.ts';

describe('money in yuan for the CSV', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [12345, '123.45'],
    [-99500, '-995.00'],
    [-5, '-0.05'],
    [100_000_000, '1000000.00'],
  ])('%i fen is %s', (fen, text) => {
    expect(yuan(fen)).toBe(text);
  });
});

describe('the scoresheet CSV', () => {
  const sheet: MonthSheet = {
    month: '2026-10',
    status: 'draft',
    activityFundFen: 164000,
    version: 2,
    stale: false,
    proposals: 0,
    settledAt: null,
    settledBy: null,
    submittedAt: null,
    submittedBy: null,
    approvedAt: null,
    approvedBy: null,
    returnedAt: null,
    returnedBy: null,
    returnReason: null,
    lastSettlement: null,
    reopenedAt: null,
    reopenedBy: null,
    reopenReason: null,
    staff: [
      {
        staffId: 7,
        username: 'x',
        displayName: '=HYPERLINK("http://evil","李, "娜")',
        score: 53,
        baseWageFen: 300000,
        pointDeductionFen: 128000,
        finesFen: 0,
        dayWageFen: 0,
        postageFen: 1500,
        attendanceBonusFen: 10000,
        performanceBonusFen: 20000,
        rewardFen: 0,
        supervisorAdjustmentFen: 0,
        supervisorBonusFen: 0,
        supervisorChargeFen: 0,
        correctionsFen: 0,
        netFen: -99500,
        payFen: 200500,
        daysEmployed: 31,
        daysInMonth: 31,
        dismissal: true,
        dismissalReview: false,
        entries: 10,
      },
    ],
  };

  it('starts with a BOM, ends lines with CRLF, quotes commas and quotes, and defuses formulas', () => {
    const csv = scoresheetCsv(sheet);
    expect(csv.startsWith('\uFEFF月份 Month,2026-10,状态 Status,草稿 draft\r\n')).toBe(true);
    expect(csv.split('\r\n')[2]).toBe(`7,x,"'=HYPERLINK(""http://evil"",""李, ""娜"")",31/31,53,3000.00,1280.00,0.00,0.00,15.00,100.00,200.00,0.00,0.00,0.00,0.00,-995.00,2005.00,是 yes,否 no,10`);
    expect(csv.endsWith('部门活动经费 Activity fund (yuan),1640.00\r\n')).toBe(true);
  });
});
