import { describe, expect, it } from 'vitest';
import { chatHref, complaintHours, complaintHref, defaultSeqs, timeLeftWords, wantedComplaint } from './complaints-format.ts';

describe('complaint links', () => {
  it.each([
    [7, undefined, '/console/chat?conversation=7'],
    [7, 12, '/console/chat?conversation=7&message=12'],
  ])('chat %i message %s → %s', (conversation, seq, href) => {
    expect(chatHref(conversation, seq)).toBe(href);
  });
  it('a complaint opens on its page', () => {
    expect(complaintHref(5)).toBe('/console/complaints?complaint=5');
  });
  it.each([
    ['12', 12],
    ['0', null],
    ['abc', null],
    ['1.5', null],
    [null, null],
  ])('?complaint=%s → %s', (value, id) => {
    expect(wantedComplaint(value)).toBe(id);
  });
});

describe('time left', () => {
  it.each([
    [90 * 60_000, { overdue: false, hours: 1, minutes: 30 }],
    [59_999, { overdue: false, hours: 0, minutes: 0 }],
    [-(2 * 60 + 5) * 60_000, { overdue: true, hours: 2, minutes: 5 }],
  ])('%i ms → %o', (ms, words) => {
    expect(timeLeftWords(ms)).toEqual(words);
  });
});

describe('messages attached by default', () => {
  it.each([
    [[1, 2, 3], [1, 2, 3]],
    [[7, 1, 2, 3, 4, 5, 6], [3, 4, 5, 6, 7]],
    [[], []],
  ])('%o → %o', (seqs, expected) => {
    expect(defaultSeqs(seqs)).toEqual(expected);
  });
});

describe('handling time in hours', () => {
  it.each([
    [null, null],
    [0, '0.0'],
    [4500, '1.3'],
    [90_000, '25.0'],
  ])('%s s → %s h', (seconds, hours) => {
    expect(complaintHours(seconds)).toBe(hours);
  });
});
