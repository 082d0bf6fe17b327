/**
 * G05 (客户因服务质量原因投诉，经核实属实, −3): a complaint resolved as verified, naming the
 * staff member concerned, proposes G05 for them on the day it was resolved.
 * G16 (客户中差评某位客服, −3): a bad review naming an agent, registered with its text,
 * proposes G16 on the day it was registered.
 * Each proposes once per complaint (the framework's dedupe key holds the complaint id).
 * G10: see g10Detector below.
 * Registered where the app is composed (server/src/detectors.ts).
 */
import { DEFAULT_G10_LOOKBACK_HOURS, g10Offenders } from '@kefu/shared/domain/complaints/offduty';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';

export const g05Detector: Detector = {
  name: 'complaints.g05',
  rules: ['G05'],
  async detect(tx, { start, end }) {
    const rows = (await tx.query(
      `SELECT id, staff_id AS staffId, resolved_at AS resolvedAt, category FROM complaint
       WHERE resolved_at >= ? AND resolved_at < ? AND verified = 1 AND staff_id IS NOT NULL ORDER BY id`,
      [start, end],
    )) as Array<{ id: number; staffId: number; resolvedAt: Date; category: string }>;
    return rows.map(
      (row): DetectorProposal => ({
        staffId: Number(row.staffId),
        rule: 'G05',
        occurredAt: new Date(row.resolvedAt),
        evidence: [{ kind: 'complaint', id: String(row.id) }],
        note: `投诉 #${row.id} 经核实属实`,
      }),
    );
  },
};

export const g16Detector: Detector = {
  name: 'complaints.g16',
  rules: ['G16'],
  async detect(tx, { start, end }) {
    const rows = (await tx.query(
      `SELECT id, staff_id AS staffId, created_at AS createdAt FROM complaint
       WHERE created_at >= ? AND created_at < ? AND source = 'review' AND staff_id IS NOT NULL ORDER BY id`,
      [start, end],
    )) as Array<{ id: number; staffId: number; createdAt: Date }>;
    return rows.map(
      (row): DetectorProposal => ({
        staffId: Number(row.staffId),
        rule: 'G16',
        occurredAt: new Date(row.createdAt),
        evidence: [{ kind: 'complaint', id: String(row.id) }],
        note: `中差评点名（投诉 #${row.id}）`,
      }),
    );
  },
};

/**
 * G10 (未处理妥当下线导致投诉, −3): a complaint registered in the month by a buyer whose chat an
 * agent left unfinished when going offline (the presence log) in the 72 h before it proposes
 * G10 for that agent, on the day of the complaint, with the complaint and the conversation as
 * evidence. What "unfinished" means is the pure rule in shared/src/domain/complaints/offduty.ts.
 */
export const g10Detector: Detector = {
  name: 'complaints.g10',
  rules: ['G10'],
  async detect(tx, { start, end }) {
    const complaints = (await tx.query('SELECT id, buyer_id AS buyerId, created_at AS createdAt FROM complaint WHERE created_at >= ? AND created_at < ? ORDER BY id', [start, end])) as Array<{ id: number; buyerId: string; createdAt: Date }>;
    const proposals: DetectorProposal[] = [];
    const lookbackMs = DEFAULT_G10_LOOKBACK_HOURS * 3_600_000;
    for (const complaint of complaints) {
      const at = new Date(complaint.createdAt);
      const from = new Date(at.getTime() - lookbackMs);
      const conversations = (await tx.query(
        'SELECT id, opened_at AS openedAt, closed_at AS closedAt FROM chat_conversation WHERE buyer_id = ? AND opened_at < ? AND (closed_at IS NULL OR closed_at > ?) ORDER BY id',
        [complaint.buyerId, at, from],
      )) as Array<{ id: number; openedAt: Date; closedAt: Date | null }>;
      if (conversations.length === 0) continue;
      const ids = conversations.map((c) => Number(c.id));
      const messages = (await tx.query(
        `SELECT conversation_id AS conversationId, sender, staff_id AS staffId, created_at AS createdAt, answered_at AS answeredAt FROM chat_message
         WHERE conversation_id IN (${ids.map(() => '?').join(', ')}) AND created_at < ? ORDER BY conversation_id, seq`,
        [...ids, at],
      )) as Array<{ conversationId: number; sender: string; staffId: number | null; createdAt: Date; answeredAt: Date | null }>;
      const agents = [...new Set(messages.filter((m) => m.sender === 'staff' && m.staffId !== null).map((m) => Number(m.staffId)))];
      if (agents.length === 0) continue;
      const departures = (await tx.query(
        `SELECT staff_id AS staffId, at FROM agent_presence_log WHERE staff_id IN (${agents.map(() => '?').join(', ')}) AND status = 'offline' AND at >= ? AND at < ? ORDER BY at`,
        [...agents, from, at],
      )) as Array<{ staffId: number; at: Date }>;
      const offenders = g10Offenders(
        at,
        conversations.map((c) => ({
          id: Number(c.id),
          openedAt: new Date(c.openedAt),
          closedAt: c.closedAt ? new Date(c.closedAt) : null,
          messages: messages
            .filter((m) => Number(m.conversationId) === Number(c.id))
            .map((m) => ({ sender: m.sender === 'buyer' ? ('buyer' as const) : ('staff' as const), staffId: m.staffId === null ? null : Number(m.staffId), at: new Date(m.createdAt), answeredAt: m.answeredAt ? new Date(m.answeredAt) : null })),
        })),
        departures.map((d) => ({ staffId: Number(d.staffId), at: new Date(d.at) })),
      );
      for (const offender of offenders) {
        proposals.push({
          staffId: offender.staffId,
          rule: 'G10',
          occurredAt: at,
          evidence: [
            { kind: 'complaint', id: String(complaint.id) },
            { kind: 'chat', id: String(offender.conversationId) },
          ],
          note: `下线时对话 #${offender.conversationId} 未处理完，买家投诉（投诉 #${complaint.id}）`,
        });
      }
    }
    return proposals;
  },
};
