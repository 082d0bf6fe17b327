/**
 * Detectors of the orders module (scoring.md; registered in server/src/detectors.ts). Each
 * reads the module's own records for the month and proposes; nothing counts until the
 * supervisor confirms. The framework's dedupe key (rule + person + evidence) proposes each
 * once.
 *
 * G12 (信息填写错误, −3): a warehouse clerk closed a request saying its information was wrong
 * (rule 12) → the agent who asked, with the request as evidence, on the day it was marked.
 */
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';

export const g12Detector: Detector = {
  name: 'orders.g12',
  rules: ['G12'],
  async detect(tx, { start, end }) {
    const rows = (await tx.query(
      `SELECT id, requested_by AS staffId, wrong_info_at AS at, wrong_info AS what, order_no AS orderNo FROM order_alert
       WHERE audience = 'warehouse' AND wrong_info IS NOT NULL AND wrong_info_at >= ? AND wrong_info_at < ? ORDER BY id`,
      [start, end],
    )) as Array<{ id: number; staffId: number; at: Date; what: string; orderNo: string }>;
    return rows.map(
      (row): DetectorProposal => ({
        staffId: Number(row.staffId),
        rule: 'G12',
        occurredAt: new Date(row.at),
        evidence: [{ kind: 'alert', id: String(row.id) }],
        note: `仓库请求 #${row.id}（订单 ${row.orderNo}）信息填写错误：${row.what}`,
      }),
    );
  },
};
