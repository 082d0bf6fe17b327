import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import { shopDay } from '@kefu/shared/domain/scoring/month';
import { isScoredStaff } from '@kefu/shared/domain/scoring/catalogue';
import type { Role } from '@kefu/shared/domain/staff/roles';
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

/**
 * Everyone on the scoresheet is paid a base wage: 0 for a scored role (anyone but a
 * manager) is a slip, refused (400, field baseWageFen, reason wage_required).
 */
function assertWagePaid(roles: readonly Role[], baseWageFen: number): void {
  if (baseWageFen <= 0 && isScoredStaff(roles)) {
    throw new AppError('invalid', 'Invalid body: baseWageFen: a scored role needs a base wage above 0', {
      field: 'baseWageFen',
      reason: 'wage_required',
      issues: [{ path: 'baseWageFen', message: 'a scored role needs a base wage above 0' }],
    });
  }
}

export class StaffService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionStore,
    private readonly hub: RealtimeHub,
    private readonly clock: () => Date,
    private readonly tz: string,
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
    assertWagePaid(input.roles, input.baseWageFen);
    const passwordHash = await hashPassword(input.password);
    const now = this.clock();
    const employedFrom = input.employedFrom ?? shopDay(now, this.tz);
    try {
      const staff = await this.db.transaction('READ COMMITTED', async (tx) => {
        const id = await staffRepository.insert(
          tx,
          { username: input.username, displayName: input.displayName, passwordHash, baseWageFen: input.baseWageFen, active: true, employedFrom, employedUntil: null, createdAt: now, updatedAt: now },
          input.roles,
        );
        await staffRepository.insertTerms(tx, { staffId: id, effectiveOn: employedFrom, roles: input.roles, baseWageFen: input.baseWageFen, recordedBy: actor.id, recordedAt: now });
        const { password: _password, ...recorded } = { ...input, employedFrom };
        await audit(tx, { actorId: actor.id, action: 'staff.create', entity: 'staff', entityId: id, details: recorded, ip: actor.ip, at: now });
        return (await staffRepository.findById(tx, id))!;
      });
      this.hub.staffChanged(staff.id, staff.version);
      return publicStaff(staff);
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('conflict', `The username ${input.username} is taken`, { field: 'username', reason: 'taken', value: input.username });
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
      if (patch.roles !== undefined || patch.baseWageFen !== undefined) assertWagePaid(patch.roles ?? before.roles, patch.baseWageFen ?? before.baseWageFen);
      const employment = this.employmentChange(before, patch, now);
      const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
      await staffRepository.update(tx, id, {
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.baseWageFen !== undefined ? { baseWageFen: patch.baseWageFen } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...employment,
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: now,
      });
      if (patch.roles) await staffRepository.replaceRoles(tx, id, patch.roles);
      if (patch.roles || patch.baseWageFen !== undefined) {
        // Dated from today (or the first day, for someone not started yet): past months keep the old terms.
        const today = shopDay(now, this.tz);
        const from = employment.employedFrom ?? before.employedFrom;
        await staffRepository.insertTerms(tx, {
          staffId: id,
          effectiveOn: from > today ? from : today,
          roles: patch.roles ?? before.roles,
          baseWageFen: patch.baseWageFen ?? before.baseWageFen,
          recordedBy: actor.id,
          recordedAt: now,
        });
      }
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

  /**
   * The employment dates a patch sets. Disabling records the last day employed (default
   * today); enabling again clears it. A last day before the first is refused.
   */
  private employmentChange(before: Staff, patch: StaffPatch, now: Date): { employedFrom?: string; employedUntil?: string | null } {
    const change: { employedFrom?: string; employedUntil?: string | null } = {};
    if (patch.employedFrom !== undefined) change.employedFrom = patch.employedFrom;
    const disabling = patch.active === false || (patch.active === undefined && !before.active);
    if (patch.employedUntil !== undefined && !disabling) {
      throw new AppError('invalid', 'Invalid body: employedUntil: only a disabled account has a last day employed', { field: 'employedUntil', reason: 'only_when_disabled' });
    }
    if (patch.active === false && before.active) change.employedUntil = patch.employedUntil ?? shopDay(now, this.tz);
    else if (patch.active === false || (patch.active === undefined && !before.active)) {
      if (patch.employedUntil !== undefined) change.employedUntil = patch.employedUntil;
    } else if (patch.active === true) change.employedUntil = null;
    const from = change.employedFrom ?? before.employedFrom;
    const until = change.employedUntil !== undefined ? change.employedUntil : before.employedUntil;
    if (until !== null && until < from) {
      throw new AppError('invalid', `Invalid body: employedUntil: the last day employed (${until}) is before the first (${from})`, {
        field: 'employedUntil',
        reason: 'before_employed_from',
        employedFrom: from,
      });
    }
    return change;
  }

  /** The shop must keep an active supervisor, or nobody could manage staff any more. */
  private async assertSupervisorRemains(tx: EntityManager, current: Staff, patch: StaffPatch): Promise<void> {
    if (!current.active || !current.roles.includes('supervisor')) return;
    const losesSupervisor = patch.active === false || (patch.roles !== undefined && !patch.roles.includes('supervisor'));
    if (!losesSupervisor) return;
    if ((await staffRepository.countActiveWithRole(tx, 'supervisor')) <= 1) {
      throw new AppError('conflict', 'This is the last active supervisor; make someone else supervisor first', { reason: 'last_supervisor' });
    }
  }
}
