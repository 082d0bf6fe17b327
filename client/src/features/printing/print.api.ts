import { ImportResult } from '@kefu/shared/schemas/orders-import';
import { PrintBatch, PrintBatches, PrintQueue, type NewPrintBatch } from '@kefu/shared/schemas/print';
import { api, ApiError } from '../../lib/api.ts';

// Printing and import endpoints (docs/orders.md "Printing", "Import"), parsed with the shared schemas.

export interface QueueFilter {
  q?: string;
  kind?: 'handmade' | 'ready';
  dueToday?: boolean;
}

export async function printQueue(filter: QueueFilter): Promise<PrintQueue> {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.dueToday) params.set('dueToday', 'true');
  const query = params.toString();
  return PrintQueue.parse(await api.get(query ? `/api/print/queue?${query}` : '/api/print/queue'));
}

export const printBatch = async (batch: NewPrintBatch) => PrintBatch.parse(await api.post('/api/print/batches', batch));
export const todaysBatches = async () => PrintBatches.parse(await api.get('/api/print/batches'));

/** The print view of a batch, opened in its own tab (the server renders it; the browser prints it). */
export function printViewUrl(id: number, size: 'a4' | 'thermal', lang: string): string {
  return `/api/print/batches/${id}/view?size=${size}&lang=${lang === 'en' ? 'en' : 'zh-CN'}`;
}

/** Uploads the export pair as multipart `orders` and `items`. */
export async function importExport(orders: File, items: File): Promise<ImportResult> {
  const form = new FormData();
  form.append('orders', orders);
  form.append('items', items);
  let response: Response;
  try {
    response = await fetch('/api/orders/import', { method: 'POST', credentials: 'include', body: form, headers: { Accept: 'application/json', 'X-Kefu-Request': '1' } });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string; details?: unknown } } | undefined;
  if (!response.ok) {
    const code = body?.error?.code;
    throw new ApiError(response.status, (code as ApiError['code']) ?? 'network', body?.error?.message ?? String(response.status), body?.error?.details);
  }
  return ImportResult.parse(body);
}
