import { describe, expect, it } from 'vitest';
import { compareBoard, defaultDeadline, handledInTime, lostUnhandled, refundedWithoutGoods, remindedInTime, timeLeftMs, type DisputeKind, type DisputeOutcome, type Recovery } from './disputes.ts';

const at = (hhmm: string) => new Date(`2026-11-29T${hhmm}:00Z`);
const DEADLINE = at('12:00');

describe('deadlines and the board', () => {
  it.each([
    [48, '2026-12-01T10:00:00.000Z'],
    [72, '2026-12-02T10:00:00.000Z'],
  ])('%i hours from 2026-11-29 10:00 UTC is %s', (hours, expected) => {
    expect(defaultDeadline(at('10:00'), hours).toISOString()).toBe(expected);
  });

  it.each([
    ['11:00', 3_600_000],
    ['12:00', 0],
    ['13:30', -5_400_000],
  ])('at %s the time left is %i ms', (now, left) => {
    expect(timeLeftMs(DEADLINE, at(now))).toBe(left);
  });

  it('sorts the least time left first, then the oldest', () => {
    const items = [
      { id: 3, deadlineAt: at('14:00') },
      { id: 2, deadlineAt: at('09:00') },
      { id: 1, deadlineAt: at('14:00') },
    ];
    expect(items.toSorted(compareBoard).map((i) => i.id)).toEqual([2, 1, 3]);
  });
});

describe('A08 / S01: a dispute lost without being handled in time', () => {
  it.each<[DisputeKind, DisputeOutcome | null, string | null, boolean]>([
    ['dispute', 'lost', null, true],
    ['dispute', 'lost', '13:00', true], // handled after the deadline
    ['dispute', 'lost', '12:00', false], // handled at the deadline is in time
    ['dispute', 'lost', '11:00', false],
    ['dispute', 'won', null, false],
    ['dispute', null, null, false],
    ['refund', 'lost', null, false],
  ])('%s ended %s, handled at %s: A08 %s', (kind, outcome, handled, expected) => {
    expect(lostUnhandled({ kind, outcome, deadlineAt: DEADLINE, handledAt: handled ? at(handled) : null })).toBe(expected);
    expect(handledInTime({ deadlineAt: DEADLINE, handledAt: handled ? at(handled) : null })).toBe(handled !== null && handled <= '12:00');
  });

  it.each([
    [[], false],
    [['13:00'], false],
    [['13:00', '11:59'], true],
    [['12:00'], true],
  ])('reminders at %j: reminded in time %s', (times, expected) => {
    expect(remindedInTime({ deadlineAt: DEADLINE }, times.map(at))).toBe(expected);
  });
});

describe('A09: a refund that went through without the goods', () => {
  it.each<[DisputeOutcome | null, string | null, Recovery | null, boolean]>([
    ['refunded', '12:30', null, true], // after the auto-refund deadline
    ['refunded', '12:00', null, true],
    ['refunded', '11:00', null, false], // the shop agreed in time
    ['refunded', '12:30', 'goods_returned', false], // withdrawn
    ['refunded', '12:30', 'paid_full', false],
    ['goods_returned', '12:30', null, false],
    ['paid_half', '12:30', null, false],
    [null, null, null, false],
  ])('ended %s at %s, afterwards %s: A09 %s', (outcome, closed, recovery, expected) => {
    expect(refundedWithoutGoods({ outcome, deadlineAt: DEADLINE, closedAt: closed ? at(closed) : null, recovery })).toBe(expected);
  });
});
