import { useCallback, useEffect, useRef, useState } from 'react';
import { useRefetchOn } from '../../lib/socket-refetch.ts';

/**
 * Loads one roster resource, keeps the last good copy while reloading, and reloads when
 * the server announces `roster:changed` for this month (or for every month).
 */
export function useRosterData<T>(load: () => Promise<T>, month: string | null, deps: readonly unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    run().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(null);
      },
      (cause: unknown) => {
        if (ticket === latest.current) setError(cause);
      },
    );
  }, [run]);
  useEffect(() => {
    setData(null);
    reload();
  }, [reload]);
  useRefetchOn('roster:changed', (payload) => month === null || payload.month === null || payload.month === month, reload);
  return { data, error, reload, setData };
}
