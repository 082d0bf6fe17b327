import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import { PARCEL_READERS, PARCEL_WRITERS, RECALL_READERS, RECALL_SIGNERS, RECALL_WRITERS } from '@kefu/shared/domain/recall/recall';
import { DifficultParcel, NewParcel, NewSlip, ParcelFollowUp, ParcelsList, ParcelsQuery, RecallSlip, SlipReceipt, SlipSignature, SlipsPage, SlipsQuery, SlipViewQuery } from '@kefu/shared/schemas/recall';
import type { Api } from '../../platform/http.ts';
import type { ParcelsService } from './parcels.service.ts';
import { presentSlip, type RecallService } from './recall.service.ts';
import { renderSlipView } from './recall.view.ts';

const TAG = 'recall';

export function recallRoutes(api: Api, recall: RecallService, parcels: ParcelsService, tz: string): void {
  api.route(
    { method: 'get', path: '/api/recall/slips', summary: 'Courier recall slips, newest first, by status or order', tag: TAG, access: RECALL_READERS, query: SlipsQuery, response: SlipsPage },
    ({ query }) => recall.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/api/recall/slips',
      summary: 'Recall a shipped parcel: opens (or uses) its recall case and numbers the two-part slip (unique, sequential per shop day)',
      tag: TAG,
      access: RECALL_WRITERS,
      body: NewSlip,
      status: 201,
      response: RecallSlip,
    },
    ({ body, actor }) => recall.create(body, actor),
  );
  api.route(
    { method: 'get', path: '/api/recall/slips/:id', summary: 'One recall slip', tag: TAG, access: RECALL_READERS, params: IdParams, response: RecallSlip },
    async ({ params }) => presentSlip(await recall.slip(params.id)),
  );
  api.route(
    { method: 'get', path: '/api/recall/slips/:id/view', summary: 'The two-part slip as a print view (A4 halves or A5), the original tracking number as a barcode', tag: TAG, access: RECALL_READERS, params: IdParams, query: SlipViewQuery, response: z.string() },
    async ({ params, query, res }) => {
      const slip = await recall.slip(params.id);
      res
        .set('Cache-Control', 'no-store')
        .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
        .type('html')
        .send(renderSlipView(slip, query, tz));
    },
  );
  api.route(
    { method: 'post', path: '/api/recall/slips/:id/signature', summary: "The printer records the courier's signature on part 1 (name; the time is now)", tag: TAG, access: RECALL_SIGNERS, params: IdParams, body: SlipSignature, response: RecallSlip },
    ({ params, body, actor }) => recall.sign(params.id, body, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/recall/slips/:id/received',
      summary: 'The parcel is back: 原包裹已收到 signed with name and date, the order returned, stock taken back, after-sale alerted to refund',
      tag: TAG,
      access: RECALL_SIGNERS,
      params: IdParams,
      body: SlipReceipt,
      response: RecallSlip,
    },
    ({ params, body, actor }) => recall.receive(params.id, body, actor),
  );
  api.route(
    { method: 'get', path: '/api/recall/parcels', summary: 'Difficult parcels (疑难件): open ones by their next follow-up date', tag: TAG, access: PARCEL_READERS, query: ParcelsQuery, response: ParcelsList },
    ({ query }) => parcels.list(query),
  );
  api.route(
    { method: 'post', path: '/api/recall/parcels', summary: 'Register a difficult parcel (forwarded, lost, re-sent) with the date of its first follow-up', tag: TAG, access: PARCEL_WRITERS, body: NewParcel, status: 201, response: DifficultParcel },
    ({ body, actor }) => parcels.create(body, actor),
  );
  api.route(
    { method: 'post', path: '/api/recall/parcels/:id/follow-ups', summary: 'A dated follow-up: the next date, or delivered / returned', tag: TAG, access: PARCEL_WRITERS, params: IdParams, body: ParcelFollowUp, status: 201, response: DifficultParcel },
    ({ params, body, actor }) => parcels.followUp(params.id, body, actor),
  );
}
