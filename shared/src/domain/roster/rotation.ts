/**
 * The 5-day rotation (每5天轮一次班): what the console proposes for a month before the
 * supervisor adjusts it by hand.
 *
 * Choices (docs/roster.md): the rotation runs in blocks of 5 days counted from
 * 1970-01-01, so it carries on from one month to the next without a seam. Within each
 * service role (pre-sale, after-sale) people are taken in the order given and alternate
 * between two teams: team A works early in even blocks and late in odd blocks, team B the
 * opposite, so both shifts keep someone of each role whenever the role has two people.
 * Printers always work the printing shift (there is only an early one). The rulebook names
 * no rest days, so the generator gives none: the supervisor clears a cell for a day off.
 */
import { dayNumber, type RosterRole, type ShiftGroup, type ShiftKind } from './shifts.ts';

export const ROTATION_DAYS = 5;

export interface RotationPerson {
  staffId: number;
  role: RosterRole;
}

export interface RotationTemplate {
  id: number;
  group: ShiftGroup;
  kind: ShiftKind;
}

export interface RotationCell {
  staffId: number;
  day: string;
  role: RosterRole;
  templateId: number;
}

/** The block of 5 days a day falls in (0 = 1970-01-01..05). */
export function rotationBlock(day: string): number {
  return Math.floor(dayNumber(day) / ROTATION_DAYS);
}

/** Early or late for the person at `index` among their role on `day`. */
export function rotationKind(index: number, day: string): ShiftKind {
  return (rotationBlock(day) + index) % 2 === 0 ? 'early' : 'late';
}

function pick(templates: readonly RotationTemplate[], group: ShiftGroup, kind: ShiftKind): RotationTemplate | undefined {
  return templates.find((t) => t.group === group && t.kind === kind) ?? templates.find((t) => t.group === group);
}

/** The generated roster: one cell per person per day (people without a fitting template get none). */
export function generateRotation(days: readonly string[], people: readonly RotationPerson[], templates: readonly RotationTemplate[]): RotationCell[] {
  const indexInRole = new Map<RosterRole, number>();
  const cells: RotationCell[] = [];
  for (const person of people) {
    const index = indexInRole.get(person.role) ?? 0;
    indexInRole.set(person.role, index + 1);
    for (const day of days) {
      const template = person.role === 'printer' ? pick(templates, 'printing', 'early') : pick(templates, 'service', rotationKind(index, day));
      if (template) cells.push({ staffId: person.staffId, day, role: person.role, templateId: template.id });
    }
  }
  return cells;
}
