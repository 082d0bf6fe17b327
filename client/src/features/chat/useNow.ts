import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (waiting times and "today" labels move on their own). */
export function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
