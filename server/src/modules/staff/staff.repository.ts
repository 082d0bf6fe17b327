import type { EntityManager } from 'typeorm';
import { ROLES, type Role } from '@kefu/shared/domain/staff/roles';
import type { Staff } from '@kefu/shared/schemas/staff';
import { StaffEntity, StaffRoleEntity, StaffTermsEntity, type StaffRow } from './staff.entity.ts';

export interface StaffWithHash extends Staff {
  /** Always read here; only the API leaves it out for those who may not see wages. */
  baseWageFen: number;
  passwordHash: string;
  version: number;
}

const ROLE_ORDER = new Map<Role, number>(ROLES.map((role, index) => [role, index]));

function sortRoles(roles: Role[]): Role[] {
  return [...roles].sort((a, b) => (ROLE_ORDER.get(a) ?? 0) - (ROLE_ORDER.get(b) ?? 0));
}

function toStaff(row: StaffRow, roles: Role[]): StaffWithHash {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: sortRoles(roles),
    baseWageFen: row.baseWageFen,
    active: Boolean(row.active),
    employedFrom: row.employedFrom,
    employedUntil: row.employedUntil,
    passwordHash: row.passwordHash,
    version: row.version,
  };
}

export function publicStaff({ passwordHash: _hash, version: _version, ...staff }: StaffWithHash): Staff {
  return staff;
}

/** Staff rows with their roles; all reads and writes of the staff tables go through here. */
export const staffRepository = {
  async list(tx: EntityManager): Promise<StaffWithHash[]> {
    const rows = await tx.getRepository(StaffEntity).find({ order: { id: 'ASC' } });
    const roles = await tx.getRepository(StaffRoleEntity).find();
    return rows.map((row) => toStaff(row, roles.filter((r) => r.staffId === row.id).map((r) => r.role)));
  },

  async findById(tx: EntityManager, id: number, options: { lock?: boolean } = {}): Promise<StaffWithHash | null> {
    const query = tx.getRepository(StaffEntity).createQueryBuilder('s').where('s.id = :id', { id });
    if (options.lock) query.setLock('pessimistic_write');
    const row = await query.getOne();
    return row ? toStaff(row, await this.rolesOf(tx, row.id)) : null;
  },

  async findByUsername(tx: EntityManager, username: string): Promise<StaffWithHash | null> {
    const row = await tx.getRepository(StaffEntity).findOne({ where: { username } });
    return row ? toStaff(row, await this.rolesOf(tx, row.id)) : null;
  },

  async rolesOf(tx: EntityManager, staffId: number): Promise<Role[]> {
    const rows = await tx.getRepository(StaffRoleEntity).find({ where: { staffId } });
    return rows.map((r) => r.role);
  },

  async insert(tx: EntityManager, staff: Omit<StaffRow, 'id' | 'version'>, roles: Role[]): Promise<number> {
    const result = await tx.getRepository(StaffEntity).insert({ ...staff, version: 1 });
    const id = Number(result.identifiers[0]?.id);
    // A new person has no roles to delete: a DELETE here would take gap locks that
    // deadlock two creations running at once.
    await tx.getRepository(StaffRoleEntity).insert(roles.map((role) => ({ staffId: id, role })));
    return id;
  },

  async update(tx: EntityManager, id: number, changes: Partial<Omit<StaffRow, 'id' | 'version'>>): Promise<void> {
    await tx
      .getRepository(StaffEntity)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  },

  /**
   * Replaces an older password hash by a stronger one of the same password (at login). Not a
   * change of the person: no version bump; and only if nobody set a new password meanwhile.
   */
  async upgradeHash(tx: EntityManager, id: number, oldHash: string, newHash: string): Promise<void> {
    await tx.query('UPDATE staff SET password_hash = ? WHERE id = ? AND password_hash = ?', [newHash, id, oldHash]);
  },

  async replaceRoles(tx: EntityManager, staffId: number, roles: Role[]): Promise<void> {
    await tx.getRepository(StaffRoleEntity).delete({ staffId });
    if (roles.length) await tx.getRepository(StaffRoleEntity).insert(roles.map((role) => ({ staffId, role })));
  },

  /** Dated terms: the roles and base wage in force from `effectiveOn` on (membership.ts reads them). */
  async insertTerms(tx: EntityManager, terms: { staffId: number; effectiveOn: string; roles: readonly Role[]; baseWageFen: number; recordedBy: number | null; recordedAt: Date }): Promise<void> {
    await tx.getRepository(StaffTermsEntity).insert({ ...terms, roles: sortRoles([...terms.roles]).join(',') });
  },

  async countActiveWithRole(tx: EntityManager, role: Role): Promise<number> {
    const rows = (await tx.query(
      'SELECT COUNT(*) AS n FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.active = 1 AND r.role = ? FOR UPDATE',
      [role],
    )) as Array<{ n: number | string }>;
    return Number(rows[0]?.n ?? 0);
  },
};
