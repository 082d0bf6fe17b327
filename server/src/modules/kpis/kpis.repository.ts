/**
 * The KPI aggregates in SQL (docs/kpis.md): every figure is a GROUP BY over a range of an
 * indexed time column (the covering indexes of migration 1733788800000), never a read of
 * the messages themselves. The shop day of an instant is `created_at + offset`, one query
 * per piece of the range with a constant offset (`offsetSegments`). What comes back is
 * the same `Tally` that `tallyRecords` (shared/src/domain/kpis/tally.ts) computes from
 * plain records — the integration test checks the two agree on a scenario.
 */
import type { EntityManager } from 'typeorm';
import { CATALOGUE, isRuleCode } from '@kefu/shared/domain/scoring/catalogue';
import { addDays, dayStart, offsetSegments, shopDay } from '@kefu/shared/domain/kpis/days';
import { QUICK_ANSWER_MS, emptyTally, tallyKey, type ServiceHours, type Tally, type TallyKey } from '@kefu/shared/domain/kpis/tally';
import { addTo } from '@kefu/shared/domain/kpis/histogram';

/** `bucketOf` (histogram.ts) in SQL, for a number of whole seconds `s`. */
const bucketSql = (s: string) => `CASE WHEN ${s} < 60 THEN GREATEST(${s}, 0) WHEN ${s} < 600 THEN FLOOR(${s} / 10) * 10 WHEN ${s} < 3600 THEN FLOOR(${s} / 60) * 60 ELSE 3600 END`;
const localDay = (column: string) => `DATE_FORMAT(${column} + INTERVAL ? MINUTE, '%Y-%m-%d')`;
const localMinute = (column: string) => `(HOUR(${column} + INTERVAL ? MINUTE) * 60 + MINUTE(${column} + INTERVAL ? MINUTE))`;

type Row = Record<string, string | number | null>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const staffOf = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface RangeTallies {
  /** Per agent (or nobody) and shop day. */
  daily: Map<TallyKey, Tally>;
  /** 最终转化率 per agent over the whole range. */
  final: Map<number | null, { asked: number; paid: number }>;
}

export interface TallyRange {
  from: string;
  to: string;
  tz: string;
  hours: ServiceHours;
  now: Date;
}

export const kpisRepository = {
  /** Every figure, all computed live from the rows (the definition the rollup must match). */
  async tallies(tx: EntityManager, range: TallyRange): Promise<RangeTallies> {
    const daily = await this.dayTallies(tx, range);
    await this.addPointsLost(tx, range, daily);
    return { daily, final: await this.finalConversion(tx, range) };
  },

  /**
   * The counters that come from the chat, the orders and the ratings, per agent and shop
   * day — what the rollup (kpis.rollup.ts) stores for a finished day. Points lost and the
   * final conversion are not among them: they are read live for the range.
   */
  async dayTallies(tx: EntityManager, range: TallyRange, into?: Map<TallyKey, Tally>): Promise<Map<TallyKey, Tally>> {
    const daily = into ?? new Map<TallyKey, Tally>();
    const at = (staffId: number | null, day: string): Tally => {
      const key = tallyKey(staffId, day);
      let tally = daily.get(key);
      if (!tally) daily.set(key, (tally = emptyTally()));
      return tally;
    };
    const { startMinute, endMinute } = range.hours;
    const quickS = QUICK_ANSWER_MS / 1000;

    for (const { start, end, offsetMinutes: off } of offsetSegments(range.from, range.to, range.tz)) {
      // Messages written by staff, and buyer questions already answered (by whoever answered).
      const inHours = `(${localMinute('created_at')} BETWEEN ? AND ?)`;
      const waited = 'TIMESTAMPDIFF(SECOND, created_at, answered_at)';
      const answered = (await tx.query(
        `SELECT IF(sender = 'staff', staff_id, answered_by) AS staffId, ${localDay('created_at')} AS day, sender,
           IF(sender = 'buyer', ${bucketSql(waited)}, NULL) AS bucket,
           COUNT(*) AS n, SUM(IF(sender = 'buyer', ${waited}, 0)) AS sumS,
           SUM(sender = 'buyer' AND ${inHours}) AS inHours,
           SUM(sender = 'buyer' AND ${inHours} AND answered_at <= created_at + INTERVAL ${quickS} SECOND) AS quick
         FROM chat_message FORCE INDEX (ix_chat_message_kpi)
         WHERE created_at >= ? AND created_at < ? AND (sender = 'staff' OR answered_at IS NOT NULL)
         GROUP BY staffId, day, sender, bucket`,
        [off, off, off, startMinute, endMinute - 1, off, off, startMinute, endMinute - 1, start, end],
      )) as Row[];
      for (const row of answered) {
        const tally = at(staffOf(row.staffId), String(row.day));
        if (row.sender === 'staff') {
          tally.staffMessages += num(row.n);
          continue;
        }
        tally.questions += num(row.n);
        tally.answered += num(row.n);
        tally.responseSumS += num(row.sumS);
        addTo(tally.responseHist, num(row.bucket), num(row.n));
        tally.inHours += num(row.inHours);
        tally.inHoursQuick += num(row.quick);
      }

      // Questions nobody has answered yet: the chat's agent's (or nobody's, in the queue).
      // Judged for the 3-minute rate only once they have waited more than 3 minutes.
      const waiting = (await tx.query(
        `SELECT c.agent_id AS staffId, ${localDay('m.created_at')} AS day, COUNT(*) AS n,
           SUM(${localMinute('m.created_at')} BETWEEN ? AND ? AND m.created_at < ?) AS inHours
         FROM chat_message m FORCE INDEX (ix_chat_message_waiting) JOIN chat_conversation c ON c.id = m.conversation_id
         WHERE m.created_at >= ? AND m.created_at < ? AND m.sender = 'buyer' AND m.answered_at IS NULL
         GROUP BY staffId, day`,
        [off, off, off, startMinute, endMinute - 1, new Date(range.now.getTime() - QUICK_ANSWER_MS), start, end],
      )) as Row[];
      for (const row of waiting) {
        const tally = at(staffOf(row.staffId), String(row.day));
        tally.questions += num(row.n);
        tally.inHours += num(row.inHours);
      }

      // First responses, on the day of the conversation's first buyer message.
      const firstWait = 'TIMESTAMPDIFF(SECOND, first_buyer_message_at, first_response_at)';
      const firsts = (await tx.query(
        `SELECT first_response_by AS staffId, ${localDay('first_buyer_message_at')} AS day, ${bucketSql(firstWait)} AS bucket,
           COUNT(*) AS n, SUM(${firstWait}) AS sumS
         FROM chat_conversation
         WHERE first_buyer_message_at >= ? AND first_buyer_message_at < ? AND first_response_by IS NOT NULL AND first_response_at IS NOT NULL
         GROUP BY staffId, day, bucket`,
        [off, start, end],
      )) as Row[];
      for (const row of firsts) {
        const tally = at(staffOf(row.staffId), String(row.day));
        tally.firstResponses += num(row.n);
        tally.firstSumS += num(row.sumS);
        addTo(tally.firstHist, num(row.bucket), num(row.n));
      }

      // Enquiries (one per buyer, agent and day) and what they paid by the end of the next day.
      const enquiries = (await tx.query(
        `SELECT e.staffId, e.day, COUNT(*) AS n, SUM(e.fen IS NOT NULL) AS converted, COALESCE(SUM(e.fen), 0) AS fen
         FROM (
           SELECT f.staffId, f.day,
             (SELECT SUM(o.total_fen) FROM shop_order o
               WHERE o.buyer_id = f.buyerId AND o.paid_at >= f.firstAt AND o.paid_at < CAST(f.day AS DATETIME) + INTERVAL 2 DAY - INTERVAL ? MINUTE) AS fen
           FROM (
             SELECT COALESCE(first_response_by, agent_id) AS staffId, ${localDay('first_buyer_message_at')} AS day, buyer_id AS buyerId,
               MIN(first_buyer_message_at) AS firstAt
             FROM chat_conversation
             WHERE first_buyer_message_at >= ? AND first_buyer_message_at < ?
             GROUP BY staffId, day, buyerId
           ) f
         ) e
         GROUP BY e.staffId, e.day`,
        [off, off, start, end],
      )) as Row[];
      for (const row of enquiries) {
        const tally = at(staffOf(row.staffId), String(row.day));
        tally.enquiries += num(row.n);
        tally.converted += num(row.converted);
        tally.convertedFen += num(row.fen);
      }

      const ratings = (await tx.query(
        `SELECT staff_id AS staffId, ${localDay('created_at')} AS day, COUNT(*) AS n, SUM(score >= 4) AS satisfied, SUM(score <= 2) AS dissatisfied
         FROM chat_rating WHERE created_at >= ? AND created_at < ? GROUP BY staffId, day`,
        [off, start, end],
      )) as Row[];
      for (const row of ratings) {
        const tally = at(staffOf(row.staffId), String(row.day));
        tally.ratings += num(row.n);
        tally.satisfied += num(row.satisfied);
        tally.dissatisfied += num(row.dissatisfied);
      }
    }
    return daily;
  },

  /** Points lost: confirmed, unrevoked ledger entries (few rows; the catalogue gives fixed points). Always live. */
  async addPointsLost(tx: EntityManager, range: { from: string; to: string; tz: string }, daily: Map<TallyKey, Tally>): Promise<void> {
    const at = (staffId: number, day: string): Tally => {
      const key = tallyKey(staffId, day);
      let tally = daily.get(key);
      if (!tally) daily.set(key, (tally = emptyTally()));
      return tally;
    };
    const start = dayStart(range.from, range.tz);
    const end = dayStart(addDays(range.to, 1), range.tz);
    const entries = (await tx.query(
      `SELECT e.staff_id AS staffId, e.rule, e.points, e.occurred_at AS occurredAt
       FROM ledger_entry e LEFT JOIN ledger_revocation r ON r.entry_id = e.id
       WHERE e.occurred_at >= ? AND e.occurred_at < ? AND e.status = 'confirmed' AND r.id IS NULL`,
      [start, end],
    )) as Array<{ staffId: number; rule: string; points: number | null; occurredAt: Date }>;
    for (const entry of entries) {
      const points = entry.points ?? (isRuleCode(entry.rule) ? fixedPoints(entry.rule) : 0);
      if (points < 0) at(Number(entry.staffId), shopDay(new Date(entry.occurredAt), range.tz)).pointsLost += -points;
    }
  },

  /** 最终转化率 per agent over the whole range (distinct buyers: cannot be summed from days). Always live. */
  async finalConversion(tx: EntityManager, range: { from: string; to: string; tz: string }): Promise<Map<number | null, { asked: number; paid: number }>> {
    const start = dayStart(range.from, range.tz);
    const end = dayStart(addDays(range.to, 1), range.tz);
    const until = dayStart(addDays(range.to, 2), range.tz);
    // A buyer paid in [firstAt, until) exactly when their last payment before `until` is at or
    // after firstAt: one grouped read of the buyers' payments (from the (buyer_id, paid_at)
    // index) joined by buyer, instead of one probe of the orders per agent and buyer.
    const finals = (await tx.query(
      `SELECT f.staffId, COUNT(*) AS asked, SUM(COALESCE(p.lastPaid >= f.firstAt, 0)) AS paid
       FROM (
         SELECT COALESCE(first_response_by, agent_id) AS staffId, buyer_id AS buyerId, MIN(first_buyer_message_at) AS firstAt
         FROM chat_conversation WHERE first_buyer_message_at >= ? AND first_buyer_message_at < ?
         GROUP BY staffId, buyerId
       ) f
       LEFT JOIN (
         SELECT buyer_id AS buyerId, MAX(paid_at) AS lastPaid FROM shop_order
         WHERE paid_at >= ? AND paid_at < ? GROUP BY buyer_id
       ) p ON p.buyerId = f.buyerId
       GROUP BY f.staffId`,
      [start, end, start, until],
    )) as Row[];
    const final = new Map<number | null, { asked: number; paid: number }>();
    for (const row of finals) final.set(staffOf(row.staffId), { asked: num(row.asked), paid: num(row.paid) });
    return final;
  },
};

/** The points of a fixed rule when the entry does not carry its own (G07's warnings count nothing here). */
function fixedPoints(rule: keyof typeof CATALOGUE): number {
  const points = CATALOGUE[rule].points;
  return points.kind === 'fixed' ? points.points : 0;
}
