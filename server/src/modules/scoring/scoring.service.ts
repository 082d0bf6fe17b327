/**
 * The scoring month: settle (enqueue), the scoresheet, submit → approve / return, the
 * activity fund, "my score" and the CSV export. The figures themselves come from the
 * settlement (scoring.settlement.ts, run by the workers) and the pure domain in shared/.
 */
import type { JobsOptions, Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { JOBS, type JobPayload } from '@kefu/shared/jobs';
import { isScoredStaff, MONTHLY } from '@kefu/shared/domain/scoring/catalogue';
import { pointDeductionFen } from '@kefu/shared/domain/scoring/bands';
import { monthBounds, paydayInstant, scoringMonth } from '@kefu/shared/domain/scoring/month';
import { countedPoints } from '@kefu/shared/domain/scoring/scoresheet';
import type { Fund, FundOutflow, FundOutflowRecord, LedgerEntry } from '@kefu/shared/schemas/ledger';
import type { MonthSheet, ScoresheetRow, SettleAccepted } from '@kefu/shared/schemas/scoring';
import type { Actor } from '../../platform/http.ts';
import type { Io } from '../../platform/realtime.ts';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository } from '../notifications/notifications.repository.ts';
import type { MonthStatus } from './scoring.entity.ts';
import { transactionThenAnnounce, type Announcements } from './scoring.events.ts';
import { emptyMonth, scoringRepository as repo } from './scoring.repository.ts';
import { entryView, monthSheetView } from './scoring.views.ts';
import { assertMonthOpen } from './ledger.service.ts';
import { scoresheetCsv } from './scoring.csv.ts';
import { lastSettlementView, SETTLEMENT_RETRY, settlementAttempts } from './scoring.attempts.ts';

/**
 * One job id per month (BullMQ ids may not contain ':'): two settle requests while one is
 * waiting or running share it. A month's ledger written to meanwhile shows `stale: true`.
 */
export function settleJobId(month: string): string {
  return `settle-${month}`;
}

/** The options of every settle job, the supervisor's and the retry rounds' (SETTLEMENT_RETRY). */
export function settleJobOptions(jobId: string, delayMs = 0): JobsOptions {
  return {
    jobId,
    attempts: SETTLEMENT_RETRY.attempts,
    backoff: { type: 'exponential', delay: SETTLEMENT_RETRY.backoffMs },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
    ...(delayMs > 0 ? { delay: delayMs } : {}),
  };
}

export interface MyScore {
  month: string;
  scored: boolean;
  status: MonthStatus;
  score: number;
  pointDeductionFen: number;
  entries: Array<LedgerEntry & { countedPoints: number }>;
  sheet: ScoresheetRow | null;
}

export class ScoringService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly queue: Queue,
    private readonly clock: () => Date,
    private readonly tz: string,
    private readonly payday: number,
  ) {}

  /** POST /api/scoring/months/:month/settle → 202 {jobId}; the worker does the rest. */
  async settle(month: string, actor: Actor): Promise<SettleAccepted> {
    if (monthBounds(month, this.tz).start > this.clock()) {
      throw new AppError('conflict', `Month ${month} has not begun: there is nothing to settle yet`, { month, reason: 'month_not_begun' });
    }
    const current = await repo.findMonth(this.db.manager, month);
    if (current) assertMonthOpen(current, 'settling');
    const payload: JobPayload<'scoring.settle'> = JOBS['scoring.settle'].payload.parse({ month, requestedBy: actor.id });
    const jobId = settleJobId(month);
    // A finished job keeps its id until removed (failed ones are kept a day to be read):
    // clear it, or the new request would be swallowed by the old job.
    const now = this.clock();
    await this.db.transaction(async (tx) => {
      await settlementAttempts.queued(tx, month, now);
      await audit(tx, { actorId: actor.id, action: 'scoring.settle_requested', entity: 'scoring_month', entityId: month, details: { jobId }, ip: actor.ip, at: now });
    });
    // Committed: now enqueue (STYLE.md habit 4).
    const previous = await this.queue.getJob(jobId);
    if (previous) {
      const state = await previous.getState();
      if (state === 'completed' || state === 'failed') await previous.remove().catch(() => undefined);
    }
    await this.queue.add('scoring.settle', payload, settleJobOptions(jobId));
    return { jobId };
  }

  async month(month: string, tx: EntityManager = this.db.manager): Promise<MonthSheet> {
    const row = (await repo.findMonth(tx, month)) ?? emptyMonth(month);
    const rows = row.status === 'none' ? [] : await repo.scoresheetRows(tx, month);
    return monthSheetView(row, rows, await repo.countProposals(tx, month), lastSettlementView(await settlementAttempts.find(tx, month)));
  }

  /** The supervisor hands the draft to the manager: only a fresh draft with every proposal decided. */
  async submit(month: string, actor: Actor): Promise<MonthSheet> {
    return this.transition(async (tx, out, now) => {
      this.assertEnded(month, now, 'submitted');
      const current = await repo.lockMonth(tx, month);
      if (current.status === 'none') throw new AppError('conflict', `Month ${month} has not been settled yet: settle it first`, { month, reason: 'not_settled' });
      if (current.status === 'submitted') throw new AppError('conflict', `Month ${month} is submitted already`, { month, reason: 'already_submitted' });
      if (current.status === 'approved') throw new AppError('locked', `Month ${month} is approved and locked`, { month, reason: 'month_approved' });
      const undecided = await repo.countProposals(tx, month);
      if (undecided > 0) {
        throw new AppError('conflict', `${undecided} proposed ${undecided === 1 ? 'entry' : 'entries'} of month ${month} ${undecided === 1 ? 'is' : 'are'} undecided: confirm or dismiss them first`, {
          month,
          proposals: undecided,
          reason: 'proposals_undecided',
        });
      }
      if (current.settledLedgerVersion !== current.ledgerVersion) {
        throw new AppError('conflict', `The ledger of month ${month} changed since it was settled: settle again before submitting`, { month, reason: 'stale' });
      }
      await repo.updateMonth(tx, month, current.version, { status: 'submitted', submittedAt: now, submittedBy: actor.id });
      await audit(tx, { actorId: actor.id, action: 'scoring.submit', entity: 'scoring_month', entityId: month, ip: actor.ip, at: now });
      const managers = await notificationsRepository.activeWithRoles(tx, ['manager']);
      out.notify(await notificationsRepository.insert(tx, managers.map((staffId) => ({ staffId, kind: 'scoring.submitted', payload: { month } })), now));
      return month;
    });
  }

  /** The manager approves: the month is locked and what it adds to the activity fund goes in. */
  async approve(month: string, actor: Actor): Promise<MonthSheet> {
    return this.transition(async (tx, out, now) => {
      this.assertEnded(month, now, 'approved');
      const current = await this.lockSubmitted(tx, month, 'approved');
      await repo.updateMonth(tx, month, current.version, { status: 'approved', approvedAt: now, approvedBy: actor.id });
      // 部门活动经费: one inflow per approved month (month is unique there).
      await repo.insertFund(tx, { kind: 'inflow', month, amountFen: current.activityFundFen, occurredAt: now, purpose: null, createdBy: actor.id, createdAt: now });
      await audit(tx, { actorId: actor.id, action: 'scoring.approve', entity: 'scoring_month', entityId: month, details: { activityFundFen: current.activityFundFen }, ip: actor.ip, at: now });
      const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
      out.notify(await notificationsRepository.insert(tx, supervisors.map((staffId) => ({ staffId, kind: 'scoring.approved', payload: { month } })), now));
      return month;
    });
  }

  /** The manager sends it back to draft with a reason. */
  async return(month: string, reason: string, actor: Actor): Promise<MonthSheet> {
    return this.transition(async (tx, out, now) => {
      const current = await this.lockSubmitted(tx, month, 'returned');
      await repo.updateMonth(tx, month, current.version, { status: 'draft', returnedAt: now, returnedBy: actor.id, returnReason: reason });
      await audit(tx, { actorId: actor.id, action: 'scoring.return', entity: 'scoring_month', entityId: month, details: { reason }, ip: actor.ip, at: now });
      const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
      out.notify(await notificationsRepository.insert(tx, supervisors.map((staffId) => ({ staffId, kind: 'scoring.returned', payload: { month, reason } })), now));
      return month;
    });
  }

  /** A month is submitted and approved only once it is over (normally the day before payday). */
  private assertEnded(month: string, now: Date, verb: string): void {
    const { end } = monthBounds(month, this.tz);
    if (now < end) {
      throw new AppError('conflict', `Month ${month} has not ended yet: it can be ${verb} from ${end.toISOString()}`, { month, reason: 'month_not_ended', endsAt: end.toISOString() });
    }
  }

  /**
   * The manager takes an approved month back to draft, with a reason, but only before its
   * payday: after payday the money is paid and only corrections can change anything. Its
   * activity fund inflow is taken back (re-approval adds it again). Refused when an entry
   * of the month has been corrected meanwhile, which would then count twice.
   */
  async reopen(month: string, reason: string, actor: Actor): Promise<MonthSheet> {
    return this.transition(async (tx, out, now) => {
      const current = await repo.lockMonth(tx, month);
      if (current.status !== 'approved') throw new AppError('conflict', `Month ${month} is not approved: there is nothing to reopen`, { month, status: current.status, reason: 'not_approved' });
      const payday = paydayInstant(month, this.payday, this.tz);
      if (now >= payday) {
        throw new AppError('conflict', `Month ${month} was paid on ${payday.toISOString()}: it can no longer be reopened, only corrected`, { month, reason: 'after_payday', paydayAt: payday.toISOString() });
      }
      if ((await repo.correctedEntries(tx, month)).size > 0) {
        throw new AppError('conflict', `Entries of month ${month} have been corrected in a later month: it can no longer be reopened`, { month, reason: 'has_corrections' });
      }
      const balance = await repo.lockFundBalance(tx);
      const inflow = await repo.fundInflowOf(tx, month);
      if (inflow && balance - inflow.amountFen < 0) {
        throw new AppError('conflict', `The activity fund has spent part of month ${month}'s money: it can no longer be reopened`, { month, reason: 'fund_spent', balanceFen: balance });
      }
      if (inflow) await repo.deleteFund(tx, inflow.id);
      await repo.updateMonth(tx, month, current.version, { status: 'draft', approvedAt: null, approvedBy: null, submittedAt: null, submittedBy: null, reopenedAt: now, reopenedBy: actor.id, reopenReason: reason });
      await audit(tx, { actorId: actor.id, action: 'scoring.reopen', entity: 'scoring_month', entityId: month, details: { reason, fundInflowFen: inflow?.amountFen ?? 0 }, ip: actor.ip, at: now });
      const supervisors = await notificationsRepository.activeWithRoles(tx, ['supervisor']);
      out.notify(await notificationsRepository.insert(tx, supervisors.map((staffId) => ({ staffId, kind: 'scoring.returned', payload: { month, reason, reopened: true } })), now));
      return month;
    });
  }

  private async lockSubmitted(tx: EntityManager, month: string, verb: string) {
    const current = await repo.lockMonth(tx, month);
    if (current.status !== 'submitted') {
      const code = current.status === 'approved' ? 'locked' : 'conflict';
      throw new AppError(code, `Month ${month} is ${current.status === 'none' ? 'not settled' : current.status}: only a submitted month can be ${verb}`, {
        month,
        status: current.status,
        reason: current.status === 'approved' ? 'month_approved' : 'not_submitted',
      });
    }
    return current;
  }

  private async transition(work: (tx: EntityManager, out: Announcements, now: Date) => Promise<string>): Promise<MonthSheet> {
    const now = this.clock();
    return transactionThenAnnounce(this.db, this.io, async (tx, out) => {
      const month = await work(tx, out, now);
      const sheet = await this.month(month, tx);
      out.monthChanged(sheet);
      return sheet;
    });
  }

  /** "My score": the running score of the month from the person's counted entries. */
  async me(month: string | undefined, actor: Actor): Promise<MyScore> {
    const which = month ?? scoringMonth(this.clock(), this.tz);
    const entries = await repo.listEntries(this.db.manager, { month: which, staffId: actor.id, status: ['confirmed'] });
    const counting = entries.filter((entry) => !entry.revocation);
    const points = countedPoints(counting.map((e) => ({ id: e.id, staffId: e.staffId, rule: e.rule, occurredAt: e.occurredAt, points: e.points, amountFen: e.amountFen })));
    const score = MONTHLY.startScore + [...points.values()].reduce((sum, p) => sum + p, 0);
    const current = (await repo.findMonth(this.db.manager, which)) ?? emptyMonth(which);
    const shown = current.status === 'submitted' || current.status === 'approved';
    const [row] = shown ? await repo.scoresheetRows(this.db.manager, which, actor.id) : [];
    return {
      month: which,
      scored: isScoredStaff(actor.roles),
      status: current.status,
      score,
      pointDeductionFen: pointDeductionFen(score),
      entries: entries.map((entry) => ({ ...entryView(entry), countedPoints: points.get(entry.id) ?? 0 })),
      sheet: row ? { ...row } : null,
    };
  }

  async fund(): Promise<Fund> {
    const rows = await repo.fundRows(this.db.manager);
    const inflows = rows.filter((row) => row.kind === 'inflow');
    const outflows = rows.filter((row) => row.kind === 'outflow');
    const inflowFen = inflows.reduce((sum, row) => sum + row.amountFen, 0);
    const outflowFen = outflows.reduce((sum, row) => sum + row.amountFen, 0);
    return {
      inflowFen,
      outflowFen,
      balanceFen: inflowFen - outflowFen,
      inflows: inflows.map((row) => ({ id: row.id, month: row.month!, amountFen: row.amountFen, at: row.occurredAt.toISOString() })),
      outflows: outflows.map((row) => ({
        id: row.id,
        amountFen: row.amountFen,
        occurredAt: row.occurredAt.toISOString(),
        purpose: row.purpose ?? '',
        createdBy: row.createdBy,
        createdAt: row.createdAt.toISOString(),
      })),
    };
  }

  /** The supervisor records what the fund's money was spent on; never more than it holds. */
  async recordOutflow(input: FundOutflow, actor: Actor): Promise<FundOutflowRecord> {
    const now = this.clock();
    const occurredAt = new Date(input.occurredAt);
    return this.db.transaction(async (tx) => {
      const balance = await repo.lockFundBalance(tx);
      if (input.amountFen > balance) {
        throw new AppError('conflict', `The activity fund holds ${balance} fen; an outflow of ${input.amountFen} fen is more than that`, { balanceFen: balance, reason: 'fund_balance' });
      }
      const id = await repo.insertFund(tx, { kind: 'outflow', month: null, amountFen: input.amountFen, occurredAt, purpose: input.purpose, createdBy: actor.id, createdAt: now });
      await audit(tx, { actorId: actor.id, action: 'fund.outflow', entity: 'activity_fund', entityId: id, details: input, ip: actor.ip, at: now });
      return { id, amountFen: input.amountFen, occurredAt: occurredAt.toISOString(), purpose: input.purpose, createdBy: actor.id, createdAt: now.toISOString() };
    });
  }

  async exportCsv(month: string): Promise<string> {
    const sheet = await this.month(month);
    if (sheet.status === 'none') throw new AppError('not_found', `Month ${month} has not been settled: there is no scoresheet to export`);
    return scoresheetCsv(sheet);
  }
}
