/**
 * 客户投诉: a complaint's life and its deadline (issue 15, docs/complaints.md). Registered
 * (open) → resolved (investigation and resolution written, verified or not as a service-
 * quality complaint) → closed by the call-back (回访) with the buyer's answer. The handler
 * may hand it over to another agent, with a note, while it is open.
 */
export const COMPLAINT_SOURCES = ['chat', 'review', 'call'] as const;
export const COMPLAINT_CATEGORIES = ['attitude', 'wrong_goods', 'quality', 'delivery', 'other'] as const;
export const COMPLAINT_SEVERITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const COMPLAINT_STATUSES = ['open', 'resolved', 'closed'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export type ComplaintMove = 'handover' | 'resolve' | 'callback';

/** Hours from registration to the deadline for resolving, by severity (the default setting). */
export const DEFAULT_DEADLINE_HOURS: Record<ComplaintSeverity, number> = { urgent: 4, high: 24, normal: 48, low: 72 };

export function deadlineFor(severity: ComplaintSeverity, registeredAt: Date, hours: Record<ComplaintSeverity, number> = DEFAULT_DEADLINE_HOURS): Date {
  return new Date(registeredAt.getTime() + hours[severity] * 3_600_000);
}

/** Milliseconds left until the deadline (negative: overdue); a resolved or closed complaint has none. */
export function timeLeftMs(complaint: { status: ComplaintStatus; deadlineAt: Date }, now: Date): number | null {
  return complaint.status === 'open' ? complaint.deadlineAt.getTime() - now.getTime() : null;
}

export function isOverdue(complaint: { status: ComplaintStatus; deadlineAt: Date }, now: Date): boolean {
  const left = timeLeftMs(complaint, now);
  return left !== null && left < 0;
}

/** Which move is allowed from which status (the state machine, as a table). */
const MOVES: Record<ComplaintMove, { from: ComplaintStatus; to: ComplaintStatus }> = {
  handover: { from: 'open', to: 'open' },
  resolve: { from: 'open', to: 'resolved' },
  callback: { from: 'resolved', to: 'closed' },
};

export function nextStatus(status: ComplaintStatus, move: ComplaintMove): ComplaintStatus | null {
  return MOVES[move].from === status ? MOVES[move].to : null;
}
