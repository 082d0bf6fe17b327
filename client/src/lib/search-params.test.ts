import { describe, expect, it } from 'vitest';
import { oneOf, withParams } from './search-params.ts';

describe('filters in the address', () => {
  it.each([
    ['open', 'open'],
    ['lost', undefined],
    [null, undefined],
  ])('reads %s as %s', (value, expected) => {
    expect(oneOf(['open', 'closed'] as const, value)).toBe(expected);
  });

  it('sets, clears and removes keys, keeping the others', () => {
    const next = withParams(new URLSearchParams('status=paid&q=38&new=1'), { q: '', buyer: '小鹿' }, ['new']);
    expect(next.toString()).toBe(new URLSearchParams({ status: 'paid', buyer: '小鹿' }).toString());
  });
});
