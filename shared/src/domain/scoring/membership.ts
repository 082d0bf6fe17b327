/**
 * Who is on a month's scoresheet: everyone employed in a scored role on at least one day
 * of the month, whatever their state today (docs/scoring.md, "Who is on a month's sheet").
 *
 * Days are shop-zone calendar days as `YYYY-MM-DD`; a month is `YYYY-MM`. Pure string
 * and day arithmetic: the caller turns instants into shop days.
 *
 * Choices (the rulebook is silent on joiners and leavers):
 * - A person is on the month from their first employed day to their last (both included).
 * - 全勤奖 (full attendance) is paid only to someone employed every day of the month: a
 *   person who joined after the 1st or left before the last day did not attend the full
 *   month. 工作表现奖 (200) is paid to everyone on the sheet.
 * - The base wage is paid for the calendar days employed: base × days / days in month.
 * - M03 counts every member on the month's sheet but the supervisor, joiners and leavers
 *   included: they were part of the department that month.
 * - The roles (and base wage) of a month are those in force on the person's last employed
 *   day of that month; a person who held a scored role on any day of it is on the sheet.
 */
import type { Role } from '../staff/roles.ts';
import { isScoredStaff } from './catalogue.ts';

/** Roles and base wage in force from a day on (until the next terms). */
export interface StaffTerms {
  readonly effectiveOn: string;
  readonly roles: readonly Role[];
  readonly baseWageFen: number;
}

export interface Employment {
  readonly staffId: number;
  /** First day employed. */
  readonly employedFrom: string;
  /** Last day employed; null while employed. */
  readonly employedUntil: string | null;
  /** In any order; the latest of the same day wins by its place in the list. */
  readonly terms: readonly StaffTerms[];
}

export interface MonthMember {
  readonly staffId: number;
  readonly roles: readonly Role[];
  /** The monthly base wage in force (G04's day wage is taken from it). */
  readonly baseWageFen: number;
  /** What the month pays of it: base × daysEmployed / daysInMonth, rounded to the fen. */
  readonly paidBaseFen: number;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly daysEmployed: number;
  readonly daysInMonth: number;
  /** Employed every day of the month: only then the 全勤奖 can be earned. */
  readonly fullMonth: boolean;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new Error(`not a day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

/** The first and last day of a month (`YYYY-MM`). */
export function monthDays(month: string): { first: string; last: string; count: number } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(count).padStart(2, '0')}`, count };
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, dayNumber(to) - dayNumber(from) + 1);
}

/** The terms in force on `day`: the last one effective on or before it; else the earliest. */
export function termsOn(terms: readonly StaffTerms[], day: string): StaffTerms | null {
  let best: StaffTerms | null = null;
  let earliest: StaffTerms | null = null;
  for (const t of terms) {
    if (t.effectiveOn <= day && (!best || t.effectiveOn >= best.effectiveOn)) best = t;
    if (!earliest || t.effectiveOn < earliest.effectiveOn) earliest = t;
  }
  return best ?? earliest;
}

/** Whether `day` falls within the person's employment. */
export function isEmployedOn(person: Pick<Employment, 'employedFrom' | 'employedUntil'>, day: string): boolean {
  return person.employedFrom <= day && (person.employedUntil === null || day <= person.employedUntil);
}

/** The person's place on the month's sheet, or null when they are not on it. */
export function monthMember(person: Employment, month: string): MonthMember | null {
  const { first, last, count } = monthDays(month);
  const firstDay = person.employedFrom > first ? person.employedFrom : first;
  const lastDay = person.employedUntil !== null && person.employedUntil < last ? person.employedUntil : last;
  if (firstDay > lastDay) return null;
  // Terms that were in force on some day of [firstDay, lastDay]: the one at firstDay and any starting later within.
  const inForce = person.terms.filter((t) => t.effectiveOn > firstDay && t.effectiveOn <= lastDay);
  const atStart = termsOn(person.terms, firstDay);
  const candidates = [...(atStart ? [atStart] : []), ...inForce];
  if (!candidates.some((t) => isScoredStaff(t.roles))) return null;
  const atEnd = termsOn(person.terms, lastDay);
  // The row's roles: those of the last employed day, unless that day's are not scored (then the last scored ones).
  const scored = atEnd && isScoredStaff(atEnd.roles) ? atEnd : [...candidates].reverse().find((t) => isScoredStaff(t.roles))!;
  const daysEmployed = daysBetween(firstDay, lastDay);
  return {
    staffId: person.staffId,
    roles: scored.roles,
    baseWageFen: scored.baseWageFen,
    paidBaseFen: Math.round((scored.baseWageFen * daysEmployed) / count),
    firstDay,
    lastDay,
    daysEmployed,
    daysInMonth: count,
    fullMonth: daysEmployed === count,
  };
}

/** Everyone on the month's sheet, ordered by staffId. */
export function monthMembers(people: Iterable<Employment>, month: string): MonthMember[] {
  const members: MonthMember[] = [];
  for (const person of people) {
    const member = monthMember(person, month);
    if (member) members.push(member);
  }
  return members.sort((a, b) => a.staffId - b.staffId);
}
