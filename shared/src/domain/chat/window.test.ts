import { describe, expect, it } from 'vitest';
import { windowAfterConfirm, confirmReminder } from './window.ts';

const t = (minute: number) => new Date(Date.UTC(2026, 10, 3, 2, minute));

describe('G09: the chat window after the order is confirmed', () => {
  it.each([
    ['closed 3 minutes after', t(0), t(3), t(30), { openMs: 180_000, overdue: false }],
    ['closed exactly at the limit', t(0), t(10), t(30), { openMs: 600_000, overdue: false }],
    ['closed 11 minutes after', t(0), t(11), t(30), { openMs: 660_000, overdue: true }],
    ['still open 9 minutes after', t(0), null, t(9), { openMs: 540_000, overdue: false }],
    ['still open 25 minutes after', t(0), null, t(25), { openMs: 1_500_000, overdue: true }],
  ])('%s', (_case, confirmedAt, closedAt, now, expected) => {
    expect(windowAfterConfirm({ confirmedAt, closedAt, now, limitMinutes: 10 })).toEqual(expected);
  });

  it('an order never confirmed is nothing to judge', () => {
    expect(windowAfterConfirm({ confirmedAt: null, closedAt: t(50), now: t(60), limitMinutes: 10 })).toBeNull();
  });

  it('a closing before the confirmation (an old close of a reopened chat) counts the window as still open', () => {
    expect(windowAfterConfirm({ confirmedAt: t(20), closedAt: t(5), now: t(40), limitMinutes: 10 })).toEqual({ openMs: 1_200_000, overdue: true });
  });

  it('the limit is a setting', () => {
    expect(windowAfterConfirm({ confirmedAt: t(0), closedAt: t(4), now: t(9), limitMinutes: 3 })?.overdue).toBe(true);
  });
});

describe('confirmReminder (the G09 banner in an open chat)', () => {
  const confirmedAt = new Date('2026-11-03T02:00:00Z');
  const now = new Date('2026-11-03T02:12:00Z');
  it.each([
    { case: 'confirmed in this window, 12 min ago', status: 'open' as const, confirmedAt, confirmToCloseMs: null, shown: { openMs: 720_000, overdue: true } },
    { case: 'reopened after the confirmed window was closed', status: 'open' as const, confirmedAt, confirmToCloseMs: 240_000, shown: null },
    { case: 'never confirmed', status: 'open' as const, confirmedAt: null, confirmToCloseMs: null, shown: null },
    { case: 'closed', status: 'closed' as const, confirmedAt, confirmToCloseMs: 240_000, shown: null },
    { case: 'queued', status: 'queued' as const, confirmedAt, confirmToCloseMs: null, shown: null },
  ])('$case → $shown', ({ status, confirmedAt: at, confirmToCloseMs, shown }) => {
    expect(confirmReminder({ status, confirmedAt: at, confirmToCloseMs, now, limitMinutes: 10 })).toEqual(shown);
  });
});
