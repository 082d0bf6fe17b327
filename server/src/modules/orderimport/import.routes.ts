import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '@kefu/shared/errors';
import { ORDER_WRITERS } from '@kefu/shared/domain/orders/status';
import { ImportOrdersJson, ImportResult } from '@kefu/shared/schemas/orders-import';
import type { Api } from '../../platform/http.ts';
import { parse } from '../../platform/validation.ts';
import { exportFilesSource, jsonSource, type OrderSource } from './import.source.ts';
import type { OrderImportService } from './import.service.ts';

/** A 10,000-order export is about 3 MB; this leaves room for long titles and notes. */
export const MAX_IMPORT_FILE_BYTES = 32 * 1024 * 1024;

/** Reads the multipart fields `orders` and `items` (files or plain fields) whole. */
async function readExportPair(req: Request): Promise<{ orders: Buffer; items: Buffer }> {
  const parts = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { fileSize: MAX_IMPORT_FILE_BYTES, fieldSize: MAX_IMPORT_FILE_BYTES, files: 2, fields: 2 } });
    } catch {
      reject(new AppError('invalid', 'Invalid body: the multipart form cannot be read'));
      return;
    }
    const fail = (err: AppError) => {
      req.unpipe(form);
      req.resume();
      reject(err);
    };
    form.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new AppError('payload_too_large', `Each file may be at most ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB`)));
      stream.on('end', () => parts.set(name, Buffer.concat(chunks)));
    });
    form.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError('payload_too_large', `Each file may be at most ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB`));
      else parts.set(name, Buffer.from(value, 'utf8'));
    });
    form.on('error', () => fail(new AppError('invalid', 'Invalid body: the multipart form is broken')));
    form.on('close', () => resolve());
    req.pipe(form);
  });
  const orders = parts.get('orders');
  const items = parts.get('items');
  const missing = [orders ? null : 'orders', items ? null : 'items'].filter(Boolean);
  if (missing.length) throw new AppError('invalid', `Invalid body: the multipart field ${missing.join(' and ')} is missing (the 订单报表 as orders, the 宝贝报表 as items)`, { issues: missing.map((path) => ({ path, message: 'is required' })) });
  return { orders: orders!, items: items! };
}

export function importRoutes(api: Api, imports: OrderImportService, tz: string): void {
  api.route(
    {
      method: 'post',
      path: '/api/orders/import',
      summary:
        'Import orders from the back office: the export pair as multipart files `orders` (订单报表) and `items` (宝贝报表), GBK or UTF-8, or a JSON array of orders; idempotent by order number, bad rows reported by line',
      tag: 'orders',
      access: ORDER_WRITERS,
      response: ImportResult,
    },
    async ({ req, actor }) => {
      let source: OrderSource;
      if (req.is('multipart/form-data')) {
        const pair = await readExportPair(req);
        source = exportFilesSource(pair.orders, pair.items, tz);
      } else {
        source = jsonSource(parse(ImportOrdersJson, req.body));
      }
      return imports.run(source, { id: actor.id, ip: actor.ip, via: 'api' });
    },
  );
}
