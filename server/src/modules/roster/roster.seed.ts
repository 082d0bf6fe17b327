/**
 * The demo roster for `npm start` (README): this month generated from the 5-day rotation,
 * a duty rota taking everyone in turn, the fixed-date public holidays of the year, and
 * published by the demo supervisor, so a newcomer sees "my shifts" and today's team at
 * once. Seeded once, into an empty roster; never in tests (they build their own).
 */
import type { DataSource } from 'typeorm';
import { generateRotation } from '@kefu/shared/domain/roster/rotation';
import { daysOfMonth, formatSegments } from '@kefu/shared/domain/roster/shifts';
import { shopDay } from '@kefu/shared/domain/scoring/month';
import { audit } from '../audit/audit.service.ts';
import { rosterRepository as repo } from './roster.repository.ts';

/** Public holidays that fall on the same date every year (the lunar ones the supervisor adds). */
const FIXED_HOLIDAYS: Array<[string, string]> = [
  ['01-01', '元旦'],
  ['05-01', '劳动节'],
  ['10-01', '国庆节'],
];

export async function seedDemoRoster(db: DataSource, now: Date, tz: string): Promise<boolean> {
  const month = shopDay(now, tz).slice(0, 7);
  return db.transaction(async (tx) => {
    // Only into an empty roster: a real shop's later months are its supervisor's to make (S02).
    const any = (await tx.query('SELECT month FROM roster_month LIMIT 1 FOR UPDATE')) as unknown[];
    if (any.length > 0) return false;
    const supervisor = (await tx.query("SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = 'supervisor' WHERE s.active = 1 ORDER BY s.id LIMIT 1")) as Array<{ id: number }>;
    const by = supervisor[0] ? Number(supervisor[0].id) : null;
    if (by === null) return false;
    const days = daysOfMonth(month);
    const people = await repo.people(tx, days[0]!, days[days.length - 1]!);
    if (people.length === 0) return false;
    const templates = await repo.templates(tx);
    const cells = generateRotation(days, people.map((p) => ({ staffId: p.staffId, role: p.roles[0]! })), templates);
    const times = new Map(templates.map((t) => [t.id, formatSegments(t.segments)]));
    await tx.query("INSERT INTO roster_month (month, status, version, published_at, published_by, updated_by, updated_at) VALUES (?, 'published', 2, ?, ?, ?, ?)", [month, now, by, by, now]);
    for (let i = 0; i < cells.length; i += 500) {
      const chunk = cells.slice(i, i + 500);
      await tx.query(`INSERT INTO roster_assignment (month, day, staff_id, role, template_id, segments) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, chunk.flatMap((c) => [month, c.day, c.staffId, c.role, c.templateId, times.get(c.templateId)!]));
    }
    const dutyRows = days.map((day, i) => [day, month, people[i % people.length]!.staffId]);
    await tx.query(`INSERT INTO roster_duty (day, month, staff_id) VALUES ${dutyRows.map(() => '(?, ?, ?)').join(', ')}`, dutyRows.flat());
    const year = month.slice(0, 4);
    for (const [date, name] of FIXED_HOLIDAYS) await tx.query('INSERT IGNORE INTO holiday (day, name, created_by, created_at) VALUES (?, ?, ?, ?)', [`${year}-${date}`, name, by, now]);
    await audit(tx, { actorId: by, action: 'roster.seed', entity: 'roster_month', entityId: month, details: { cells: cells.length }, at: now });
    return true;
  });
}
