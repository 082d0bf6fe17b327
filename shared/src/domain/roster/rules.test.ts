import { describe, expect, it } from 'vitest';
import { coverage, remainingAfter } from './coverage.ts';
import { isAbsence, leaveRefusal, type LeaveFacts, type LeaveStatus } from './leave.ts';
import { swapRefusal, swapsBeyondAllowance, type SwapFacts, type SwapShift } from './swaps.ts';

const now = new Date('2026-11-10T01:00:00Z'); // 09:00 in Shanghai
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe('coverage per shift', () => {
  const templates = [
    { id: 1, group: 'service' },
    { id: 2, group: 'service' },
    { id: 3, group: 'printing' },
  ] as const;
  it.each([
    ['all covered', [[1, 'presale'], [1, 'aftersale'], [2, 'presale'], [2, 'aftersale'], [3, 'printer']], [[], [], []]],
    ['no after-sale on the late shift', [[1, 'presale'], [1, 'aftersale'], [2, 'presale'], [3, 'printer']], [[], ['aftersale'], []]],
    ['nobody at all', [], [['presale', 'aftersale'], ['presale', 'aftersale'], ['printer']]],
    ['a printer on a service shift still prints that day', [[1, 'presale'], [1, 'aftersale'], [1, 'printer'], [2, 'presale'], [2, 'aftersale']], [[], [], []]],
  ] as const)('%s', (_case, cells, missing) => {
    const result = coverage(['2026-11-10'], templates, cells.map(([templateId, role]) => ({ day: '2026-11-10', templateId, role })));
    expect(result.map((r) => r.missing)).toEqual(missing);
  });

  it('counts each role', () => {
    const [early] = coverage(['2026-11-10'], templates, [
      { day: '2026-11-10', templateId: 1, role: 'presale' },
      { day: '2026-11-10', templateId: 1, role: 'presale' },
      { day: '2026-11-11', templateId: 1, role: 'aftersale' },
    ]);
    expect(early!.counts).toEqual({ presale: 2, aftersale: 0, printer: 0 });
  });

  it.each([
    [{ presale: 2, aftersale: 1, printer: 0 }, 'presale', undefined, { presale: 1, aftersale: 1, printer: 0 }],
    [{ presale: 1, aftersale: 1, printer: 0 }, 'presale', 'aftersale', { presale: 0, aftersale: 2, printer: 0 }],
    [{ presale: 0, aftersale: 1, printer: 0 }, 'presale', undefined, { presale: 0, aftersale: 1, printer: 0 }],
  ] as const)('remaining after %o loses a %s', (counts, leaving, joining, expected) => {
    expect(remainingAfter(counts, leaving, joining)).toEqual(expected);
  });
});

describe('swap rules (换班)', () => {
  const shift = (staffId: number, day: string, startsAt: Date, extra: Partial<SwapShift> = {}): SwapShift => ({ staffId, day, role: 'presale', startsAt, holiday: false, fromSwap: false, ...extra });
  const base: SwapFacts = {
    now,
    requesterId: 1,
    colleagueId: 2,
    given: shift(1, '2026-11-12', hours(48)),
    taken: shift(2, '2026-11-14', hours(96)),
    requesterRoles: ['presale'],
    colleagueRoles: ['presale'],
    requesterDays: ['2026-11-10', '2026-11-11', '2026-11-13'],
    colleagueDays: ['2026-11-10', '2026-11-11', '2026-11-13'],
    otherSwapDays: [],
    leaveDays: [],
  };
  it.each([
    ['a fair exchange two days ahead', {}, null],
    ['the same day, shifts exchanged', { taken: shift(2, '2026-11-12', hours(52)) }, null],
    ['with oneself', { colleagueId: 1 }, 'swap_self'],
    ['no shift to give', { given: null }, 'swap_no_shift'],
    ['nothing taken back: that is leave', { taken: null }, 'swap_as_leave'],
    ['leave on the day given', { leaveDays: ['2026-11-12'] }, 'swap_as_leave'],
    ['the colleague already works the day given', { colleagueDays: ['2026-11-12'] }, 'swap_double'],
    ['the requester already works the day taken', { requesterDays: ['2026-11-14'] }, 'swap_double'],
    ['the colleague is no pre-sale agent', { colleagueRoles: ['aftersale'] }, 'swap_role'],
    ['a printer takes a service shift', { taken: shift(2, '2026-11-14', hours(96), { role: 'printer' }) }, 'swap_role'],
    ['the shift given is on a public holiday', { given: shift(1, '2026-11-12', hours(48), { holiday: true }) }, 'swap_holiday'],
    ['the shift taken is on a public holiday', { taken: shift(2, '2026-11-14', hours(96), { holiday: true }) }, 'swap_holiday'],
    ['the shift given has begun', { given: shift(1, '2026-11-10', hours(0)) , requesterDays: [], colleagueDays: [] }, 'swap_too_late'],
    ['a minute before it begins', { given: shift(1, '2026-11-10', new Date(now.getTime() + 60_000)), requesterDays: [], colleagueDays: [] }, null],
    ['the shift taken came from a swap', { taken: shift(2, '2026-11-14', hours(96), { fromSwap: true }) }, 'swap_after_swap'],
    ['another swap the day before', { otherSwapDays: ['2026-11-11'] }, 'swap_after_swap'],
    ['another swap the day after the day taken', { otherSwapDays: ['2026-11-15'] }, 'swap_after_swap'],
    ['another swap two days apart', { otherSwapDays: ['2026-11-09', '2026-11-17'] }, null],
  ] as Array<[string, Partial<SwapFacts>, string | null]>)('%s → %s', (_case, change, refusal) => {
    expect(swapRefusal({ ...base, ...change })).toBe(refusal);
  });

  it.each([
    [0, 0],
    [3, 0],
    [4, 1],
    [6, 3],
  ])('%i approved swaps in a month → %i G14', (count, beyond) => {
    expect(swapsBeyondAllowance(Array.from({ length: count }, (_, i) => i))).toHaveLength(beyond);
  });
});

describe('leave rules (请假)', () => {
  const early = (startsAt: Date, holiday = false) => ({ kind: 'early' as const, startsAt, holiday });
  const base: LeaveFacts = { now, kind: 'ordinary', shift: early(hours(24)), askedOfSupervisor: true };
  it.each([
    ['ordinary, exactly a day ahead', {}, null],
    ['ordinary, 23 hours ahead', { shift: early(hours(23)) }, 'leave_notice'],
    ['emergency, 2 hours ahead', { kind: 'emergency', shift: early(hours(2)) }, null],
    ['emergency, 119 minutes ahead', { kind: 'emergency', shift: early(new Date(hours(2).getTime() - 60_000)) }, 'leave_notice'],
    ['emergency, after the shift began', { kind: 'emergency', shift: early(hours(-1)) }, 'leave_notice'],
    ['a late shift', { shift: { kind: 'late', startsAt: hours(72), holiday: false } }, 'leave_late_shift'],
    ['a public holiday shift', { shift: early(hours(72), true) }, 'leave_holiday'],
    ['asked over the supervisor’s head', { askedOfSupervisor: false }, 'leave_not_supervisor'],
    ['a day without a shift', { shift: null }, 'leave_no_shift'],
  ] as Array<[string, Partial<LeaveFacts>, string | null]>)('%s → %s', (_case, change, refusal) => {
    expect(leaveRefusal({ ...base, ...change })).toBe(refusal);
  });

  it.each([
    ['refused', true, false, true],
    ['void', true, false, true],
    ['asked', true, false, true],
    ['approved', true, false, false],
    ['cancelled', true, false, false],
    ['refused', true, true, false],
    ['refused', false, false, false],
  ] as Array<[LeaveStatus, boolean, boolean, boolean]>)('leave %s, shift ended %s, clocked in %s → absence %s', (leave, shiftEnded, clockedIn, absence) => {
    expect(isAbsence({ leave, shiftEnded, clockedIn })).toBe(absence);
  });
});
