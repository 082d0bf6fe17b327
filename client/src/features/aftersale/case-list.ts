/**
 * The order of the after-sale list: open cases first (they are the work), newest first within
 * each. Pure.
 */
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';

export function openFirst<T extends Pick<AfterSaleCase, 'id' | 'status'>>(cases: readonly T[]): T[] {
  return cases.toSorted((a, b) => (a.status === b.status ? b.id - a.id : a.status === 'open' ? -1 : 1));
}

/** A further page appended to what is shown, without showing a case twice. */
export function appendPage<T extends Pick<AfterSaleCase, 'id'>>(shown: readonly T[], more: readonly T[]): T[] {
  const known = new Set(shown.map((c) => c.id));
  return [...shown, ...more.filter((c) => !known.has(c.id))];
}
