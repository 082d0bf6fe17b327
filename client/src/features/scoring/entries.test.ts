import { describe, expect, it } from 'vitest';
import { entryMoneyFen, pointsOfMonth } from './entries.ts';
import type { LedgerEntry } from './scoring.types.ts';

let nextId = 1;
function entry(overrides: Partial<LedgerEntry>): LedgerEntry {
  return {
    id: nextId++,
    staffId: 3,
    rule: 'G05',
    occurredAt: '2026-11-03T01:30:00.000Z',
    month: '2026-11',
    points: -3,
    amountFen: null,
    evidence: [],
    note: null,
    status: 'confirmed',
    source: 'manual',
    createdBy: 1,
    createdAt: '2026-11-03T01:31:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    revocation: null,
    appeal: null,
    correction: null,
    correctedBy: null,
    images: [],
    ...overrides,
  };
}

describe('what an entry counts for on the month page', () => {
  it('counts G07 first as a warning, then −3, and nothing for revoked or proposed entries', () => {
    const first = entry({ rule: 'G07', points: null, occurredAt: '2026-11-02T01:00:00.000Z' });
    const second = entry({ rule: 'G07', points: null, occurredAt: '2026-11-05T01:00:00.000Z' });
    const revoked = entry({ revocation: { reason: '误记', by: 1, at: '2026-11-06T00:00:00.000Z' } });
    const proposed = entry({ rule: 'G09', points: -1, status: 'proposed', createdBy: null, source: 'chat' });
    const counted = pointsOfMonth([second, first, revoked, proposed]);
    expect(counted.get(first.id)).toBe(0);
    expect(counted.get(second.id)).toBe(-3);
    expect(counted.has(revoked.id)).toBe(false);
    expect(counted.has(proposed.id)).toBe(false);
  });

  it.each([
    ['G01 fine', { rule: 'G01', amountFen: null }, undefined, -3_000],
    ['G04 day wage of ¥3,800', { rule: 'G04', amountFen: null }, 380_000, -17_471],
    ['G04 without the wage', { rule: 'G04', amountFen: null }, undefined, null],
    ['A04 postage', { rule: 'A04', amountFen: 1_200 }, undefined, -1_200],
    ['G06 cash reward', { rule: 'G06', amountFen: 50_000 }, undefined, 50_000],
    ['G05 points only', { rule: 'G05', amountFen: null }, undefined, null],
  ] as const)('%s', (_name, fields, wage, fen) => {
    expect(entryMoneyFen(fields, wage)).toBe(fen);
  });
});
