/**
 * `npm run import:orders -- 订单报表.csv 宝贝报表.csv [--as username]`: imports the back
 * office's export pair into the database of DATABASE_URL, with a progress line, a summary,
 * and exit code 0 (every row went in) or 1 (some row failed; the good ones still went in).
 *
 * The import is done in someone's name: `--as` names the account (one who may record orders:
 * supervisor, pre-sale or printer); without it, the first active supervisor. The command has
 * no running console to tell: open consoles see the orders on their next refresh, and
 * payments imported here are not credited to chats (the API import does that).
 */
import { readFile } from 'node:fs/promises';
import { ORDER_WRITERS } from '@kefu/shared/domain/orders/status';
import type { ImportResult } from '@kefu/shared/schemas/orders-import';
import { loadConfig } from '../../platform/config.ts';
import { prepareDatabase } from '../../platform/setup.ts';
import { importDisputes } from '../disputes/disputes.service.ts';
import { OrderImportService } from './import.service.ts';
import { exportFilesSource } from './import.source.ts';

export interface CommandArgs {
  ordersFile: string;
  itemsFile: string;
  as: string | null;
}

export function parseArgs(argv: readonly string[]): CommandArgs | string {
  const files: string[] = [];
  let as: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--as') {
      as = argv[++i] ?? null;
      if (!as) return '--as needs a username';
    } else files.push(argv[i]!);
  }
  if (files.length !== 2) return 'usage: npm run import:orders -- 订单报表.csv 宝贝报表.csv [--as username]';
  return { ordersFile: files[0]!, itemsFile: files[1]!, as };
}

export function summary(result: ImportResult): string {
  const lines = [`created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, failed ${result.errors.length}`];
  for (const e of result.errors) lines.push(`  ${e.file === 'items' ? '宝贝报表' : e.file === 'orders' ? '订单报表' : 'row'} line ${e.line}${e.orderNo ? ` (${e.orderNo})` : ''}: ${e.message}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const [ordersFile, itemsFile] = await Promise.all([readFile(args.ordersFile), readFile(args.itemsFile)]);
  const { db } = await prepareDatabase(config, { seed: false });
  try {
    const rows = (await db.query(
      `SELECT s.id, s.username FROM staff s JOIN staff_role r ON r.staff_id = s.id
       WHERE s.active = 1 AND r.role IN (?) ${args.as ? 'AND s.username = ?' : "AND r.role = 'supervisor'"} ORDER BY s.id LIMIT 1`,
      args.as ? [ORDER_WRITERS, args.as] : [ORDER_WRITERS],
    )) as Array<{ id: number; username: string }>;
    if (!rows[0]) {
      process.stderr.write(args.as ? `${args.as} is no active supervisor, pre-sale agent or printer\n` : 'no active supervisor to import in the name of; use --as username\n');
      return 2;
    }
    // The refunds and disputes the export names are entered too (no console to tell: it refreshes every minute).
    const service = new OrderImportService(db, () => new Date(), config.shopTz, { recordDisputes: importDisputes });
    const started = Date.now();
    const result = await service.run(exportFilesSource(ordersFile, itemsFile, config.shopTz), { id: Number(rows[0].id), ip: null, via: 'command' }, (done, total) => {
      process.stderr.write(`\rimporting as ${rows[0]!.username}: ${done}/${total} orders`);
    });
    process.stderr.write('\n');
    process.stdout.write(`${summary(result)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return result.errors.length ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`import failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
