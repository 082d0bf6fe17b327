/**
 * bench/scoring: the month settlement against a plain SQL GROUP BY of the same per-person
 * sums, on 200 staff and 20,000 then 200,000 ledger entries of one month, in a database of
 * its own (created and dropped here). Aim (issue 4): settlement ≤ 3× the GROUP BY, memory
 * flat as entries grow.
 *
 *   npm run bench:scoring            (needs MariaDB and Redis as for the tests)
 *   BENCH_RUNS=7 npm run bench:scoring
 *
 * "Settlement computation" is what the worker does inside its transaction: load the scored
 * staff, stream the counted entries (confirmed, not revoked) in occurrence order into
 * `startScoresheet`, finish. "Settlement, full" adds the detectors (none registered), the
 * draft rows' upsert, the month row and the audit line (settleMonth).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../server/src/platform/config.ts';
import { dropDatabase } from '../../server/src/platform/db.ts';
import { prepareDatabase } from '../../server/src/platform/setup.ts';
import { createLogger } from '../../server/src/platform/log.ts';
import { computeMonth, settleMonth } from '../../server/src/modules/scoring/scoring.settlement.ts';
import { DetectorRegistry } from '../../server/src/modules/scoring/scoring.detectors.ts';
import { CATALOGUE, ENTERABLE_RULE_CODES, canBeCharged, type RuleCode } from '../../shared/src/domain/scoring/catalogue.ts';
import { monthBounds } from '../../shared/src/domain/scoring/month.ts';
import type { Role } from '../../shared/src/domain/staff/roles.ts';
import type { DataSource } from 'typeorm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MONTH = '2026-10';
const TZ = 'Asia/Shanghai';
const STAFF = 200;
const SIZES = [20_000, 200_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** A deterministic generator, so every run benches the same data. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ROLE_MIX: Role[][] = [['presale'], ['aftersale'], ['printer'], ['warehouse'], ['presale', 'printer']];

async function seedStaff(db: DataSource): Promise<Array<{ id: number; roles: Role[] }>> {
  const now = new Date();
  const staff: Array<{ id: number; roles: Role[] }> = [];
  for (let i = 0; i < STAFF; i++) {
    const roles: Role[] = i === 0 ? ['supervisor'] : i === 1 ? ['manager'] : ROLE_MIX[i % ROLE_MIX.length]!;
    const result = (await db.query(
      "INSERT INTO staff (username, display_name, password_hash, base_wage_fen, active, employed_from, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, '2020-01-01', 1, ?, ?)",
      [`bench${i}`, `员工${i}`, 'x', 300_000 + (i % 50) * 1_000, now, now],
    )) as { insertId: number };
    for (const role of roles) await db.query('INSERT INTO staff_role (staff_id, role) VALUES (?, ?)', [result.insertId, role]);
    staff.push({ id: result.insertId, roles });
  }
  return staff;
}

/** Inserts `count` entries of the month: every enterable rule its people may be charged, 1% proposed, 1% revoked. */
async function seedEntries(db: DataSource, staff: Array<{ id: number; roles: Role[] }>, count: number, seed: number): Promise<void> {
  const random = rng(seed);
  const { start, end } = monthBounds(MONTH, TZ);
  const span = end.getTime() - start.getTime();
  const scored = staff.filter((person) => !person.roles.includes('manager'));
  const rulesOf = new Map(scored.map((person) => [person.id, ENTERABLE_RULE_CODES.filter((code) => canBeCharged(CATALOGUE[code], person.roles))]));
  const now = new Date();
  const BATCH = 5_000;
  for (let done = 0; done < count; done += BATCH) {
    const values: unknown[] = [];
    const n = Math.min(BATCH, count - done);
    for (let i = 0; i < n; i++) {
      const person = scored[Math.floor(random() * scored.length)]!;
      const rules = rulesOf.get(person.id)!;
      const rule: RuleCode = rules[Math.floor(random() * rules.length)]!;
      const spec = CATALOGUE[rule];
      let points: number | null = spec.points.kind === 'fixed' ? spec.points.points : null;
      let amountFen: number | null = null;
      if (rule === 'G06') points = 3 + Math.floor(random() * 18);
      if (rule === 'A04') amountFen = 500 + Math.floor(random() * 2000);
      const status = random() < 0.01 ? 'proposed' : 'confirmed';
      values.push(person.id, rule, new Date(start.getTime() + Math.floor(random() * span)), MONTH, points, amountFen, status, 'manual', now);
    }
    await db.query(
      `INSERT INTO ledger_entry (staff_id, rule, occurred_at, month, points, amount_fen, status, source, created_at) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      values,
    );
  }
  // 1% of the confirmed ones revoked.
  await db.query(
    `INSERT IGNORE INTO ledger_revocation (entry_id, reason, revoked_by, revoked_at)
     SELECT id, 'bench', ?, ? FROM ledger_entry WHERE month = ? AND status = 'confirmed' AND MOD(id, 100) = 7`,
    [staff[0]!.id, now, MONTH],
  );
}

/** The same per-person sums in plain SQL: counted entries, points, money entered. */
const GROUP_BY = `SELECT e.staff_id, COUNT(*) AS n, SUM(COALESCE(e.points, 0)) AS points, SUM(COALESCE(e.amount_fen, 0)) AS amount_fen
  FROM ledger_entry e
  WHERE e.month = ? AND e.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM ledger_revocation r WHERE r.entry_id = e.id)
  GROUP BY e.staff_id`;

interface Measure {
  ms: number;
  heapDeltaMB: number;
  rssDeltaMB: number;
}

/** Median time of `RUNS` runs (after one warm-up), with the peak heap and RSS above the starting point. */
async function measure(run: () => Promise<unknown>): Promise<Measure> {
  await run();
  const times: number[] = [];
  let heapPeak = 0;
  let rssPeak = 0;
  for (let i = 0; i < RUNS; i++) {
    gc();
    const base = process.memoryUsage();
    let heap = base.heapUsed;
    let rss = base.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      heap = Math.max(heap, m.heapUsed);
      rss = Math.max(rss, m.rss);
    }, 5);
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
    clearInterval(sampler);
    const end = process.memoryUsage();
    heapPeak = Math.max(heapPeak, Math.max(heap, end.heapUsed) - base.heapUsed);
    rssPeak = Math.max(rssPeak, Math.max(rss, end.rss) - base.rss);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, heapDeltaMB: heapPeak / 2 ** 20, rssDeltaMB: rssPeak / 2 ** 20 };
}

async function main(): Promise<void> {
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `mysql://root@127.0.0.1:3306/kefu_bench_${id}`, LOG_LEVEL: 'silent' });
  const { db } = await prepareDatabase(config, { seed: false });
  const log = createLogger('bench', 'silent');
  const deps = { db, detectors: new DetectorRegistry(), tz: TZ, clock: () => new Date(), log };
  try {
    console.log(`bench/scoring — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}, ${(await db.query('SELECT VERSION() AS v'))[0].v}`);
    console.log(`${STAFF} staff, month ${MONTH}, median of ${RUNS} runs after a warm-up\n`);
    const staff = await seedStaff(db);
    let seeded = 0;
    const table: string[] = [];
    for (const size of SIZES) {
      const t0 = performance.now();
      await seedEntries(db, staff, size - seeded, size);
      seeded = size;
      await db.query('ANALYZE TABLE ledger_entry, ledger_revocation');
      const counted = Number((await db.query("SELECT COUNT(*) AS n FROM ledger_entry e WHERE month = ? AND status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM ledger_revocation r WHERE r.entry_id = e.id)", [MONTH]))[0].n);
      console.log(`seeded ${size} entries (${counted} counted) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      // Correctness first: the settlement's per-person entry counts equal the GROUP BY's.
      const sheet = await db.transaction((tx) => computeMonth(tx, MONTH));
      const grouped = (await db.query(GROUP_BY, [MONTH])) as Array<{ staff_id: number; n: number | string }>;
      const byPerson = new Map(grouped.map((row) => [Number(row.staff_id), Number(row.n)]));
      for (const line of sheet.staff) {
        if ((byPerson.get(line.staffId) ?? 0) !== line.entries) throw new Error(`staff ${line.staffId}: settlement counted ${line.entries}, GROUP BY ${byPerson.get(line.staffId)}`);
      }

      const groupBy = await measure(() => db.query(GROUP_BY, [MONTH]));
      const compute = await measure(() => db.transaction((tx) => computeMonth(tx, MONTH)));
      const full = await measure(() => settleMonth(deps, MONTH, null));
      const row = (name: string, m: Measure) =>
        `| ${size.toLocaleString('en')} | ${name} | ${m.ms.toFixed(0)} ms | ${(m.ms / groupBy.ms).toFixed(2)}× | ${m.heapDeltaMB.toFixed(1)} MB | ${m.rssDeltaMB.toFixed(1)} MB |`;
      table.push(row('SQL GROUP BY (baseline)', groupBy), row('settlement computation', compute), row('settlement, full (with writes)', full));
    }
    console.log('\n| entries | what | median time | vs GROUP BY | peak heapUsed Δ | peak RSS Δ |');
    console.log('|---:|---|---:|---:|---:|---:|');
    for (const line of table) console.log(line);
  } finally {
    await db.destroy();
    if (!process.env.BENCH_DATABASE_URL) await dropDatabase(config.databaseUrl);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
