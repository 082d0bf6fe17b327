/**
 * Detectors: code that reads the console's own records (chats, orders, the after-sale
 * registry, the roster) and proposes ledger entries with their evidence. A proposal counts
 * nothing until the supervisor confirms it. The same rule + person + evidence is proposed
 * once, ever (a unique key), so running the detectors again — every settlement does —
 * proposes nothing twice, and a dismissed proposal does not come back.
 *
 * Scoring owns the framework only and imports no other module: each module exports its
 * own detectors and they are composed where the app is composed (`server/src/detectors.ts`).
 * No detector invents data.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RuleCode } from '@kefu/shared/domain/scoring/catalogue';
import type { Evidence } from '@kefu/shared/schemas/ledger';
import { affectedRows } from '../../platform/db.ts';
import { audit } from '../audit/audit.service.ts';

/** What a detector found: one entry it proposes, with the records that show it. */
export interface DetectorProposal {
  staffId: number;
  rule: RuleCode;
  occurredAt: Date;
  /** Only for ranged rules (G06); fixed rules take the catalogue's points. */
  points?: number;
  /** Only A04 (postage) or G06 (cash reward). */
  amountFen?: number;
  /** At least one linked record; part of the dedupe key. */
  evidence: Evidence[];
  note?: string;
}

export interface DetectorContext {
  month: string;
  /** The month as instants: [start, end). */
  start: Date;
  end: Date;
  tz: string;
  now: Date;
}

export interface Detector {
  /** Stored as the entry's `source`; letters, digits, '.', '-', '_' (≤ 64). */
  readonly name: string;
  /** The only rules it may propose; anything else it returns is refused. */
  readonly rules: readonly RuleCode[];
  /** Reads (never writes) the month's records through `tx`. */
  detect(tx: EntityManager, context: DetectorContext): Promise<DetectorProposal[]>;
}

export class DetectorRegistry {
  private readonly byName = new Map<string, Detector>();

  register(detector: Detector): this {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(detector.name)) throw new Error(`detector name "${detector.name}" must be 1-64 letters, digits, . _ -`);
    if (this.byName.has(detector.name)) throw new Error(`a detector named ${detector.name} is registered already`);
    this.byName.set(detector.name, detector);
    return this;
  }

  list(): Detector[] {
    return [...this.byName.values()];
  }
}

/**
 * rule + person + evidence, with the evidence sorted so the order a detector lists it in
 * does not matter. sha256 keeps the key a fixed 64 characters whatever the evidence.
 */
export function dedupeKey(rule: RuleCode, staffId: number, evidence: readonly Evidence[]): string {
  const links = evidence.map((e) => `${e.kind}:${e.id}`).sort();
  return createHash('sha256').update(JSON.stringify([rule, staffId, links])).digest('hex');
}

/**
 * A detector's finding undone by a later record (A09: the goods came back, or the buyer paid
 * in full): the proposal for rule + person + evidence, while still undecided, is dismissed with
 * the reason, signed by whoever's action undid it, and audited. A confirmed entry stays (the
 * supervisor corrects it); the detector, run again, must no longer find it (and the dedupe key
 * keeps the dismissed one from coming back anyway). Returns the ids withdrawn.
 */
export async function withdrawProposal(
  tx: EntityManager,
  proposal: { rule: RuleCode; staffId: number; evidence: readonly Evidence[]; by: number; at: Date; reason: string },
): Promise<number[]> {
  const key = dedupeKey(proposal.rule, proposal.staffId, proposal.evidence);
  const rows = (await tx.query("SELECT id FROM ledger_entry WHERE dedupe_key = ? AND status = 'proposed' FOR UPDATE", [key])) as Array<{ id: number }>;
  const withdrawn: number[] = [];
  for (const row of rows) {
    const result = await tx.query("UPDATE ledger_entry SET status = 'dismissed', decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ? AND status = 'proposed'", [
      proposal.by,
      proposal.at,
      proposal.reason,
      row.id,
    ]);
    if (affectedRows(result) !== 1) continue;
    withdrawn.push(Number(row.id));
    await audit(tx, { actorId: proposal.by, action: 'ledger.withdraw', entity: 'ledger_entry', entityId: Number(row.id), details: { rule: proposal.rule, staffId: proposal.staffId, reason: proposal.reason }, ip: null, at: proposal.at });
  }
  return withdrawn;
}
