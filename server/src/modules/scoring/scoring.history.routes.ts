import { HistoryQuery, StaffHistory } from '@kefu/shared/schemas/scoring';
import type { Api } from '../../platform/http.ts';
import type { ScoringHistory } from './scoring.history.ts';

/** A person's months side by side (docs/scoring.md "History"). */
export function scoringHistoryRoutes(api: Api, history: ScoringHistory): void {
  api.route(
    {
      method: 'get',
      path: '/api/scoring/history',
      summary: 'A person’s last months (score, net, take-home pay, entries by rule); others’ for supervisors and managers only',
      tag: 'scoring',
      access: 'staff',
      query: HistoryQuery,
      response: StaffHistory,
    },
    ({ query, actor }) => history.of(query, actor),
  );
}
