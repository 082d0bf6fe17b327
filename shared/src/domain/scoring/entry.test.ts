import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { Role } from '../staff/roles.ts';
import type { RuleCode } from './catalogue.ts';
import { resolveEntryInput, type EntryInput } from './entry.ts';

const staff = (...roles: Role[]) => ({ roles, active: true });
const presale = staff('presale');
const aftersale = staff('aftersale');

describe('resolveEntryInput: what is stored', () => {
  it.each<[string, RuleCode, EntryInput, ReturnType<typeof staff>, { points: number | null; amountFen: number | null }]>([
    ['a fixed penalty stores its points', 'G05', {}, presale, { points: -3, amountFen: null }],
    ['a fixed reward stores its points', 'G11', {}, staff('warehouse'), { points: 5, amountFen: null }],
    ['absent amounts may come as null', 'G09', { points: null, amountFen: null }, presale, { points: -1, amountFen: null }],
    ['G01 is money only, from the catalogue', 'G01', {}, presale, { points: null, amountFen: null }],
    ['G03a is money only', 'G03a', {}, presale, { points: null, amountFen: null }],
    ['G04 is the day wage, computed at settlement', 'G04', {}, presale, { points: null, amountFen: null }],
    ['G06 with the fewest points', 'G06', { points: 3 }, presale, { points: 3, amountFen: null }],
    ['G06 with the most points', 'G06', { points: 20 }, presale, { points: 20, amountFen: null }],
    ['G06 as a cash reward instead', 'G06', { amountFen: 5_000 }, presale, { points: null, amountFen: 5_000 }],
    ['G07 stores no points: they depend on the order', 'G07', {}, presale, { points: null, amountFen: null }],
    ['A04 stores −2 and the postage', 'A04', { amountFen: 1_200 }, aftersale, { points: -2, amountFen: 1_200 }],
    ['S01 on the supervisor', 'S01', {}, staff('supervisor'), { points: -3, amountFen: null }],
    ['P04 on someone holding presale among roles', 'P04', {}, staff('aftersale', 'presale'), { points: -1, amountFen: null }],
    ['R01 on a printer', 'R01', {}, staff('printer'), { points: -2, amountFen: null }],
    ['a general rule on the supervisor', 'G15', {}, staff('supervisor'), { points: -5, amountFen: null }],
  ])('%s (%s)', (_, code, input, who, expected) => {
    expect(resolveEntryInput(code, input, who)).toEqual(expected);
  });
});

describe('resolveEntryInput: what is refused', () => {
  it.each<[string, RuleCode, EntryInput, ReturnType<typeof staff>, string, RegExp]>([
    ['points for a fixed rule', 'G05', { points: -3 }, presale, 'points', /fixed points/],
    ['points for a money-only rule', 'G01', { points: -1 }, presale, 'points', /money only/],
    ['points for G07', 'G07', { points: -3 }, presale, 'points', /depend on how many times/],
    ['G06 with neither points nor cash', 'G06', {}, presale, 'points', /from 3 to 20 are required/],
    ['G06 below the range', 'G06', { points: 2 }, presale, 'points', /from 3 to 20, got 2/],
    ['G06 above the range', 'G06', { points: 21 }, presale, 'points', /from 3 to 20, got 21/],
    ['G06 with a fraction of a point', 'G06', { points: 3.5 }, presale, 'points', /whole number/],
    ['G06 as a penalty', 'G06', { points: -5 }, presale, 'points', /from 3 to 20/],
    ['G06 with both points and cash', 'G06', { points: 5, amountFen: 1_000 }, presale, 'points', /not both/],
    ['G06 with no cash', 'G06', { amountFen: 0 }, presale, 'amountFen', /positive/],
    ['A04 without the postage', 'A04', {}, aftersale, 'amountFen', /required/],
    ['A04 with no postage', 'A04', { amountFen: 0 }, aftersale, 'amountFen', /positive/],
    ['A04 with negative postage', 'A04', { amountFen: -500 }, aftersale, 'amountFen', /positive/],
    ['A04 with a fraction of a fen', 'A04', { amountFen: 10.5 }, aftersale, 'amountFen', /whole number/],
    ['A04 with points', 'A04', { amountFen: 500, points: -2 }, aftersale, 'points', /fixed points/],
    ['an amount for G01 (its fine is fixed)', 'G01', { amountFen: 3_000 }, presale, 'amountFen', /takes no amountFen/],
    ['an amount for G04 (the day wage is computed)', 'G04', { amountFen: 20_000 }, presale, 'amountFen', /takes no amountFen/],
    ['an amount for a points rule', 'G05', { amountFen: 100 }, presale, 'amountFen', /takes no amountFen/],
    ['a supervisor rule on a pre-sale agent', 'S01', {}, presale, 'staffId', /role supervisor/],
    ['an after-sale rule on a pre-sale agent', 'A01', {}, presale, 'staffId', /role aftersale/],
    ['a pre-sale rule on an after-sale agent', 'P01', {}, aftersale, 'staffId', /role presale/],
    ['a printer rule on a warehouse clerk', 'R02', {}, staff('warehouse'), 'staffId', /role printer/],
    ['M01, computed at month end', 'M01', {}, presale, 'rule', /month-end/],
    ['M02, computed at month end', 'M02', {}, presale, 'rule', /month-end/],
    ['M03, even on the supervisor', 'M03', {}, staff('supervisor'), 'rule', /month-end/],
    ['M04, even on the supervisor', 'M04', {}, staff('supervisor'), 'rule', /month-end/],
    ['anything on a day the person was not employed', 'G05', {}, { roles: ['presale'], active: false }, 'occurredAt', /not employed/],
    ['anything on a manager', 'G05', {}, staff('manager'), 'staffId', /managers/],
  ])('refuses %s', (_, code, input, who, field, message) => {
    let thrown: unknown;
    try {
      resolveEntryInput(code, input, who);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(new RegExp(`^${code}: `));
    expect(error.message).toMatch(message);
    expect(error.details).toEqual({ field, rule: code });
  });
});
