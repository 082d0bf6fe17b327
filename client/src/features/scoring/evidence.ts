/**
 * Where a piece of evidence lives in the console (scoring.md: "linked, not retyped"; issue 13:
 * "every evidence link opens the thing itself"). Each kind's page opens the record named in
 * its query string:
 * - chat `CONV` or `CONV:SEQ` → the conversation, scrolled to message SEQ
 *   (`/console/chat?conversation=CONV&message=SEQ`, read by the chat page);
 * - order `ORDERNO` → the order page with that order open;
 * - note `ORDERNO:NOTEID` → that order open at its notes (a bare note id names no order: shown, not linked);
 * - alert `ID` → 订单跟踪 on the alert's tab with the alert marked;
 * - shift (a roster item, docs/roster.md) `ID`, `month:YYYY-MM`, `swap:ID` or `leave:ID` →
 *   the 排班 section with that shift, month, swap or leave request open;
 * - registry: an after-sale case `ID` or `case:ID` → 售后登记 with that case open;
 *   `dispute:ID` → 退款维权 with that refund or dispute marked (other ids are shown as text);
 * - complaint `ID` → 客户投诉 with that complaint's page open;
 * - other: just the id.
 */
import type { EvidenceKind } from '@kefu/shared/schemas/ledger';
import type { EvidenceLink } from './scoring.types.ts';
import { parseRosterItem } from '../roster/roster.format.ts';

export type EvidenceTarget = { kind: 'page'; href: string } | { kind: 'unavailable' } | { kind: 'text' };

/** Kinds whose page is not built yet (none now; the link would say so). */
const NOT_YET_OPEN: ReadonlySet<EvidenceKind> = new Set<EvidenceKind>([]);

const query = (path: string, params: Record<string, string>) => `${path}?${new URLSearchParams(params)}`;

/** `12:34` → ['12', '34']; `12` → ['12', null]. Only digits count as ids. */
function splitPair(id: string): [string, string | null] | null {
  const match = /^([^:]+)(?::(\d+))?$/.exec(id.trim());
  if (!match?.[1]) return null;
  return [match[1], match[2] ?? null];
}

export function evidenceTarget(link: EvidenceLink): EvidenceTarget {
  if (NOT_YET_OPEN.has(link.kind)) return { kind: 'unavailable' };
  switch (link.kind) {
    case 'chat': {
      const pair = splitPair(link.id);
      if (!pair || !/^\d+$/.test(pair[0])) return { kind: 'text' };
      const [conversation, message] = pair;
      return { kind: 'page', href: query('/console/chat', message ? { conversation, message } : { conversation }) };
    }
    case 'order':
      return { kind: 'page', href: query('/console/orders', { order: link.id }) };
    case 'note': {
      const pair = splitPair(link.id);
      if (!pair?.[1]) return { kind: 'text' };
      return { kind: 'page', href: query('/console/orders', { order: pair[0], note: pair[1] }) };
    }
    case 'complaint':
      return /^[1-9]\d{0,15}$/.test(link.id) ? { kind: 'page', href: query('/console/complaints', { complaint: link.id }) } : { kind: 'text' };
    case 'alert':
      return /^\d+$/.test(link.id) ? { kind: 'page', href: query('/console/tracking', { alert: link.id }) } : { kind: 'text' };
    case 'shift':
      return parseRosterItem(link.id) ? { kind: 'page', href: query('/console/roster', { item: link.id }) } : { kind: 'text' };
    case 'registry': {
      const dispute = /^dispute:([1-9]\d{0,15})$/.exec(link.id);
      if (dispute) return { kind: 'page', href: query('/console/disputes', { dispute: dispute[1]! }) };
      const afterSaleCase = /^(?:case:)?([1-9]\d{0,15})$/.exec(link.id);
      return afterSaleCase ? { kind: 'page', href: query('/console/aftersale', { case: afterSaleCase[1]! }) } : { kind: 'text' };
    }
    default:
      return { kind: 'text' };
  }
}
