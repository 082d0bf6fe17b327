import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import { NewPrintBatch, PrintBatch, PrintBatches, PrintBatchesQuery, PrintQueue, PrintQueueQuery, PrintViewQuery } from '@kefu/shared/schemas/print';
import type { Role } from '@kefu/shared/domain/staff/roles';
import type { Api } from '../../platform/http.ts';
import type { PrintService } from './print.service.ts';
import { PRINT_BUTTON_SCRIPT, PRINT_BUTTON_SCRIPT_PATH, renderPrintView } from './print.view.ts';

const TAG = 'printing';
/** Printers print (打单人员); the supervisor may do any of their work. */
export const PRINTERS: readonly Role[] = ['supervisor', 'printer'];

export function printRoutes(api: Api, print: PrintService, tz: string): void {
  api.route(
    { method: 'get', path: '/api/print/queue', summary: 'Paid orders not yet printed, the longest-waiting first; filters by text, handmade or ready-made, due today', tag: TAG, access: PRINTERS, query: PrintQueueQuery, response: PrintQueue },
    ({ query }) => print.queue(query),
  );
  api.route(
    {
      method: 'post',
      path: '/api/print/batches',
      summary: 'Print a batch: each paid order moves to printed (printed or packed ones are reprints), signed YYYY.MM.DD 姓名; 409 naming the order when one may not be printed (an open alert, its state)',
      tag: TAG,
      access: PRINTERS,
      body: NewPrintBatch,
      status: 201,
      response: PrintBatch,
    },
    ({ body, actor }) => print.create(body, actor),
  );
  api.route(
    { method: 'get', path: '/api/print/batches', summary: "A day's print batches (today by default), newest first", tag: TAG, access: PRINTERS, query: PrintBatchesQuery, response: PrintBatches },
    ({ query }) => print.list(query.day),
  );
  api.route(
    { method: 'get', path: '/api/print/batches/:id', summary: 'One print batch', tag: TAG, access: PRINTERS, params: IdParams, response: PrintBatch },
    async ({ params }) => (await print.batch(params.id)).batch,
  );
  api.route(
    { method: 'get', path: '/api/print/batches/:id/view', summary: 'The print view (HTML with print CSS): dispatch notes and waybills with the tracking-number barcode, A4 or 76 × 130 mm', tag: TAG, access: PRINTERS, params: IdParams, query: PrintViewQuery, response: z.string() },
    async ({ params, query, res, actor }) => {
      const { batch, orders } = await print.printView(params.id, actor);
      // A document of its own: its one inline stylesheet allowed; scripts only from the console's own files (the print button), never inline.
      res
        .set('Cache-Control', 'no-store')
        .set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
        .type('html')
        .send(renderPrintView(batch, orders, query, tz));
    },
  );
  api.route(
    { method: 'get', path: PRINT_BUTTON_SCRIPT_PATH, summary: 'The print view’s script: wires its 打印 button to window.print() (a same-origin file: the view allows no inline script)', tag: TAG, access: PRINTERS, response: z.string() },
    ({ res }) => {
      res.set('Cache-Control', 'private, max-age=3600').type('text/javascript').send(PRINT_BUTTON_SCRIPT);
    },
  );
}
