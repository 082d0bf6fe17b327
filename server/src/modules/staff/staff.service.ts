import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { NewStaff, Staff, StaffPatch } from '@kefu/shared/schemas/staff';
import { audit } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/auth.service.ts';
import type { SessionStore } from '../auth/session.store.ts';
import type { Actor } from '../../platform/http.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { isDuplicateKey } from '../../platform/db.ts';
import { publicStaff, staffRepository } from './staff.repository.ts';

/** Base wages are seen by the supervisor, the manager and the person themselves (issue 12). */
export function maySeeWage(viewer: Pick<Actor, 'id' | 'roles'>, staffId: number): boolean {
  return viewer.id === staffId || hasAnyRole(viewer.roles, ['supervisor', 'manager']);
}

export class StaffService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionStore,
    private readonly hub: RealtimeHub,
    private readonly clock: () => Date,
  ) {}

  /** Everyone may read the list (names for hand-overs); base wages only reach those allowed to see them. */
  async list(viewer: Actor): Promise<Staff[]> {
    return (await staffRepository.list(this.db.manager)).map(publicStaff).map((person) => {
      if (maySeeWage(viewer, person.id)) return person;
      const { baseWageFen: _hidden, ...withoutWage } = person;
      return withoutWage;
    });
  }

  async create(input: NewStaff, actor: Actor): Promise<Staff> {
    const passwordHash = await hashPassword(input.password);
    const now = this.clock();
    try {
      const staff = await this.db.transaction('READ COMMITTED', async (tx) => {
        const id = await staffRepository.insert(
          tx,
          { username: input.username, displayName: input.displayName, passwordHash, baseWageFen: input.baseWageFen, active: true, createdAt: now, updatedAt: now },
          input.roles,
        );
        const { password: _password, ...recorded } = input;
        await audit(tx, { actorId: actor.id, action: 'staff.create', entity: 'staff', entityId: id, details: recorded, ip: actor.ip, at: now });
        return (await staffRepository.findById(tx, id))!;
      });
      this.hub.staffChanged(staff.id, staff.version);
      return publicStaff(staff);
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('conflict', `The username ${input.username} is taken`, { field: 'username' });
      throw err;
    }
  }

  async update(id: number, patch: StaffPatch, actor: Actor): Promise<Staff> {
    const now = this.clock();
    // READ COMMITTED: the staff row lock orders concurrent changes; no gap locks to deadlock on.
    const { before, after } = await this.db.transaction('READ COMMITTED', async (tx) => {
      const before = await staffRepository.findById(tx, id, { lock: true });
      if (!before) throw new AppError('not_found', `No staff member with id ${id}`);
      await this.assertSupervisorRemains(tx, before, patch);
      const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
      await staffRepository.update(tx, id, {
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.baseWageFen !== undefined ? { baseWageFen: patch.baseWageFen } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: now,
      });
      if (patch.roles) await staffRepository.replaceRoles(tx, id, patch.roles);
      const after = (await staffRepository.findById(tx, id))!;
      const { password, ...visible } = patch;
      await audit(tx, {
        actorId: actor.id,
        action: 'staff.update',
        entity: 'staff',
        entityId: id,
        details: { before: publicStaff(before), after: publicStaff(after), changed: Object.keys(visible), ...(password ? { passwordChanged: true } : {}) },
        ip: actor.ip,
        at: now,
      });
      return { before, after };
    });
    // Commit, then act on the outside world (STYLE.md habit 4).
    if (before.active && !after.active) {
      await this.sessions.endAllFor(id);
      this.hub.endStaff(id, 'account_disabled');
    } else if (patch.password && id !== actor.id) {
      await this.sessions.endAllFor(id);
      this.hub.endStaff(id, 'password_changed');
    } else {
      this.hub.sessionChanged({ id: after.id, username: after.username, displayName: after.displayName, roles: after.roles });
    }
    this.hub.staffChanged(after.id, after.version);
    return publicStaff(after);
  }

  /** The shop must keep an active supervisor, or nobody could manage staff any more. */
  private async assertSupervisorRemains(tx: EntityManager, current: Staff, patch: StaffPatch): Promise<void> {
    if (!current.active || !current.roles.includes('supervisor')) return;
    const losesSupervisor = patch.active === false || (patch.roles !== undefined && !patch.roles.includes('supervisor'));
    if (!losesSupervisor) return;
    if ((await staffRepository.countActiveWithRole(tx, 'supervisor')) <= 1) {
      throw new AppError('conflict', 'This is the last active supervisor; make someone else supervisor first');
    }
  }
}
