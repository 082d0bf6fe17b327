import type { ServerToClientEvents } from '@kefu/shared/events';
import { useEffect, useRef } from 'react';
import { useStaffSocket, useStaffSocketEvent } from './socket.context.tsx';

/** Events come in bursts (a printer moving a batch of orders): one refetch per burst. */
const SETTLE_MS = 200;

/**
 * Refetches when the console socket announces a change that `matches` (the events carry ids
 * and versions, never the records), and after every reconnect, since events sent while the
 * socket was down are lost. `refetch` may be a fresh closure on every render.
 */
export function useRefetchOn<E extends keyof ServerToClientEvents>(
  event: E,
  matches: (...args: Parameters<ServerToClientEvents[E]>) => boolean,
  refetch: () => void,
): void {
  const socket = useStaffSocket();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  function schedule() {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), SETTLE_MS);
  }
  useStaffSocketEvent(event, (...args) => {
    if (matches(...args)) schedule();
  });
  useEffect(() => {
    if (!socket) return;
    // The first connect is the page's own load; only later ones follow a gap.
    let connectedBefore = socket.connected;
    const onConnect = () => {
      if (connectedBefore) schedule();
      connectedBefore = true;
    };
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket]);
}
