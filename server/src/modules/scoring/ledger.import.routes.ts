import { z } from 'zod';
import { BulkEntries, LedgerEntry } from '@kefu/shared/schemas/ledger';
import type { Api } from '../../platform/http.ts';
import { readRawBody } from '../../platform/images.ts';
import { MAX_IMPORT_BYTES, type LedgerImport } from './ledger.import.ts';

const Created = z.object({ created: z.array(LedgerEntry) });

/** Bulk entry and the CSV import (docs/scoring.md "Bulk entry and CSV import"). */
export function ledgerImportRoutes(api: Api, imports: LedgerImport): void {
  const tag = 'scoring';
  api.route(
    { method: 'post', path: '/api/ledger/bulk', summary: 'Record several entries at once, all or nothing (refused rows listed by line)', tag, access: ['supervisor'], body: BulkEntries, status: 201, response: Created },
    ({ body, actor }) => imports.bulk(body, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/ledger/import',
      summary: 'Import entries from a CSV file (raw body, UTF-8 or GBK, ≤ 1 MB, ≤ 500 lines), all or nothing (refused rows listed by file line)',
      tag,
      access: ['supervisor'],
      status: 201,
      response: Created,
    },
    async ({ req, actor }) => imports.csv(await readRawBody(req, MAX_IMPORT_BYTES, 'file'), actor),
  );
}
