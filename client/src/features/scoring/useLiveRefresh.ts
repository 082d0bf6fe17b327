import type { ServerToClientEvents } from '@kefu/shared/events';
import { useEffect, useRef } from 'react';
import { useStaffSocketEvent } from '../../lib/socket.context.tsx';

type ScoringChanged = Parameters<ServerToClientEvents['scoring:changed']>[0];
type LedgerChanged = Parameters<ServerToClientEvents['ledger:changed']>[0];

/** Events come in bursts (confirming proposals in bulk sends one per entry): one refetch per burst. */
const SETTLE_MS = 200;

/**
 * Refetches a scoring page when the console socket says its month changed
 * (`scoring:changed`, `ledger:changed`; docs/scoring.md "Socket events"); the events carry
 * no figures, only what to refetch.
 */
export function useLiveRefresh(matches: { scoring(event: ScoringChanged): boolean; ledger(event: LedgerChanged): boolean }, refetch: () => void): void {
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
  useStaffSocketEvent('scoring:changed', (event) => matches.scoring(event) && schedule());
  useStaffSocketEvent('ledger:changed', (event) => matches.ledger(event) && schedule());
}
