import { IdParams } from '@kefu/shared/schemas/common';
import { z } from 'zod';
import { ExchangeFollowUp, ExchangeShipment, ExchangesList, ExchangeViewQuery } from '@kefu/shared/schemas/exchanges';
import type { Role } from '@kefu/shared/domain/staff/roles';
import type { Api } from '../../platform/http.ts';
import type { ExchangesService } from './exchanges.service.ts';

const TAG = 'exchanges';
const READERS: readonly Role[] = ['supervisor', 'aftersale', 'printer'];
/** The printer prints the exchange waybill and enters its number (打单 ⑥); the supervisor may too. */
const PRINTERS: readonly Role[] = ['supervisor', 'printer'];
/** After-sale tells the buyer and follows up. */
const AGENTS: readonly Role[] = ['supervisor', 'aftersale'];

export function exchangesRoutes(api: Api, exchanges: ExchangesService): void {
  api.route(
    { method: 'get', path: '/api/exchanges', summary: 'Exchanges to print and ship (return received) and those shipped, with their day batch label, the buyer told, the follow-up', tag: TAG, access: READERS, response: ExchangesList },
    () => exchanges.list(),
  );
  api.route(
    {
      method: 'get',
      path: '/api/exchanges/view',
      summary: "The printable exchange waybill of one exchange, or the day's exchange batch behind its label 换货 YYYY.MM.DD 姓名 (Code 128 barcode; the full phone, audited)",
      tag: TAG,
      access: READERS,
      query: ExchangeViewQuery,
      response: z.string(),
    },
    async ({ query, actor, res }) => {
      const html = await exchanges.view(query, actor);
      res
        .set('Cache-Control', 'no-store')
        .set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
        .type('html')
        .send(html);
    },
  );
  api.route(
    { method: 'post', path: '/api/exchanges/:id/printed', summary: "The printer printed the exchange waybill (today's exchange batch, 换货 YYYY.MM.DD 姓名)", tag: TAG, access: PRINTERS, params: IdParams, response: ExchangesList },
    ({ params, actor }) => exchanges.printed(params.id, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/exchanges/:id/shipped',
      summary: "The exchange's tracking number: recorded on the case, the order's 换货已发出 note, the agent notified, the follow-up set",
      tag: TAG,
      access: PRINTERS,
      params: IdParams,
      body: ExchangeShipment,
      response: ExchangesList,
    },
    ({ params, body, actor }) => exchanges.shipped(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/exchanges/:id/tell-buyer', summary: "One click: the exchange's tracking number sent to the buyer in their chat, once", tag: TAG, access: AGENTS, params: IdParams, response: ExchangesList },
    ({ params, actor }) => exchanges.tellBuyer(params.id, actor),
  );
  api.route(
    { method: 'post', path: '/api/exchanges/:id/follow-up', summary: 'The follow-up: did the exchange arrive', tag: TAG, access: AGENTS, params: IdParams, body: ExchangeFollowUp, response: ExchangesList },
    ({ params, body, actor }) => exchanges.followUp(params.id, body.note, actor),
  );
}
