import { describe, expect, it } from 'vitest';
import { evidenceTarget } from './evidence.ts';
import type { EvidenceLink } from './scoring.types.ts';

describe('evidenceTarget: every evidence kind opens the record itself', () => {
  it.each<[EvidenceLink, ReturnType<typeof evidenceTarget>]>([
    [{ kind: 'chat', id: '12' }, { kind: 'page', href: '/console/chat?conversation=12' }],
    [{ kind: 'chat', id: '12:34' }, { kind: 'page', href: '/console/chat?conversation=12&message=34' }],
    [{ kind: 'chat', id: 'abc' }, { kind: 'text' }],
    [{ kind: 'order', id: '3921550016882001' }, { kind: 'page', href: '/console/orders?order=3921550016882001' }],
    [{ kind: 'order', id: 'A&B' }, { kind: 'page', href: '/console/orders?order=A%26B' }],
    [{ kind: 'note', id: '3921550016882001:7' }, { kind: 'page', href: '/console/orders?order=3921550016882001&note=7' }],
    [{ kind: 'note', id: '7' }, { kind: 'text' }],
    [{ kind: 'alert', id: '5' }, { kind: 'page', href: '/console/tracking?alert=5' }],
    [{ kind: 'alert', id: 'x5' }, { kind: 'text' }],
    [{ kind: 'registry', id: 'dispute:3' }, { kind: 'page', href: '/console/disputes?dispute=3' }],
    [{ kind: 'registry', id: '3' }, { kind: 'page', href: '/console/aftersale?case=3' }],
    [{ kind: 'registry', id: 'case:4' }, { kind: 'page', href: '/console/aftersale?case=4' }],
    [{ kind: 'registry', id: 'slip:4' }, { kind: 'text' }],
    [{ kind: 'shift', id: '3' }, { kind: 'page', href: '/console/roster?item=3' }],
    [{ kind: 'shift', id: 'month:2026-11' }, { kind: 'page', href: '/console/roster?item=month%3A2026-11' }],
    [{ kind: 'shift', id: 'swap:7' }, { kind: 'page', href: '/console/roster?item=swap%3A7' }],
    [{ kind: 'shift', id: 'leave:9' }, { kind: 'page', href: '/console/roster?item=leave%3A9' }],
    [{ kind: 'shift', id: '早班' }, { kind: 'text' }],
    [{ kind: 'shift', id: 'swap:x' }, { kind: 'text' }],
    [{ kind: 'complaint', id: '3' }, { kind: 'page', href: '/console/complaints?complaint=3' }],
    [{ kind: 'complaint', id: 'abc' }, { kind: 'text' }],
    [{ kind: 'other', id: '纸质记录' }, { kind: 'text' }],
  ])('%o → %o', (link, target) => {
    expect(evidenceTarget(link)).toEqual(target);
  });
});
