/**
 * Refunds and disputes (退款中 / 维权中, domain.md "Refunds and disputes"; 主管流程 ②): each
 * with the marketplace's deadline, followed on the supervisor's daily board, ended with an
 * outcome. What the detectors A08, A09 and S01 read is decided here. Pure.
 */
import type { Role } from '../staff/roles.ts';

/** refund: the buyer asked the marketplace for a refund (退款中); dispute: they opened a 维权. */
export const DISPUTE_KINDS = ['refund', 'dispute'] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];

/**
 * How it ended. refunded: the money went back without the goods (yet); goods_returned: the
 * goods came back and were refunded; paid_full / paid_half: the buyer kept the goods and
 * paid in full / half; won / lost: the marketplace decided the dispute.
 */
export const DISPUTE_OUTCOMES = ['refunded', 'goods_returned', 'paid_full', 'paid_half', 'won', 'lost'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** A refund ends with money or goods; a dispute also with the marketplace's decision. */
export const OUTCOMES_OF: Record<DisputeKind, readonly DisputeOutcome[]> = {
  refund: ['refunded', 'goods_returned', 'paid_full', 'paid_half'],
  dispute: ['refunded', 'goods_returned', 'paid_full', 'paid_half', 'won', 'lost'],
};

/** After a refund went through without the goods: the goods came back later, or the buyer paid in full. */
export const RECOVERIES = ['goods_returned', 'paid_full'] as const;
export type Recovery = (typeof RECOVERIES)[number];

/** After-sale enters, handles and ends them; the supervisor too, and only the supervisor reminds. */
export const DISPUTE_WRITERS: readonly Role[] = ['supervisor', 'aftersale'];
export const DISPUTE_READERS: readonly Role[] = ['supervisor', 'aftersale'];
export const DISPUTE_REMINDERS: readonly Role[] = ['supervisor'];

/**
 * Hours from entry to the marketplace's deadline when it is not given (settings
 * `disputes.refund_hours`, `disputes.dispute_hours`): a refund request is agreed automatically
 * after 48 hours without the seller's answer; a dispute must be answered within 72 hours.
 */
export const DEFAULT_DEADLINE_HOURS: Record<DisputeKind, number> = { refund: 48, dispute: 72 };

export function defaultDeadline(openedAt: Date, hours: number): Date {
  return new Date(openedAt.getTime() + hours * 3_600_000);
}

/** Milliseconds left to the deadline; negative once it passed. */
export function timeLeftMs(deadlineAt: Date, now: Date): number {
  return deadlineAt.getTime() - now.getTime();
}

/** The board's order: the least time left first (overdue ones on top), then the oldest. */
export function compareBoard(a: { deadlineAt: Date; id: number }, b: { deadlineAt: Date; id: number }): number {
  return a.deadlineAt.getTime() - b.deadlineAt.getTime() || a.id - b.id;
}

/** Was it handled in time: answered (handled) before the deadline? */
export function handledInTime(item: { deadlineAt: Date; handledAt: Date | null }): boolean {
  return item.handledAt !== null && item.handledAt.getTime() <= item.deadlineAt.getTime();
}

/**
 * A08: a dispute lost, and nobody had handled it before its deadline passed → the responsible
 * agent. S01 on the same dispute → the supervisor, if no reminder was recorded before the deadline.
 */
export function lostUnhandled(item: { kind: DisputeKind; outcome: DisputeOutcome | null; deadlineAt: Date; handledAt: Date | null }): boolean {
  return item.kind === 'dispute' && item.outcome === 'lost' && !handledInTime(item);
}

export function remindedInTime(item: { deadlineAt: Date }, reminders: readonly Date[]): boolean {
  return reminders.some((at) => at.getTime() <= item.deadlineAt.getTime());
}

/**
 * A09: the money went back automatically without the goods: the outcome is `refunded`, it was
 * recorded at or after the auto-refund deadline (the shop did not handle it in time), and
 * neither the goods came back nor the buyer paid in full since (then it is withdrawn).
 */
export function refundedWithoutGoods(item: { outcome: DisputeOutcome | null; deadlineAt: Date; closedAt: Date | null; recovery: Recovery | null }): boolean {
  return item.outcome === 'refunded' && item.closedAt !== null && item.closedAt.getTime() >= item.deadlineAt.getTime() && item.recovery === null;
}
