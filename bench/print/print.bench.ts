/**
 * bench/print: 2,000 paid orders printed as one batch through the API — the batch (2,000
 * orders moved to printed with waybill numbers from the roll, one transaction) and its
 * rendered print view (dispatch notes and waybills with Code 128 barcodes, about 4,000
 * sheets of HTML). A real server on a database of its own (created and dropped here). Aim
 * (issue 9): batch + view under 10 s.
 *
 *   npm run bench:print
 */
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../../server/src/testing/harness.ts';
import { loggedIn } from '../../server/src/testing/http-client.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2_000);

async function main() {
  const server = await startTestServer({ serveClient: false });
  try {
    const printer = await loggedIn(server.baseUrl, 'printer1');
    const orders = Array.from({ length: ORDERS }, (_, i) => ({
      orderNo: String(3_921_550_017_000_000n + BigInt(i)),
      buyerId: `买家${i % 700}`,
      status: 'paid',
      paidAt: '2026-11-28T02:00:00Z',
      receiver: { name: '王小鹿', phone: `138${String(i).padStart(8, '0')}`, address: `浙江省杭州市西湖区文三路${i % 500}号` },
      buyerMessage: i % 3 === 0 ? '请发顺丰，谢谢' : undefined,
      sellerNote: i % 4 === 0 ? '客户要求修改地址，新地址为：浙江省杭州市西湖区文三路100号---2026.11.28 李娜' : undefined,
      items: [{ title: '真皮休闲鞋 男', colour: '黑色', size: String(35 + (i % 10)), quantity: 1, priceFen: 29_900 }, ...(i % 2 ? [{ title: '鞋垫', quantity: 2, priceFen: 2_900 }] : [])],
    }));
    const imported = await printer.post('/api/orders/import', orders);
    if (imported.status !== 200 || imported.body.created !== ORDERS) throw new Error(`import failed: ${imported.status} ${JSON.stringify(imported.body).slice(0, 300)}`);

    const started = performance.now();
    const batch = await printer.post('/api/print/batches', { orderNos: orders.map((o) => o.orderNo), firstTrackingNo: 'ZT0000100000', courier: '中通快递' });
    const batchMs = performance.now() - started;
    if (batch.status !== 201) throw new Error(`batch failed: ${batch.status} ${JSON.stringify(batch.body).slice(0, 300)}`);
    const viewStarted = performance.now();
    const view = await printer.request('GET', `/api/print/batches/${batch.body.id}/view?size=thermal`);
    const viewMs = performance.now() - viewStarted;
    const html = String(view.body);
    const barcodes = html.match(/<svg class="barcode"/g)?.length ?? 0;
    if (view.status !== 200 || barcodes !== ORDERS) throw new Error(`view failed: ${view.status}, ${barcodes} barcodes`);
    console.log(`${ORDERS} orders: batch ${(batchMs / 1000).toFixed(2)} s, print view ${(viewMs / 1000).toFixed(2)} s (${(html.length / 1e6).toFixed(1)} MB HTML, ${barcodes} barcodes), total ${((batchMs + viewMs) / 1000).toFixed(2)} s`);
  } finally {
    await server.close();
  }
}

await main();
