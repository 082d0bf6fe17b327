/**
 * The printers' alert channel (订单跟踪, 打单 ③④): every request to a printer is written, and
 * the printer reports back when it is handled. Spoken requests do not exist. Pure.
 */
import type { Role } from '../staff/roles.ts';
import { WAREHOUSE_REQUEST_KINDS } from './warehouse.ts';

export const ALERT_STATUSES = ['open', 'claimed', 'done'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * Who acts on an alert: the printers (order changes), after-sale (a paid order cancelled:
 * refund) or the warehouse clerks (requests to the warehouse, rules 12–13).
 */
export const ALERT_AUDIENCES = ['printer', 'aftersale', 'warehouse'] as const;
export type AlertAudience = (typeof ALERT_AUDIENCES)[number];

/**
 * What is asked (the rulebook's table of "where the order is"):
 * - change: the order was changed before printing; print it as it is now (打单 ③);
 * - correct_documents: it was printed; fetch the dispatch note and waybill and correct them by hand;
 * - reprint: it was packed; fetch the parcel back and print again;
 * - void: it was cancelled after printing; fetch the documents or the parcel back (destroyed / to stock);
 * - refund: a paid order was cancelled; after-sale refunds;
 * - the warehouse requests (warehouse.ts): stock_check, fetch_documents, fetch_parcel, find_parcel.
 */
export const ALERT_KINDS = ['change', 'correct_documents', 'reprint', 'void', 'refund', ...WAREHOUSE_REQUEST_KINDS] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Who reads the channel: those it is for, those who ask, and the supervisor. */
export const ALERT_READERS: readonly Role[] = ['supervisor', 'presale', 'aftersale', 'printer', 'warehouse'];

/** Who asks the warehouse (rule 12: 客服部所有需要仓库部帮忙处理的). */
export const WAREHOUSE_ASKERS: readonly Role[] = ['supervisor', 'presale', 'aftersale'];

/** An alert is claimed and done by its audience (or the supervisor). */
export function mayHandleAlert(roles: readonly Role[], audience: AlertAudience): boolean {
  return roles.includes('supervisor') || roles.includes(audience);
}

/** Minutes an alert may stay unclaimed before it escalates to the supervisor (a setting; this is the default). */
export const DEFAULT_ESCALATE_AFTER_MINUTES = 10;

/**
 * The order of the list: urgent first (the rulebook's signed slip: "要求立即处理"), then the
 * oldest first — the one waiting longest is handled first. Done ones: newest first.
 */
export function compareAlerts(
  a: { urgent: boolean; createdAt: Date; status: AlertStatus; id: number },
  b: { urgent: boolean; createdAt: Date; status: AlertStatus; id: number },
): number {
  if (a.status === 'done' && b.status === 'done') return b.id - a.id;
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

/** Is an unclaimed alert due to escalate at `now`? */
export function isEscalationDue(alert: { status: AlertStatus; createdAt: Date; escalatedAt: Date | null }, now: Date, afterMinutes: number): boolean {
  return alert.status === 'open' && alert.escalatedAt === null && now.getTime() - alert.createdAt.getTime() >= afterMinutes * 60_000;
}
