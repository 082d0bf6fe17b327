/**
 * Where imported orders come from. Today: the back office's two-file export, or a JSON array
 * posted to the API. A marketplace API client can replace the files later by implementing
 * OrderSource; the import service does not know which it reads.
 */
import { decodeExport, parseCsv } from '@kefu/shared/domain/orders/import/csv';
import { readMarketplaceExport } from '@kefu/shared/domain/orders/import/marketplace';
import type { ImportError } from '@kefu/shared/schemas/orders-import';

/** One order as read, not yet checked: the ImportOrder schema decides. */
export interface SourcedOrder {
  /** The file line, or the array position + 1. */
  line: number;
  orderNo?: string;
  file?: 'orders' | 'items';
  candidate: unknown;
}

export interface OrderSource {
  read(): Promise<{ orders: SourcedOrder[]; errors: ImportError[] }>;
}

/** The export pair (订单报表, 宝贝报表), as bytes in GBK or UTF-8. */
export function exportFilesSource(ordersFile: Uint8Array, itemsFile: Uint8Array, tz: string): OrderSource {
  return {
    async read() {
      const { orders, errors } = readMarketplaceExport(parseCsv(decodeExport(ordersFile).text), parseCsv(decodeExport(itemsFile).text), tz);
      return { orders: orders.map((o) => ({ line: o.line, orderNo: o.orderNo, file: 'orders' as const, candidate: o.candidate })), errors };
    },
  };
}

/** A JSON array of orders (the shape of POST /api/orders plus receiver, attributes and status). */
export function jsonSource(orders: readonly unknown[]): OrderSource {
  return {
    async read() {
      return {
        orders: orders.map((candidate, index) => {
          const orderNo = typeof candidate === 'object' && candidate !== null && typeof (candidate as { orderNo?: unknown }).orderNo === 'string' ? (candidate as { orderNo: string }).orderNo : undefined;
          return { line: index + 1, ...(orderNo ? { orderNo } : {}), candidate };
        }),
        errors: [],
      };
    },
  };
}
