/**
 * The order of the after-sale list: open cases first (they are the work), newest first within
 * each. Pure.
 */
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';

export function openFirst<T extends Pick<AfterSaleCase, 'id' | 'status'>>(cases: readonly T[]): T[] {
  return cases.toSorted((a, b) => (a.status === b.status ? b.id - a.id : a.status === 'open' ? -1 : 1));
}
