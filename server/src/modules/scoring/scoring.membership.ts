/**
 * Reads who was employed when, in what roles and at what base wage (staff, staff_terms),
 * for the pure membership rules (shared/src/domain/scoring/membership.ts): a month's sheet
 * is made of the people employed in it, whatever their state today.
 */
import type { EntityManager } from 'typeorm';
import type { Employment, StaffTerms } from '@kefu/shared/domain/scoring/membership';
import { ROLES, type Role } from '@kefu/shared/domain/staff/roles';

type Raw = Record<string, any>;

const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

function rolesOf(list: string): Role[] {
  return list.split(',').filter(isRole);
}

async function load(tx: EntityManager, staffId?: number): Promise<Employment[]> {
  const where = staffId === undefined ? '' : ' WHERE s.id = ?';
  const params = staffId === undefined ? [] : [staffId];
  const people = (await tx.query(
    `SELECT s.id, DATE_FORMAT(s.employed_from, '%Y-%m-%d') AS employed_from, DATE_FORMAT(s.employed_until, '%Y-%m-%d') AS employed_until,
       s.base_wage_fen, (SELECT GROUP_CONCAT(r.role ORDER BY r.role SEPARATOR ',') FROM staff_role r WHERE r.staff_id = s.id) AS roles
     FROM staff s${where} ORDER BY s.id`,
    params,
  )) as Raw[];
  const terms = (await tx.query(
    `SELECT t.staff_id, DATE_FORMAT(t.effective_on, '%Y-%m-%d') AS effective_on, t.roles, t.base_wage_fen
     FROM staff_terms t${staffId === undefined ? '' : ' WHERE t.staff_id = ?'} ORDER BY t.staff_id, t.effective_on, t.id`,
    params,
  )) as Raw[];
  const byStaff = new Map<number, StaffTerms[]>();
  for (const row of terms) {
    const list = byStaff.get(Number(row.staff_id)) ?? [];
    list.push({ effectiveOn: row.effective_on as string, roles: rolesOf(row.roles as string), baseWageFen: Number(row.base_wage_fen) });
    byStaff.set(Number(row.staff_id), list);
  }
  return people.map((row) => {
    const id = Number(row.id);
    const employedFrom = row.employed_from as string;
    // Accounts written without dated terms (older tools, the bench): today's roles and wage throughout.
    const fallback: StaffTerms = { effectiveOn: employedFrom, roles: rolesOf((row.roles as string | null) ?? ''), baseWageFen: Number(row.base_wage_fen) };
    return { staffId: id, employedFrom, employedUntil: (row.employed_until as string | null) ?? null, terms: byStaff.get(id) ?? [fallback] };
  });
}

export const membershipRepository = {
  /** Every staff member's employment and dated terms. */
  all(tx: EntityManager): Promise<Employment[]> {
    return load(tx);
  },

  async of(tx: EntityManager, staffId: number): Promise<Employment | null> {
    return (await load(tx, staffId))[0] ?? null;
  },
};
