import { formatShopDateTime } from '../../lib/time.ts';

/**
 * What the bell shows for a notification: a message key under `notifications.messages`
 * with its parameters, and the page it opens. Pure, so every kind is unit-tested; the
 * kinds and payloads are those of docs/scoring.md "Notifications".
 */

/** A notification as `GET /api/notifications` lists it (`notification:new` has no `readAt`). */
export interface NotificationItem {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export type NotificationMessage =
  | 'scoringSettledAuto'
  | 'scoringSettledAutoProposals'
  | 'scoringSettled'
  | 'scoringSubmitted'
  | 'scoringApproved'
  | 'scoringReturned'
  | 'scoringSettleFailedRetry'
  | 'scoringSettleFailed'
  | 'scoringReturnedReason'
  | 'ledgerEntry'
  | 'ledgerRevoked'
  | 'appealFiled'
  | 'appealFiledMonth'
  | 'appealMessage'
  | 'appealDecidedUphold'
  | 'appealDecidedRevoke'
  | 'appealDecided'
  | 'satisfactionLow'
  | 'qualityReport'
  | 'qualityReportUnusual'
  | 'complaintAssigned'
  | 'complaintOverdue'
  | 'inspectionPublished'
  | 'inspectionReply'
  | 'disputeReminder'
  | 'exchangeShipped'
  | 'exchangeFollowUpDue'
  | 'aftersaleUnmatchedParcel'
  | 'rosterPublished'
  | 'rosterChanged'
  | 'swapAsked'
  | 'swapAccepted'
  | 'swapApproved'
  | 'swapRefused'
  | 'swapCancelled'
  | 'leaveAsked'
  | 'leaveApproved'
  | 'leaveRefused'
  | 'leaveCancelled'
  | 'attendanceCorrection'
  | 'attendanceCorrectionApproved'
  | 'attendanceCorrectionRefused'
  | 'attendancePermission'
  | 'attendancePermissionGranted'
  | 'attendancePermissionRefused'
  | 'attendanceShiftSoon'
  | 'aftersaleUnmatchedParcel'
  | 'unknown';

export interface FormattedNotification {
  /** The key under `notifications.messages`. */
  message: NotificationMessage;
  params: Record<string, string | number>;
  /** Where a click goes (a console path with its query), or null when nowhere fits. */
  to: string | null;
}

/** Who is reading: an `appeal.message` goes to either side of the appeal. */
export interface Reader {
  isSupervisor: boolean;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthOf(payload: Record<string, unknown>): string | null {
  const month = payload.month;
  return typeof month === 'string' && MONTH.test(month) ? month : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function scoringPage(month: string | null): string {
  return month ? `/console/scoring?month=${month}` : '/console/scoring';
}

function myScorePage(month: string | null): string {
  return month ? `/console/myScore?month=${month}` : '/console/myScore';
}

function rosterPage(month: string | null, tab: 'mine' | 'swaps' | 'leave'): string {
  const query = new URLSearchParams(month ? { tab, month } : { tab });
  return `/console/roster?${query}`;
}

export function formatNotification(notification: Pick<NotificationItem, 'kind' | 'payload'>, reader: Reader): FormattedNotification {
  const { kind, payload } = notification;
  const month = monthOf(payload);
  const m = month ?? '—';
  switch (kind) {
    case 'scoring.settled': {
      const to = scoringPage(month);
      if (payload.automatic !== true) return { message: 'scoringSettled', params: { month: m }, to };
      const proposals = typeof payload.proposals === 'number' && payload.proposals > 0 ? payload.proposals : 0;
      return proposals > 0
        ? { message: 'scoringSettledAutoProposals', params: { month: m, count: proposals }, to }
        : { message: 'scoringSettledAuto', params: { month: m }, to };
    }
    case 'scoring.submitted':
      return { message: 'scoringSubmitted', params: { month: m }, to: scoringPage(month) };
    case 'scoring.approved':
      return { message: 'scoringApproved', params: { month: m }, to: scoringPage(month) };
    case 'scoring.returned': {
      const reason = text(payload.reason);
      return reason
        ? { message: 'scoringReturnedReason', params: { month: m, reason }, to: scoringPage(month) }
        : { message: 'scoringReturned', params: { month: m }, to: scoringPage(month) };
    }
    case 'scoring.settle_failed':
      // Sent by the workers' reconciler when a settlement failed for good (docs/scoring.md).
      return { message: typeof payload.retryAt === 'string' ? 'scoringSettleFailedRetry' : 'scoringSettleFailed', params: { month: m }, to: scoringPage(month) };
    case 'ledger.entry':
      return { message: 'ledgerEntry', params: { month: m, rule: text(payload.rule) ?? '—' }, to: myScorePage(month) };
    case 'ledger.revoked':
      return { message: 'ledgerRevoked', params: { month: m, rule: text(payload.rule) ?? '—' }, to: myScorePage(month) };
    case 'appeal.filed':
      // The appeals panel on the scoring page lists appeals of every month.
      return month
        ? { message: 'appealFiledMonth', params: { month }, to: scoringPage(month) }
        : { message: 'appealFiled', params: {}, to: scoringPage(null) };
    case 'appeal.message':
      // The appellant wrote → supervisors hear; a supervisor wrote → the appellant hears.
      return { message: 'appealMessage', params: {}, to: reader.isSupervisor ? scoringPage(null) : myScorePage(null) };
    case 'appeal.decided': {
      const message = payload.decision === 'uphold' ? 'appealDecidedUphold' : payload.decision === 'revoke' ? 'appealDecidedRevoke' : 'appealDecided';
      return { message, params: {}, to: myScorePage(null) };
    }
    case 'satisfaction.low':
      // A 1–2 rating opened a call-back (docs/kpis.md); the KPI page lists the open ones.
      return { message: 'satisfactionLow', params: { score: typeof payload.score === 'number' ? payload.score : '—', id: typeof payload.conversationId === 'number' ? payload.conversationId : '—' }, to: '/console/kpis' };
    case 'quality.report': {
      // The daily quality report is ready (docs/quality-report.md): the KPI page's quality tab opens it.
      const day = text(payload.day) ?? '—';
      const unusual = typeof payload.unusual === 'number' ? payload.unusual : 0;
      const to = `/console/kpis?tab=quality&day=${encodeURIComponent(day)}`;
      return unusual > 0 ? { message: 'qualityReportUnusual', params: { day, count: unusual }, to } : { message: 'qualityReport', params: { day }, to };
    }
    case 'complaint.assigned':
    case 'complaint.overdue': {
      // Registered for / handed over to the reader, or past its deadline unresolved (docs/complaints.md).
      const id = typeof payload.complaintId === 'number' ? payload.complaintId : null;
      return { message: kind === 'complaint.assigned' ? 'complaintAssigned' : 'complaintOverdue', params: { id: id ?? '—' }, to: id ? `/console/complaints?complaint=${id}` : '/console/complaints' };
    }
    case 'inspection.published':
    case 'inspection.reply': {
      // 质检 (docs/inspection.md): the agent reads it on their page, the supervisor on the 质检 page.
      const id = typeof payload.inspectionId === 'number' ? payload.inspectionId : null;
      const page = reader.isSupervisor ? '/console/inspection' : '/console/myInspections';
      const to = id === null ? page : `${page}?id=${id}`;
      return kind === 'inspection.published'
        ? { message: 'inspectionPublished', params: { score: typeof payload.score === 'number' ? payload.score : '—', grade: text(payload.grade) ?? '—' }, to }
        : { message: 'inspectionReply', params: { by: text(payload.by) ?? '—', id: id ?? '—' }, to };
    }
    case 'exchange.shipped':
      // The printer entered the exchange's number: the agent tells the buyer with one click (docs/recall.md).
      return { message: 'exchangeShipped', params: { orderNo: text(payload.orderNo) ?? '—', trackingNo: text(payload.trackingNo) ?? '—' }, to: '/console/recall' };
    case 'exchange.follow_up_due':
      // The follow-up day came and the buyer's receipt is not recorded: ask the buyer, then record it (docs/recall.md).
      return { message: 'exchangeFollowUpDue', params: { orderNo: text(payload.orderNo) ?? '—', trackingNo: text(payload.trackingNo) ?? '—' }, to: '/console/recall' };
    case 'dispute.reminder': {
      // The supervisor's one click on the refunds and disputes board (docs/disputes.md).
      const orderNo = text(payload.orderNo) ?? '—';
      return { message: 'disputeReminder', params: { orderNo, by: text(payload.by) ?? '—', note: text(payload.note) ?? '' }, to: `/console/disputes?orderNo=${encodeURIComponent(orderNo)}` };
    }
    case 'aftersale.unmatched_parcel':
      // A parcel the warehouse could not match to a case (docs/aftersale.md): after-sale contacts the buyer.
      return { message: 'aftersaleUnmatchedParcel', params: { trackingNo: text(payload.trackingNo) ?? '—', buyer: text(payload.buyerId) ?? '—' }, to: '/console/aftersale' };
    // The roster (docs/roster.md): the month's page, or its swaps / leave tab.
    case 'roster.published':
    case 'roster.changed':
      return { message: kind === 'roster.published' ? 'rosterPublished' : 'rosterChanged', params: { month: m }, to: rosterPage(month, 'mine') };
    case 'swap.asked':
    case 'swap.accepted':
    case 'swap.approved':
    case 'swap.refused':
    case 'swap.cancelled': {
      const message = ({ 'swap.asked': 'swapAsked', 'swap.accepted': 'swapAccepted', 'swap.approved': 'swapApproved', 'swap.refused': 'swapRefused', 'swap.cancelled': 'swapCancelled' } as const)[kind];
      return { message, params: { month: m }, to: rosterPage(month, 'swaps') };
    }
    case 'leave.asked':
    case 'leave.approved':
    case 'leave.refused':
    case 'leave.cancelled': {
      const message = ({ 'leave.asked': 'leaveAsked', 'leave.approved': 'leaveApproved', 'leave.refused': 'leaveRefused', 'leave.cancelled': 'leaveCancelled' } as const)[kind];
      return { message, params: { month: m }, to: rosterPage(month, 'leave') };
    }
    // Attendance (issue 14, docs/attendance.md): all open the 考勤 page.
    case 'attendance.correction':
      return { message: 'attendanceCorrection', params: { name: text(payload.name) ?? '—', day: text(payload.day) ?? '—' }, to: '/console/attendance' };
    case 'attendance.correction_decided':
      return { message: payload.status === 'approved' ? 'attendanceCorrectionApproved' : 'attendanceCorrectionRefused', params: { day: text(payload.day) ?? '—' }, to: '/console/attendance' };
    case 'attendance.permission':
      return { message: 'attendancePermission', params: { name: text(payload.name) ?? '—' }, to: '/console/attendance' };
    case 'attendance.permission_decided':
      return { message: payload.state === 'granted' ? 'attendancePermissionGranted' : 'attendancePermissionRefused', params: {}, to: '/console/attendance' };
    case 'attendance.shift_soon':
      return { message: 'attendanceShiftSoon', params: { name: text(payload.name) ?? '—', time: typeof payload.start === 'string' ? formatShopDateTime(payload.start).slice(-5) : '—' }, to: '/console/attendance' };
    case 'aftersale.unmatched_parcel':
      // A parcel the warehouse could not match to a case (docs/aftersale.md): after-sale contacts the buyer.
      return { message: 'aftersaleUnmatchedParcel', params: { trackingNo: text(payload.trackingNo) ?? '—', buyer: text(payload.buyerId) ?? '—' }, to: '/console/aftersale' };
    default:
      return { message: 'unknown', params: { kind }, to: null };
  }
}

/**
 * The list after `incoming` (a page fetched, or one pushed): one row per id, newest first,
 * at most `limit`. A pushed notification already listed keeps the listed row (its `readAt`).
 */
export function mergeNotifications(current: readonly NotificationItem[], incoming: readonly NotificationItem[], limit = 50): NotificationItem[] {
  const byId = new Map<number, NotificationItem>();
  for (const item of incoming) byId.set(item.id, item);
  for (const item of current) {
    const fetched = byId.get(item.id);
    // Read here while the page was on its way: keep it read.
    if (!fetched) byId.set(item.id, item);
    else if (fetched.readAt === null && item.readAt !== null) byId.set(item.id, { ...fetched, readAt: item.readAt });
  }
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit);
}

export function unreadCount(items: readonly NotificationItem[]): number {
  return items.filter((item) => item.readAt === null).length;
}
