/**
 * The ledger's CSV import (issue 13 "a CSV import of entries with per-line errors, nothing
 * half-applied"): the file's bytes (UTF-8 with or without BOM, or GBK as Excel saves it on a
 * Chinese Windows; detected) → one request body per line, in the shape of POST /api/ledger,
 * with the person still named as written (the server finds them). What each column may
 * hold is in docs/scoring.md; a header may be in Chinese or English, in any order.
 *
 * Pure: the shop's zone comes in, no clock is read. Problems are reported per file line
 * (1 is the header) as issues with a field and a reason, for the client to word.
 */
import { decodeExport, parseCsv } from '../orders/import/csv.ts';
import { shopInstant } from './month.ts';

export const IMPORT_COLUMNS = ['staff', 'rule', 'occurredAt', 'points', 'amount', 'evidence', 'note'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Header names each column answers to (compared trimmed and case-insensitively). */
const HEADERS: Record<ImportColumn, readonly string[]> = {
  staff: ['员工', '姓名', '用户名', 'staff', 'person', 'username'],
  rule: ['条款', '规则', '编号', 'rule', 'code'],
  occurredAt: ['时间', '日期', '发生时间', 'occurredat', 'date', 'time'],
  points: ['分数', '加减分', 'points'],
  amount: ['金额', '金额(元)', '金额（元）', 'amount', 'amount (yuan)'],
  evidence: ['证据', 'evidence'],
  note: ['备注', '说明', 'note'],
};
const REQUIRED: readonly ImportColumn[] = ['staff', 'rule', 'occurredAt'];
export const MAX_IMPORT_ROWS = 500;

export interface ImportIssue {
  path: string;
  reason: string;
  message: string;
}
export interface ImportRow {
  line: number;
  /** The person as written: a username or a display name. */
  staff: string;
  /** POST /api/ledger's body without staffId, still to be validated by its schema. */
  body: Record<string, unknown>;
}
export interface ImportProblem {
  line: number;
  issues: ImportIssue[];
}
export type ImportRead = { ok: true; rows: ImportRow[]; problems: ImportProblem[] } | { ok: false; reason: 'import_empty' | 'import_header' | 'import_too_many'; missing?: string[] };

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$/;
const YUAN = /^-?\d+(?:\.\d{1,2})?$/;

/** `2026-10-05 14:30` (shop time) → ISO with offset; a bare day is noon, shop time. Null when unreadable. */
export function importInstant(text: string, tz: string): string | null {
  const match = DATE_TIME.exec(text.trim().replaceAll('/', '-'));
  if (!match) return null;
  const [, day, hh, mm] = match;
  const hour = hh === undefined ? 12 : Number(hh);
  const minute = mm === undefined ? 0 : Number(mm);
  const [y, m, d] = day!.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (hour > 23 || minute > 59 || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return shopInstant(day!, hour, minute, tz).toISOString();
}

/** `chat:12:34; order:3921550016882001` → [{kind, id}], or the issue. */
export function importEvidence(text: string): { evidence: Array<{ kind: string; id: string }> } | { issue: ImportIssue } {
  const parts = text.split(/[;；\n]/).map((part) => part.trim()).filter(Boolean);
  const evidence: Array<{ kind: string; id: string }> = [];
  for (const part of parts) {
    const at = part.search(/[:：]/);
    if (at <= 0 || at === part.length - 1) return { issue: { path: 'evidence', reason: 'invalid_format', message: `evidence "${part}" must look like kind:id` } };
    evidence.push({ kind: part.slice(0, at).trim().toLowerCase(), id: part.slice(at + 1).trim() });
  }
  return { evidence };
}

export function readEntriesCsv(bytes: Uint8Array, tz: string): ImportRead {
  const table = parseCsv(decodeExport(bytes).text).filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const [header, ...lines] = table;
  if (!header || lines.length === 0) return { ok: false, reason: 'import_empty' };
  if (lines.length > MAX_IMPORT_ROWS) return { ok: false, reason: 'import_too_many' };
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const index = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, names.findIndex((name) => HEADERS[column].includes(name))])) as Record<ImportColumn, number>;
  const missing = REQUIRED.filter((column) => index[column] < 0);
  if (missing.length) return { ok: false, reason: 'import_header', missing: missing.map((column) => HEADERS[column][0]!) };

  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  for (const { line, cells } of lines) {
    const cell = (column: ImportColumn) => (index[column] < 0 ? '' : (cells[index[column]] ?? '').trim());
    const issues: ImportIssue[] = [];
    const body: Record<string, unknown> = { rule: cell('rule').toUpperCase() };
    const staff = cell('staff');
    if (!staff) issues.push({ path: 'staffId', reason: 'required', message: 'is required' });
    const when = cell('occurredAt');
    const occurredAt = when ? importInstant(when, tz) : null;
    if (!when) issues.push({ path: 'occurredAt', reason: 'required', message: 'is required' });
    else if (!occurredAt) issues.push({ path: 'occurredAt', reason: 'invalid_format', message: `"${when}" must look like 2026-10-05 14:30` });
    else body.occurredAt = occurredAt;
    const points = cell('points');
    if (points) {
      if (/^[+-]?\d+$/.test(points)) body.points = Number(points);
      else issues.push({ path: 'points', reason: 'invalid_type', message: `"${points}" is not a whole number` });
    }
    const amount = cell('amount');
    if (amount) {
      if (YUAN.test(amount)) body.amountFen = Math.round(Number(amount) * 100);
      else issues.push({ path: 'amountFen', reason: 'invalid_type', message: `"${amount}" is not an amount in yuan` });
    }
    const evidence = cell('evidence');
    if (evidence) {
      const read = importEvidence(evidence);
      if ('issue' in read) issues.push(read.issue);
      else body.evidence = read.evidence;
    }
    const note = cell('note');
    if (note) body.note = note;
    if (issues.length) problems.push({ line, issues });
    else rows.push({ line, staff, body });
  }
  return { ok: true, rows, problems };
}
