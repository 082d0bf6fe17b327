/**
 * Bulk entry and the CSV import of ledger entries (issue 13 "Bulk entry"; docs/scoring.md).
 * Both end in LedgerService.recordMany: one transaction, all or nothing, every refused row
 * reported with its line. The import first reads the file (shared/domain/scoring/import.ts),
 * finds each person by username or display name, and validates each row with POST
 * /api/ledger's own schema, so a row is judged exactly as the entry form's request would be.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { readEntriesCsv, MAX_IMPORT_ROWS } from '@kefu/shared/domain/scoring/import';
import { NewLedgerEntry, type BulkEntries, type LedgerEntry } from '@kefu/shared/schemas/ledger';
import type { Actor } from '../../platform/http.ts';
import { parse } from '../../platform/validation.ts';
import type { LedgerService, RowProblem } from './ledger.service.ts';

/** A CSV of entries may be at most this big (500 lines are far below it). */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export class LedgerImport {
  constructor(
    private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly tz: string,
  ) {}

  /** POST /api/ledger/bulk: line N is the Nth entry of the list. */
  bulk(body: BulkEntries, actor: Actor): Promise<{ created: LedgerEntry[] }> {
    return this.ledger.recordMany(
      body.entries.map((input, index) => ({ line: index + 1, input })),
      actor,
    );
  }

  /** POST /api/ledger/import: the file's lines (1 is the header). */
  async csv(bytes: Buffer, actor: Actor): Promise<{ created: LedgerEntry[] }> {
    const read = readEntriesCsv(new Uint8Array(bytes), this.tz);
    if (!read.ok) {
      const params = read.reason === 'import_header' ? { missing: (read.missing ?? []).join('、') } : read.reason === 'import_too_many' ? { maximum: MAX_IMPORT_ROWS } : {};
      throw new AppError('invalid', `The file cannot be imported (${read.reason})`, { reason: read.reason, ...params });
    }
    const people = (await this.db.query('SELECT id, username, display_name FROM staff')) as Array<{ id: number; username: string; display_name: string }>;
    const find = (name: string): number | null => {
      const byUsername = people.find((person) => person.username === name);
      if (byUsername) return Number(byUsername.id);
      const byName = people.filter((person) => person.display_name === name);
      return byName.length === 1 ? Number(byName[0]!.id) : null;
    };

    const problems: RowProblem[] = read.problems.map((problem) => ({ line: problem.line, issues: problem.issues }));
    const rows: Array<{ line: number; input: NewLedgerEntry }> = [];
    for (const row of read.rows) {
      const staffId = find(row.staff);
      if (staffId === null) {
        problems.push({ line: row.line, reason: 'unknown_staff', field: 'staffId', name: row.staff });
        continue;
      }
      try {
        rows.push({ line: row.line, input: parse(NewLedgerEntry, { ...row.body, staffId }) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        problems.push({ line: row.line, issues: (err.details as { issues: RowProblem['issues'] }).issues });
      }
    }
    return this.ledger.recordMany(rows, actor, problems);
  }
}
