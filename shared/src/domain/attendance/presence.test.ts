import { describe, expect, it } from 'vitest';
import type { PresenceStatus } from '../../schemas/chat.ts';
import { absencesDuringShift, idleWhileOnline, onShiftAt, presenceTimeline, reminderAt, seenDuring, statusAt } from './presence.ts';

const t = (hhmm: string) => new Date(`2026-11-03T${hhmm}:00Z`);
const iv = (from: string, to: string) => ({ from: t(from), to: t(to) });
const ch = (status: PresenceStatus, hhmm: string) => ({ status, at: t(hhmm) });
// A shift of two parts: 01:00–03:30 and 04:30–10:30 UTC (09:00–11:30, 12:30–18:30 shop time).
const parts = [iv('01:00', '03:30'), iv('04:30', '10:30')];
const fmt = (list: Array<{ from: Date; to: Date }>) => list.map((i) => `${i.from.toISOString().slice(11, 16)}-${i.to.toISOString().slice(11, 16)}`);

describe('the presence timeline', () => {
  it('starts with the status before the window and cuts at each change', () => {
    const line = presenceTimeline('offline', [ch('online', '00:50'), ch('away', '02:00'), ch('online', '02:15'), ch('offline', '11:00')], t('01:00'), t('10:30'));
    expect(line.map((p) => `${p.status}@${p.from.toISOString().slice(11, 16)}`)).toEqual(['online@01:00', 'away@02:00', 'online@02:15']);
    expect(statusAt(line, t('02:05'))).toBe('away');
    expect(statusAt(line, t('10:30'))).toBeNull();
  });
});

describe('G03a: offline or invisible during a shift without permission', () => {
  const minMinutes = 2;
  it.each([
    ['online all along', [ch('online', '00:50')], [], []],
    ['away (a break) is not absence', [ch('online', '00:50'), ch('away', '02:00'), ch('online', '02:40')], [], []],
    ['logged in 20 minutes late', [ch('online', '01:20')], [], ['01:00-01:20']],
    ['offline for an hour mid-morning', [ch('online', '00:50'), ch('offline', '02:00'), ch('online', '03:00')], [], ['02:00-03:00']],
    ['invisible then offline is one occurrence', [ch('online', '00:50'), ch('invisible', '02:00'), ch('offline', '02:30'), ch('online', '03:00')], [], ['02:00-03:00']],
    ['offline over lunch is no occurrence', [ch('online', '00:50'), ch('offline', '03:30'), ch('online', '04:30')], [], []],
    ['offline across lunch: the minutes in each part', [ch('online', '00:50'), ch('offline', '03:00'), ch('online', '05:00')], [], ['03:00-03:30', '04:30-05:00']],
    ['a reload of 1 minute does not count', [ch('online', '00:50'), ch('offline', '02:00'), ch('online', '02:01')], [], []],
    ['offline with permission', [ch('online', '00:50'), ch('invisible', '02:00'), ch('online', '03:00')], [iv('02:00', '03:00')], []],
    ['offline longer than permitted', [ch('online', '00:50'), ch('offline', '02:00'), ch('online', '03:00')], [iv('02:00', '02:30')], ['02:30-03:00']],
  ] as const)('%s', (_case, changes, granted, found) => {
    const timeline = presenceTimeline('offline', changes, t('01:00'), t('10:30'));
    expect(fmt(absencesDuringShift({ parts, timeline, granted, minMinutes }))).toEqual(found);
  });

  it.each([
    ['never online', [], false],
    ['away once', [ch('away', '05:00'), ch('offline', '05:10')], true],
    ['online only over lunch', [ch('online', '03:40'), ch('offline', '04:20')], false],
  ] as const)('seen during the shift: %s', (_case, changes, seen) => {
    expect(seenDuring(parts, presenceTimeline('offline', changes, t('01:00'), t('10:30')))).toBe(seen);
  });
});

describe('G03b: online but not answering', () => {
  const timeline = presenceTimeline('online', [ch('away', '05:00'), ch('online', '05:30')], t('01:00'), t('10:30'));
  it.each([
    ['answered within 3 minutes', '02:00', '02:03', [], '03:00', false],
    ['answered after 4 minutes, no activity', '02:00', '02:04', [], '03:00', true],
    ['unanswered, threshold not reached yet', '02:00', null, [], '02:02', false],
    ['unanswered for long, no activity', '02:00', null, [], '03:00', true],
    ['busy in another chat meanwhile', '02:00', '02:06', ['02:02'], '03:00', false],
    ['activity before the wait does not help', '02:00', '02:06', ['01:59'], '03:00', true],
    ['away (on a break) at the threshold: not G03b', '04:58', '05:10', [], '06:00', false],
  ] as const)('%s', (_case, waitStart, answeredAt, activity, now, idle) => {
    const input = { waitStart: t(waitStart), answeredAt: answeredAt ? t(answeredAt) : null, thresholdMinutes: 3, timeline, activity: activity.map(t), now: t(now) };
    expect(idleWhileOnline(input)).toBe(idle);
  });
});

describe('on shift, reminders', () => {
  it.each([
    ['00:59', false],
    ['01:00', true],
    ['03:30', false],
    ['04:30', true],
    ['10:29', true],
  ])('at %s on shift: %s', (hhmm, on) => {
    expect(onShiftAt(parts, t(hhmm))).toBe(on);
  });
  it('reminds 15 minutes before', () => {
    expect(reminderAt(t('01:00'))).toEqual(t('00:45'));
  });
});
