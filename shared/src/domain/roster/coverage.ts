/**
 * Coverage (值班表 must keep the shop served): at least one pre-sale and one after-sale
 * agent on every customer-service shift, and a printer on every printing day. Every day
 * is a printing day (the shop ships every day; domain.md names no closed days).
 */
import type { RosterRole, ShiftGroup } from './shifts.ts';

export interface CoverageTemplate {
  id: number;
  group: ShiftGroup;
}

export interface CoverageCell {
  day: string;
  templateId: number;
  role: RosterRole;
}

export interface ShiftCoverage {
  day: string;
  templateId: number;
  counts: Record<RosterRole, number>;
  /** The roles this shift lacks; empty when covered. */
  missing: RosterRole[];
}

const NEEDS: Record<ShiftGroup, readonly RosterRole[]> = { service: ['presale', 'aftersale'], printing: ['printer'] };

/** Count per role per shift for every day × template, and what each lacks. */
export function coverage(days: readonly string[], templates: readonly CoverageTemplate[], cells: readonly CoverageCell[]): ShiftCoverage[] {
  const counts = new Map<string, Record<RosterRole, number>>();
  const printersOfDay = new Map<string, number>();
  for (const cell of cells) {
    const key = `${cell.day}|${cell.templateId}`;
    const count = counts.get(key) ?? { presale: 0, aftersale: 0, printer: 0 };
    count[cell.role] += 1;
    counts.set(key, count);
    if (cell.role === 'printer') printersOfDay.set(cell.day, (printersOfDay.get(cell.day) ?? 0) + 1);
  }
  const result: ShiftCoverage[] = [];
  for (const day of days) {
    for (const template of templates) {
      const count = counts.get(`${day}|${template.id}`) ?? { presale: 0, aftersale: 0, printer: 0 };
      // A printing day needs a printer on one of its printing shifts, not on each.
      const missing = NEEDS[template.group].filter((role) => (role === 'printer' ? (printersOfDay.get(day) ?? 0) === 0 : count[role] === 0));
      result.push({ day, templateId: template.id, counts: count, missing });
    }
  }
  return result;
}

/** How many people of each role remain on a shift once one person leaves it (before approving). */
export function remainingAfter(counts: Record<RosterRole, number>, leaving: RosterRole, joining?: RosterRole): Record<RosterRole, number> {
  const remaining = { ...counts, [leaving]: Math.max(0, counts[leaving] - 1) };
  if (joining) remaining[joining] += 1;
  return remaining;
}
