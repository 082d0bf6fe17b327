/**
 * The refund and dispute detectors (docs/disputes.md), on the scoring framework:
 * - A08 (维权未及时处理，维权成立, −3): a dispute ended `lost` in the month, not handled
 *   (marked handled) before its deadline → the responsible agent, on the day it ended.
 * - S01 (未及时提醒维权, −3): the same dispute, when no reminder was recorded on the board
 *   before the deadline → each active supervisor.
 * - A09 (退款未及时处理，自动退款且货物未退回, −3): a refund or dispute ended `refunded` at or after its
 *   auto-refund deadline (it went through by itself) with neither the goods back nor the buyer's
 *   full payment since → the agent. Recording either later withdraws a proposal still pending
 *   (DisputesService.recovered); run again, the detector no longer proposes it.
 * The framework's dedupe key (rule + person + evidence) proposes each once.
 */
import { lostUnhandled, refundedWithoutGoods, remindedInTime, type DisputeKind, type DisputeOutcome, type Recovery } from '@kefu/shared/domain/disputes/disputes';
import type { Evidence } from '@kefu/shared/schemas/ledger';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';

type Raw = Record<string, any>;

/** The evidence of a refund or dispute: the registry item itself (the dedupe key holds it). */
export const disputeEvidence = (id: number): Evidence[] => [{ kind: 'registry', id: `dispute:${id}` }];
export const a09Evidence = disputeEvidence;

interface Ended {
  id: number;
  orderNo: string;
  kind: DisputeKind;
  agentId: number;
  deadlineAt: Date;
  handledAt: Date | null;
  outcome: DisputeOutcome | null;
  closedAt: Date | null;
  recovery: Recovery | null;
}

async function endedIn(tx: Parameters<Detector['detect']>[0], start: Date, end: Date, outcome: DisputeOutcome): Promise<Ended[]> {
  const rows = (await tx.query(
    'SELECT id, order_no, kind, agent_id, deadline_at, handled_at, outcome, closed_at, recovery FROM order_dispute WHERE outcome = ? AND closed_at >= ? AND closed_at < ? ORDER BY id',
    [outcome, start, end],
  )) as Raw[];
  return rows.map((r) => ({
    id: Number(r.id),
    orderNo: r.order_no as string,
    kind: r.kind as DisputeKind,
    agentId: Number(r.agent_id),
    deadlineAt: new Date(r.deadline_at as Date),
    handledAt: r.handled_at ? new Date(r.handled_at as Date) : null,
    outcome: r.outcome as DisputeOutcome,
    closedAt: r.closed_at ? new Date(r.closed_at as Date) : null,
    recovery: (r.recovery as Recovery | null) ?? null,
  }));
}

export const a08Detector: Detector = {
  name: 'disputes.a08',
  rules: ['A08'],
  async detect(tx, { start, end }) {
    return (await endedIn(tx, start, end, 'lost')).filter(lostUnhandled).map(
      (d): DetectorProposal => ({
        staffId: d.agentId,
        rule: 'A08',
        occurredAt: d.closedAt!,
        evidence: disputeEvidence(d.id),
        note: `订单 ${d.orderNo} 维权未在期限前处理，维权成立`,
      }),
    );
  },
};

export const s01Detector: Detector = {
  name: 'disputes.s01',
  rules: ['S01'],
  async detect(tx, { start, end }) {
    const lost = (await endedIn(tx, start, end, 'lost')).filter(lostUnhandled);
    if (!lost.length) return [];
    const reminders = (await tx.query(`SELECT dispute_id, at FROM order_dispute_reminder WHERE dispute_id IN (${lost.map(() => '?').join(', ')})`, lost.map((d) => d.id))) as Raw[];
    const supervisors = (await tx.query(`SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.active = 1 AND r.role = 'supervisor' ORDER BY s.id`)) as Raw[];
    return lost
      .filter((d) => !remindedInTime(d, reminders.filter((m) => Number(m.dispute_id) === d.id).map((m) => new Date(m.at as Date))))
      .flatMap((d) =>
        supervisors.map(
          (s): DetectorProposal => ({
            staffId: Number(s.id),
            rule: 'S01',
            occurredAt: d.closedAt!,
            evidence: disputeEvidence(d.id),
            note: `订单 ${d.orderNo} 维权期限前未提醒售后，维权成立`,
          }),
        ),
      );
  },
};

export const a09Detector: Detector = {
  name: 'disputes.a09',
  rules: ['A09'],
  async detect(tx, { start, end }) {
    return (await endedIn(tx, start, end, 'refunded')).filter(refundedWithoutGoods).map(
      (d): DetectorProposal => ({
        staffId: d.agentId,
        rule: 'A09',
        occurredAt: d.closedAt!,
        evidence: a09Evidence(d.id),
        note: `订单 ${d.orderNo} 退款超时自动退款，货物未退回`,
      }),
    );
  },
};
