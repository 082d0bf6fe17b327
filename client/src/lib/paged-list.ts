import { useCallback, useEffect, useRef, useState } from 'react';

/** One page of a list read newest first; `nextBefore` is the id the next page starts below. */
export interface Paged<T> {
  items: T[];
  nextBefore: number | null;
}

/** A page the size of one request by default; a reload fetches what is on screen, up to the API's most. */
const PAGE = 50;
const MAX_PAGE = 200;

/** A further page appended to what is shown, without showing an item twice. Pure. */
export function appendPage<T extends { id: number }>(shown: readonly T[], more: readonly T[]): T[] {
  const known = new Set(shown.map((item) => item.id));
  return [...shown, ...more.filter((item) => !known.has(item.id))];
}

/**
 * A list read page by page and reloaded when it changes elsewhere: the latest request wins
 * (a filter changed meanwhile), and a reload fetches as many items as are on screen, so a
 * live refresh does not shrink what the person scrolled to. `fetchPage` is memoised by the
 * caller on its filters: a new one starts the list afresh.
 */
export function usePagedList<T extends { id: number }>(fetchPage: (page: { before?: number; limit: number }) => Promise<Paged<T>>) {
  const [page, setPage] = useState<Paged<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef(0);
  const shown = useRef(0);

  const load = useCallback(
    (limit: number = PAGE) => {
      const request = ++latest.current;
      setError(null);
      fetchPage({ limit }).then(
        (loaded) => {
          if (request !== latest.current) return;
          shown.current = loaded.items.length;
          setPage(loaded);
        },
        (caught: unknown) => request === latest.current && setError(caught),
      );
    },
    [fetchPage],
  );

  useEffect(() => {
    setPage(null);
    load();
  }, [load]);

  /** Reloads what is shown (`extra`: room for items just added). */
  const reload = useCallback((extra = 0) => load(Math.min(MAX_PAGE, Math.max(PAGE, shown.current + extra))), [load]);

  const loadMore = useCallback(async () => {
    const before = page?.nextBefore;
    if (!before) return;
    const request = latest.current;
    setLoadingMore(true);
    try {
      const more = await fetchPage({ before, limit: PAGE });
      if (request !== latest.current) return;
      setPage((current) => {
        if (!current) return current;
        const items = appendPage(current.items, more.items);
        shown.current = items.length;
        return { items, nextBefore: more.nextBefore };
      });
    } catch (caught) {
      setError(caught);
    } finally {
      setLoadingMore(false);
    }
  }, [page, fetchPage]);

  /** Shows a changed item at once, before the reload that follows confirms it. */
  const replace = useCallback((item: T) => setPage((current) => (current ? { ...current, items: current.items.map((i) => (i.id === item.id ? item : i)) } : current)), []);
  /** Shows a new item at once, on top. */
  const prepend = useCallback((item: T) => setPage((current) => (current ? { ...current, items: appendPage([item], current.items) } : current)), []);

  return { page, error, loadingMore, retry: () => load(), reload, loadMore, replace, prepend };
}
