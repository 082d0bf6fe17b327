import { describe, expect, it } from 'vitest';
import { approvalRefusal, clocksOfShift, correctionDeadline, correctionRefusal, judgeShift, missingClocks, type Clock, type CorrectionRecord } from './clocking.ts';

// An early shift on 2026-11-03, shop time 09:00–18:30 (+08:00): 01:00–10:30 UTC.
const shift = { start: new Date('2026-11-03T01:00:00Z'), end: new Date('2026-11-03T10:30:00Z') };
const at = (iso: string) => new Date(iso);
const clk = (kind: 'in' | 'out', iso: string): Clock => ({ kind, at: at(iso) });

describe('which clocks count for a shift', () => {
  it.each([
    ['on time both', [clk('in', '2026-11-03T00:55:00Z'), clk('out', '2026-11-03T10:31:00Z')], true, true],
    ['clock-in 2 h early counts', [clk('in', '2026-11-02T23:00:00Z')], true, false],
    ['clock-in 2 h 1 min early does not', [clk('in', '2026-11-02T22:59:00Z')], false, false],
    ['clock-in late (after start) still counts', [clk('in', '2026-11-03T03:00:00Z')], true, false],
    ['clock-in after the end does not', [clk('in', '2026-11-03T10:30:00Z')], false, false],
    ['clock-out 4 h after the end counts', [clk('out', '2026-11-03T14:30:00Z')], false, true],
    ['clock-out 4 h 1 min after does not', [clk('out', '2026-11-03T14:31:00Z')], false, false],
    ['clock-out before the start does not', [clk('out', '2026-11-03T00:59:00Z')], false, false],
  ])('%s', (_case, clocks, hasIn, hasOut) => {
    const found = clocksOfShift(shift, clocks);
    expect(found.in !== null).toBe(hasIn);
    expect(found.out !== null).toBe(hasOut);
  });

  it.each([
    ['during the shift nothing is missing yet', '2026-11-03T05:00:00Z', []],
    ['at the end the clock-in is missing', '2026-11-03T10:30:00Z', ['in']],
    ['4 h after the end the clock-out is still possible', '2026-11-03T14:30:00Z', ['in']],
    ['after that both are missing', '2026-11-03T14:30:01Z', ['in', 'out']],
  ])('%s', (_case, now, missing) => {
    expect(missingClocks(shift, [], at(now))).toEqual(missing);
  });
});

describe('correction requests (签卡): within 2 days, at most 3 approved a month', () => {
  const base = { shift, clocks: [] as Clock[], approvedThisMonth: 0, claimedAt: at('2026-11-03T01:00:00Z') };
  it.each([
    ['a clock-in, right after the start', 'in', '2026-11-03T01:00:00Z', {}, null],
    ['a clock-in, before the start', 'in', '2026-11-03T00:59:59Z', {}, 'correction_not_due'],
    ['a clock-out, before the end', 'out', '2026-11-03T10:29:59Z', {}, 'correction_not_due'],
    ['a clock-in, exactly 2 days after the start', 'in', '2026-11-05T01:00:00Z', {}, null],
    ['a clock-in, 2 days and a second after', 'in', '2026-11-05T01:00:01Z', {}, 'correction_too_late'],
    ['a clock-out, 2 days after the end', 'out', '2026-11-05T10:30:00Z', { claimedAt: at('2026-11-03T10:35:00Z') }, null],
    ['a clock that is there', 'in', '2026-11-03T12:00:00Z', { clocks: [clk('in', '2026-11-03T00:50:00Z')] }, 'correction_not_missing'],
    ['3 approved already this month', 'in', '2026-11-03T12:00:00Z', { approvedThisMonth: 3 }, 'correction_monthly_limit'],
    ['2 approved already this month', 'in', '2026-11-03T12:00:00Z', { approvedThisMonth: 2 }, null],
    ['a claimed time far from the shift', 'in', '2026-11-03T12:00:00Z', { claimedAt: at('2026-11-03T20:00:00Z') }, 'correction_claimed_outside'],
  ] as const)('%s', (_case, kind, now, extra, refusal) => {
    expect(correctionRefusal({ ...base, ...extra, kind, now: at(now) })).toBe(refusal);
  });

  it('the deadline is 2 days after the clock was due', () => {
    expect(correctionDeadline(shift, 'in')).toEqual(at('2026-11-05T01:00:00Z'));
    expect(correctionDeadline(shift, 'out')).toEqual(at('2026-11-05T10:30:00Z'));
  });

  it.each([
    [0, null],
    [2, null],
    [3, 'correction_monthly_limit'],
  ] as const)('approving with %i approved already → %s', (count, refusal) => {
    expect(approvalRefusal(count)).toBe(refusal);
  });
});

describe('what a shift comes to (G01, G02)', () => {
  const both = [clk('in', '2026-11-03T00:58:00Z'), clk('out', '2026-11-03T10:33:00Z')];
  const onlyIn = [clk('in', '2026-11-03T00:58:00Z')];
  const later = '2026-11-06T00:00:00Z';
  const approvedOut: CorrectionRecord[] = [{ kind: 'out', status: 'approved' }];
  it.each([
    ['excused (leave or swap)', [], [], true, false, later, { rule: null, why: 'excused' }],
    ['still going', [], [], false, false, '2026-11-03T05:00:00Z', { rule: null, why: 'in_progress' }],
    ['both clocks', both, [], false, true, later, { rule: null, why: 'present' }],
    ['clock-out missing, correction approved', onlyIn, approvedOut, false, true, later, { rule: null, why: 'explained' }],
    ['clock-out missing, correction waiting', onlyIn, [{ kind: 'out', status: 'pending' }], false, true, later, { rule: null, why: 'pending' }],
    ['clock-out missing, 2 days not over', onlyIn, [], false, true, '2026-11-05T10:30:00Z', { rule: null, why: 'time_to_explain' }],
    ['clock-out missing, 2 days over → G01', onlyIn, [], false, true, '2026-11-05T10:30:01Z', { rule: 'G01', missing: ['out'] }],
    ['clock-out missing, correction refused → G01', onlyIn, [{ kind: 'out', status: 'refused' }], false, true, later, { rule: 'G01', missing: ['out'] }],
    ['no clock, seen online → G01 for both', [], [], false, true, later, { rule: 'G01', missing: ['in', 'out'] }],
    ['no clock, never seen → G02', [], [], false, false, later, { rule: 'G02' }],
    ['no clock, never seen, clock-in explained → G01 for the clock-out', [], [{ kind: 'in', status: 'approved' }], false, false, later, { rule: 'G01', missing: ['out'] }],
  ] as const)('%s', (_case, clocks, corrections, excused, seen, now, outcome) => {
    expect(judgeShift({ shift, clocks, corrections, excused, seenDuringShift: seen, now: at(now) })).toEqual(outcome);
  });
});
