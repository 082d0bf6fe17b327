/** Export files and uploads for import tests and the bench. */
import iconv from 'iconv-lite';
import { ITEM_HEADER, itemLine, ORDER_HEADER, orderLine, type OrderLine } from '@kefu/shared/domain/orders/import/fixtures';
import type { TestClient } from '../../testing/http-client.ts';

export { itemLine, orderLine };

/** An export pair as the back office writes it: GBK, CRLF. */
export function exportPair(orders: OrderLine[], items: string[], encoding: 'gbk' | 'utf8' = 'gbk'): { orders: Buffer; items: Buffer } {
  const encode = (text: string) => (encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'));
  return { orders: encode([ORDER_HEADER, ...orders.map(orderLine)].join('\r\n') + '\r\n'), items: encode([ITEM_HEADER, ...items].join('\r\n') + '\r\n') };
}

/** Uploads a pair as the console does: multipart files `orders` and `items`. */
export async function uploadPair(client: TestClient, pair: { orders: Buffer; items: Buffer }): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('orders', new Blob([new Uint8Array(pair.orders)], { type: 'text/csv' }), '订单报表.csv');
  form.append('items', new Blob([new Uint8Array(pair.items)], { type: 'text/csv' }), '宝贝报表.csv');
  const res = await fetch(`${client.baseUrl}/api/orders/import`, { method: 'POST', headers: { cookie: client.cookie, 'x-kefu-request': '1' }, body: form });
  return { status: res.status, body: await res.json() };
}
