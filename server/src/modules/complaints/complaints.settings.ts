/**
 * The deadline hours by severity (the supervisor's setting, issue 15): kept in `setting`
 * under `complaints.deadline_hours` as JSON; a missing or broken value falls back to
 * DEFAULT_DEADLINE_HOURS. A change applies to complaints registered after it.
 */
import { COMPLAINT_SEVERITIES, DEFAULT_DEADLINE_HOURS } from '@kefu/shared/domain/complaints/complaints';
import type { ComplaintSettings } from '@kefu/shared/schemas/complaints';
import type { Tx } from '../../platform/db.ts';

export const DEADLINE_HOURS_SETTING = 'complaints.deadline_hours';

export async function complaintSettings(tx: Pick<Tx, 'query'>): Promise<ComplaintSettings> {
  const rows = (await tx.query('SELECT value FROM setting WHERE setting_key = ?', [DEADLINE_HOURS_SETTING])) as Array<{ value: string }>;
  let stored: Record<string, unknown> = {};
  try {
    stored = rows[0] ? (JSON.parse(rows[0].value) as Record<string, unknown>) : {};
  } catch {
    stored = {};
  }
  const hours = { ...DEFAULT_DEADLINE_HOURS };
  for (const severity of COMPLAINT_SEVERITIES) {
    const value = Number(stored[severity]);
    if (Number.isInteger(value) && value > 0) hours[severity] = value;
  }
  return hours;
}

export async function saveComplaintSettings(tx: Pick<Tx, 'query'>, input: ComplaintSettings, now: Date): Promise<void> {
  await tx.query('INSERT INTO setting (setting_key, value, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)', [DEADLINE_HOURS_SETTING, JSON.stringify(input), now]);
}
