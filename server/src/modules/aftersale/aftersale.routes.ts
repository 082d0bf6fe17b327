import { CASE_READERS, CASE_WRITERS } from '@kefu/shared/domain/aftersale/cases';
import {
  AddPhotos,
  AfterSaleCase,
  Arrival,
  ArrivalResult,
  BuyerPhotos,
  BuyerPhotosQuery,
  CaseDetail,
  CasePhotoParams,
  CasesPage,
  CasesQuery,
  CloseCase,
  EarlyShipApproval,
  ExchangeShipped,
  Inspection,
  NewCase,
  PostageRefund,
  RefundCase,
  RejectCase,
  ReturnTracking,
  Tick,
  UpdateCase,
} from '@kefu/shared/schemas/aftersale';
import { IdParams } from '@kefu/shared/schemas/common';
import type { Role } from '@kefu/shared/domain/staff/roles';
import type { Response } from 'express';
import type { Api } from '../../platform/http.ts';
import type { AftersaleService } from './aftersale.service.ts';

const TAG = 'aftersale';
/** The warehouse signs returns back (已验收). */
const RECEIVERS: readonly Role[] = ['supervisor', 'warehouse', 'printer'];
/** The printer records the exchange's waybill; after-sale may too, as the rulebook has it (售后 ⑥). */
const EXCHANGE_SHIPPERS: readonly Role[] = ['supervisor', 'aftersale', 'printer'];
const SUPERVISOR: readonly Role[] = ['supervisor'];

function sendPhoto(res: Response, image: { path: string; mime: string }): Promise<void> {
  res.setHeader('Content-Type', image.mime);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', 'inline');
  res.setHeader('Cache-Control', 'private, max-age=86400');
  return new Promise((resolve, reject) => res.sendFile(image.path, { headers: { 'Content-Type': image.mime } }, (err) => (err ? reject(err) : resolve())));
}

/** `resolve` turns a stored image path into the file (the chat's image store). */
export function aftersaleRoutes(api: Api, cases: AftersaleService, resolve: (stored: string) => string): void {
  api.route({ method: 'get', path: '/api/aftersale/cases/:id/photos/:imageId', summary: "A photo of the case (from the buyer's chat), for everyone who reads the registry", tag: TAG, access: CASE_READERS, params: CasePhotoParams }, async ({ params, res }) => {
    const photo = await cases.photo(params.id, params.imageId);
    await sendPhoto(res, { path: resolve(photo.path), mime: photo.mime });
  });
  api.route(
    { method: 'get', path: '/api/aftersale/buyer-photos', summary: "The pictures a buyer sent in their chats, to pick a case's photos from", tag: TAG, access: CASE_WRITERS, query: BuyerPhotosQuery, response: BuyerPhotos },
    ({ query }) => cases.buyerPhotos(query.buyerId),
  );
  api.route(
    { method: 'get', path: '/api/aftersale/cases', summary: 'The registry, newest first: by state, kind, agent, buyer, order, tracking number, days opened, postage to refund', tag: TAG, access: CASE_READERS, query: CasesQuery, response: CasesPage },
    ({ query }) => cases.list(query),
  );
  api.route(
    { method: 'get', path: '/api/aftersale/cases/export.csv', summary: 'The registry as CSV (UTF-8 with BOM), with the same filters as the list (up to 200 rows)', tag: TAG, access: CASE_READERS, query: CasesQuery },
    async ({ query, res }) => {
      const csv = await cases.exportCsv(query);
      res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="aftersale-registry.csv"').send(csv);
    },
  );
  api.route(
    { method: 'get', path: '/api/aftersale/cases/print', summary: 'The printable 售后登记表 (HTML, A4 landscape, a signature column), with the same filters as the list', tag: TAG, access: CASE_READERS, query: CasesQuery },
    async ({ query, res }) => {
      const html = await cases.printView(query);
      res
        .set('Cache-Control', 'no-store')
        .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
        .type('html')
        .send(html);
    },
  );
  api.route(
    { method: 'get', path: '/api/aftersale/cases/:id', summary: 'A case with its whole story: photos, checklist ticks, events', tag: TAG, access: CASE_READERS, params: IdParams, response: CaseDetail },
    ({ params }) => cases.detail(params.id),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases', summary: 'Register a case on an order, linked to its chat and photos (one active case per order; postage rules A02–A04)', tag: TAG, access: CASE_WRITERS, body: NewCase, status: 201, response: AfterSaleCase },
    ({ body, actor }) => cases.open(body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/details', summary: 'Change the registry details (quality, where, postage, wanted item); guarded by the version', tag: TAG, access: CASE_WRITERS, params: IdParams, body: UpdateCase, response: AfterSaleCase },
    ({ params, body, actor }) => cases.update(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/photos', summary: "Attach photos from this buyer's chat (A04)", tag: TAG, access: CASE_WRITERS, params: IdParams, body: AddPhotos, response: CaseDetail },
    ({ params, body, actor }) => cases.addPhotos(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/ticks', summary: 'Tick a checklist item (A05–A07), linked to the chat message that said it', tag: TAG, access: CASE_WRITERS, params: IdParams, body: Tick, response: CaseDetail },
    ({ params, body, actor }) => cases.tick(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/return-tracking', summary: "Enter the return's courier and tracking number the buyer gave (A01)", tag: TAG, access: CASE_WRITERS, params: IdParams, body: ReturnTracking, response: AfterSaleCase },
    ({ params, body, actor }) => cases.recordReturnTracking(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/received', summary: 'The parcel is back: the warehouse inspects and signs 已验收 (an exchange alerts the printers)', tag: TAG, access: RECEIVERS, params: IdParams, body: Inspection, response: AfterSaleCase },
    ({ params, body, actor }) => cases.markReceived(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/arrivals', summary: 'A parcel at the warehouse: matched by tracking number or buyer and signed 已验收, else handed to after-sale', tag: TAG, access: ['supervisor', 'warehouse'], body: Arrival, response: ArrivalResult },
    ({ body, actor }) => cases.arrival(body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/refund', summary: 'Refunded, after the goods came back (a refund-only case at once)', tag: TAG, access: CASE_WRITERS, params: IdParams, body: RefundCase, response: AfterSaleCase },
    ({ params, body, actor }) => cases.refund(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/postage-refund', summary: 'The postage a quality case’s buyer advanced, refunded once the return is received', tag: TAG, access: CASE_WRITERS, params: IdParams, body: PostageRefund, response: AfterSaleCase },
    ({ params, body, actor }) => cases.refundPostage(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/early-ship', summary: 'The supervisor approves shipping an exchange before the return arrived, with the reason', tag: TAG, access: SUPERVISOR, params: IdParams, body: EarlyShipApproval, response: AfterSaleCase },
    ({ params, body, actor }) => cases.approveEarlyShip(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/exchange-shipped', summary: "The exchange's courier and tracking number (never before the return is received unless approved)", tag: TAG, access: EXCHANGE_SHIPPERS, params: IdParams, body: ExchangeShipped, response: AfterSaleCase },
    ({ params, body, actor }) => cases.recordExchangeShipped(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/reject', summary: 'Reject a case with the reason', tag: TAG, access: CASE_WRITERS, params: IdParams, body: RejectCase, response: AfterSaleCase },
    ({ params, body, actor }) => cases.reject(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/close', summary: 'Close a case with how it ended; guarded by its version', tag: TAG, access: CASE_WRITERS, params: IdParams, body: CloseCase, response: AfterSaleCase },
    ({ params, body, actor }) => cases.close(params.id, body, actor),
  );
}
