/**
 * The KPI rollup (docs/kpis.md "Speed"): one row of `Tally` counters per agent and finished
 * shop day in `kpi_daily`, written by the workers' `quality.kpiRollup` job, so a 90-day page
 * reads at most agents × 90 rows and counts only the days that are not (or no longer) rolled
 * up live — today, and any day something was written to later.
 *
 * Late events: a question answered after its day was rolled up (the answer moves it to the
 * answerer, and its response time is known only then) and an order paid or changed after
 * (a payment counts for the enquiries of its own day and of the day before). Both are found
 * from indexes on the moment they were written (`answered_at`, `shop_order.updated_at`):
 * a rolled-up day with a late event newer than its rollup is **stale** — the page counts it
 * live at once, and the next job run rolls it up again. A day rolled up with other service
 * hours than today's setting is stale too. Points lost (ledger entries, confirmed and revoked
 * at any time) are never rolled up. The final conversion (distinct buyers over the range,
 * which cannot be summed from daily counters) reads the rolled-up days' enquiries from
 * `kpi_enquiry` (one narrow row per day, agent and buyer, written with the day) and the
 * other days' from the conversations, and joins the buyers' payments live.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { addDays, dayStart, offsetMinutes, offsetSegments, shopDay } from '@kefu/shared/domain/kpis/days';
import { QUICK_ANSWER_MS, emptyTally, tallyKey, type ServiceHours, type Tally, type TallyKey } from '@kefu/shared/domain/kpis/tally';
import { kpisRepository, type RangeTallies, type TallyRange } from './kpis.repository.ts';
import { readKpiSettings } from './kpis.settings.ts';

/** A day is rolled up once it has been over for 3 minutes: every question still waiting is then judged. */
export const ROLLUP_SETTLE_MS = QUICK_ANSWER_MS;
/**
 * Late events are looked for from a minute before the last look, and count against a rollup
 * made less than a minute after them: a write stamped before the rollup but committed after
 * its read is not missed. Recomputing a day once too often is harmless.
 */
const MARGIN_MS = 60_000;
/** The oldest day the job backfills (a year and a bit: the KPI page reads at most 366 days). */
const BACKFILL_DAYS = 400;
/** The longest run of days counted by one set of queries. */
const CHUNK_DAYS = 31;

type Row = Record<string, string | number | Date | null>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** The last shop day that may be rolled up at `now`. */
export function lastFinishedDay(now: Date, tz: string): string {
  return addDays(shopDay(new Date(now.getTime() - ROLLUP_SETTLE_MS), tz), -1);
}

/** Runs of consecutive days, at most CHUNK_DAYS long. */
function runsOf(days: string[]): Array<{ from: string; to: string }> {
  const runs: Array<{ from: string; to: string; n: number }> = [];
  for (const day of [...days].sort()) {
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === day && last.n < CHUNK_DAYS) {
      last.to = day;
      last.n += 1;
    } else runs.push({ from: day, to: day, n: 1 });
  }
  return runs.map(({ from, to }) => ({ from, to }));
}

/**
 * The days touched by late events written in [since, until): for each, the newest such
 * write. A question's day is the shop day it was written; a payment's are its own day and
 * the day before.
 */
export async function lateEvents(tx: EntityManager, since: Date, until: Date, tz: string): Promise<Map<string, number>> {
  const late = new Map<string, number>();
  const touch = (day: string, at: Date) => late.set(day, Math.max(late.get(day) ?? 0, at.getTime()));
  const off = offsetMinutes(until, tz);
  const answers = (await tx.query(
    `SELECT DATE_FORMAT(created_at + INTERVAL ? MINUTE, '%Y-%m-%d') AS day, MAX(answered_at) AS last
     FROM chat_message FORCE INDEX (ix_chat_message_waiting)
     WHERE sender = 'buyer' AND answered_at >= ? AND answered_at < ? GROUP BY day`,
    [off, since, until],
  )) as Row[];
  for (const row of answers) touch(String(row.day), new Date(row.last as Date));
  const orders = (await tx.query(
    `SELECT paid_at AS paidAt, updated_at AS updatedAt FROM shop_order FORCE INDEX (ix_shop_order_updated_paid)
     WHERE updated_at >= ? AND updated_at < ? AND paid_at IS NOT NULL`,
    [since, until],
  )) as Array<{ paidAt: Date; updatedAt: Date }>;
  for (const order of orders) {
    const day = shopDay(new Date(order.paidAt), tz);
    touch(day, new Date(order.updatedAt));
    touch(addDays(day, -1), new Date(order.updatedAt));
  }
  return late;
}

interface RolledDay {
  day: string;
  computedAt: Date;
  hours: ServiceHours;
}

async function rolledDays(tx: EntityManager, from: string, to: string): Promise<RolledDay[]> {
  const rows = (await tx.query(
    `SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, computed_at AS computedAt, service_start_minute AS startMinute, service_end_minute AS endMinute
     FROM kpi_rollup_day WHERE day BETWEEN ? AND ?`,
    [from, to],
  )) as Row[];
  return rows.map((r) => ({ day: String(r.day), computedAt: new Date(r.computedAt as Date), hours: { startMinute: num(r.startMinute), endMinute: num(r.endMinute) } }));
}

/** A rolled-up day still right: the same service hours, and nothing written to it since. */
function isFresh(rolled: RolledDay, hours: ServiceHours, late: Map<string, number>): boolean {
  if (rolled.hours.startMinute !== hours.startMinute || rolled.hours.endMinute !== hours.endMinute) return false;
  const lastLate = late.get(rolled.day);
  return lastLate === undefined || lastLate < rolled.computedAt.getTime() - MARGIN_MS;
}

async function scannedUntil(tx: EntityManager, lock: boolean): Promise<Date | null> {
  const rows = (await tx.query(`SELECT scanned_until AS at FROM kpi_rollup_mark WHERE id = 1${lock ? ' FOR UPDATE' : ''}`)) as Row[];
  return rows[0] ? new Date(rows[0].at as Date) : null;
}

const HIST_COLUMNS = ['response_hist', 'first_hist'] as const;
const COUNTER_COLUMNS = [
  ['questions', 'questions'],
  ['answered', 'answered'],
  ['responseSumS', 'response_sum_s'],
  ['firstResponses', 'first_responses'],
  ['firstSumS', 'first_sum_s'],
  ['inHours', 'in_hours'],
  ['inHoursQuick', 'in_hours_quick'],
  ['staffMessages', 'staff_messages'],
  ['enquiries', 'enquiries'],
  ['converted', 'converted'],
  ['convertedFen', 'converted_fen'],
  ['ratings', 'ratings'],
  ['satisfied', 'satisfied'],
  ['dissatisfied', 'dissatisfied'],
] as const satisfies ReadonlyArray<readonly [keyof Tally, string]>;

/**
 * The tallies of a range: rolled-up days from `kpi_daily`, every other day (today, a day not
 * rolled up yet, a stale one) live; points lost and final conversion live. Equal to
 * `kpisRepository.tallies` for the same range (kpis.test.ts).
 */
export async function rolledUpTallies(tx: EntityManager, range: TallyRange): Promise<RangeTallies> {
  const mark = await scannedUntil(tx, false);
  const late = mark ? await lateEvents(tx, new Date(mark.getTime() - MARGIN_MS), new Date(range.now.getTime() + MARGIN_MS), range.tz) : new Map<string, number>();
  const lastRollable = lastFinishedDay(range.now, range.tz);
  const fresh = new Set((await rolledDays(tx, range.from, range.to)).filter((r) => r.day <= lastRollable && isFresh(r, range.hours, late)).map((r) => r.day));

  const daily = new Map<TallyKey, Tally>();
  if (fresh.size > 0) {
    const rows = (await tx.query(
      `SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, staff_id AS staffId, ${COUNTER_COLUMNS.map(([, c]) => c).join(', ')}, ${HIST_COLUMNS.join(', ')}
       FROM kpi_daily WHERE day BETWEEN ? AND ?`,
      [range.from, range.to],
    )) as Row[];
    for (const row of rows) {
      const day = String(row.day);
      if (!fresh.has(day)) continue;
      const tally = emptyTally();
      for (const [key, column] of COUNTER_COLUMNS) tally[key] = num(row[column]);
      tally.responseHist = JSON.parse(String(row.response_hist)) as Tally['responseHist'];
      tally.firstHist = JSON.parse(String(row.first_hist)) as Tally['firstHist'];
      const staffId = num(row.staffId);
      daily.set(tallyKey(staffId === 0 ? null : staffId, day), tally);
    }
  }
  const liveDays: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) if (!fresh.has(day)) liveDays.push(day);
  for (const run of runsOf(liveDays)) await kpisRepository.dayTallies(tx, { ...range, ...run }, daily);
  await kpisRepository.addPointsLost(tx, range, daily);
  return { daily, final: await rolledFinalConversion(tx, range, [...fresh].sort(), liveDays) };
}

/** The buyer as `kpi_enquiry` keeps it: 16 bytes, so grouping by it stays in memory. */
const buyerKey = (column: string) => `UNHEX(MD5(${column}))`;

/**
 * 最终转化率 (the definition: `kpisRepository.finalConversion`) with the rolled-up days'
 * enquiries read from `kpi_enquiry`: the distinct (agent, buyer) pairs of the fresh days with
 * their first question, each joined to the buyer's last payment before the end of the day
 * after the range (paid when it is at or after the first question). The live days' pairs
 * (today, a stale day) are few: each is looked up in the fresh days' pairs (an index probe)
 * and either adds an enquiry, or, when the pair asked on a fresh day too, may only move its
 * first question earlier (and so turn it paid). With no fresh day it is the definition.
 */
async function rolledFinalConversion(tx: EntityManager, range: TallyRange, freshDays: string[], liveDays: string[]): Promise<RangeTallies['final']> {
  if (freshDays.length === 0) return kpisRepository.finalConversion(tx, range);
  const start = dayStart(range.from, range.tz);
  const until = dayStart(addDays(range.to, 2), range.tz);
  const freshRuns = runsOf(freshDays);
  const freshWhere = (alias: string) => `(${freshRuns.map(() => `${alias}.day BETWEEN ? AND ?`).join(' OR ')})`;
  const freshParams = freshRuns.flatMap((r) => [r.from, r.to]);
  const final = new Map<number | null, { asked: number; paid: number }>();
  const add = (staffId: unknown, asked: unknown, paid: unknown) => {
    const key = num(staffId) === 0 ? null : num(staffId);
    const entry = final.get(key) ?? { asked: 0, paid: 0 };
    entry.asked += num(asked);
    entry.paid += num(paid);
    final.set(key, entry);
  };
  const rolled = (await tx.query(
    `SELECT f.staffId, COUNT(*) AS asked, SUM(COALESCE(p.lastPaid >= f.firstAt, 0)) AS paid
     FROM (
       SELECT e.staff_id AS staffId, e.buyer_key AS buyerKey, MIN(e.first_at) AS firstAt
       FROM kpi_enquiry e WHERE ${freshWhere('e')} GROUP BY e.staff_id, e.buyer_key
     ) f
     LEFT JOIN (
       SELECT ${buyerKey('buyer_id')} AS buyerKey, MAX(paid_at) AS lastPaid FROM shop_order
       WHERE paid_at >= ? AND paid_at < ? GROUP BY buyerKey
     ) p ON p.buyerKey = f.buyerKey
     GROUP BY f.staffId`,
    [...freshParams, start, until],
  )) as Row[];
  for (const row of rolled) add(row.staffId, row.asked, row.paid);
  if (liveDays.length > 0) {
    const liveRuns = runsOf(liveDays).map((r) => ({ start: dayStart(r.from, range.tz), end: dayStart(addDays(r.to, 1), range.tz) }));
    const live = (await tx.query(
      `SELECT l.staffId,
         SUM(l.freshAt IS NULL) AS asked,
         SUM(IF(l.freshAt IS NULL, COALESCE(l.lastPaid >= l.firstAt, 0), COALESCE(l.lastPaid >= LEAST(l.firstAt, l.freshAt), 0) - COALESCE(l.lastPaid >= l.freshAt, 0))) AS paid
       FROM (
         SELECT c.staffId, c.firstAt,
           (SELECT MIN(k.first_at) FROM kpi_enquiry k WHERE k.staff_id = c.staffId AND k.buyer_key = c.buyerKey AND ${freshWhere('k')}) AS freshAt,
           (SELECT MAX(o.paid_at) FROM shop_order o WHERE ${buyerKey('o.buyer_id')} = c.buyerKey AND o.buyer_id = c.buyerId AND o.paid_at >= ? AND o.paid_at < ?) AS lastPaid
         FROM (
           SELECT COALESCE(first_response_by, agent_id, 0) AS staffId, buyer_id AS buyerId, ${buyerKey('buyer_id')} AS buyerKey, MIN(first_buyer_message_at) AS firstAt
           FROM chat_conversation
           WHERE ${liveRuns.map(() => '(first_buyer_message_at >= ? AND first_buyer_message_at < ?)').join(' OR ')}
           GROUP BY staffId, buyerKey, buyerId
         ) c
       ) l
       GROUP BY l.staffId`,
      [...freshParams, start, until, ...liveRuns.flatMap((r) => [r.start, r.end])],
    )) as Row[];
    for (const row of live) add(row.staffId, row.asked, row.paid);
  }
  return new Map([...final].filter(([, f]) => f.asked > 0).sort(([a], [b]) => (a ?? 0) - (b ?? 0)));
}

export interface RollupOutcome {
  /** The days (re)computed. */
  days: string[];
}

/**
 * The job: rolls up every finished day since the first chat message (at most BACKFILL_DAYS
 * back) that is missing or stale, then moves the late-event mark to `now`. Idempotent and
 * safe to run twice at once: the mark row is locked for the run, and a day is replaced
 * whole (its rows deleted and written again in the same transaction).
 */
export async function rollupKpis(db: DataSource, tz: string, now: Date): Promise<RollupOutcome> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT IGNORE INTO kpi_rollup_mark (id, scanned_until) VALUES (1, ?)', [new Date(0)]);
    const mark = await scannedUntil(tx, true);
    const hours = (await readKpiSettings(tx)).serviceHours;
    const last = lastFinishedDay(now, tz);
    const first = (await tx.query('SELECT MIN(created_at) AS at FROM chat_message')) as Row[];
    const days: string[] = [];
    if (first[0]?.at) {
      const earliest = addDays(last, -BACKFILL_DAYS);
      const from = [shopDay(new Date(first[0].at as Date), tz), earliest].sort().at(-1)!;
      if (from <= last) {
        const late = mark && mark.getTime() > 0 ? await lateEvents(tx, new Date(mark.getTime() - MARGIN_MS), now, tz) : new Map<string, number>();
        const rolled = new Map((await rolledDays(tx, from, last)).map((r) => [r.day, r]));
        for (let day = from; day <= last; day = addDays(day, 1)) {
          const r = rolled.get(day);
          if (!r || !isFresh(r, hours, late)) days.push(day);
        }
        for (const run of runsOf(days)) await writeRun(tx, { ...run, tz, hours, now });
      }
    }
    await tx.query('UPDATE kpi_rollup_mark SET scanned_until = ? WHERE id = 1', [now]);
    return { days };
  });
}

async function writeRun(tx: EntityManager, range: TallyRange): Promise<void> {
  const daily = await kpisRepository.dayTallies(tx, range);
  await writeEnquiries(tx, range);
  await tx.query('DELETE FROM kpi_daily WHERE day BETWEEN ? AND ?', [range.from, range.to]);
  const rows = [...daily].map(([key, tally]) => {
    const [who, day] = key.split('|') as [string, string];
    return [day, who === 'none' ? 0 : Number(who), ...COUNTER_COLUMNS.map(([k]) => tally[k]), JSON.stringify(tally.responseHist), JSON.stringify(tally.firstHist)];
  });
  const columns = ['day', 'staff_id', ...COUNTER_COLUMNS.map(([, c]) => c), ...HIST_COLUMNS];
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await tx.query(`INSERT INTO kpi_daily (${columns.join(', ')}) VALUES ${batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`, batch.flat());
  }
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  await tx.query(
    `INSERT INTO kpi_rollup_day (day, computed_at, service_start_minute, service_end_minute) VALUES ${days.map(() => '(?, ?, ?, ?)').join(', ')}
     ON DUPLICATE KEY UPDATE computed_at = VALUES(computed_at), service_start_minute = VALUES(service_start_minute), service_end_minute = VALUES(service_end_minute)`,
    days.flatMap((day) => [day, range.now, range.hours.startMinute, range.hours.endMinute]),
  );
}

/**
 * The run's enquiries into `kpi_enquiry`: per shop day of the first buyer message, agent (the
 * first responder, else the agent; 0: nobody) and buyer, the first question. Read first and
 * written in batches (an INSERT … SELECT would lock the conversations it reads for the whole
 * job); the run's days are replaced whole.
 */
async function writeEnquiries(tx: EntityManager, range: TallyRange): Promise<void> {
  await tx.query('DELETE FROM kpi_enquiry WHERE day BETWEEN ? AND ?', [range.from, range.to]);
  for (const { start, end, offsetMinutes: off } of offsetSegments(range.from, range.to, range.tz)) {
    const rows = (await tx.query(
      `SELECT DATE_FORMAT(first_buyer_message_at + INTERVAL ? MINUTE, '%Y-%m-%d') AS day, COALESCE(first_response_by, agent_id, 0) AS staffId,
         ${buyerKey('buyer_id')} AS buyerKey, MIN(first_buyer_message_at) AS firstAt
       FROM chat_conversation FORCE INDEX (ix_chat_conversation_first_ask)
       WHERE first_buyer_message_at >= ? AND first_buyer_message_at < ?
       GROUP BY day, staffId, buyerKey`,
      [off, start, end],
    )) as Array<{ day: string; staffId: number; buyerKey: Buffer; firstAt: Date }>;
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await tx.query(
        `INSERT INTO kpi_enquiry (day, staff_id, buyer_key, first_at) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`,
        batch.flatMap((r) => [r.day, Number(r.staffId), r.buyerKey, r.firstAt]),
      );
    }
  }
}
