/**
 * G05 (客户因服务质量原因投诉，经核实属实, −3): a complaint resolved as verified, naming the
 * staff member concerned, proposes G05 for them on the day it was resolved.
 * G16 (客户中差评某位客服, −3): a bad review naming an agent, registered with its text,
 * proposes G16 on the day it was registered.
 * Each proposes once per complaint (the framework's dedupe key holds the complaint id).
 * Registered where the app is composed (server/src/detectors.ts).
 */
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
