/** Test data for the roster: months, shifts, holidays written straight into the tables. */
import type { EntityManager } from 'typeorm';

type Q = Pick<EntityManager, 'query'>;

export async function templateIds(db: Q): Promise<Record<string, number>> {
  const rows = (await db.query('SELECT id, code FROM shift_template')) as Array<{ id: number; code: string }>;
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.id)]));
}

export async function putMonth(db: Q, month: string, status: 'draft' | 'published', by: number, at = new Date()): Promise<void> {
  await db.query(
    `INSERT INTO roster_month (month, status, version, published_at, published_by, updated_by, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE status = VALUES(status), published_at = VALUES(published_at), published_by = VALUES(published_by)`,
    [month, status, status === 'published' ? at : null, status === 'published' ? by : null, by, at],
  );
}

export async function putShift(db: Q, cell: { staffId: number; day: string; role: string; templateId: number; swapId?: number | null }): Promise<number> {
  // The shift keeps its template's times as they are now (as the roster service writes it).
  const [template] = (await db.query('SELECT segments FROM shift_template WHERE id = ?', [cell.templateId])) as Array<{ segments: string }>;
  const result = (await db.query(
    `INSERT INTO roster_assignment (month, day, staff_id, role, template_id, segments, swap_id) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE role = VALUES(role), template_id = VALUES(template_id), segments = VALUES(segments), swap_id = VALUES(swap_id), id = LAST_INSERT_ID(id)`,
    [cell.day.slice(0, 7), cell.day, cell.staffId, cell.role, cell.templateId, template!.segments, cell.swapId ?? null],
  )) as { insertId: number };
  return Number(result.insertId);
}

export async function putHoliday(db: Q, day: string, name: string, by: number): Promise<void> {
  await db.query('INSERT INTO holiday (day, name, created_by, created_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)', [day, name, by, new Date()]);
}
