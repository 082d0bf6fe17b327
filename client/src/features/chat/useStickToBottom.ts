import { useCallback, useEffect, useRef } from 'react';

/**
 * A message list that follows new messages, unless the reader scrolled up to read older
 * ones. Returns the ref for the scrolling element; `deps` change when something was added.
 */
export function useStickToBottom(deps: readonly unknown[]): (element: HTMLDivElement | null) => void {
  const element = useRef<HTMLDivElement | null>(null);
  const stuck = useRef(true);
  const onScroll = useCallback(() => {
    const el = element.current;
    if (el) stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }, []);
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      element.current?.removeEventListener('scroll', onScroll);
      element.current = el;
      el?.addEventListener('scroll', onScroll, { passive: true });
      if (el) el.scrollTop = el.scrollHeight;
    },
    [onScroll],
  );
  useEffect(() => {
    const el = element.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, deps);
  return ref;
}
