/**
 * The reward and penalty ledger: entries recorded by the supervisor or proposed by
 * detectors, revocations, proposal decisions and appeals. Entries are never edited or
 * deleted (scoring.md): a revocation is a new row pointing at the entry, with its reason;
 * a proposal's status moves once, from proposed to confirmed or dismissed.
 *
 * Every write runs in one transaction that first locks the month row of the entries it
 * touches: an approved (or submitted) month refuses with 409 'locked', and a settlement of
 * the same month, which holds that lock, never sees half a write.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { resolveEntryInput } from '@kefu/shared/domain/scoring/entry';
import { scoringMonth, shopDay } from '@kefu/shared/domain/scoring/month';
import { isEmployedOn, termsOn } from '@kefu/shared/domain/scoring/membership';
import { membershipRepository } from './scoring.membership.ts';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type {
  AppealDecision,
  AppealThread,
  AppealsQuery,
  LedgerEntry,
  LedgerQuery,
  NewLedgerEntry,
} from '@kefu/shared/schemas/ledger';
import type { Actor } from '../../platform/http.ts';
import type { Io } from '../../platform/realtime.ts';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NewNotification } from '../notifications/notifications.repository.ts';
import type { ScoringMonthRow } from './scoring.entity.ts';
import { transactionThenAnnounce, type Announcements } from './scoring.events.ts';
import { scoringRepository as repo, type EntryRecord } from './scoring.repository.ts';
import { appealView, entryView } from './scoring.views.ts';
import { assertMonthOpen } from './scoring.lock.ts';
import { correctApprovedEntry } from './ledger.corrections.ts';
import { duplicateRefusal, recentDuplicate } from './ledger.duplicates.ts';

export { assertMonthOpen, monthLockedMessage } from './scoring.lock.ts';

/** The domain's refusals (resolveEntryInput) in the API's words: "Invalid body: <field>: <problem>". */
function asBodyError(err: unknown): never {
  if (err instanceof AppError && err.code === 'invalid') {
    const field = (err.details as { field?: string } | undefined)?.field;
    if (field) throw new AppError('invalid', `Invalid body: ${field}: ${err.message}`, { ...(err.details as object), issues: [{ path: field, message: err.message }] });
  }
  throw err;
}

/** Clocks differ by a little: an entry may be dated up to this far ahead of the server's clock. */
export const FUTURE_SLACK_MS = 5 * 60_000;

/** Nothing is recorded for what has not happened yet (400, field occurredAt, reason 'future'). */
function assertNotFuture(occurredAt: Date, now: Date): void {
  if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    throw new AppError('invalid', `Invalid body: occurredAt: ${occurredAt.toISOString()} is in the future`, {
      field: 'occurredAt',
      reason: 'future',
      issues: [{ path: 'occurredAt', message: 'is in the future' }],
    });
  }
}

/**
 * An entry says why it was recorded: with no evidence linked, a note is required (400,
 * field note, reason note_required) — a penalty nobody can trace back is not paid out.
 */
function assertExplained(input: NewLedgerEntry): void {
  if ((input.evidence ?? []).length === 0 && !input.note) {
    throw new AppError('invalid', 'Invalid body: note: an entry without evidence needs a note', {
      field: 'note',
      reason: 'note_required',
      issues: [{ path: 'note', message: 'an entry without evidence needs a note' }],
    });
  }
}

/** One refused row of a bulk entry or an import: its line, and the refusal's reason or field issues. */
export interface RowProblem {
  line: number;
  reason?: string;
  issues?: Array<{ path: string; message: string; reason?: string }>;
  [param: string]: unknown;
}

function rowProblem(line: number, err: AppError): RowProblem {
  const details = (err.details ?? {}) as Record<string, unknown>;
  const { issues, field, ...rest } = details;
  if (Array.isArray(issues)) return { line, ...rest, issues: issues as RowProblem['issues'] };
  if (typeof details.reason === 'string') return { line, ...rest, ...(typeof field === 'string' ? { field } : {}) };
  return { line, issues: [{ path: typeof field === 'string' ? field : '', message: err.message, reason: 'other' }] };
}

const canSeeAll = (actor: Actor) => hasAnyRole(actor.roles, ['supervisor', 'manager']);

export class LedgerService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  private write<T>(work: (tx: EntityManager, out: Announcements) => Promise<T>): Promise<T> {
    return transactionThenAnnounce(this.db, this.io, async (tx, out) => {
      const result = await work(tx, out);
      out.watchers = await notificationsRepository.activeWithRoles(tx, ['supervisor', 'manager']);
      return result;
    });
  }

  private async notify(tx: EntityManager, out: Announcements, items: NewNotification[], at: Date): Promise<void> {
    out.notify(await notificationsRepository.insert(tx, items, at));
  }

  /** POST /api/ledger: a manual entry, confirmed at once. */
  async record(input: NewLedgerEntry, actor: Actor): Promise<LedgerEntry> {
    const now = this.clock();
    return this.write(async (tx, out) => entryView((await repo.findEntry(tx, await this.recordIn(tx, out, input, actor, now, { questionDuplicates: !input.confirmDuplicate })))!));
  }

  /**
   * Many manual entries in one transaction, all or nothing (bulk entry, CSV import): every
   * row is tried, and if any is refused nothing is kept and the answer lists each refused
   * row by its `line` (400 invalid, reason 'rows_invalid'). Rows are written in month order,
   * so the month row locks are always taken in the same order.
   */
  async recordMany(rows: ReadonlyArray<{ line: number; input: NewLedgerEntry }>, actor: Actor, known: RowProblem[] = []): Promise<{ created: LedgerEntry[] }> {
    const now = this.clock();
    const ordered = [...rows].sort((a, b) => scoringMonth(new Date(a.input.occurredAt), this.tz).localeCompare(scoringMonth(new Date(b.input.occurredAt), this.tz)) || a.line - b.line);
    return this.write(async (tx, out) => {
      const problems = [...known];
      const ids: number[] = [];
      for (const { line, input } of ordered) {
        try {
          ids.push(await this.recordIn(tx, out, input, actor, now));
        } catch (err) {
          if (!(err instanceof AppError) || !['invalid', 'locked'].includes(err.code)) throw err;
          problems.push(rowProblem(line, err));
        }
      }
      if (problems.length) {
        problems.sort((a, b) => a.line - b.line);
        throw new AppError('invalid', `Invalid rows: ${problems.map((p) => `line ${p.line}`).join(', ')}; nothing was recorded`, { reason: 'rows_invalid', count: problems.length, rows: problems });
      }
      return { created: (await repo.entriesByIds(tx, ids)).map(entryView) };
    });
  }

  /** Checks and writes one manual entry inside the caller's transaction; returns its id. */
  private async recordIn(
    tx: EntityManager,
    out: Announcements,
    input: NewLedgerEntry,
    actor: Actor,
    now: Date,
    options: { questionDuplicates?: boolean } = {},
  ): Promise<number> {
    const occurredAt = new Date(input.occurredAt);
    const month = scoringMonth(occurredAt, this.tz);
    assertNotFuture(occurredAt, now);
    const staff = await repo.staffById(tx, input.staffId);
    const employment = await membershipRepository.of(tx, input.staffId);
    if (!staff || !employment) throw new AppError('invalid', `Invalid body: staffId: no staff member with id ${input.staffId}`, { field: 'staffId', reason: 'unknown_staff' });
    // Who the person was on the entry's day: employed or not, and in which roles.
    const day = shopDay(occurredAt, this.tz);
    let resolved;
    try {
      resolved = resolveEntryInput(input.rule, input, { roles: termsOn(employment.terms, day)?.roles ?? staff.roles, active: isEmployedOn(employment, day) });
    } catch (err) {
      asBodyError(err);
    }
    assertExplained(input);
    assertMonthOpen(await repo.lockMonth(tx, month), 'recording an entry');
    if (options.questionDuplicates) {
      const twin = await recentDuplicate(tx, { staffId: staff.id, rule: input.rule, occurredAt, points: resolved.points, amountFen: resolved.amountFen }, now, this.tz);
      if (twin !== null) throw duplicateRefusal(twin);
    }
    const { confirmDuplicate: _asked, ...recorded } = input;
    const id = await repo.insertEntry(tx, {
      staffId: staff.id,
      rule: input.rule,
      occurredAt,
      month,
      points: resolved.points,
      amountFen: resolved.amountFen,
      evidence: input.evidence ?? [],
      note: input.note || null,
      status: 'confirmed',
      source: 'manual',
      dedupeKey: null,
      createdBy: actor.id,
      createdAt: now,
    });
    await repo.bumpLedgerVersion(tx, month);
    await audit(tx, { actorId: actor.id, action: 'ledger.record', entity: 'ledger_entry', entityId: id, details: { ...recorded, month, ...(input.confirmDuplicate ? { confirmedDuplicate: true } : {}) }, ip: actor.ip, at: now });
    await this.notify(tx, out, [{ staffId: staff.id, kind: 'ledger.entry', payload: { entryId: id, rule: input.rule, month } }], now);
    out.entryChanged({ id, staffId: staff.id, month });
    return id;
  }

  /** POST /api/ledger/:id/revoke: the entry stays, a revocation points at it; it counts nothing from now on. */
  async revoke(id: number, reason: string, actor: Actor): Promise<LedgerEntry> {
    const now = this.clock();
    return this.write(async (tx, out) => {
      const { entry, approved } = await this.lockEntryAndMonth(tx, id, 'revoking an entry', { approvedCorrects: true });
      if (entry.revocation || entry.correctedBy !== null) throw new AppError('conflict', `Entry ${id} is already revoked`, { entryId: id, reason: 'already_revoked' });
      if (entry.status !== 'confirmed') throw new AppError('conflict', `Entry ${id} is a ${entry.status} proposal, not a confirmed entry: dismiss a proposal instead`, { entryId: id, reason: 'not_confirmed' });
      if (approved) {
        // The approved month stays as paid: a correction in the current month reverses the entry.
        await correctApprovedEntry({ tx, out, actor, now, tz: this.tz }, entry, reason);
        await this.closeOpenAppeal(tx, entry.id, 'revoked', reason, actor, now);
      } else {
        await this.revokeLocked(tx, out, entry, reason, actor, now);
      }
      return entryView((await repo.findEntry(tx, id))!);
    });
  }

  private async revokeLocked(tx: EntityManager, out: Announcements, entry: EntryRecord, reason: string, actor: Actor, now: Date): Promise<void> {
    await repo.insertRevocation(tx, { entryId: entry.id, reason, by: actor.id, at: now });
    await repo.bumpLedgerVersion(tx, entry.month);
    await audit(tx, { actorId: actor.id, action: 'ledger.revoke', entity: 'ledger_entry', entityId: entry.id, details: { reason, month: entry.month }, ip: actor.ip, at: now });
    // An open appeal is answered by the revocation itself.
    await this.closeOpenAppeal(tx, entry.id, 'revoked', reason, actor, now);
    await this.notify(tx, out, [{ staffId: entry.staffId, kind: 'ledger.revoked', payload: { entryId: entry.id, rule: entry.rule, month: entry.month } }], now);
    out.entryChanged(entry);
  }

  private async closeOpenAppeal(tx: EntityManager, entryId: number, status: 'upheld' | 'revoked', reason: string, actor: Actor, now: Date): Promise<void> {
    const appeal = await repo.findAppealByEntry(tx, entryId, { lock: true });
    if (appeal?.status !== 'open') return;
    await repo.decideAppeal(tx, appeal.id, { status, by: actor.id, at: now, reason });
    await repo.insertAppealMessage(tx, { appealId: appeal.id, authorId: actor.id, kind: 'decision', text: reason, at: now });
  }

  /**
   * Locks the entry's month, then the entry (the lock order everywhere), and refuses a
   * locked month — or, with `approvedCorrects`, lets an approved one through (its entry is
   * then corrected in the current month, never changed). The month is read from the entry
   * first: it never changes.
   */
  private async lockEntryAndMonth(tx: EntityManager, id: number, action: string, options: { approvedCorrects: true }): Promise<{ entry: EntryRecord; approved: boolean }>;
  private async lockEntryAndMonth(tx: EntityManager, id: number, action: string): Promise<EntryRecord>;
  private async lockEntryAndMonth(tx: EntityManager, id: number, action: string, options?: { approvedCorrects: true }): Promise<EntryRecord | { entry: EntryRecord; approved: boolean }> {
    const found = await repo.findEntry(tx, id);
    if (!found) throw new AppError('not_found', `No ledger entry with id ${id}`);
    const month = await repo.lockMonth(tx, found.month);
    const approved = month.status === 'approved' && options?.approvedCorrects === true;
    if (!approved) assertMonthOpen(month, action);
    const entry = (await repo.findEntry(tx, id, { lock: true }))!;
    return options ? { entry, approved } : entry;
  }

  /**
   * GET /api/ledger. Supervisors and managers see everyone's entries. Anyone else sees
   * only their own confirmed entries (revoked ones included): asking for someone else's
   * staffId is 403, not a silent swap, so a client bug shows.
   */
  async list(query: LedgerQuery, actor: Actor): Promise<LedgerEntry[]> {
    if (canSeeAll(actor)) {
      return (await repo.listEntries(this.db.manager, { ...(query.month ? { month: query.month } : {}), ...(query.staffId ? { staffId: query.staffId } : {}) })).map(entryView);
    }
    if (query.staffId !== undefined && query.staffId !== actor.id) {
      throw new AppError('forbidden', 'staffId: you may only see your own ledger entries');
    }
    const rows = await repo.listEntries(this.db.manager, { ...(query.month ? { month: query.month } : {}), staffId: actor.id, status: ['confirmed'] });
    return rows.map(entryView);
  }

  // ---- proposals ----

  async proposals(month: string): Promise<LedgerEntry[]> {
    return (await repo.listEntries(this.db.manager, { month, status: ['proposed'] })).map(entryView);
  }

  /** Confirms proposals in bulk, all or nothing: from now on they count. */
  async confirm(ids: readonly number[], actor: Actor): Promise<{ confirmed: LedgerEntry[] }> {
    const now = this.clock();
    return this.write(async (tx, out) => {
      const found = await repo.entriesByIds(tx, ids);
      const missing = ids.filter((id) => !found.some((entry) => entry.id === id));
      if (missing.length) throw new AppError('not_found', `No ledger entry with id ${missing.join(', ')}`, { ids: missing });
      const months = [...new Set(found.map((entry) => entry.month))].sort();
      for (const month of months) assertMonthOpen(await repo.lockMonth(tx, month), 'confirming a proposal');
      const entries = await repo.entriesByIds(tx, ids, { lock: true });
      const decided = entries.filter((entry) => entry.status !== 'proposed');
      if (decided.length) {
        throw new AppError('conflict', `Entries ${decided.map((e) => `${e.id} (${e.status})`).join(', ')} are not proposals awaiting a decision; nothing was confirmed`, {
          ids: decided.map((e) => e.id),
        });
      }
      for (const entry of entries) {
        if (!(await repo.decideProposal(tx, entry.id, { status: 'confirmed', by: actor.id, at: now, reason: null }))) {
          throw new AppError('conflict', `Entry ${entry.id} was decided meanwhile; nothing was confirmed`, { ids: [entry.id] });
        }
        await audit(tx, { actorId: actor.id, action: 'ledger.confirm', entity: 'ledger_entry', entityId: entry.id, details: { month: entry.month, source: entry.source }, ip: actor.ip, at: now });
        out.entryChanged(entry);
      }
      for (const month of months) await repo.bumpLedgerVersion(tx, month);
      await this.notify(tx, out, entries.map((entry) => ({ staffId: entry.staffId, kind: 'ledger.entry', payload: { entryId: entry.id, rule: entry.rule, month: entry.month } })), now);
      return { confirmed: (await repo.entriesByIds(tx, ids)).map(entryView) };
    });
  }

  async dismiss(id: number, reason: string, actor: Actor): Promise<LedgerEntry> {
    const now = this.clock();
    return this.write(async (tx, out) => {
      const entry = await this.lockEntryAndMonth(tx, id, 'dismissing a proposal');
      if (entry.status !== 'proposed') throw new AppError('conflict', `Entry ${id} is ${entry.status}, not a proposal awaiting a decision`, { entryId: id });
      if (!(await repo.decideProposal(tx, id, { status: 'dismissed', by: actor.id, at: now, reason }))) {
        throw new AppError('conflict', `Entry ${id} was decided meanwhile`, { entryId: id });
      }
      await audit(tx, { actorId: actor.id, action: 'ledger.dismiss', entity: 'ledger_entry', entityId: id, details: { reason, month: entry.month, source: entry.source }, ip: actor.ip, at: now });
      out.entryChanged(entry);
      return entryView((await repo.findEntry(tx, id))!);
    });
  }

  // ---- appeals ----

  /**
   * The person charged appeals a confirmed entry, once. Choice: an appeal may be filed
   * whatever the month's status (the staff member may only notice after approval), but a
   * decision on it follows the month lock.
   */
  async appeal(entryId: number, reason: string, actor: Actor): Promise<AppealThread> {
    const now = this.clock();
    return this.write(async (tx, out) => {
      const entry = await repo.findEntry(tx, entryId, { lock: true });
      if (!entry) throw new AppError('not_found', `No ledger entry with id ${entryId}`);
      if (entry.staffId !== actor.id) throw new AppError('forbidden', 'Only the person charged can appeal this entry');
      if (entry.status !== 'confirmed') throw new AppError('conflict', `Entry ${entryId} is ${entry.status}: only a confirmed entry can be appealed`, { entryId });
      if (entry.revocation || entry.correctedBy !== null) throw new AppError('conflict', `Entry ${entryId} is revoked already`, { entryId, reason: 'already_revoked' });
      if (entry.correctsEntryId !== null) throw new AppError('conflict', `Entry ${entryId} is a correction: appeal the entry it corrects`, { entryId, reason: 'is_correction' });
      if (entry.appeal) throw new AppError('conflict', `Entry ${entryId} has been appealed already (${entry.appeal.status})`, { entryId, appealId: entry.appeal.id });
      const appealId = await repo.insertAppeal(tx, { entryId, staffId: actor.id, reason, at: now });
      await repo.insertAppealMessage(tx, { appealId, authorId: actor.id, kind: 'appeal', text: reason, at: now });
      await audit(tx, { actorId: actor.id, action: 'ledger.appeal', entity: 'ledger_entry', entityId: entryId, details: { appealId, reason }, ip: actor.ip, at: now });
      const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
      await this.notify(tx, out, supervisors.map((staffId) => ({ staffId, kind: 'appeal.filed', payload: { entryId, appealId, month: entry.month } })), now);
      out.entryChanged(entry);
      return this.threadOf(tx, entryId);
    });
  }

  /** Either side adds to an open appeal's thread. */
  async appealMessage(entryId: number, text: string, actor: Actor): Promise<AppealThread> {
    const now = this.clock();
    return this.write(async (tx, out) => {
      const entry = await repo.findEntry(tx, entryId);
      if (!entry) throw new AppError('not_found', `No ledger entry with id ${entryId}`);
      const isSupervisor = actor.roles.includes('supervisor');
      if (entry.staffId !== actor.id && !isSupervisor) throw new AppError('forbidden', 'Only the person charged and the supervisor take part in an appeal');
      const appeal = await repo.findAppealByEntry(tx, entryId, { lock: true });
      if (!appeal) throw new AppError('not_found', `Entry ${entryId} has no appeal`);
      if (appeal.status !== 'open') throw new AppError('conflict', `The appeal on entry ${entryId} is decided (${appeal.status})`, { appealId: appeal.id });
      await repo.insertAppealMessage(tx, { appealId: appeal.id, authorId: actor.id, kind: 'message', text, at: now });
      await audit(tx, { actorId: actor.id, action: 'ledger.appeal_message', entity: 'ledger_entry', entityId: entryId, details: { appealId: appeal.id }, ip: actor.ip, at: now });
      const others = entry.staffId === actor.id ? await notificationsRepository.activeWithRoles(tx, ['supervisor']) : [entry.staffId];
      await this.notify(tx, out, others.map((staffId) => ({ staffId, kind: 'appeal.message', payload: { entryId, appealId: appeal.id } })), now);
      out.entryChanged(entry);
      return this.threadOf(tx, entryId);
    });
  }

  /** The supervisor upholds the entry or revokes it; either way with a reason the appellant reads. */
  async decideAppeal(entryId: number, input: AppealDecision, actor: Actor): Promise<AppealThread> {
    const now = this.clock();
    return this.write(async (tx, out) => {
      const { entry, approved } = await this.lockEntryAndMonth(tx, entryId, 'deciding an appeal', { approvedCorrects: true });
      const appeal = await repo.findAppealByEntry(tx, entryId, { lock: true });
      if (!appeal) throw new AppError('not_found', `Entry ${entryId} has no appeal`);
      if (appeal.status !== 'open') throw new AppError('conflict', `The appeal on entry ${entryId} is decided already (${appeal.status})`, { appealId: appeal.id, reason: 'appeal_decided' });
      if (input.decision === 'revoke' && approved) {
        // Decided after approval: the approved month stays as paid, a correction reverses the entry now.
        await correctApprovedEntry({ tx, out, actor, now, tz: this.tz }, entry, input.reason);
        await this.closeOpenAppeal(tx, entryId, 'revoked', input.reason, actor, now);
      } else if (input.decision === 'revoke') {
        // The revocation closes the appeal as 'revoked' with the same reason.
        await this.revokeLocked(tx, out, entry, input.reason, actor, now);
      } else {
        await repo.decideAppeal(tx, appeal.id, { status: 'upheld', by: actor.id, at: now, reason: input.reason });
        await repo.insertAppealMessage(tx, { appealId: appeal.id, authorId: actor.id, kind: 'decision', text: input.reason, at: now });
        out.entryChanged(entry);
      }
      await audit(tx, { actorId: actor.id, action: 'ledger.appeal_decision', entity: 'ledger_entry', entityId: entryId, details: { appealId: appeal.id, ...input }, ip: actor.ip, at: now });
      await this.notify(tx, out, [{ staffId: entry.staffId, kind: 'appeal.decided', payload: { entryId, appealId: appeal.id, decision: input.decision } }], now);
      return this.threadOf(tx, entryId);
    });
  }

  /** The thread: the charged person, supervisors and managers see it. */
  async thread(entryId: number, actor: Actor): Promise<AppealThread> {
    const entry = await repo.findEntry(this.db.manager, entryId);
    if (!entry) throw new AppError('not_found', `No ledger entry with id ${entryId}`);
    if (entry.staffId !== actor.id && !canSeeAll(actor)) throw new AppError('forbidden', 'Only the person charged, supervisors and managers see this appeal');
    return this.threadOf(this.db.manager, entryId);
  }

  async appeals(query: AppealsQuery): Promise<AppealThread[]> {
    const appeals = await repo.listAppeals(this.db.manager, query.status);
    const entries = await repo.entriesByIds(this.db.manager, appeals.map((a) => a.entryId));
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    return appeals.map((appeal) => appealView(appeal, byId.get(appeal.entryId)!, []));
  }

  private async threadOf(tx: EntityManager, entryId: number): Promise<AppealThread> {
    const appeal = await repo.findAppealByEntry(tx, entryId);
    if (!appeal) throw new AppError('not_found', `Entry ${entryId} has no appeal`);
    const entry = (await repo.findEntry(tx, entryId))!;
    return appealView(appeal, entry, await repo.appealMessages(tx, appeal.id));
  }
}
