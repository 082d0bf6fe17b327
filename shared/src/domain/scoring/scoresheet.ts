/**
 * The month settlement: the counted ledger entries of one scoring month made into each
 * person's score and money line, and what the month adds to the activity fund. Pure: the
 * caller loads the staff and the entries (confirmed, not revoked) and stores the result.
 *
 * A person's money line (scoring.md):
 *   netFen = attendanceBonusFen + performanceBonusFen + rewardFen + supervisorAdjustmentFen
 *            + correctionsFen − pointDeductionFen − finesFen − dayWageFen − postageFen
 *   payFen (实发) = baseWageFen + netFen
 */
import type { Role } from '../staff/roles.ts';
import { pointDeductionFen } from './bands.ts';
import { CATALOGUE, MONTHLY, type RuleCode } from './catalogue.ts';

/** A person on the scoresheet (membership.ts decides who): managers never, the supervisor included. */
export interface ScoredStaff {
  readonly staffId: number;
  readonly roles: readonly Role[];
  /** The monthly base wage in force; G04's day wage is taken from it. */
  readonly baseWageFen: number;
  /** What the month pays of the base wage (joiners and leavers: the days employed); default all of it. */
  readonly paidBaseFen?: number;
  /** Employed every day of the month (default true): only then the 全勤奖 can be earned. */
  readonly fullMonth?: boolean;
  /** Days employed in the month (default: the whole month). */
  readonly daysEmployed?: number;
}

/** A ledger entry that counts: confirmed and not revoked. Points and amount as stored (see entry.ts). */
export interface CountedEntry {
  readonly id: number;
  readonly staffId: number;
  readonly rule: RuleCode;
  readonly occurredAt: Date;
  readonly points: number | null;
  readonly amountFen: number | null;
  /**
   * A correction of an entry of an approved month (ledger.corrections.ts): it counts no
   * points and no rule money here, only the money it gives back (`amountFen`, signed) and
   * what it takes back from the activity fund (`fundFen`).
   */
  readonly correction?: { readonly amountFen: number; readonly fundFen: number } | null;
}

export interface ScoresheetInput {
  readonly staff: readonly ScoredStaff[];
  readonly entries: Iterable<CountedEntry>;
}

export interface ScoresheetLine {
  readonly staffId: number;
  readonly score: number;
  /** The base wage the month pays (all of it for a full month). */
  readonly baseWageFen: number;
  readonly pointDeductionFen: number;
  /** What the rulebook calls fines (扣惩…元): G01, G02, G03a. They go to the activity fund. */
  readonly finesFen: number;
  /** G04 旷工: one day's average wage per absence (unpaid wage, not a fine). */
  readonly dayWageFen: number;
  /** A04: the buyer's advanced postage the agent repays (not a fine). */
  readonly postageFen: number;
  readonly attendanceBonusFen: number;
  readonly performanceBonusFen: number;
  /** M01 and G06 cash rewards. */
  readonly rewardFen: number;
  /** M03 / M04, on supervisors' lines only: supervisorBonusFen − supervisorChargeFen. */
  readonly supervisorAdjustmentFen: number;
  /** M03: half or more of the department at 100 or more. */
  readonly supervisorBonusFen: number;
  /** M04: someone below 60 (positive: what is charged). */
  readonly supervisorChargeFen: number;
  /** Money given back (or taken) by corrections of entries of approved months. */
  readonly correctionsFen: number;
  /** The reward and penalty line: bonuses − deductions (see the top of the file). */
  readonly netFen: number;
  /** 实发: baseWageFen + netFen. */
  readonly payFen: number;
  /** Days employed in the month and the month's days (a full month: equal). */
  readonly daysEmployed: number;
  readonly daysInMonth: number;
  /** M02: final score below 60. */
  readonly dismissal: boolean;
  /** G07: unrelated work on duty found for the third time or more this month. */
  readonly dismissalReview: boolean;
  /** How many of the person's entries were counted. */
  readonly entries: number;
}

export interface ScoresheetResult {
  /** Ordered by staffId. */
  readonly staff: ScoresheetLine[];
  /** What the month adds to the department's activity fund (部门活动经费). */
  readonly activityFundFen: number;
}

/**
 * G04 旷工一次扣惩一天平均工资. Choice (scoring.md): a day's average wage is the monthly base
 * wage / 21.75 (the statutory average of paid days a month), rounded to the fen. Computed
 * as × 4 / 87 so that no fraction is lost on the way.
 */
export function dayWageFen(baseWageFen: number): number {
  return Math.round((baseWageFen * 4) / 87);
}

function byOccurrence(a: CountedEntry, b: CountedEntry): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id;
}

/**
 * Entries whose points depend on their place among the person's entries of the month,
 * taken in order of (occurredAt, id) so the result never depends on load order:
 * - G07 首次予以警告，再次发现扣3分: the first counts 0, each later one −3.
 * - S02 每月扣3分: only the first counts.
 */
function dependsOnOrder(code: RuleCode): boolean {
  const rule = CATALOGUE[code];
  return rule.points.kind === 'warningThenFixed' || rule.oncePerMonth;
}

function pointsInOrder(entries: CountedEntry[]): Array<[CountedEntry, number]> {
  const seen = new Map<string, number>(); // `${staffId} ${rule}` → entries so far
  return [...entries].sort(byOccurrence).map((entry) => {
    const key = `${entry.staffId} ${entry.rule}`;
    const place = (seen.get(key) ?? 0) + 1;
    seen.set(key, place);
    const spec = CATALOGUE[entry.rule].points;
    if (spec.kind === 'warningThenFixed') return [entry, place === 1 ? 0 : spec.points];
    return [entry, place === 1 ? storedPoints(entry) : 0];
  });
}

/**
 * The points each entry counts for in its month, by entry id (for a person's running score
 * and the entries behind a scoresheet line). Give it a whole month of entries.
 */
export function countedPoints(entries: Iterable<CountedEntry>): Map<number, number> {
  const result = new Map<number, number>();
  const ordered: CountedEntry[] = [];
  for (const entry of entries) {
    if (dependsOnOrder(entry.rule)) ordered.push(entry);
    else result.set(entry.id, storedPoints(entry));
  }
  for (const [entry, points] of pointsInOrder(ordered)) result.set(entry.id, points);
  return result;
}

function storedPoints(entry: CountedEntry): number {
  const spec = CATALOGUE[entry.rule].points;
  switch (spec.kind) {
    case 'fixed':
      return entry.points ?? spec.points;
    case 'range':
      return entry.points ?? 0; // G06 given as a cash reward has no points
    case 'none':
    case 'warningThenFixed':
      return 0;
  }
}

interface Tally {
  readonly person: ScoredStaff;
  score: number;
  finesFen: number;
  fundFinesFen: number;
  dayWageFen: number;
  postageFen: number;
  correctionsFen: number;
  rewardFen: number;
  forfeited: boolean;
  unrelatedWork: number; // G07 entries
  entries: number;
}

/**
 * A settlement fed one entry at a time, so a caller can stream a month's entries from the
 * database without holding them all: only the few G07 and S02 entries, whose points depend
 * on their order, are kept until `finish`.
 */
export interface ScoresheetBuilder {
  add(entry: CountedEntry): void;
  finish(): ScoresheetResult;
}

export interface ScoresheetOptions {
  /** The month's days (for the row's daysInMonth); default 30 when the caller does not say. */
  readonly daysInMonth?: number;
}

export function startScoresheet(staff: readonly ScoredStaff[], options: ScoresheetOptions = {}): ScoresheetBuilder {
  const tallies = new Map<number, Tally>(
    staff.map((person) => [
      person.staffId,
      { person, score: MONTHLY.startScore, finesFen: 0, fundFinesFen: 0, dayWageFen: 0, postageFen: 0, correctionsFen: 0, rewardFen: 0, forfeited: false, unrelatedWork: 0, entries: 0 },
    ]),
  );
  const ordered: CountedEntry[] = [];
  let fundCorrectionsFen = 0;

  function add(entry: CountedEntry): void {
    const tally = tallies.get(entry.staffId);
    // Entries of people not on the sheet (managers, inactive staff) count nowhere.
    if (!tally) return;
    const rule = CATALOGUE[entry.rule];
    // Month-end outcomes (M codes) are computed below, never read from the ledger.
    if (rule.monthEnd) return;

    tally.entries += 1;
    if (entry.correction) {
      tally.correctionsFen += entry.correction.amountFen;
      fundCorrectionsFen -= entry.correction.fundFen;
      return;
    }
    if (rule.forfeitsAttendance) tally.forfeited = true; // G01, G02, G04 取消100元全勤奖
    if (rule.points.kind === 'warningThenFixed') tally.unrelatedWork += 1;
    if (dependsOnOrder(entry.rule)) ordered.push(entry);
    else tally.score += storedPoints(entry);

    const money = rule.money;
    switch (money.kind) {
      case 'none':
        break;
      case 'fixed':
        if (money.fen < 0) {
          // G01 −30元, G02 −50元, G03a −50元: fines, into the activity fund
          tally.finesFen -= money.fen;
          if (money.toFund) tally.fundFinesFen -= money.fen;
        } else {
          tally.rewardFen += money.fen;
        }
        break;
      case 'dayWage': // G04: unpaid wage, not a fine for the fund
        tally.dayWageFen += dayWageFen(tally.person.baseWageFen);
        break;
      case 'postage': // A04: repays the shop, not the fund
        tally.postageFen += entry.amountFen ?? 0;
        break;
      case 'cashReward': // G06 一定金额的现金奖励
        tally.rewardFen += entry.amountFen ?? 0;
        break;
    }
  }

  function finish(): ScoresheetResult {
    for (const [entry, points] of pointsInOrder(ordered)) {
      const tally = tallies.get(entry.staffId);
      if (tally) tally.score += points;
    }

    const g07 = CATALOGUE.G07.points;
    const reviewFrom = g07.kind === 'warningThenFixed' ? g07.reviewFrom : Number.POSITIVE_INFINITY;
    const isSupervisor = (person: ScoredStaff) => person.roles.includes('supervisor');
    const everyone = [...tallies.values()].sort((a, b) => a.person.staffId - b.person.staffId);

    // M03 / M04 look at the department: every scored member but the supervisor(s).
    const others = everyone.filter((tally) => !isSupervisor(tally.person)).map((tally) => tally.score);
    const atFullScore = others.filter((score) => score >= MONTHLY.fullScore).length;
    const supervisorBonus = others.length > 0 && atFullScore * 2 >= others.length; // M03 一半或一半以上
    const supervisorCharged = others.some((score) => score < MONTHLY.dismissalBelow); // M04 有一人低于60分

    let activityFundFen = fundCorrectionsFen;
    const lines = everyone.map((tally): ScoresheetLine => {
      const person = tally.person;
      const score = tally.score;
      const deduction = pointDeductionFen(score);
      // 全勤奖: forfeited by G01/G02/G04, and not earned by who was not employed all month.
      const attendanceBonusFen = tally.forfeited || person.fullMonth === false ? 0 : MONTHLY.attendanceBonusFen;
      const performanceBonusFen = MONTHLY.performanceBonusFen;
      const rewardFen = tally.rewardFen + (score >= MONTHLY.rewardScore ? MONTHLY.rewardFen : 0); // M01
      let supervisorBonusFen = 0;
      let supervisorChargeFen = 0;
      if (isSupervisor(person)) {
        if (supervisorBonus) supervisorBonusFen = MONTHLY.supervisorBonusFen;
        if (supervisorCharged) {
          supervisorChargeFen = MONTHLY.supervisorChargeFen;
          activityFundFen += MONTHLY.supervisorChargeFen; // M04 goes into the fund
        }
      }
      const supervisorAdjustmentFen = supervisorBonusFen - supervisorChargeFen;
      activityFundFen += deduction + tally.fundFinesFen;
      const netFen =
        attendanceBonusFen + performanceBonusFen + rewardFen + supervisorAdjustmentFen + tally.correctionsFen - deduction - tally.finesFen - tally.dayWageFen - tally.postageFen;
      const baseWageFen = person.paidBaseFen ?? person.baseWageFen;
      return {
        staffId: person.staffId,
        score,
        baseWageFen,
        pointDeductionFen: deduction,
        finesFen: tally.finesFen,
        dayWageFen: tally.dayWageFen,
        postageFen: tally.postageFen,
        attendanceBonusFen,
        performanceBonusFen,
        rewardFen,
        supervisorAdjustmentFen,
        supervisorBonusFen,
        supervisorChargeFen,
        correctionsFen: tally.correctionsFen,
        netFen,
        payFen: baseWageFen + netFen,
        daysEmployed: daysEmployed(person, options),
        daysInMonth: options.daysInMonth ?? 30,
        dismissal: score < MONTHLY.dismissalBelow, // M02 60分以下：解雇
        dismissalReview: tally.unrelatedWork >= reviewFrom, // G07 对不予遵守者，将予以解雇
        entries: tally.entries,
      };
    });
    return { staff: lines, activityFundFen };
  }

  return { add, finish };
}

function daysEmployed(person: ScoredStaff, options: ScoresheetOptions): number {
  return person.daysEmployed ?? options.daysInMonth ?? 30;
}

/** Settles a month from its scored staff and counted entries; the entries' order does not matter. */
export function computeScoresheet(input: ScoresheetInput, options: ScoresheetOptions = {}): ScoresheetResult {
  const builder = startScoresheet(input.staff, options);
  for (const entry of input.entries) builder.add(entry);
  return builder.finish();
}
