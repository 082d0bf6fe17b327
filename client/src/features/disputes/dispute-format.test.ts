import { describe, expect, it } from 'vitest';
import { amountFen, timeLeft } from './dispute-format.ts';

const H = 3_600_000;
const M = 60_000;

describe('the time left on the board', () => {
  it.each([
    [30 * H + 5 * M, { overdue: false, hours: 30, minutes: 5, urgency: 'later' }],
    [6 * H, { overdue: false, hours: 6, minutes: 0, urgency: 'later' }],
    [6 * H - 1, { overdue: false, hours: 5, minutes: 59, urgency: 'soon' }],
    [59 * 1000, { overdue: false, hours: 0, minutes: 0, urgency: 'soon' }],
    [-90 * M, { overdue: true, hours: 1, minutes: 30, urgency: 'overdue' }],
  ])('%i ms: %j', (ms, expected) => {
    expect(timeLeft(ms)).toEqual(expected);
  });
});

describe('the amount in yuan', () => {
  it.each([
    ['', undefined],
    ['299', 29_900],
    ['299.5', 29_950],
    ['0.01', 1],
    ['29.999', null],
    ['-5', null],
    ['1e3', null],
  ])('%j is %j fen', (input, expected) => {
    expect(amountFen(input)).toBe(expected);
  });
});
