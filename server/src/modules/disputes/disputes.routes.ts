import { IdParams } from '@kefu/shared/schemas/common';
import { DISPUTE_READERS, DISPUTE_REMINDERS, DISPUTE_WRITERS } from '@kefu/shared/domain/disputes/disputes';
import { Dispute, DisputeHandled, DisputeOutcomeInput, DisputeRecovery, DisputeReminder, DisputeSettings, DisputesList, DisputesQuery, NewDispute } from '@kefu/shared/schemas/disputes';
import type { Api } from '../../platform/http.ts';
import type { DisputesService } from './disputes.service.ts';

const TAG = 'disputes';

export function disputesRoutes(api: Api, disputes: DisputesService): void {
  api.route(
    { method: 'get', path: '/api/disputes', summary: "The supervisor's daily board: open refunds and disputes by time left (open=0: the ended ones)", tag: TAG, access: DISPUTE_READERS, query: DisputesQuery, response: DisputesList },
    ({ query }) => disputes.list(query),
  );
  api.route(
    { method: 'post', path: '/api/disputes', summary: "Enter a refund (退款中) or dispute (维权中) with the marketplace's deadline (the setting's default when not given)", tag: TAG, access: DISPUTE_WRITERS, body: NewDispute, status: 201, response: Dispute },
    ({ body, actor }) => disputes.create(body, actor),
  );
  api.route(
    { method: 'get', path: '/api/disputes/settings', summary: 'The default deadlines in hours (auto-refund, dispute response)', tag: TAG, access: DISPUTE_READERS, response: DisputeSettings },
    () => disputes.settings(),
  );
  api.route(
    { method: 'put', path: '/api/disputes/settings', summary: 'Change the default deadlines (supervisor)', tag: TAG, access: ['supervisor'], body: DisputeSettings, response: DisputeSettings },
    ({ body, actor }) => disputes.saveSettings(body, actor),
  );
  api.route(
    { method: 'post', path: '/api/disputes/:id/handled', summary: 'The agent answered the marketplace or the buyer (handled; before the deadline is in time)', tag: TAG, access: DISPUTE_WRITERS, params: IdParams, body: DisputeHandled, response: Dispute },
    ({ params, body, actor }) => disputes.handled(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/disputes/:id/outcome', summary: 'How it ended: refunded, goods returned, paid in full or half, dispute won or lost', tag: TAG, access: DISPUTE_WRITERS, params: IdParams, body: DisputeOutcomeInput, response: Dispute },
    ({ params, body, actor }) => disputes.outcome(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/disputes/:id/recovery', summary: 'After a refund without the goods: the goods came back or the buyer paid in full (withdraws a pending A09)', tag: TAG, access: DISPUTE_WRITERS, params: IdParams, body: DisputeRecovery, response: Dispute },
    ({ params, body, actor }) => disputes.recovered(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/disputes/:id/reminders', summary: 'Remind the responsible agent (one click on the board): a live notification in their console, recorded', tag: TAG, access: DISPUTE_REMINDERS, params: IdParams, body: DisputeReminder, status: 201, response: Dispute },
    ({ params, body, actor }) => disputes.remind(params.id, body.note, actor),
  );
}
