import { SECTIONS, type Section } from '@kefu/shared/domain/staff/roles';

export function isSection(value: string | undefined): value is Section {
  return (SECTIONS as readonly (string | undefined)[]).includes(value);
}

/** Every section lives at /console/<section id>; `/chat` is kept for the buyers' page. */
export function sectionPath(section: Section): string {
  return `/console/${section}`;
}
