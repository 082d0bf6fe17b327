import { describe, expect, it } from 'vitest';
import { deadlineFor, isOverdue, nextStatus, timeLeftMs, type ComplaintMove, type ComplaintStatus } from './complaints.ts';

const t0 = new Date('2026-11-03T02:00:00Z');
const h = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);

describe('complaint deadlines by severity', () => {
  it.each([
    ['urgent', 4],
    ['high', 24],
    ['normal', 48],
    ['low', 72],
  ] as const)('%s: %i hours', (severity, hours) => {
    expect(deadlineFor(severity, t0)).toEqual(h(hours));
  });

  it('the setting changes the hours', () => {
    expect(deadlineFor('urgent', t0, { urgent: 1, high: 2, normal: 3, low: 4 })).toEqual(h(1));
  });

  it.each([
    ['open, an hour left', 'open', h(5), h(4), 3_600_000, false],
    ['open, a minute late', 'open', h(4), new Date(h(4).getTime() + 60_000), -60_000, true],
    ['resolved late is not overdue any more', 'resolved', h(4), h(10), null, false],
  ] as const)('%s', (_case, status, deadlineAt, now, left, overdue) => {
    expect(timeLeftMs({ status, deadlineAt }, now)).toBe(left);
    expect(isOverdue({ status, deadlineAt }, now)).toBe(overdue);
  });
});

describe('complaint moves', () => {
  it.each([
    ['open', 'handover', 'open'],
    ['open', 'resolve', 'resolved'],
    ['open', 'callback', null],
    ['resolved', 'callback', 'closed'],
    ['resolved', 'handover', null],
    ['resolved', 'resolve', null],
    ['closed', 'callback', null],
    ['closed', 'handover', null],
  ] as Array<[ComplaintStatus, ComplaintMove, ComplaintStatus | null]>)('%s + %s → %s', (status, move, next) => {
    expect(nextStatus(status, move)).toBe(next);
  });
});
