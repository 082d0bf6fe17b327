/**
 * bench/import: the back office's export pair of 10,000 orders (10,000 rows in 订单报表,
 * about 15,000 in 宝贝报表, GBK, CRLF, `="…"` numbers, quoted commas) imported by the real
 * command (`npm run import:orders`) into a database of its own (created, seeded with the demo
 * staff and dropped here); then the same files again (the idempotent pass). Aim (issue 9):
 * under 30 s.
 *
 *   npm run bench:import
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../server/src/platform/config.ts';
import { dropDatabase } from '../../server/src/platform/db.ts';
import { prepareDatabase } from '../../server/src/platform/setup.ts';
import { exportPair, itemLine } from '../../server/src/modules/orderimport/import.fixtures.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const STATES = ['买家已付款，等待卖家发货', '买家已付款，等待卖家发货', '买家已付款，等待卖家发货', '等待买家付款', '卖家已发货，等待买家确认', '交易成功', '交易关闭'];

function files() {
  const orders = [];
  const items = [];
  for (let i = 0; i < ORDERS; i++) {
    const orderNo = String(3_921_550_016_000_000n + BigInt(i));
    const status = STATES[i % STATES.length]!;
    const shipped = status.startsWith('卖家已发货') || status === '交易成功';
    orders.push({
      orderNo,
      buyer: `买家${i % 3000}`,
      paid: '328.00',
      status,
      message: i % 5 === 0 ? '请发顺丰,谢谢\n周末不在家' : undefined,
      receiver: '王小鹿',
      address: `浙江省 杭州市 西湖区 文三路${i % 500}号`,
      mobile: `138${String(i).padStart(8, '0')}`,
      createdAt: '2026-11-28 09:58:01',
      paidAt: status === '等待买家付款' ? undefined : '2026-11-28 10:00:00',
      trackingNo: shipped ? `ZT${String(i).padStart(10, '0')}` : undefined,
      courier: shipped ? '中通快递' : undefined,
      note: i % 4 === 0 ? '客户要求发顺丰---2026.11.28 李娜' : i % 9 === 0 ? '加急' : undefined,
    });
    items.push(itemLine(orderNo, '真皮休闲鞋 男', '299.00', '1', `颜色分类：黑色;尺码：${35 + (i % 10)}`, 'XX-001'));
    if (i % 2 === 0) items.push(itemLine(orderNo, '鞋垫', '29.00', '1', ''));
  }
  return exportPair(orders, items);
}

async function main() {
  const id = randomBytes(4).toString('hex');
  const env = { ...process.env, DATABASE_URL: `mysql://root@127.0.0.1:3306/kefu_bench_import_${id}`, LOG_LEVEL: 'silent' };
  const config = loadConfig(env);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-bench-import-'));
  try {
    const { db } = await prepareDatabase(config, { seed: true });
    await db.destroy();
    const pair = files();
    const ordersFile = path.join(dir, '订单报表.csv');
    const itemsFile = path.join(dir, '宝贝报表.csv');
    await writeFile(ordersFile, pair.orders);
    await writeFile(itemsFile, pair.items);
    console.log(`${ORDERS} orders: 订单报表 ${(pair.orders.length / 1e6).toFixed(1)} MB, 宝贝报表 ${(pair.items.length / 1e6).toFixed(1)} MB (GBK)`);
    for (const pass of ['first import', 'same files again']) {
      const started = performance.now();
      const run = spawnSync('npx', ['tsx', 'server/src/modules/orderimport/import.command.ts', ordersFile, itemsFile], { env, encoding: 'utf8' });
      const seconds = (performance.now() - started) / 1000;
      if (run.status !== 0) throw new Error(`the command failed (${run.status}): ${run.stderr}\n${run.stdout}`);
      console.log(`${pass}: ${seconds.toFixed(1)} s wall (command start included) — ${run.stdout.trim().split('\n')[0]}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await dropDatabase(config.databaseUrl);
  }
}

await main();
