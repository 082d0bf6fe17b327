import { describe, expect, it } from 'vitest';
import { absentLongEnough, waitingTooLong } from './handover.ts';

const now = new Date('2026-11-29T08:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('absentLongEnough', () => {
  it.each([
    ['online, for hours', 'online', ago(7200), false],
    ['offline 59 s (a reload, a network gap)', 'offline', ago(59), false],
    ['offline exactly the grace period', 'offline', ago(60), true],
    ['offline 5 minutes', 'offline', ago(300), true],
    ['away 61 s', 'away', ago(61), true],
  ] as const)('%s → %s', (_label, status, since, expected) => {
    expect(absentLongEnough({ status, since, now, graceSeconds: 60 })).toBe(expected);
  });

  it('a chosen status hands over at once: the grace is 0 then', () => {
    expect(absentLongEnough({ status: 'away', since: now, now, graceSeconds: 0 })).toBe(true);
  });
});

describe('waitingTooLong (the 3-minute response rule)', () => {
  it.each([
    ['nobody waiting', null, false],
    ['waiting 2:59', ago(179), false],
    ['waiting 3:00', ago(180), true],
    ['waiting 10 minutes', ago(600), true],
  ])('%s → %s', (_label, waitingSince, expected) => {
    expect(waitingTooLong({ waitingSince, now, alertMinutes: 3 })).toBe(expected);
  });
});
