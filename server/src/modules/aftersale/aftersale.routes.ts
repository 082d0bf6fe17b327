import { CASE_READERS, CASE_WRITERS } from '@kefu/shared/domain/aftersale/cases';
import { AfterSaleCase, CasesPage, CasesQuery, CloseCase, NewCase } from '@kefu/shared/schemas/aftersale';
import { IdParams } from '@kefu/shared/schemas/common';
import type { Api } from '../../platform/http.ts';
import type { AftersaleService } from './aftersale.service.ts';

const TAG = 'aftersale';

export function aftersaleRoutes(api: Api, cases: AftersaleService): void {
  api.route(
    { method: 'get', path: '/api/aftersale/cases', summary: 'After-sale cases, newest first, by status, buyer or order', tag: TAG, access: CASE_READERS, query: CasesQuery, response: CasesPage },
    ({ query }) => cases.list(query),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases', summary: 'Open a return, exchange, refund or courier recall on an order (one open case per order)', tag: TAG, access: CASE_WRITERS, body: NewCase, status: 201, response: AfterSaleCase },
    ({ body, actor }) => cases.open(body, actor),
  );
  api.route(
    { method: 'post', path: '/api/aftersale/cases/:id/close', summary: 'Close a case with how it ended; guarded by its version', tag: TAG, access: CASE_WRITERS, params: IdParams, body: CloseCase, response: AfterSaleCase },
    ({ params, body, actor }) => cases.close(params.id, body, actor),
  );
}
