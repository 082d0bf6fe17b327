/**
 * The exchange detectors (docs/recall.md "Exchanges shipped"), on the scoring framework:
 * - A10 (换货单号未告知买家, −2): an exchange shipped in the month whose tracking number no staff
 *   message in the buyer's chat carried within a day of shipping → the agent of the case;
 *   only once that day has passed.
 * - R04 (打单未将换货单号交给售后, −2): an exchange waybill printed on a shop day whose tracking
 *   number was not entered by the end of that day → the printer who printed it.
 */
import { addDays, dayStart } from '@kefu/shared/domain/kpis/days';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';

type Raw = Record<string, any>;
const DAY_MS = 86_400_000;

export const a10Detector: Detector = {
  name: 'exchanges.a10',
  rules: ['A10'],
  async detect(tx, { start, end, now }) {
    const rows = (await tx.query(
      `SELECT x.case_id, x.order_no, x.agent_id, x.shipped_at, x.tracking_no FROM exchange_shipment x
       WHERE x.shipped_at >= ? AND x.shipped_at < ? AND x.shipped_at <= ?
         AND NOT EXISTS (SELECT 1 FROM chat_message m JOIN chat_conversation c ON c.id = m.conversation_id
           WHERE c.buyer_id = x.buyer_id AND m.sender = 'staff' AND m.created_at >= x.shipped_at AND m.created_at < DATE_ADD(x.shipped_at, INTERVAL 1 DAY)
             AND INSTR(m.body, x.tracking_no) > 0)
       ORDER BY x.case_id`,
      [start, end, new Date(now.getTime() - DAY_MS)],
    )) as Raw[];
    return rows.map(
      (r): DetectorProposal => ({
        staffId: Number(r.agent_id),
        rule: 'A10',
        occurredAt: new Date(new Date(r.shipped_at as Date).getTime() + DAY_MS),
        evidence: [{ kind: 'registry', id: `case:${r.case_id}` }],
        note: `订单 ${r.order_no} 换货单号 ${r.tracking_no} 发出一天内未在聊天中告知买家`,
      }),
    );
  },
};

export const r04Detector: Detector = {
  name: 'exchanges.r04',
  rules: ['R04'],
  async detect(tx, { start, end, now, tz }) {
    const rows = (await tx.query(
      'SELECT case_id, order_no, printed_by, printed_at, print_day, shipped_at FROM exchange_shipment WHERE printed_at >= ? AND printed_at < ? ORDER BY case_id',
      [start, end],
    )) as Raw[];
    return rows.flatMap((r): DetectorProposal[] => {
      const dayEnd = dayStart(addDays(String(r.print_day), 1), tz);
      const late = r.shipped_at ? new Date(r.shipped_at as Date) >= dayEnd : now >= dayEnd;
      if (!late) return [];
      return [
        {
          staffId: Number(r.printed_by),
          rule: 'R04',
          // The last moment of the day it should have been entered on.
          occurredAt: new Date(dayEnd.getTime() - 1),
          evidence: [{ kind: 'registry', id: `case:${r.case_id}` }],
          note: `订单 ${r.order_no} 换货快递单 ${String(r.print_day)} 打印，当天未录入单号`,
        },
      ];
    });
  },
};
