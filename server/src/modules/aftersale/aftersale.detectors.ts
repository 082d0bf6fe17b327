/**
 * A01 (客户沟通过要退换货，售后登记表上无登记, −1): the return tracking number a buyer gave in
 * chat was not entered in the registry by the end of that shop day. Two ways to know when
 * the buyer gave it:
 *  - the number was entered (late): the earlier of the chat message the agent linked when
 *    entering it and the first buyer message of this buyer that contains the number;
 *  - it was never entered in time: a buyer message that looks like a courier number
 *    (`trackingNumbersIn`) on a day this buyer's return/exchange case was open and still had
 *    no return number at the shop's midnight. Evidence: that chat message.
 * Proposed for the agent who registered the case, once per case (the earliest moment wins;
 * the framework's dedupe key holds the case id). Registered where the app is composed
 * (server/src/detectors.ts).
 */
import type { EntityManager } from 'typeorm';
import { trackingDeadline, trackingEnteredLate, trackingNumbersIn } from '@kefu/shared/domain/aftersale/tracking';
import type { Detector, DetectorContext, DetectorProposal } from '../scoring/scoring.detectors.ts';

interface Row {
  id: number;
  openedBy: number;
  trackingNo: string | null;
  enteredAt: Date | null;
  linkedAt: Date | null;
  mentionedAt: Date | null;
}

const localTime = (at: Date, tz: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

export const a01Detector: Detector = {
  name: 'aftersale.a01',
  rules: ['A01'],
  async detect(tx, context) {
    // The chat's moment first: once a case has one it is that case's A01 for good, so a
    // later run (the number entered late after all) proposes the same evidence again.
    const fromChat = await givenInChatNeverEntered(tx, context);
    const late = (await enteredLate(tx, context)).filter((found) => !fromChat.has(found.caseId));
    const inMonth = [...fromChat.values()].filter((found) => found.proposal.occurredAt >= context.start && found.proposal.occurredAt < context.end);
    return [...inMonth, ...late].sort((a, b) => a.caseId - b.caseId).map((found) => found.proposal);
  },
};

interface Found {
  caseId: number;
  proposal: DetectorProposal;
}

/** Cases whose number was entered after the day it was given (or is missing once that day is over). */
async function enteredLate(tx: EntityManager, { start, end, tz, now }: DetectorContext): Promise<Found[]> {
  const found: Found[] = [];
  const rows = (await tx.query(
    `SELECT c.id, c.opened_by AS openedBy, c.return_tracking_no AS trackingNo, c.return_tracking_entered_at AS enteredAt, lm.created_at AS linkedAt,
       (SELECT MIN(m.created_at) FROM chat_message m JOIN chat_conversation v ON v.id = m.conversation_id
         WHERE v.buyer_id = c.buyer_id AND m.sender = 'buyer' AND m.kind = 'text' AND c.return_tracking_no IS NOT NULL AND INSTR(m.body, c.return_tracking_no) > 0) AS mentionedAt
     FROM after_sale_case c LEFT JOIN chat_message lm ON lm.id = c.return_tracking_message_id
     WHERE c.kind IN ('return', 'exchange', 'quality') AND (c.return_tracking_message_id IS NOT NULL OR c.return_tracking_no IS NOT NULL)
     ORDER BY c.id`,
  )) as Row[];
  for (const row of rows) {
    const given = [row.linkedAt, row.mentionedAt].filter((at): at is Date => at !== null).sort((a, b) => a.getTime() - b.getTime())[0];
    if (!given || given < start || given >= end) continue;
    const enteredAt = row.enteredAt ? new Date(row.enteredAt) : null;
    if (trackingEnteredLate(given, enteredAt, now, tz) !== true) continue;
    found.push({
      caseId: Number(row.id),
      proposal: {
        staffId: Number(row.openedBy),
        rule: 'A01',
        // The day the buyer gave it (its deadline may fall in the next month).
        occurredAt: given,
        evidence: [{ kind: 'registry', id: `case:${row.id}` }],
        note: `买家 ${localTime(given, tz)} 在聊天中给出退货单号${row.trackingNo ? ` ${row.trackingNo}` : ''}，${enteredAt ? `${localTime(enteredAt, tz)} 才登记` : '当天未登记'}（售后登记 #${row.id}）`,
      },
    });
  }
  return found;
}

interface ChatRow {
  caseId: number;
  openedBy: number;
  openedAt: Date;
  enteredAt: Date | null;
  receivedAt: Date | null;
  closedAt: Date | null;
  messageId: number;
  body: string;
  at: Date;
}

/**
 * Per case, the first buyer message that gave a number while the case waited for one, on a
 * day at whose end no number was in the registry (the case registered by then, not back,
 * not finished). Looked for over the case's whole life up to the month's end, so a case has
 * one such moment whichever month is settled; the caller keeps those in the month.
 */
async function givenInChatNeverEntered(tx: EntityManager, { start, end, tz, now }: DetectorContext): Promise<Map<number, Found>> {
  // A prefilter in SQL (the same buyer, from the day before the case was opened, a long run
  // of digits); the exact rule in trackingNumbersIn and the shop-day checks below.
  const rows = (await tx.query(
    `SELECT c.id AS caseId, c.opened_by AS openedBy, c.opened_at AS openedAt, c.return_tracking_entered_at AS enteredAt, c.received_at AS receivedAt, c.closed_at AS closedAt,
       m.id AS messageId, m.body, m.created_at AS at
     FROM after_sale_case c
     JOIN chat_conversation v ON v.buyer_id = c.buyer_id
     JOIN chat_message m ON m.conversation_id = v.id
     WHERE c.kind IN ('return', 'exchange', 'quality') AND c.opened_at < ?
       -- a case that stopped waiting for a number before the month began has nothing to say about it
       AND (c.return_tracking_entered_at IS NULL OR c.return_tracking_entered_at >= ?)
       AND (c.received_at IS NULL OR c.received_at >= ?)
       AND (c.closed_at IS NULL OR c.closed_at >= ?)
       AND m.sender = 'buyer' AND m.kind = 'text' AND m.created_at < ? AND m.created_at >= c.opened_at - INTERVAL 1 DAY
       AND (c.return_tracking_entered_at IS NULL OR c.return_tracking_entered_at >= m.created_at)
       AND (c.received_at IS NULL OR c.received_at >= m.created_at)
       AND (c.closed_at IS NULL OR c.closed_at >= m.created_at)
       AND m.body REGEXP '[0-9]{8}'
     ORDER BY c.id, m.created_at, m.id`,
    [end, start, start, start, end],
  )) as ChatRow[];
  const withNumbers = rows.map((row) => ({ ...row, numbers: trackingNumbersIn(String(row.body)) })).filter((row) => row.numbers.length > 0);
  const found = new Map<number, Found>();
  if (!withNumbers.length) return found;
  // The shop's own numbers are not a return's: its order numbers and the waybills it sent.
  const numbers = [...new Set(withNumbers.flatMap((row) => row.numbers))];
  const shopRows = (await tx.query(
    `SELECT order_no AS n FROM shop_order WHERE order_no IN (?)
     UNION SELECT tracking_no FROM shop_order WHERE tracking_no IN (?)
     UNION SELECT tracking_no FROM shop_order_event WHERE tracking_no IN (?)
     UNION SELECT exchange_tracking_no FROM after_sale_case WHERE exchange_tracking_no IN (?)`,
    [numbers, numbers, numbers, numbers],
  )) as { n: string }[];
  const shopNumbers = new Set(shopRows.map((r) => String(r.n).toUpperCase()));
  for (const row of withNumbers) {
    if (found.has(Number(row.caseId))) continue;
    const given = trackingNumbersIn(String(row.body), shopNumbers);
    if (!given.length) continue;
    const at = new Date(row.at);
    const deadline = trackingDeadline(at, tz);
    // Only once the day is over is the number known to be missing at its end.
    if (now.getTime() < deadline.getTime()) continue;
    const byDeadline = (instant: Date | null) => instant !== null && new Date(instant).getTime() < deadline.getTime();
    if (!byDeadline(row.openedAt) || byDeadline(row.enteredAt) || byDeadline(row.receivedAt) || byDeadline(row.closedAt)) continue;
    found.set(Number(row.caseId), {
      caseId: Number(row.caseId),
      proposal: {
        staffId: Number(row.openedBy),
        rule: 'A01',
        occurredAt: at,
        evidence: [
          { kind: 'registry', id: `case:${row.caseId}` },
          { kind: 'chat', id: `message:${row.messageId}` },
        ],
        note: `买家 ${localTime(at, tz)} 在聊天中给出退货单号 ${given.join('、')}，当天未登记（售后登记 #${row.caseId}）`,
      },
    });
  }
  return found;
}
