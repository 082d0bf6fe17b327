import { ALERT_READERS } from '@kefu/shared/domain/orders/alerts';
import { Alert, AlertDone, AlertsList, AlertsQuery } from '@kefu/shared/schemas/alerts';
import { IdParams } from '@kefu/shared/schemas/common';
import type { Api } from '../../platform/http.ts';
import type { AlertsService } from './alerts.service.ts';

const TAG = 'alerts';

/** The printers' alert channel (订单跟踪; docs/orders.md "Alerts"). Claim and done check the alert's audience. */
export function alertsRoutes(api: Api, alerts: AlertsService): void {
  api.route(
    {
      method: 'get',
      path: '/api/alerts',
      summary: 'Alerts in one status (open by default): urgent first, then the oldest; the supervisor sees all, others those for their roles or asked by them',
      tag: TAG,
      access: ALERT_READERS,
      query: AlertsQuery,
      response: AlertsList,
    },
    ({ query, actor }) => alerts.list(query, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/alerts/:id/claim',
      summary: 'Claim an open alert: exactly one printer wins; the other gets 409 whose error.details.claimedBy names who has it',
      tag: TAG,
      access: ['supervisor', 'printer', 'aftersale', 'warehouse'],
      params: IdParams,
      response: Alert,
    },
    ({ params, actor }) => alerts.claim(params.id, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/alerts/:id/done',
      summary: 'Close a claimed alert with the reply (required): it reaches the asking agent live and the order’s notes',
      tag: TAG,
      access: ['supervisor', 'printer', 'aftersale', 'warehouse'],
      params: IdParams,
      body: AlertDone,
      response: Alert,
    },
    ({ params, body, actor }) => alerts.done(params.id, body.reply, actor, body.wrongInfo),
  );
}
