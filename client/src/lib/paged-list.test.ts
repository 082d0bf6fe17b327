import { describe, expect, it } from 'vitest';
import { appendPage } from './paged-list.ts';

describe('a list read page by page', () => {
  it('appends a further page without doubling an item that moved between pages', () => {
    expect(appendPage([{ id: 9 }, { id: 8 }], [{ id: 8 }, { id: 7 }]).map((c) => c.id)).toEqual([9, 8, 7]);
  });

  it('puts a new item on top once', () => {
    expect(appendPage([{ id: 10 }], [{ id: 9 }, { id: 10 }]).map((c) => c.id)).toEqual([10, 9]);
  });
});
