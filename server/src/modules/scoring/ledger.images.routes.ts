import { IdParams } from '@kefu/shared/schemas/common';
import { EntryImage, EntryImageParams } from '@kefu/shared/schemas/ledger';
import type { Api } from '../../platform/http.ts';
import { readRawBody, sendImage } from '../../platform/images.ts';
import type { LedgerImages } from './ledger.images.ts';

/** Evidence images of a ledger entry (docs/scoring.md "Evidence images"). */
export function ledgerImageRoutes(api: Api, images: LedgerImages): void {
  const tag = 'scoring';
  api.route(
    {
      method: 'post',
      path: '/api/ledger/:id/images',
      summary: 'Attach an image (raw JPEG/PNG/WebP body, ≤ 5 MB; type checked from the bytes) to an entry as evidence',
      tag,
      access: ['supervisor'],
      params: IdParams,
      status: 201,
      response: EntryImage,
    },
    async ({ params, req, actor }) => images.attach(params.id, await readRawBody(req), actor),
  );
  api.route(
    { method: 'get', path: '/api/ledger/:id/images/:imageId', summary: 'An evidence image of an entry I may see (404 otherwise)', tag, access: 'staff', params: EntryImageParams },
    async ({ params, res, actor }) => {
      await sendImage(res, await images.imageFor(params.id, params.imageId, actor));
    },
  );
}
