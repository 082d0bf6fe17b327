import type { DataSource } from 'typeorm';
import type { Role } from '@kefu/shared/domain/staff/roles';
import { shopDay } from '@kefu/shared/domain/scoring/month';
import { audit } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/auth.service.ts';
import { staffRepository } from './staff.repository.ts';

/** The demo shop's team: a newcomer logs in as any of them with the README's password. */
export const DEMO_STAFF: ReadonlyArray<{ username: string; displayName: string; roles: Role[]; baseWageFen: number }> = [
  { username: 'supervisor', displayName: '王芳', roles: ['supervisor'], baseWageFen: 520000 },
  { username: 'manager', displayName: '陈建国', roles: ['manager'], baseWageFen: 800000 },
  { username: 'presale1', displayName: '李娜', roles: ['presale'], baseWageFen: 380000 },
  { username: 'presale2', displayName: '张敏', roles: ['presale'], baseWageFen: 360000 },
  { username: 'aftersale1', displayName: '刘洋', roles: ['aftersale'], baseWageFen: 400000 },
  { username: 'aftersale2', displayName: '赵静', roles: ['aftersale'], baseWageFen: 380000 },
  { username: 'printer1', displayName: '孙磊', roles: ['printer'], baseWageFen: 340000 },
  { username: 'warehouse1', displayName: '周强', roles: ['warehouse'], baseWageFen: 330000 },
];

/**
 * Seeds the demo accounts when the staff table is empty; returns whether it did. The demo
 * team has been employed since a year before the first start, so every month of that year
 * has them all on its sheet.
 */
export async function seedDemoStaff(db: DataSource, password: string, now: Date, tz: string, since?: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  const yearAgo = new Date(now);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  const employedFrom = since ?? shopDay(yearAgo, tz);
  return db.transaction(async (tx) => {
    // The lock makes two processes starting together seed once.
    const rows = (await tx.query('SELECT COUNT(*) AS n FROM staff FOR UPDATE')) as Array<{ n: number | string }>;
    if (Number(rows[0]?.n ?? 0) > 0) return false;
    for (const person of DEMO_STAFF) {
      const id = await staffRepository.insert(
        tx,
        { username: person.username, displayName: person.displayName, passwordHash, baseWageFen: person.baseWageFen, active: true, employedFrom, employedUntil: null, createdAt: now, updatedAt: now },
        person.roles,
      );
      await staffRepository.insertTerms(tx, { staffId: id, effectiveOn: employedFrom, roles: person.roles, baseWageFen: person.baseWageFen, recordedBy: null, recordedAt: now });
      await audit(tx, { actorId: null, action: 'staff.seed', entity: 'staff', entityId: id, details: { ...person, employedFrom }, at: now });
    }
    return true;
  });
}
