import type { ServerToClientEvents } from '@kefu/shared/events';
import { useRefetchOn } from '../../lib/socket-refetch.ts';

type ScoringChanged = Parameters<ServerToClientEvents['scoring:changed']>[0];
type LedgerChanged = Parameters<ServerToClientEvents['ledger:changed']>[0];

/**
 * Refetches a scoring page when the console socket says its month changed
 * (`scoring:changed`, `ledger:changed`; docs/scoring.md "Socket events"); the events carry
 * no figures, only what to refetch.
 */
export function useLiveRefresh(matches: { scoring(event: ScoringChanged): boolean; ledger(event: LedgerChanged): boolean }, refetch: () => void): void {
  useRefetchOn('scoring:changed', matches.scoring, refetch);
  useRefetchOn('ledger:changed', matches.ledger, refetch);
}
