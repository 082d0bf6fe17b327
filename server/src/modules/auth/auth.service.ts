import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { LoginRequest, SessionUser } from '@kefu/shared/schemas/staff';
import { audit } from '../audit/audit.service.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import type { LoginLimiter } from './login-limiter.ts';
import type { Session, SessionStore } from './session.store.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import type { Actor } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';

export { hashPassword } from './passwords.ts';

export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginLimiter,
    private readonly hub: RealtimeHub,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {}

  async login(input: LoginRequest, ip: string): Promise<{ user: SessionUser; cookie: string }> {
    await this.limiter.assertAllowed(input.username, ip);
    const staff = await staffRepository.findByUsername(this.db.manager, input.username);
    const { ok, rehash } = await verifyPassword(staff?.passwordHash ?? (await dummyHash()), input.password);
    if (!staff || !ok || !staff.active) {
      const { locked } = await this.limiter.recordFailure(input.username, ip);
      if (locked) {
        // Only this account from this address is locked (issue 12); the supervisor can unlock it.
        this.log.warn('login locked for an account from one address', { username: input.username, staffId: staff?.id ?? null, ip });
        await audit(this.db.manager, {
          actorId: null,
          action: 'auth.login_locked',
          entity: 'staff',
          entityId: staff?.id ?? null,
          details: { username: input.username },
          ip,
          at: this.clock(),
        });
      }
      await audit(this.db.manager, {
        actorId: staff?.id ?? null,
        action: 'auth.login_failed',
        entity: 'staff',
        entityId: staff?.id ?? null,
        details: { username: input.username, reason: !staff || !ok ? 'bad_credentials' : 'disabled' },
        ip,
        at: this.clock(),
      });
      throw staff && ok && !staff.active
        ? new AppError('unauthenticated', 'This account is disabled; ask your supervisor')
        : new AppError('unauthenticated', 'Wrong username or password');
    }
    await this.limiter.recordSuccess(input.username, ip);
    // An older hash (bcrypt) is replaced now that the password is known to be right.
    if (rehash) await staffRepository.upgradeHash(this.db.manager, staff.id, staff.passwordHash, await hashPassword(input.password));
    const started = await this.sessions.start(staff.id);
    // One account, one person: the earlier session (another browser) ends now.
    if (started.replaced) this.hub.endSession(started.replaced, 'logged_in_elsewhere');
    await audit(this.db.manager, { actorId: staff.id, action: 'auth.login', entity: 'staff', entityId: staff.id, ip, at: this.clock() });
    return { user: { id: staff.id, username: staff.username, displayName: staff.displayName, roles: staff.roles }, cookie: started.cookie };
  }

  /** The supervisor lifts the login locks of an account (every address) and its delay; audited. */
  async unlockLogin(staffId: number, actor: Actor): Promise<{ unlockedAddresses: number }> {
    const staff = await staffRepository.findById(this.db.manager, staffId);
    if (!staff) throw new AppError('not_found', `No staff member ${staffId}`);
    const ips = await this.limiter.unlock(staff.username);
    await audit(this.db.manager, { actorId: actor.id, action: 'auth.login_unlocked', entity: 'staff', entityId: staff.id, details: { ips }, ip: actor.ip, at: this.clock() });
    this.log.info('login unlocked by the supervisor', { staffId: staff.id, by: actor.id, ips });
    return { unlockedAddresses: ips.length };
  }

  async logout(session: Session, ip: string | null): Promise<void> {
    await this.sessions.end(session);
    this.hub.endSession(session.token, 'logged_out');
    await audit(this.db.manager, { actorId: session.staffId, action: 'auth.logout', entity: 'staff', entityId: session.staffId, ip, at: this.clock() });
  }

  /** The person behind a session cookie as the database has them now, or null. */
  async userOf(cookie: string | undefined): Promise<{ user: SessionUser; session: Session } | null> {
    const session = await this.sessions.resolve(cookie);
    if (!session) return null;
    const staff = await staffRepository.findById(this.db.manager, session.staffId);
    if (!staff || !staff.active) {
      await this.sessions.end(session);
      return null;
    }
    return { session, user: { id: staff.id, username: staff.username, displayName: staff.displayName, roles: staff.roles } };
  }
}
