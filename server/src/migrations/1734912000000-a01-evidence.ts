import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: every after-sale detector names its case as `case:ID` (A10 and R04 did, A01 gave
 * the bare `ID`). A01 proposals already written are rewritten the same way, with their dedupe
 * key recomputed (scoring.detectors.ts `dedupeKey`: sha256 of rule, person and the sorted
 * `kind:id` links), so a detector run after the upgrade does not propose them again. No DDL.
 */
export class A01Evidence1734912000000 implements MigrationInterface {
  name = 'A01Evidence1734912000000';

  async up(q: QueryRunner): Promise<void> {
    const found: unknown = await q.query("SELECT id, staff_id, evidence FROM ledger_entry WHERE rule = 'A01' AND dedupe_key IS NOT NULL AND evidence IS NOT NULL");
    // (A runner that only records statements, as the portability test's, answers no rows.)
    const rows = Array.isArray(found) ? (found as Array<{ id: number; staff_id: number; evidence: string }>) : [];
    for (const row of rows) {
      const evidence = JSON.parse(String(row.evidence)) as Array<{ kind: string; id: string }>;
      if (!evidence.some((e) => e.kind === 'registry' && /^\d+$/.test(e.id))) continue;
      const uniform = evidence.map((e) => (e.kind === 'registry' && /^\d+$/.test(e.id) ? { ...e, id: `case:${e.id}` } : e));
      const links = uniform.map((e) => `${e.kind}:${e.id}`).sort();
      const key = createHash('sha256').update(JSON.stringify(['A01', Number(row.staff_id), links])).digest('hex');
      await q.query('UPDATE ledger_entry SET evidence = ?, dedupe_key = ? WHERE id = ?', [JSON.stringify(uniform), key, row.id]);
    }
  }

  async down(): Promise<void> {
    // The old form is still read by the console; nothing to undo.
  }
}
