import { describe, expect, it } from 'vitest';
import { registerBlocks } from './register.ts';
import type { LedgerEntry, ScoresheetRow } from './scoring.types.ts';

const row = (staffId: number) => ({ staffId, displayName: `#${staffId}` }) as ScoresheetRow;
const entry = (id: number, staffId: number, occurredAt: string, extra: Partial<LedgerEntry> = {}) =>
  ({ id, staffId, occurredAt, status: 'confirmed', revocation: null, ...extra }) as LedgerEntry;

describe('registerBlocks: the 奖罚登记表, person by person', () => {
  it.each<[string, LedgerEntry[], Record<number, number[]>]>([
    ['everyone on the sheet has a block, even without entries', [], { 1: [], 2: [] }],
    ['entries oldest first, ties by id', [entry(5, 1, '2026-10-09T01:00:00.000Z'), entry(3, 1, '2026-10-02T01:00:00.000Z'), entry(4, 1, '2026-10-02T01:00:00.000Z')], { 1: [3, 4, 5], 2: [] }],
    ['revoked entries stay on the paper', [entry(7, 2, '2026-10-02T01:00:00.000Z', { revocation: { reason: '误记', by: 1, at: '2026-10-03T00:00:00.000Z' } })], { 1: [], 2: [7] }],
    ['proposals and dismissed proposals are not entries yet', [entry(8, 1, '2026-10-02T01:00:00.000Z', { status: 'proposed' }), entry(9, 1, '2026-10-02T01:00:00.000Z', { status: 'dismissed' })], { 1: [], 2: [] }],
    ['someone not on the sheet has no block', [entry(10, 3, '2026-10-02T01:00:00.000Z')], { 1: [], 2: [] }],
  ])('%s', (_, entries, expected) => {
    const blocks = registerBlocks({ staff: [row(1), row(2)] }, entries);
    expect(Object.fromEntries(blocks.map((block) => [block.row.staffId, block.entries.map((e) => e.id)]))).toEqual(expected);
  });
});
