import { describe, expect, it } from 'vitest';
import { Id, IdParam, QueryInt } from './common.ts';

describe('ids are strictly digits (issue 12)', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['9007199254740991', 9007199254740991],
  ])('the path or query id %j is %d', (raw, id) => {
    expect(IdParam.parse(raw)).toBe(id);
  });

  it.each([' 1', '1 ', '0x10', '1e3', '+1', '-1', '01', '0', '1.0', '', '١', '9007199254740993', '99999999999999999'])('the path or query id %j is refused', (raw) => {
    expect(IdParam.safeParse(raw).success).toBe(false);
  });

  it.each([1, 2, 123456])('the JSON id %j is accepted', (id) => {
    expect(Id.parse(id)).toBe(id);
  });

  it.each(['2', [2], 1.5, 0, -3, null, true, Number.NaN, 2 ** 60])('the JSON id %j is refused (a number is due)', (value) => {
    expect(Id.safeParse(value).success).toBe(false);
  });

  it.each([
    ['0', true],
    ['200', true],
    ['201', false],
    ['1e2', false],
    [' 5', false],
    ['0x5', false],
    ['5.0', false],
  ])('QueryInt(0, 200) of %j accepted: %s', (raw, ok) => {
    expect(QueryInt(0, 200).safeParse(raw).success).toBe(ok);
  });
});
