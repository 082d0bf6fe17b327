/**
 * Small factories for the scoring tests (server and workers) and the bench. Test-only.
 */
import type { DataSource } from 'typeorm';
import { settleMonth, type SettlementDeps } from './scoring.settlement.ts';
import { DetectorRegistry } from './scoring.detectors.ts';
import { createLogger } from '../../platform/log.ts';

/** username → id of the seeded demo team. */
export async function staffIds(db: DataSource): Promise<Record<string, number>> {
  const rows = (await db.query('SELECT id, username FROM staff')) as Array<{ id: number; username: string }>;
  return Object.fromEntries(rows.map((row) => [row.username, Number(row.id)]));
}

/** An instant in a month at Shanghai wall-clock time, as the API takes it: `2026-10-05T10:00:00+08:00`. */
export function shanghai(month: string, day: number, time = '10:00:00'): string {
  return `${month}-${String(day).padStart(2, '0')}T${time}+08:00`;
}

/**
 * A POST /api/ledger body. An entry needs evidence or a note (issue 13): without either in
 * `extra`, the body carries a note naming the rule.
 */
export function entryBody(staffId: number, rule: string, occurredAt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const explained = 'note' in extra || 'evidence' in extra;
  return { staffId, rule, occurredAt, ...(explained ? {} : { note: `${rule} (test)` }), ...extra };
}

/** Everything a scoring write could touch: a refused request must leave all of it as it was. */
export async function scoringSnapshot(db: DataSource) {
  const count = async (sql: string) => Number(((await db.query(sql)) as Array<{ n: number | string }>)[0]!.n);
  return {
    entries: await count('SELECT COUNT(*) AS n FROM ledger_entry'),
    decided: await count("SELECT COUNT(*) AS n FROM ledger_entry WHERE status <> 'proposed'"),
    revocations: await count('SELECT COUNT(*) AS n FROM ledger_revocation'),
    appeals: await count("SELECT COUNT(*) AS n FROM ledger_appeal WHERE status = 'open'"),
    messages: await count('SELECT COUNT(*) AS n FROM ledger_appeal_message'),
    months: await count('SELECT COUNT(*) AS n FROM scoring_month'),
    monthVersions: await count('SELECT COALESCE(SUM(version + ledger_version), 0) AS n FROM scoring_month'),
    fund: await count('SELECT COUNT(*) AS n FROM activity_fund'),
    notifications: await count('SELECT COUNT(*) AS n FROM notification'),
    audits: await count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'ledger.%' OR action LIKE 'scoring.%' OR action LIKE 'fund.%'"),
  };
}

/** Settles a month in this process (no queue), as the worker would. */
export function settleHere(db: DataSource, month: string, options: { detectors?: DetectorRegistry; requestedBy?: number | null; tz?: string } = {}) {
  const deps: SettlementDeps = {
    db,
    detectors: options.detectors ?? new DetectorRegistry(),
    tz: options.tz ?? 'Asia/Shanghai',
    clock: () => new Date(),
    log: createLogger('test-settlement', 'silent'),
  };
  return settleMonth(deps, month, options.requestedBy === undefined ? 1 : options.requestedBy);
}
