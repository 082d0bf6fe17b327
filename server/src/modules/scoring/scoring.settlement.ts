/**
 * The month settlement, run by the `scoring.settle` job (workers/) and by the bench:
 * detectors first, then the counted entries streamed into the pure scoresheet
 * (shared/src/domain/scoring/scoresheet.ts) and the draft replaced in one transaction.
 *
 * Idempotent (STYLE.md habit 6): everything the settlement writes is a function of the
 * ledger and the staff as they are, keyed by month + staff, written in one transaction
 * that holds the month row lock. Settling twice gives the same rows; two settlements of a
 * month run one after the other; a worker killed mid-way leaves the transaction rolled
 * back and the retried job starts from scratch. Detector proposals are deduplicated by a
 * unique key, so a retry proposes nothing twice.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { resolveEntryInput } from '@kefu/shared/domain/scoring/entry';
import { monthBounds, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { isEmployedOn, monthDays, monthMembers, termsOn } from '@kefu/shared/domain/scoring/membership';
import { shopDay } from '@kefu/shared/domain/scoring/month';
import { startScoresheet, type ScoresheetResult } from '@kefu/shared/domain/scoring/scoresheet';
import type { Logger } from '../../platform/log.ts';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { dedupeKey, type Detector, type DetectorRegistry } from './scoring.detectors.ts';
import type { MonthStatus } from './scoring.entity.ts';
import { scoringRepository as repo } from './scoring.repository.ts';
import { monthLockedMessage } from './scoring.lock.ts';
import { membershipRepository } from './scoring.membership.ts';

export interface SettlementDeps {
  db: DataSource;
  detectors: DetectorRegistry;
  tz: string;
  clock: () => Date;
  log: Logger;
  /**
   * Test hook: awaited between the steps of a settlement, named 'detectors-done',
   * 'computed' and 'written' (rows written, transaction not committed yet). The workers'
   * kill-the-worker test pauses there; production leaves it unset.
   */
  pause?: (step: 'detectors-done' | 'computed' | 'written', month: string) => Promise<void>;
}

/** The month cannot be settled any more (submitted or approved): retrying will not help. */
export class SettlementRefused extends AppError {
  constructor(month: string, status: MonthStatus) {
    super('locked', monthLockedMessage(month, status, 'settling') ?? `Month ${month} cannot be settled`, { month, status });
  }
}

export interface SettlementOutcome {
  month: string;
  status: MonthStatus;
  version: number;
  proposed: number;
  result: ScoresheetResult;
  /** Written in the settlement's transaction; the caller pushes them after the commit. */
  notifications: NotificationRecord[];
}

/**
 * Runs every detector on the month; each detector's proposals go in in one transaction of
 * its own, so a detector that fails leaves the others' proposals. Returns how many new ones.
 */
export async function runDetectors(deps: SettlementDeps, month: string): Promise<number> {
  const { start, end } = monthBounds(month, deps.tz);
  let proposed = 0;
  for (const detector of deps.detectors.list()) {
    proposed += await deps.db.transaction(async (tx) => {
      const current = await repo.lockMonth(tx, month);
      if (current.status === 'submitted' || current.status === 'approved') return 0;
      const now = deps.clock();
      const found = await detector.detect(tx, { month, start, end, tz: deps.tz, now });
      let added = 0;
      for (const proposal of found) {
        const refusal = await proposeOne(tx, detector, proposal, month, deps.tz, now);
        if (typeof refusal === 'string') deps.log.warn('detector proposal refused', { detector: detector.name, rule: proposal.rule, staffId: proposal.staffId, refusal });
        else if (refusal) added += 1;
      }
      return added;
    });
  }
  return proposed;
}

/** true: proposed; false: proposed before (dedupe); string: why the proposal is refused. */
async function proposeOne(tx: EntityManager, detector: Detector, proposal: Awaited<ReturnType<Detector['detect']>>[number], month: string, tz: string, now: Date): Promise<boolean | string> {
  if (!detector.rules.includes(proposal.rule)) return `${proposal.rule} is not among the detector's rules`;
  if (proposal.evidence.length === 0) return 'a proposal needs evidence';
  if (scoringMonth(proposal.occurredAt, tz) !== month) return `occurredAt ${proposal.occurredAt.toISOString()} is not in ${month}`;
  const staff = await repo.staffById(tx, proposal.staffId);
  const employment = await membershipRepository.of(tx, proposal.staffId);
  if (!staff || !employment) return `no staff member with id ${proposal.staffId}`;
  const day = shopDay(proposal.occurredAt, tz);
  let resolved;
  try {
    resolved = resolveEntryInput(proposal.rule, proposal, { roles: termsOn(employment.terms, day)?.roles ?? staff.roles, active: isEmployedOn(employment, day) });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const id = await repo.insertProposal(tx, {
    staffId: staff.id,
    rule: proposal.rule,
    occurredAt: proposal.occurredAt,
    month,
    points: resolved.points,
    amountFen: resolved.amountFen,
    evidence: proposal.evidence,
    note: proposal.note ?? null,
    status: 'proposed',
    source: detector.name,
    dedupeKey: dedupeKey(proposal.rule, staff.id, proposal.evidence),
    createdBy: null,
    createdAt: now,
  });
  if (id === null) return false;
  await audit(tx, { actorId: null, action: 'ledger.propose', entity: 'ledger_entry', entityId: id, details: { detector: detector.name, rule: proposal.rule, staffId: staff.id, month }, at: now });
  return true;
}

/**
 * Computes the month from the counted entries, streamed in (occurredAt, id) order. Reads
 * through `tx`, so inside the settlement's transaction it sees exactly what is written.
 */
export async function computeMonth(tx: EntityManager, month: string, options: { without?: ReadonlySet<number> } = {}): Promise<ScoresheetResult> {
  // Everyone employed in a scored role on some day of the month, whatever their state today.
  const members = monthMembers(await membershipRepository.all(tx), month);
  const builder = startScoresheet(
    members.map((m) => ({ staffId: m.staffId, roles: m.roles, baseWageFen: m.baseWageFen, paidBaseFen: m.paidBaseFen, fullMonth: m.fullMonth, daysEmployed: m.daysEmployed })),
    { daysInMonth: monthDays(month).count },
  );
  for await (const [id, staffId, rule, occurredAt, points, amountFen, correctsEntryId, fundFen] of await repo.streamCountedEntries(tx, month)) {
    if (options.without?.has(id)) continue; // a correction's "what if it had never been": see ledger.corrections.ts
    builder.add({ id, staffId, rule, occurredAt, points, amountFen, correction: correctsEntryId === null ? null : { amountFen: amountFen ?? 0, fundFen: fundFen ?? 0 } });
  }
  return builder.finish();
}

/**
 * Settles a month into its draft: detectors, then one transaction that locks the month,
 * computes, replaces the draft rows and marks the month 'draft'. `requestedBy` null means
 * the scheduler: the supervisors are then notified.
 */
export async function settleMonth(deps: SettlementDeps, month: string, requestedBy: number | null): Promise<SettlementOutcome> {
  const before = await repo.findMonth(deps.db.manager, month);
  if (before && (before.status === 'submitted' || before.status === 'approved')) throw new SettlementRefused(month, before.status);
  const proposed = await runDetectors(deps, month);
  await deps.pause?.('detectors-done', month);

  return deps.db.transaction(async (tx) => {
    const current = await repo.lockMonth(tx, month);
    if (current.status === 'submitted' || current.status === 'approved') throw new SettlementRefused(month, current.status);
    const result = await computeMonth(tx, month);
    await deps.pause?.('computed', month);
    const now = deps.clock();
    await repo.replaceScoresheet(tx, month, result.staff);
    const updated = await repo.updateMonth(tx, month, current.version, {
      status: 'draft',
      settledLedgerVersion: current.ledgerVersion,
      activityFundFen: result.activityFundFen,
      settledAt: now,
      settledBy: requestedBy,
    });
    // The row is locked, so nobody can have changed its version meanwhile.
    if (!updated) throw new Error(`month ${month} changed under its lock`);
    await audit(tx, {
      actorId: requestedBy,
      action: 'scoring.settle',
      entity: 'scoring_month',
      entityId: month,
      details: { staff: result.staff.length, activityFundFen: result.activityFundFen, proposed, automatic: requestedBy === null },
      at: now,
    });
    let notifications: NotificationRecord[] = [];
    if (requestedBy === null) {
      const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
      const proposals = await repo.countProposals(tx, month);
      notifications = await notificationsRepository.insert(
        tx,
        supervisors.map((staffId) => ({ staffId, kind: 'scoring.settled', payload: { month, automatic: true, proposals } })),
        now,
      );
    }
    await deps.pause?.('written', month);
    return { month, status: 'draft' as const, version: current.version + 1, proposed, result, notifications };
  });
}
