/**
 * bench/kpis — the KPI aggregates over a 90-day range of 2 million chat messages (issue
 * 15), against a plain `COUNT(*)` over the same rows (the same range of `created_at`).
 * The data: 10 agents, 200,000 conversations of 10 messages (buyer and agent in turn,
 * answers after 5 s to 7 min), 50,000 buyers, 20,000 paid orders, 5,000 ratings, spread
 * over 90 shop days. `MESSAGES` overrides the size. Its own database, dropped afterwards.
 *
 * It times three things against the COUNT: the page as it reads now (the rollup of the 89
 * finished days from `kpi_daily`, their enquiries from `kpi_enquiry` for the final
 * conversion, the last day — "today" — live, points lost live), every figure computed live from the rows (the way before the rollup,
 * once: it is the slow baseline), and the job's backfill of the 89 days (once). It checks
 * that the rolled-up page and the live aggregates give the same counters.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../server/src/platform/config.ts';
import { dropDatabase } from '../../server/src/platform/db.ts';
import { prepareDatabase } from '../../server/src/platform/setup.ts';
import { kpisRepository } from '../../server/src/modules/kpis/kpis.repository.ts';
import { rolledUpTallies, rollupKpis } from '../../server/src/modules/kpis/kpis.rollup.ts';
import { addDays, dayStart } from '../../shared/src/domain/kpis/days.ts';
import { DEFAULT_SERVICE_HOURS } from '../../shared/src/domain/kpis/tally.ts';

const TZ = 'Asia/Shanghai';
const FROM = '2026-08-01';
const DAYS = 90;
const TO = addDays(FROM, DAYS - 1);
const MESSAGES = Number(process.env.MESSAGES ?? 2_000_000);
const PER_CHAT = 10;
const AGENTS = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `mysql://root@127.0.0.1:3306/kefu_bench_${id}`, LOG_LEVEL: 'silent' });
  const { db } = await prepareDatabase(config, { seed: false });
  try {
    console.log(`bench/kpis — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${(await db.query('SELECT VERSION() AS v'))[0].v}`);
    const now = new Date();
    // BENCH_DATABASE_URL with BENCH_KEEP=1 keeps the seeded database for another run, which then skips seeding.
    const existing = Number((await db.query('SELECT COUNT(*) AS n FROM chat_message'))[0].n);
    if (existing === 0) await seed();
    else console.log(`reusing ${existing.toLocaleString('en')} seeded messages`);
    // A kept database's rollup is dropped: the job's backfill is timed again.
    // BENCH_KEEP_ROLLUP=1 keeps it (to profile the page alone, with BENCH_SKIP_LIVE=1).
    if (!process.env.BENCH_KEEP_ROLLUP) for (const table of ['kpi_daily', 'kpi_enquiry', 'kpi_rollup_day', 'kpi_rollup_mark']) await db.query(`DELETE FROM ${table}`);
    async function seed(): Promise<void> {
      const agents: number[] = [];
      for (let i = 0; i < AGENTS; i++) {
        const r = (await db.query("INSERT INTO staff (username, display_name, password_hash, base_wage_fen, active, employed_from, version, created_at, updated_at) VALUES (?, ?, ?, 300000, 1, DATE('2020-01-01'), 1, ?, ?)", [`agent${i}`, `客服${i}`, 'x', now, now])) as { insertId: number };
        await db.query("INSERT INTO staff_role (staff_id, role) VALUES (?, 'presale')", [r.insertId]);
        agents.push(Number(r.insertId));
      }
      const start = dayStart(FROM, TZ).getTime();
      const span = DAYS * 86_400_000;
      const random = rng(15);
      const chats = Math.floor(MESSAGES / PER_CHAT);
      const seeded = performance.now();
      const conn = db.createQueryRunner();
      await conn.connect();
      await conn.query('SET foreign_key_checks = 0, unique_checks = 0');
      const BATCH = 2_000;
      let messageNo = 0;
      for (let done = 0; done < chats; done += BATCH) {
        const n = Math.min(BATCH, chats - done);
        const convValues: unknown[] = [];
        const plans: Array<{ id: number; agent: number; times: number[] }> = [];
        for (let i = 0; i < n; i++) {
          const agent = agents[Math.floor(random() * AGENTS)]!;
          let t = start + Math.floor(random() * (span - 3_600_000));
          const times: number[] = [];
          for (let k = 0; k < PER_CHAT; k++) {
            times.push(t);
            t += k % 2 === 0 ? 5_000 + Math.floor(random() * 420_000) : 20_000 + Math.floor(random() * 120_000);
          }
          const chatId = done + i + 1;
          plans.push({ id: chatId, agent, times });
          convValues.push(chatId, `buyer${Math.floor(random() * 50_000)}`, agent, new Date(times[0]!), new Date(times.at(-1)!), new Date(times[0]!), new Date(times[1]!), agent);
        }
        await conn.query(
          `INSERT INTO chat_conversation (id, buyer_id, role, status, agent_id, last_seq, opened_at, closed_at, first_buyer_message_at, first_response_at, first_response_by) VALUES ${plans.map(() => "(?, ?, 'presale', 'closed', ?, 10, ?, ?, ?, ?, ?)").join(',')}`,
          convValues,
        );
        const msgValues: unknown[] = [];
        for (const plan of plans) {
          plan.times.forEach((t, k) => {
            const buyer = k % 2 === 0;
            msgValues.push(plan.id, k + 1, `b${++messageNo}`, buyer ? 'buyer' : 'staff', buyer ? null : plan.agent, new Date(t), buyer ? new Date(plan.times[k + 1]!) : null, buyer ? plan.agent : null);
          });
        }
        await conn.query(
          `INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, created_at, answered_at, answered_by) VALUES ${plans.flatMap((p) => p.times.map(() => "(?, ?, ?, ?, ?, 'text', NULL, ?, ?, ?)")).join(',')}`,
          msgValues,
        );
      }
      for (let i = 0; i < 20_000; i += 1_000) {
        const values: unknown[] = [];
        for (let k = 0; k < 1_000; k++) {
          const paid = new Date(start + Math.floor(random() * span));
          values.push(`B${i + k}`, `buyer${Math.floor(random() * 50_000)}`, 10_000 + Math.floor(random() * 50_000), paid, paid, agents[0], paid, paid);
        }
        await conn.query(`INSERT INTO shop_order (order_no, buyer_id, status, total_fen, placed_at, paid_at, created_by, created_at, updated_at, version) VALUES ${Array(1_000).fill("(?, ?, 'paid', ?, ?, ?, ?, ?, ?, 1)").join(',')}`, values);
      }
      await conn.query(
        `INSERT INTO chat_rating (conversation_id, buyer_id, staff_id, score, comment, created_at)
         SELECT id, buyer_id, agent_id, 1 + (id % 5), NULL, closed_at FROM chat_conversation WHERE id % 40 = 0`,
      );
      await conn.query('SET foreign_key_checks = 1, unique_checks = 1');
      await conn.release();
      await db.query('ANALYZE TABLE chat_message, chat_conversation, shop_order, chat_rating');
      console.log(`seeded ${messageNo.toLocaleString('en')} messages in ${chats.toLocaleString('en')} conversations in ${Math.round((performance.now() - seeded) / 1000)} s\n`);

    }
    const rangeStart = dayStart(FROM, TZ);
    const rangeEnd = dayStart(addDays(TO, 1), TZ);
    // "Today" is the range's last day, at noon: the 89 days before it can be rolled up.
    const today = new Date(dayStart(TO, TZ).getTime() + 12 * 3_600_000);
    const range = { from: FROM, to: TO, tz: TZ, hours: DEFAULT_SERVICE_HOURS, now: today };
    const plain = async () => Number((await db.query('SELECT COUNT(*) AS n FROM chat_message WHERE created_at >= ? AND created_at < ?', [rangeStart, rangeEnd]))[0].n);
    await plain();
    const counted = await plain();

    let t = performance.now();
    const rollup = await rollupKpis(db, TZ, today);
    const rollupMs = performance.now() - t;
    console.log(`rollup job: ${rollup.days.length} days rolled up in ${Math.round(rollupMs)} ms`);

    t = performance.now();
    const page = await rolledUpTallies(db.manager, range);
    const live = process.env.BENCH_SKIP_LIVE ? page : await kpisRepository.tallies(db.manager, range);
    const liveMs = performance.now() - t;
    const sorted = (m: Map<string, unknown>) => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
    if (sorted(page.daily) !== sorted(live.daily)) throw new Error('the rolled-up tallies differ from the live ones');
    const finals = (m: Map<number | null, unknown>) => JSON.stringify([...m].sort(([a], [b]) => (a ?? 0) - (b ?? 0)));
    if (finals(page.final) !== finals(live.final)) throw new Error(`the final conversion differs: ${finals(page.final)} against ${finals(live.final)}`);
    let questions = 0;
    let staffMessages = 0;
    for (const tally of page.daily.values()) {
      questions += tally.questions;
      staffMessages += tally.staffMessages;
    }
    // The page must have counted every message of the range (rolled up or live).
    if (questions + staffMessages !== counted) throw new Error(`KPIs counted ${questions + staffMessages} messages, COUNT(*) ${counted}`);
    console.log(`${counted.toLocaleString('en')} messages in the range, ${page.daily.size} agent-days; rollup == live`);

    if (process.env.BENCH_PROFILE) {
      // Each query's own time on the page's path (BENCH_PROFILE=1).
      const timed = Object.create(db.manager) as typeof db.manager;
      timed.query = async (sql: string, params?: unknown[]) => {
        const started = performance.now();
        const rows = await db.manager.query(sql, params);
        console.log(`${Math.round(performance.now() - started)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 110)}`);
        return rows;
      };
      await rolledUpTallies(timed, range);
    }
    const times = { plain: [] as number[], page: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      t = performance.now();
      await plain();
      times.plain.push(performance.now() - t);
      t = performance.now();
      await rolledUpTallies(db.manager, range);
      times.page.push(performance.now() - t);
    }
    const p = median(times.plain);
    const k = median(times.page);
    console.log(`\n| what | time |  vs COUNT |`);
    console.log('|---|---:|---:|');
    console.log(`| plain COUNT(*) over the range (median of ${RUNS}) | ${Math.round(p)} ms | 1.00× |`);
    console.log(`| KPI page: 89 days rolled up + today live (median of ${RUNS}) | ${Math.round(k)} ms | ${(k / p).toFixed(2)}× |`);
    console.log(`| every figure live from the rows, no rollup (once) | ${Math.round(liveMs)} ms | ${(liveMs / p).toFixed(2)}× |`);
    console.log(`| the rollup job's backfill of ${rollup.days.length} days (once) | ${Math.round(rollupMs)} ms | ${(rollupMs / p).toFixed(2)}× |`);
  } finally {
    await db.destroy();
    if (!process.env.BENCH_KEEP) await dropDatabase(config.databaseUrl);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
