import { describe, expect, it } from 'vitest';
import type { Role } from '../staff/roles.ts';
import type { RuleCode } from './catalogue.ts';
import { computeScoresheet, countedPoints, dayWageFen, startScoresheet, type CountedEntry, type ScoredStaff, type ScoresheetLine } from './scoresheet.ts';

// ---- small factories ------------------------------------------------------------------

const person = (staffId: number, roles: Role[] = ['presale'], baseWageFen = 400_000): ScoredStaff => ({ staffId, roles, baseWageFen });

let nextId = 1;
/** An entry as the ledger stores it (points as resolveEntryInput would store them). */
function entry(staffId: number, rule: RuleCode, at: string, stored: { points?: number | null; amountFen?: number | null } = {}): CountedEntry {
  const fixed: Partial<Record<RuleCode, number>> = {
    G03b: -2, G05: -3, G08: 2, G09: -1, G10: -3, G11: 5, G12: -3, G14: -2, G15: -5, G16: -3,
    S01: -3, S02: -3, S03: -3, P01: -2, P02: -2, P03: -2, P04: -1,
    A01: -1, A02: -3, A03: -2, A04: -2, A05: -2, A06: -3, A07: -1, A08: -3, A09: -3, A10: -2,
    R01: -2, R02: -2, R03: -2, R04: -2,
  };
  return {
    id: nextId++,
    staffId,
    rule,
    occurredAt: new Date(`2026-03-${at}+08:00`),
    points: stored.points !== undefined ? stored.points : (fixed[rule] ?? null),
    amountFen: stored.amountFen ?? null,
  };
}

/** Entries that move a person's score by `delta`: G09 −1 each, or one G06 with the points. */
function scoreMove(staffId: number, delta: number): CountedEntry[] {
  if (delta > 0) return [entry(staffId, 'G06', '10T10:00:00', { points: delta })];
  return Array.from({ length: -delta }, () => entry(staffId, 'G09', '10T10:00:00'));
}

function lineOf(lines: ScoresheetLine[], staffId: number): ScoresheetLine {
  const line = lines.find((candidate) => candidate.staffId === staffId);
  if (!line) throw new Error(`no line for ${staffId}`);
  return line;
}

function settleOne(entries: CountedEntry[], who: ScoredStaff = person(1)) {
  const sheet = computeScoresheet({ staff: [who], entries });
  return { line: lineOf(sheet.staff, who.staffId), activityFundFen: sheet.activityFundFen };
}

// ---- each rule on its own ---------------------------------------------------------------

describe('a month with nothing in the ledger', () => {
  it('pays both bonuses and starts everyone at 100', () => {
    expect(settleOne([])).toEqual({
      line: {
        staffId: 1,
        score: 100,
        baseWageFen: 400_000,
        pointDeductionFen: 0,
        finesFen: 0,
        dayWageFen: 0,
        postageFen: 0,
        attendanceBonusFen: 10_000,
        performanceBonusFen: 20_000,
        rewardFen: 0,
        supervisorAdjustmentFen: 0,
        supervisorBonusFen: 0,
        supervisorChargeFen: 0,
        correctionsFen: 0,
        netFen: 30_000,
        payFen: 430_000,
        daysEmployed: 30,
        daysInMonth: 30,
        dismissal: false,
        dismissalReview: false,
        entries: 0,
      },
      activityFundFen: 0,
    });
  });
});

describe('money rules', () => {
  it.each<[string, RuleCode[], number, number, number]>([
    // [case, rules, finesFen, attendanceBonusFen, activityFundFen]
    ['G01 fines 30 yuan and forfeits the attendance bonus', ['G01'], 3_000, 0, 3_000],
    ['G02 fines 50 yuan and forfeits the attendance bonus', ['G02'], 5_000, 0, 5_000],
    ['G03a fines 50 yuan each time, keeps the attendance bonus', ['G03a', 'G03a'], 10_000, 10_000, 10_000],
    ['G01 twice: two fines, one bonus lost', ['G01', 'G01'], 6_000, 0, 6_000],
  ])('%s', (_, rules, finesFen, attendanceBonusFen, activityFundFen) => {
    const { line, activityFundFen: fund } = settleOne(rules.map((rule) => entry(1, rule, '05T10:00:00')));
    expect(line.score).toBe(100);
    expect(line.finesFen).toBe(finesFen);
    expect(line.attendanceBonusFen).toBe(attendanceBonusFen);
    expect(line.netFen).toBe(attendanceBonusFen + 20_000 - finesFen);
    expect(fund).toBe(activityFundFen);
  });

  it.each([
    [435_000, 20_000], // 4350 / 21.75 = 200 yuan exactly
    [300_000, 13_793], // 13793.10… rounds down
    [500_000, 22_989], // 22988.50… rounds up
    [0, 0],
  ])('G04 withholds a day’s average wage: base %i fen → %i fen', (baseWageFen, dayWage) => {
    expect(dayWageFen(baseWageFen)).toBe(dayWage);
    const { line, activityFundFen } = settleOne([entry(1, 'G04', '05T10:00:00')], person(1, ['presale'], baseWageFen));
    expect(line.dayWageFen).toBe(dayWage);
    expect(line.finesFen).toBe(0); // not a fine (扣惩…元) in the rulebook's words
    expect(line.attendanceBonusFen).toBe(0);
    expect(line.netFen).toBe(20_000 - dayWage);
    expect(activityFundFen).toBe(0); // unpaid wage, not a fine
  });

  it('G04 twice withholds two day wages', () => {
    const { line } = settleOne([entry(1, 'G04', '05T10:00:00'), entry(1, 'G04', '06T10:00:00')], person(1, ['presale'], 435_000));
    expect(line.dayWageFen).toBe(40_000);
  });

  it('A04 costs 2 points and the postage, which repays the shop, not the fund', () => {
    const { line, activityFundFen } = settleOne([entry(1, 'A04', '05T10:00:00', { amountFen: 1_500 })], person(1, ['aftersale']));
    expect(line.score).toBe(98);
    expect(line.pointDeductionFen).toBe(2_000);
    expect(line.postageFen).toBe(1_500);
    expect(line.finesFen).toBe(0);
    expect(line.attendanceBonusFen).toBe(10_000);
    expect(line.netFen).toBe(30_000 - 2_000 - 1_500);
    expect(activityFundFen).toBe(2_000);
  });

  it('G06 adds either its points or its cash', () => {
    const withPoints = settleOne([entry(1, 'G06', '05T10:00:00', { points: 7 })]).line;
    expect(withPoints.score).toBe(107);
    expect(withPoints.rewardFen).toBe(0);
    const withCash = settleOne([entry(1, 'G06', '05T10:00:00', { points: null, amountFen: 8_000 })]).line;
    expect(withCash.score).toBe(100);
    expect(withCash.rewardFen).toBe(8_000);
    expect(withCash.netFen).toBe(38_000);
  });
});

describe('G07 与工作无关的事: first a warning, then −3, the third time flags dismissal review', () => {
  it.each([
    [1, 100, false],
    [2, 97, false],
    [3, 94, true],
    [4, 91, true],
  ])('%i time(s) in the month → score %i, review %s', (times, score, review) => {
    const entries = Array.from({ length: times }, (_, i) => entry(1, 'G07', `${String(i + 2).padStart(2, '0')}T10:00:00`));
    const { line } = settleOne(entries);
    expect(line.score).toBe(score);
    expect(line.dismissalReview).toBe(review);
    expect(line.dismissal).toBe(false);
  });

  it('counts each person’s warnings apart', () => {
    const sheet = computeScoresheet({
      staff: [person(1), person(2)],
      entries: [entry(1, 'G07', '02T10:00:00'), entry(2, 'G07', '03T10:00:00'), entry(1, 'G07', '04T10:00:00')],
    });
    expect(lineOf(sheet.staff, 1).score).toBe(97);
    expect(lineOf(sheet.staff, 2).score).toBe(100);
  });

  it('takes the warning from the earliest entry, then the lowest id, whatever the load order', () => {
    const first = entry(1, 'G07', '02T10:00:00');
    const tieA = entry(1, 'G07', '05T10:00:00');
    const tieB = entry(1, 'G07', '05T10:00:00');
    const points = countedPoints([tieB, tieA, first]);
    expect(points.get(first.id)).toBe(0);
    expect(points.get(tieA.id)).toBe(-3);
    expect(points.get(tieB.id)).toBe(-3);
    // The first entry loaded last still is the warning.
    const late = entry(1, 'G07', '20T10:00:00');
    const early = entry(1, 'G07', '01T00:10:00');
    const ordered = countedPoints([late, early]);
    expect(ordered.get(early.id)).toBe(0);
    expect(ordered.get(late.id)).toBe(-3);
  });
});

describe('S02 每月扣3分', () => {
  it('counts once a month however many entries there are', () => {
    const { line } = settleOne([entry(1, 'S02', '05T10:00:00'), entry(1, 'S02', '20T10:00:00')], person(1, ['supervisor']));
    expect(line.score).toBe(97);
    expect(line.entries).toBe(2);
  });
});

describe('month-end outcomes', () => {
  it.each([
    [10, 110, 10_000],
    [9, 109, 0],
    [25, 125, 10_000],
  ])('M01: +%i points → score %i → reward %i fen', (delta, score, rewardFen) => {
    const { line } = settleOne(scoreMove(1, delta));
    expect(line.score).toBe(score);
    expect(line.rewardFen).toBe(rewardFen);
    expect(line.pointDeductionFen).toBe(0);
    expect(line.netFen).toBe(30_000 + rewardFen);
  });

  it.each([
    [-40, 60, false, 100_000],
    [-41, 59, true, 104_000],
  ])('M02: %i points → score %i → dismissal %s, deduction %i fen', (delta, score, dismissal, deduction) => {
    const { line, activityFundFen } = settleOne(scoreMove(1, delta));
    expect(line.score).toBe(score);
    expect(line.dismissal).toBe(dismissal);
    expect(line.pointDeductionFen).toBe(deduction);
    expect(activityFundFen).toBe(deduction);
  });

  it('ignores M entries found in the ledger: month-end outcomes are computed', () => {
    const { line } = settleOne([entry(1, 'M01', '05T10:00:00', { amountFen: 10_000 }), entry(1, 'M02', '05T10:00:00')]);
    expect(line.rewardFen).toBe(0);
    expect(line.entries).toBe(0);
  });
});

describe('the supervisor’s M03 / M04', () => {
  // The supervisor (id 1) ends at 100; the others' final scores are given.
  it.each<[string, number[], number, number]>([
    // [case, others' scores, supervisorAdjustmentFen, M04 charge in the fund]
    ['half at 100 or more → +100', [100, 99], 10_000, 0],
    ['all at 100 or more → +100', [100, 112, 100], 10_000, 0],
    ['fewer than half at 100 → nothing', [100, 99, 99], 0, 0],
    ['no one at 100 → nothing', [99, 98], 0, 0],
    ['someone below 60 → −100', [99, 59], -10_000, 10_000],
    ['both at once: half at 100 and one below 60', [100, 55], 0, 10_000],
    ['exactly 60 is not below 60', [99, 60], 0, 0],
    ['no one else in the department → nothing', [], 0, 0],
  ])('%s', (_, scores, adjustment, charge) => {
    const staff = [person(1, ['supervisor']), ...scores.map((_, i) => person(i + 2))];
    const entries = scores.flatMap((score, i) => scoreMove(i + 2, score - 100));
    const sheet = computeScoresheet({ staff, entries });
    const supervisor = lineOf(sheet.staff, 1);
    expect(supervisor.supervisorAdjustmentFen).toBe(adjustment);
    expect(supervisor.netFen).toBe(30_000 + adjustment);
    for (const line of sheet.staff.filter((line) => line.staffId !== 1)) expect(line.supervisorAdjustmentFen).toBe(0);
    const deductions = sheet.staff.reduce((sum, line) => sum + line.pointDeductionFen, 0);
    expect(sheet.activityFundFen).toBe(deductions + charge);
  });

  it('does not count the supervisor’s own score in the department', () => {
    const sheet = computeScoresheet({
      staff: [person(1, ['supervisor', 'presale']), person(2)],
      entries: scoreMove(1, -45), // the supervisor at 55
    });
    const supervisor = lineOf(sheet.staff, 1);
    expect(supervisor.dismissal).toBe(true);
    expect(supervisor.supervisorAdjustmentFen).toBe(10_000); // M03 for person 2 at 100, no M04
  });
});

describe('what the settlement leaves out and how it orders', () => {
  it('ignores entries of people not on the sheet', () => {
    const sheet = computeScoresheet({ staff: [person(2)], entries: [entry(9, 'G01', '05T10:00:00'), ...scoreMove(9, -30)] });
    expect(sheet.staff.map((line) => line.staffId)).toEqual([2]);
    expect(sheet.activityFundFen).toBe(0);
  });

  it('orders the lines by staffId', () => {
    const sheet = computeScoresheet({ staff: [person(7), person(3), person(5)], entries: [] });
    expect(sheet.staff.map((line) => line.staffId)).toEqual([3, 5, 7]);
  });

  it('gives the same result when fed one entry at a time from a stream', () => {
    const staff = [person(1), person(2)];
    const entries = [entry(1, 'G07', '02T10:00:00'), entry(1, 'G07', '03T10:00:00'), entry(2, 'G04', '04T10:00:00'), ...scoreMove(2, -12)];
    const builder = startScoresheet(staff);
    for (const e of [...entries].reverse()) builder.add(e);
    expect(builder.finish()).toEqual(computeScoresheet({ staff, entries }));
  });
});

// ---- a worked month ---------------------------------------------------------------------

describe('a worked month: March 2026, five people', () => {
  const MARCH = { daysInMonth: 31 };
  const SUPERVISOR = 1; // 王芳, supervisor
  const LI = 2; // 李娜, pre-sale
  const ZHANG = 3; // 张伟, after-sale, base wage 4350 yuan
  const LIU = 4; // 刘洋, printer
  const CHEN = 5; // 陈静, pre-sale and after-sale
  const MANAGER = 6; // 赵总, manager: not on the sheet

  const staff = [
    person(SUPERVISOR, ['supervisor'], 600_000),
    person(LI, ['presale'], 400_000),
    person(ZHANG, ['aftersale'], 435_000),
    person(LIU, ['printer'], 350_000),
    person(CHEN, ['presale', 'aftersale'], 380_000),
  ];

  const entries: CountedEntry[] = [
    // 王芳 (supervisor): S01 −3, S02 −3 (entered twice, counts once), S03 −3, G08 +2, G09 −1
    //   score 100 − 3 − 3 − 3 + 2 − 1 = 92
    //   deduction 8 points × 10 yuan = 80 yuan = 8000 fen; no fines; attendance kept
    //   M03: of the 4 others, 李娜 111 and 张伟 100 are at 100 or more: 2 of 4 is half → +100 yuan
    //   M04: 陈静 ends at 52 < 60 → −100 yuan (into the fund) → adjustment 0
    //   net 10000 + 20000 + 0 + 0 − 8000 − 0 = 22000
    entry(SUPERVISOR, 'S01', '03T11:00:00'),
    entry(SUPERVISOR, 'S02', '01T00:30:00'),
    entry(SUPERVISOR, 'S02', '15T09:00:00'),
    entry(SUPERVISOR, 'S03', '12T14:00:00'),
    entry(SUPERVISOR, 'G08', '18T10:00:00'),
    entry(SUPERVISOR, 'G09', '19T10:00:00'),

    // 李娜: G11 +5, G06 +8 (idea adopted), G09 −1 twice → 100 + 5 + 8 − 2 = 111
    //   M01: 111 ≥ 110 → +100 yuan; no deduction
    //   net 10000 + 20000 + 10000 = 40000
    entry(LI, 'G11', '08T20:00:00'),
    entry(LI, 'G06', '09T10:00:00', { points: 8 }),
    entry(LI, 'G09', '10T10:00:00'),
    entry(LI, 'G09', '11T10:00:00'),

    // 张伟: A04 −2 with 15 yuan postage, G08 +2, G04 once, G06 as 50 yuan cash
    //   score 100 − 2 + 2 = 100, no deduction
    //   no fines: postage 1500 and day wage 435000 / 21.75 = 20000, named apart (neither goes to the fund)
    //   G04 forfeits the attendance bonus; reward 5000 (G06 cash)
    //   net 0 + 20000 + 5000 − 0 − 21500 = 3500
    entry(ZHANG, 'A04', '04T15:00:00', { amountFen: 1_500 }),
    entry(ZHANG, 'G08', '06T10:00:00'),
    entry(ZHANG, 'G04', '13T09:00:00'),
    entry(ZHANG, 'G06', '20T10:00:00', { points: null, amountFen: 5_000 }),

    // 刘洋: R01 ×3 −6, R02 −2, G15 −5, G16 −3, G07 ×3 (warning 0, −3, −3) −6, G03a (50 yuan)
    //   score 100 − 6 − 2 − 5 − 3 − 6 = 78; G07 three times → dismissal review
    //   deduction: 100→90 10 × 10 = 100 yuan, 90→80 10 × 20 = 200, 80→78 2 × 30 = 60 → 360 yuan = 36000
    //   fines 5000 (G03a, keeps the attendance bonus)
    //   net 10000 + 20000 − 36000 − 5000 = −11000; fund 36000 + 5000 = 41000
    entry(LIU, 'R01', '02T18:30:00'),
    entry(LIU, 'R01', '09T18:30:00'),
    entry(LIU, 'R01', '16T18:30:00'),
    entry(LIU, 'R02', '05T11:00:00'),
    entry(LIU, 'G15', '07T10:00:00'),
    entry(LIU, 'G16', '22T10:00:00'),
    entry(LIU, 'G07', '25T15:00:00'),
    entry(LIU, 'G07', '03T15:00:00'),
    entry(LIU, 'G07', '14T15:00:00'),
    entry(LIU, 'G03a', '17T10:00:00'),

    // 陈静: G01 (30 yuan), G02 (50 yuan), G05 ×3 −9, G10 −3, G12 ×2 −6, P04 ×5 −5, A02 ×2 −6,
    //   G15 ×2 −10, G03b ×3 −6, A09 −3 → 100 − 48 = 52 → dismissal
    //   deduction: 100 + 200 + 300 + 400 yuan to 60, then 8 × 40 = 320 → 1320 yuan = 132000
    //   fines 3000 + 5000 = 8000; G01/G02 forfeit the attendance bonus
    //   net 0 + 20000 − 132000 − 8000 = −120000; fund 132000 + 8000 = 140000
    entry(CHEN, 'G01', '02T09:00:00'),
    entry(CHEN, 'G02', '03T14:00:00'),
    ...['04', '11', '18'].map((day) => entry(CHEN, 'G05', `${day}T10:00:00`)),
    entry(CHEN, 'G10', '05T23:30:00'),
    entry(CHEN, 'G12', '06T10:00:00'),
    entry(CHEN, 'G12', '07T10:00:00'),
    ...['08', '09', '10', '12', '13'].map((day) => entry(CHEN, 'P04', `${day}T10:00:00`)),
    entry(CHEN, 'A02', '14T10:00:00'),
    entry(CHEN, 'A02', '15T10:00:00'),
    entry(CHEN, 'G15', '16T10:00:00'),
    entry(CHEN, 'G15', '17T10:00:00'),
    ...['19', '20', '21'].map((day) => entry(CHEN, 'G03b', `${day}T10:00:00`)),
    entry(CHEN, 'A09', '23T10:00:00'),

    // The manager's entry counts nowhere.
    entry(MANAGER, 'G01', '05T10:00:00'),
  ];

  // Activity fund: deductions 8000 + 0 + 0 + 36000 + 132000 = 176000,
  //   fines G03a 5000 + G01 3000 + G02 5000 = 13000, M04 10000 → 199000.
  //   (张伟's day wage and postage are not in it.)
  const expected = {
    staff: [
      { staffId: SUPERVISOR, score: 92, baseWageFen: 600_000, pointDeductionFen: 8_000, finesFen: 0, dayWageFen: 0, postageFen: 0, attendanceBonusFen: 10_000, performanceBonusFen: 20_000, rewardFen: 0, supervisorAdjustmentFen: 0, supervisorBonusFen: 10_000, supervisorChargeFen: 10_000, correctionsFen: 0, netFen: 22_000, payFen: 622_000, daysEmployed: 31, daysInMonth: 31, dismissal: false, dismissalReview: false, entries: 6 },
      { staffId: LI, score: 111, baseWageFen: 400_000, pointDeductionFen: 0, finesFen: 0, dayWageFen: 0, postageFen: 0, attendanceBonusFen: 10_000, performanceBonusFen: 20_000, rewardFen: 10_000, supervisorAdjustmentFen: 0, supervisorBonusFen: 0, supervisorChargeFen: 0, correctionsFen: 0, netFen: 40_000, payFen: 440_000, daysEmployed: 31, daysInMonth: 31, dismissal: false, dismissalReview: false, entries: 4 },
      { staffId: ZHANG, score: 100, baseWageFen: 435_000, pointDeductionFen: 0, finesFen: 0, dayWageFen: 20_000, postageFen: 1_500, attendanceBonusFen: 0, performanceBonusFen: 20_000, rewardFen: 5_000, supervisorAdjustmentFen: 0, supervisorBonusFen: 0, supervisorChargeFen: 0, correctionsFen: 0, netFen: 3_500, payFen: 438_500, daysEmployed: 31, daysInMonth: 31, dismissal: false, dismissalReview: false, entries: 4 },
      { staffId: LIU, score: 78, baseWageFen: 350_000, pointDeductionFen: 36_000, finesFen: 5_000, dayWageFen: 0, postageFen: 0, attendanceBonusFen: 10_000, performanceBonusFen: 20_000, rewardFen: 0, supervisorAdjustmentFen: 0, supervisorBonusFen: 0, supervisorChargeFen: 0, correctionsFen: 0, netFen: -11_000, payFen: 339_000, daysEmployed: 31, daysInMonth: 31, dismissal: false, dismissalReview: true, entries: 10 },
      { staffId: CHEN, score: 52, baseWageFen: 380_000, pointDeductionFen: 132_000, finesFen: 8_000, dayWageFen: 0, postageFen: 0, attendanceBonusFen: 0, performanceBonusFen: 20_000, rewardFen: 0, supervisorAdjustmentFen: 0, supervisorBonusFen: 0, supervisorChargeFen: 0, correctionsFen: 0, netFen: -120_000, payFen: 260_000, daysEmployed: 31, daysInMonth: 31, dismissal: true, dismissalReview: false, entries: 21 },
    ],
    activityFundFen: 199_000,
  };

  it('settles every figure as worked out by hand', () => {
    expect(computeScoresheet({ staff, entries }, MARCH)).toEqual(expected);
  });

  it('settles the same whatever order the entries and staff come in', () => {
    const shuffled = [...entries].sort((a, b) => ((a.id * 7919) % 101) - ((b.id * 7919) % 101));
    expect(computeScoresheet({ staff: [...staff].reverse(), entries: shuffled }, MARCH)).toEqual(expected);
    expect(computeScoresheet({ staff, entries: [...entries].reverse() }, MARCH)).toEqual(expected);
  });

  it('gives the supervisor +100 only once 陈静 is no longer below 60', () => {
    // Revoking 陈静's G15 ×2 (+10) lifts her to 62: no M04, M03 stands.
    const revoked = new Set(entries.filter((e) => e.staffId === CHEN && e.rule === 'G15').map((e) => e.id));
    const sheet = computeScoresheet({ staff, entries: entries.filter((e) => !revoked.has(e.id)) });
    expect(lineOf(sheet.staff, CHEN).score).toBe(62);
    expect(lineOf(sheet.staff, SUPERVISOR).supervisorAdjustmentFen).toBe(10_000);
    // 陈静 62: 1000 − 60→62 at 40 yuan = 920 yuan; fund 8000 + 36000 + 92000 + 13000 = 149000
    expect(sheet.activityFundFen).toBe(149_000);
  });
});

describe('joiners, leavers and corrections', () => {
  it.each<[string, Partial<ScoredStaff>, number, number]>([
    // [case, membership, attendanceBonusFen, baseWageFen]
    ['a full month earns the 全勤奖 and the whole base wage', { fullMonth: true, paidBaseFen: 400_000, daysEmployed: 30 }, 10_000, 400_000],
    ['a joiner of the 21st: no 全勤奖, 10 of 30 days of base wage', { fullMonth: false, paidBaseFen: 133_333, daysEmployed: 10 }, 0, 133_333],
  ])('%s', (_, membership, attendanceBonusFen, baseWageFen) => {
    const { line } = settleOne([], { ...person(1), ...membership });
    expect(line.attendanceBonusFen).toBe(attendanceBonusFen);
    expect(line.performanceBonusFen).toBe(20_000);
    expect(line.baseWageFen).toBe(baseWageFen);
    expect(line.payFen).toBe(baseWageFen + attendanceBonusFen + 20_000);
  });

  it('a correction gives its money back and takes its share back from the fund, counting no points', () => {
    const correction: CountedEntry = { ...entry(1, 'G01', '05T10:00:00'), points: null, correction: { amountFen: 13_000, fundFen: 3_000 } };
    const { line, activityFundFen } = settleOne([correction]);
    expect(line.score).toBe(100);
    expect(line.finesFen).toBe(0);
    expect(line.attendanceBonusFen).toBe(10_000); // the correction is not a G01
    expect(line.correctionsFen).toBe(13_000);
    expect(line.netFen).toBe(43_000);
    expect(activityFundFen).toBe(-3_000);
  });
});
