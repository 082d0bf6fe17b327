/**
 * Pure helpers of the roster pages: what an evidence link (`?item=`) opens, how a shift
 * reads in one line, the grid's cell codes, and which coverage warnings to show.
 */
import type { RosterRole } from '@kefu/shared/domain/roster/shifts';
import type { RosterMonthView, ShiftTemplateView } from '@kefu/shared/schemas/roster';

export const TABS = ['mine', 'grid', 'swaps', 'leave', 'settings'] as const;
export type RosterTab = (typeof TABS)[number];

/** What `?item=` names (scoring evidence of kind 'shift'): a shift, a month, a swap or a leave request. */
export type RosterItem = { kind: 'shift'; id: number } | { kind: 'month'; month: string } | { kind: 'swap'; id: number } | { kind: 'leave'; id: number } | null;

export function parseRosterItem(value: string | null): RosterItem {
  if (!value) return null;
  if (/^[1-9]\d{0,15}$/.test(value)) return { kind: 'shift', id: Number(value) };
  const month = /^month:(\d{4}-(0[1-9]|1[0-2]))$/.exec(value);
  if (month) return { kind: 'month', month: month[1]! };
  const other = /^(swap|leave):([1-9]\d{0,15})$/.exec(value);
  if (other) return { kind: other[1] as 'swap' | 'leave', id: Number(other[2]) };
  return null;
}

/** The tab an item opens in. */
export function tabOfItem(item: RosterItem): RosterTab | null {
  if (!item) return null;
  return item.kind === 'month' ? 'grid' : item.kind === 'shift' ? 'mine' : item.kind === 'swap' ? 'swaps' : 'leave';
}

/** "09:00–11:30, 12:30–18:30" */
export function segmentsText(template: Pick<ShiftTemplateView, 'segments'>): string {
  return template.segments.map((s) => `${s.start}–${s.end}`).join(', ');
}

/** A template's short mark in the grid: 早 / 晚 / 打 (zh) or E / L / P (en). */
export function cellMark(template: Pick<ShiftTemplateView, 'group' | 'kind'>, lang: 'zh' | 'en'): string {
  if (template.group === 'printing') return lang === 'zh' ? '打' : 'P';
  return template.kind === 'early' ? (lang === 'zh' ? '早' : 'E') : lang === 'zh' ? '晚' : 'L';
}

/** The coverage warnings of a month, by day: "10-05 客服晚班: 缺售后" is built from these. */
export function coverageWarnings(view: Pick<RosterMonthView, 'coverage'>): Array<{ day: string; templateId: number; missing: RosterRole[] }> {
  return view.coverage.filter((c) => c.missing.length > 0).map((c) => ({ day: c.day, templateId: c.templateId, missing: c.missing }));
}

/** The month YYYY-MM before or after. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Day of the week of a YYYY-MM-DD (0 = Sunday), zone-free. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export function weekday(day: string): Weekday {
  return new Date(`${day}T00:00:00Z`).getUTCDay() as Weekday;
}
