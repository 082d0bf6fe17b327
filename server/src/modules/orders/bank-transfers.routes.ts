import type { Response } from 'express';
import { IdParams } from '@kefu/shared/schemas/common';
import { BankTransfer, BankTransfersList, NewBankTransfer, TransferCancel, TransferDecision, TransfersQuery } from '@kefu/shared/schemas/bank-transfers';
import { OrderNoParams } from '@kefu/shared/schemas/orders';
import type { Api } from '../../platform/http.ts';
import { readRawBody } from '../chat/chat.images.ts';
import { TRANSFER_CONFIRMERS, TRANSFER_READERS, type BankTransfersService } from './bank-transfers.service.ts';

const TAG = 'orders';

function sendProof(res: Response, image: { path: string; mime: string }): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', 'inline');
  res.setHeader('Cache-Control', 'private, no-store');
  return new Promise((resolve, reject) => res.sendFile(image.path, { headers: { 'Content-Type': image.mime } }, (err) => (err ? reject(err) : resolve())));
}

/** The bank-transfer register (银行转账明细表; docs/orders.md "Bank transfers"). */
export function bankTransfersRoutes(api: Api, transfers: BankTransfersService): void {
  api.route(
    { method: 'get', path: '/api/bank-transfers', summary: 'The register: pending transfers oldest first (with their age), or the confirmed / cancelled ones newest first', tag: TAG, access: TRANSFER_READERS, query: TransfersQuery, response: BankTransfersList },
    ({ query }) => transfers.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/api/orders/:orderNo/bank-transfers',
      summary: 'Enter a buyer’s bank transfer on an unpaid order {payer, amountFen, transferredAt}; one pending transfer per order',
      tag: TAG,
      access: TRANSFER_READERS,
      params: OrderNoParams,
      body: NewBankTransfer,
      status: 201,
      response: BankTransfer,
    },
    ({ params, body, actor }) => transfers.enter(params.orderNo, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/bank-transfers/:id/proof', summary: 'Attach the proof: the raw image (JPEG, PNG or WebP, ≤ 5 MB, type checked from the bytes); while pending', tag: TAG, access: TRANSFER_READERS, params: IdParams, response: BankTransfer },
    async ({ params, actor, req }) => transfers.attachProof(params.id, await readRawBody(req), actor),
  );
  api.route({ method: 'get', path: '/api/bank-transfers/:id/proof', summary: 'The proof image', tag: TAG, access: TRANSFER_READERS, params: IdParams }, async ({ params, res }) => {
    await sendProof(res, await transfers.proof(params.id));
  });
  api.route(
    { method: 'post', path: '/api/bank-transfers/:id/confirm', summary: 'The money is in: the transfer is confirmed and its order paid, in one transaction {version}', tag: TAG, access: TRANSFER_CONFIRMERS, params: IdParams, body: TransferDecision, response: BankTransfer },
    ({ params, body, actor }) => transfers.confirm(params.id, body.version, actor),
  );
  api.route(
    { method: 'post', path: '/api/bank-transfers/:id/cancel', summary: 'Cancel a pending transfer with the reason {version, reason}', tag: TAG, access: TRANSFER_READERS, params: IdParams, body: TransferCancel, response: BankTransfer },
    ({ params, body, actor }) => transfers.cancel(params.id, body.version, body.reason, actor),
  );
}
