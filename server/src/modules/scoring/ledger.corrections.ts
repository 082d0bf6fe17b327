/**
 * Corrections after approval (docs/scoring.md "Corrections after approval"). An approved
 * month's figures never change: revoking one of its entries — by the supervisor, or by
 * deciding an appeal — writes a correction entry in the current month instead, naming the
 * original and reversing its effect in money.
 *
 * The effect of an entry is what its month's money lines would have been without it:
 * the month is computed twice, with and without the entry (and without the entries
 * corrected before it, so corrections of one month add up exactly: two G01s corrected one
 * after the other give back both fines and the 全勤奖). Every person whose line moves gets
 * a correction (the charged person; the supervisor too when M03/M04 flips), the charged
 * person's carrying what the activity fund gives back. Scores start again at 100 every
 * month, so a correction counts no points in the month it lands in.
 */
import type { EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { scoringMonth } from '@kefu/shared/domain/scoring/month';
import type { Actor } from '../../platform/http.ts';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository } from '../notifications/notifications.repository.ts';
import type { Announcements } from './scoring.events.ts';
import { assertMonthOpen } from './scoring.lock.ts';
import { scoringRepository as repo, type EntryRecord } from './scoring.repository.ts';
import { computeMonth } from './scoring.settlement.ts';

export interface CorrectionDeps {
  tx: EntityManager;
  out: Announcements;
  actor: Actor;
  now: Date;
  tz: string;
}

/**
 * Writes the corrections of `entry` (its month approved and locked by the caller) into the
 * current shop month; returns their ids, the charged person's first. 409 when the entry
 * was corrected already or is not a counting entry.
 */
export async function correctApprovedEntry(deps: CorrectionDeps, entry: EntryRecord, reason: string): Promise<number[]> {
  const { tx, out, actor, now } = deps;
  if (entry.status !== 'confirmed') throw new AppError('conflict', `Entry ${entry.id} is a ${entry.status} proposal, not a confirmed entry`, { entryId: entry.id, reason: 'not_confirmed' });
  if (entry.revocation || entry.correctedBy !== null) {
    throw new AppError('conflict', `Entry ${entry.id} is already revoked or corrected`, { entryId: entry.id, reason: 'already_revoked' });
  }
  if (entry.correctsEntryId !== null) throw new AppError('conflict', `Entry ${entry.id} is itself a correction`, { entryId: entry.id, reason: 'is_correction' });

  const target = scoringMonth(now, deps.tz);
  // Lock order: months ascending; the entry's month (earlier) is locked by the caller.
  assertMonthOpen(await repo.lockMonth(tx, target), 'recording a correction');

  const earlier = await repo.correctedEntries(tx, entry.month);
  const before = await computeMonth(tx, entry.month, { without: earlier });
  const after = await computeMonth(tx, entry.month, { without: new Set([...earlier, entry.id]) });
  const fundFen = before.activityFundFen - after.activityFundFen;
  const afterById = new Map(after.staff.map((line) => [line.staffId, line]));
  const moves = before.staff
    .map((line) => ({ staffId: line.staffId, amountFen: (afterById.get(line.staffId)?.netFen ?? line.netFen) - line.netFen }))
    .filter((move) => move.staffId === entry.staffId || move.amountFen !== 0)
    .sort((a, b) => Number(b.staffId === entry.staffId) - Number(a.staffId === entry.staffId) || a.staffId - b.staffId);
  if (!moves.some((move) => move.staffId === entry.staffId)) moves.unshift({ staffId: entry.staffId, amountFen: 0 });

  const ids: number[] = [];
  for (const move of moves) {
    const own = move.staffId === entry.staffId;
    const id = await repo.insertEntry(tx, {
      staffId: move.staffId,
      rule: entry.rule,
      occurredAt: now,
      month: target,
      points: null,
      amountFen: move.amountFen,
      evidence: entry.evidence,
      note: reason,
      status: 'confirmed',
      source: 'correction',
      // One correction per original and person, even when two requests race.
      dedupeKey: `correction:${entry.id}:${move.staffId}`,
      createdBy: actor.id,
      createdAt: now,
      correctsEntryId: entry.id,
      fundFen: own ? fundFen : 0,
    });
    ids.push(id);
    await audit(tx, {
      actorId: actor.id,
      action: 'ledger.correct',
      entity: 'ledger_entry',
      entityId: id,
      details: { corrects: entry.id, correctsMonth: entry.month, month: target, staffId: move.staffId, amountFen: move.amountFen, fundFen: own ? fundFen : 0, reason },
      ip: actor.ip,
      at: now,
    });
    out.entryChanged({ id, staffId: move.staffId, month: target });
  }
  await repo.bumpLedgerVersion(tx, target);
  out.notify(
    await notificationsRepository.insert(
      tx,
      moves.map((move, index) => ({ staffId: move.staffId, kind: 'ledger.entry', payload: { entryId: ids[index]!, rule: entry.rule, month: target } })),
      now,
    ),
  );
  out.entryChanged(entry);
  return ids;
}
