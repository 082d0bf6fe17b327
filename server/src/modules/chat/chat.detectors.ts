/**
 * G09 (与客户交流完毕、订单确认后没有及时关闭对话框, −1): the order was confirmed in the chat
 * (the agent sent the 订单确认 step, or the buyer paid during it) and the window stayed open
 * longer than the setting (default 10 minutes) → proposed for the agent, with the
 * conversation as evidence. Registered where the app is composed (server/src/detectors.ts).
 */
import { windowAfterConfirm } from '@kefu/shared/domain/chat/window';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';
import { readCloseAfterConfirmMinutes } from './chat.routing.ts';

interface Candidate {
  id: number;
  agentId: number | null;
  confirmedBy: number | null;
  confirmedAt: Date;
  confirmToCloseMs: number | null;
  status: string;
  closedAt: Date | null;
}

export const g09Detector: Detector = {
  name: 'chat.g09',
  rules: ['G09'],
  async detect(tx, { start, end, now }) {
    const limitMinutes = await readCloseAfterConfirmMinutes(tx);
    const rows = (await tx.query(
      `SELECT id, agent_id AS agentId, order_confirmed_by AS confirmedBy, order_confirmed_at AS confirmedAt,
         confirm_to_close_ms AS confirmToCloseMs, status, closed_at AS closedAt
       FROM chat_conversation WHERE order_confirmed_at >= ? AND order_confirmed_at < ? ORDER BY id`,
      [start, end],
    )) as Candidate[];
    const proposals: DetectorProposal[] = [];
    for (const row of rows) {
      const confirmedAt = new Date(row.confirmedAt);
      // The first closing after the confirmation (kept even if the buyer reopened the chat later).
      const closedAt =
        row.confirmToCloseMs !== null ? new Date(confirmedAt.getTime() + Number(row.confirmToCloseMs)) : row.status === 'closed' && row.closedAt ? new Date(row.closedAt) : null;
      const window = windowAfterConfirm({ confirmedAt, closedAt, now, limitMinutes });
      // Whoever confirmed the order closes the window; after a payment, the chat's agent.
      const staffId = row.confirmedBy ?? row.agentId;
      if (!window?.overdue || staffId === null) continue;
      const minutes = Math.floor(window.openMs / 60_000);
      proposals.push({
        staffId: Number(staffId),
        rule: 'G09',
        occurredAt: confirmedAt,
        evidence: [{ kind: 'chat', id: String(row.id) }],
        note: closedAt
          ? `订单确认后 ${minutes} 分钟才关闭对话框（限 ${limitMinutes} 分钟）`
          : `订单确认后对话框已开着 ${minutes} 分钟未关闭（限 ${limitMinutes} 分钟）`,
      });
    }
    return proposals;
  },
};
