import { describe, expect, it } from 'vitest';
import { openFirst } from './case-list.ts';

describe('the after-sale list', () => {
  it('shows open cases first, newest first within open and closed', () => {
    const cases = [
      { id: 9, status: 'closed' as const },
      { id: 8, status: 'open' as const },
      { id: 5, status: 'closed' as const },
      { id: 3, status: 'open' as const },
      { id: 10, status: 'open' as const },
    ];
    expect(openFirst(cases).map((c) => c.id)).toEqual([10, 8, 3, 9, 5]);
  });
});
