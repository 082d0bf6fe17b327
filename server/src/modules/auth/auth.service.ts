import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { LoginRequest, SessionUser } from '@kefu/shared/schemas/staff';
import { audit } from '../audit/audit.service.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import type { LoginLimiter } from './login-limiter.ts';
import type { Session, SessionStore } from './session.store.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';

export const BCRYPT_ROUNDS = 10;
// Compared against when the username is unknown, so a miss costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', BCRYPT_ROUNDS);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginLimiter,
    private readonly hub: RealtimeHub,
    private readonly clock: () => Date,
  ) {}

  async login(input: LoginRequest, ip: string): Promise<{ user: SessionUser; cookie: string }> {
    await this.limiter.assertAllowed(input.username, ip);
    const staff = await staffRepository.findByUsername(this.db.manager, input.username);
    const ok = await bcrypt.compare(input.password, staff?.passwordHash ?? DUMMY_HASH);
    if (!staff || !ok || !staff.active) {
      await this.limiter.recordFailure(input.username, ip);
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
    await this.limiter.recordSuccess(input.username);
    const started = await this.sessions.start(staff.id);
    // One account, one person: the earlier session (another browser) ends now.
    if (started.replaced) this.hub.endSession(started.replaced, 'logged_in_elsewhere');
    await audit(this.db.manager, { actorId: staff.id, action: 'auth.login', entity: 'staff', entityId: staff.id, ip, at: this.clock() });
    return { user: { id: staff.id, username: staff.username, displayName: staff.displayName, roles: staff.roles }, cookie: started.cookie };
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
