/**
 * The 奖罚登记表 (rulebook (三)②: "部门主管需在每月奖罚登记表做好奖罚登记及统计工作"): every
 * entry of the month, person by person, for each employee to sign. Who is on it: the people
 * on the month's sheet, in its order. What is on it: every confirmed entry of the month
 * (revoked ones too, marked, so the paper shows what was taken back), oldest first;
 * proposals and dismissed proposals are not entries yet and are left out.
 */
import type { LedgerEntry, MonthSheet, ScoresheetRow } from './scoring.types.ts';

export interface RegisterBlock {
  row: ScoresheetRow;
  entries: LedgerEntry[];
}

export function registerBlocks(sheet: Pick<MonthSheet, 'staff'>, entries: readonly LedgerEntry[]): RegisterBlock[] {
  const byPerson = new Map<number, LedgerEntry[]>();
  for (const entry of entries) {
    if (entry.status !== 'confirmed') continue;
    const list = byPerson.get(entry.staffId) ?? [];
    list.push(entry);
    byPerson.set(entry.staffId, list);
  }
  return sheet.staff.map((row) => ({
    row,
    entries: (byPerson.get(row.staffId) ?? []).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id - b.id),
  }));
}
