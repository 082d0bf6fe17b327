/**
 * Shifts of the duty roster (值班表), in the shop's wall clock (domain.md "Duty roster,
 * swaps, leave, attendance"; rulebook 日常管理制度 (二)). A shift template has one or more
 * segments (HH:mm–HH:mm, same day, in order, not overlapping); a shift is a template on a
 * shop day, and its segments become UTC instants only with the shop's zone.
 */
import { wallInstant } from '../scoring/month.ts';
import type { Role } from '../staff/roles.ts';

/** Customer service (pre-sale and after-sale chat) or printing (打单). */
export const SHIFT_GROUPS = ['service', 'printing'] as const;
export type ShiftGroup = (typeof SHIFT_GROUPS)[number];

/** Early or late: the late shift allows no leave and no rest, only swaps. */
export const SHIFT_KINDS = ['early', 'late'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];

/** The roles a roster places, and the group of shifts each works. */
export const ROSTER_ROLES = ['presale', 'aftersale', 'printer'] as const satisfies readonly Role[];
export type RosterRole = (typeof ROSTER_ROLES)[number];
export const GROUP_OF_ROLE: Record<RosterRole, ShiftGroup> = { presale: 'service', aftersale: 'service', printer: 'printing' };

export interface Segment {
  /** HH:mm, shop wall clock */
  start: string;
  /** HH:mm, after start on the same day */
  end: string;
}

export interface ShiftTemplate {
  id: number;
  code: string;
  group: ShiftGroup;
  kind: ShiftKind;
  nameZh: string;
  nameEn: string;
  segments: Segment[];
}

/** The rulebook's three shifts; the migration writes them and the supervisor may edit them. */
export const RULEBOOK_TEMPLATES: ReadonlyArray<Omit<ShiftTemplate, 'id'>> = [
  { code: 'service-early', group: 'service', kind: 'early', nameZh: '客服早班', nameEn: 'Service early', segments: [{ start: '09:00', end: '11:30' }, { start: '12:30', end: '18:30' }] },
  { code: 'service-late', group: 'service', kind: 'late', nameZh: '客服晚班', nameEn: 'Service late', segments: [{ start: '13:00', end: '17:30' }, { start: '18:30', end: '23:30' }] },
  { code: 'printing-early', group: 'printing', kind: 'early', nameZh: '打单早班', nameEn: 'Printing early', segments: [{ start: '09:00', end: '11:30' }, { start: '12:30', end: '18:30' }] },
];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of an HH:mm time, or null when it is not one. */
export function minutesOf(time: string): number | null {
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export type SegmentProblem = 'segments_empty' | 'segment_time' | 'segment_order';

/** Why a template's segments are unusable, or null: 1–4 segments, each start < end, in order, apart. */
export function segmentProblem(segments: readonly Segment[]): SegmentProblem | null {
  if (segments.length === 0 || segments.length > 4) return 'segments_empty';
  let previousEnd = -1;
  for (const segment of segments) {
    const start = minutesOf(segment.start);
    const end = minutesOf(segment.end);
    if (start === null || end === null) return 'segment_time';
    if (start >= end || start <= previousEnd) return 'segment_order';
    previousEnd = end;
  }
  return null;
}

/** "09:00-11:30,12:30-18:30" — how segments are stored. */
export function formatSegments(segments: readonly Segment[]): string {
  return segments.map((s) => `${s.start}-${s.end}`).join(',');
}

export function parseSegments(text: string): Segment[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-');
      return { start, end };
    });
}

export interface Interval {
  start: Date;
  end: Date;
}

/** A template's segments on a shop day as UTC instants. */
export function segmentInstants(day: string, segments: readonly Segment[], tz: string): Interval[] {
  return segments.map((s) => ({ start: wallInstant(day, s.start, tz), end: wallInstant(day, s.end, tz) }));
}

/** When a shift begins: its first segment's start. */
export function shiftStart(day: string, segments: readonly Segment[], tz: string): Date {
  const first = segments[0];
  if (!first) throw new Error('a shift has at least one segment');
  return wallInstant(day, first.start, tz);
}

/** The shop day `n` days after `day` (calendar arithmetic, no zone). */
export function addDays(day: string, n: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

/** Every day of a month (YYYY-MM), in order. */
export function daysOfMonth(month: string): string[] {
  const days: string[] = [];
  for (let day = `${month}-01`; day.startsWith(month); day = addDays(day, 1)) days.push(day);
  return days;
}

/** Whole days from 1970-01-01 to `day`. */
export function dayNumber(day: string): number {
  return Math.round(new Date(`${day}T00:00:00Z`).getTime() / 86_400_000);
}
