/**
 * A01 (客户沟通过要退换货，售后登记表上无登记, −1): the return tracking number a buyer gave in
 * chat was not entered in the registry by the end of that shop day. When the buyer gave it
 * is the earlier of the chat message the agent linked when entering it and the first buyer
 * message of this buyer that contains the number. Proposed for the agent who registered
 * the case, once per case (the framework's dedupe key holds the case id).
 * Registered where the app is composed (server/src/detectors.ts).
 */
import { trackingEnteredLate } from '@kefu/shared/domain/aftersale/tracking';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';

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
  async detect(tx, { start, end, tz, now }) {
    const rows = (await tx.query(
      `SELECT c.id, c.opened_by AS openedBy, c.return_tracking_no AS trackingNo, c.return_tracking_entered_at AS enteredAt, lm.created_at AS linkedAt,
         (SELECT MIN(m.created_at) FROM chat_message m JOIN chat_conversation v ON v.id = m.conversation_id
           WHERE v.buyer_id = c.buyer_id AND m.sender = 'buyer' AND m.kind = 'text' AND c.return_tracking_no IS NOT NULL AND INSTR(m.body, c.return_tracking_no) > 0) AS mentionedAt
       FROM after_sale_case c LEFT JOIN chat_message lm ON lm.id = c.return_tracking_message_id
       WHERE c.kind IN ('return', 'exchange', 'quality') AND (c.return_tracking_message_id IS NOT NULL OR c.return_tracking_no IS NOT NULL)
       ORDER BY c.id`,
    )) as Row[];
    const proposals: DetectorProposal[] = [];
    for (const row of rows) {
      const given = [row.linkedAt, row.mentionedAt].filter((at): at is Date => at !== null).sort((a, b) => a.getTime() - b.getTime())[0];
      if (!given || given < start || given >= end) continue;
      const enteredAt = row.enteredAt ? new Date(row.enteredAt) : null;
      if (trackingEnteredLate(given, enteredAt, now, tz) !== true) continue;
      proposals.push({
        staffId: Number(row.openedBy),
        rule: 'A01',
        // The day the buyer gave it (its deadline may fall in the next month).
        occurredAt: given,
        evidence: [{ kind: 'registry', id: `case:${row.id}` }],
        note: `买家 ${localTime(given, tz)} 在聊天中给出退货单号${row.trackingNo ? ` ${row.trackingNo}` : ''}，${enteredAt ? `${localTime(enteredAt, tz)} 才登记` : '当天未登记'}（售后登记 #${row.id}）`,
      });
    }
    return proposals;
  },
};
