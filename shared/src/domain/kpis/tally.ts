/**
 * The KPIs' counters per agent and shop day (docs/kpis.md has every definition). A `Tally`
 * is what the SQL aggregates return (kpis.repository.ts) and what `tallyRecords` computes
 * from plain records; the figures (rates, medians) are then derived by `figuresOf`, so the
 * two paths cannot disagree on a definition. Tallies add up, so a week, a range or the team
 * is the sum of days or agents.
 */
import { addDays, dayStart, minuteOfDay, shopDay } from './days.ts';
import { addTo, bucketOf, type Histogram } from './histogram.ts';

/** 3-minute response rate (3分钟响应率): a question answered within this counts. */
export const QUICK_ANSWER_MS = 3 * 60_000;

/** The shop's service hours as minutes of the day, [start, end); default 08:00–24:00. */
export interface ServiceHours {
  startMinute: number;
  endMinute: number;
}
export const DEFAULT_SERVICE_HOURS: ServiceHours = { startMinute: 8 * 60, endMinute: 24 * 60 };

export interface Tally {
  /** Buyer messages (questions) attributed to the agent: answered by them, or waiting in their chat. */
  questions: number;
  /** …of which answered, with the sum and histogram of the seconds they waited. */
  answered: number;
  responseSumS: number;
  responseHist: Histogram;
  /** Conversations' first responses (first buyer message → first agent answer). */
  firstResponses: number;
  firstSumS: number;
  firstHist: Histogram;
  /** Questions asked in service hours whose fate is known (answered, or waited 3 min)… */
  inHours: number;
  /** …and of those, answered within 3 minutes. */
  inHoursQuick: number;
  /** Messages the agent wrote. */
  staffMessages: number;
  /** Buyers who asked (one per buyer, agent and day) and who paid the same or next day. */
  enquiries: number;
  converted: number;
  /** What the converted buyers paid in that window, in fen (客单价 = convertedFen ÷ converted). */
  convertedFen: number;
  /** Satisfaction answers: count, 4–5 (satisfied), 1–2 (dissatisfied). */
  ratings: number;
  satisfied: number;
  dissatisfied: number;
  /** Points taken off by confirmed ledger entries that occurred that day (a positive number). */
  pointsLost: number;
}

export function emptyTally(): Tally {
  return {
    questions: 0, answered: 0, responseSumS: 0, responseHist: {},
    firstResponses: 0, firstSumS: 0, firstHist: {},
    inHours: 0, inHoursQuick: 0, staffMessages: 0,
    enquiries: 0, converted: 0, convertedFen: 0,
    ratings: 0, satisfied: 0, dissatisfied: 0, pointsLost: 0,
  };
}

export function addTally(into: Tally, from: Tally): Tally {
  for (const key of Object.keys(into) as Array<keyof Tally>) {
    if (key === 'responseHist' || key === 'firstHist') {
      for (const [bucket, count] of Object.entries(from[key])) addTo(into[key], Number(bucket), count);
    } else {
      into[key] += from[key];
    }
  }
  return into;
}

export function inServiceHours(at: Date, tz: string, hours: ServiceHours): boolean {
  const minute = minuteOfDay(at, tz);
  return minute >= hours.startMinute && minute < hours.endMinute;
}

export interface KpiConversation {
  id: number;
  buyerId: string;
  agentId: number | null;
  firstBuyerMessageAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseBy: number | null;
}
export interface KpiMessage {
  conversationId: number;
  sender: 'buyer' | 'staff';
  staffId: number | null;
  createdAt: Date;
  answeredAt: Date | null;
  answeredBy: number | null;
}
export interface KpiPayment {
  buyerId: string;
  paidAt: Date;
  totalFen: number;
}
export interface KpiRating {
  staffId: number | null;
  at: Date;
  score: number;
}
export interface KpiPenalty {
  staffId: number;
  occurredAt: Date;
  points: number;
}

/** Key of a tally: the agent (null: nobody, e.g. a question that waited in the queue) and the day. */
export type TallyKey = `${number | 'none'}|${string}`;
export function tallyKey(staffId: number | null, day: string): TallyKey {
  return `${staffId ?? 'none'}|${day}`;
}

export interface TallyOptions {
  tz: string;
  hours: ServiceHours;
  now: Date;
}

/**
 * The counters from plain records (small scenarios, tests, and the definition the SQL must
 * match). Messages are counted on the shop day they were written.
 */
export function tallyRecords(
  records: { conversations: KpiConversation[]; messages: KpiMessage[]; payments?: KpiPayment[]; ratings?: KpiRating[]; penalties?: KpiPenalty[] },
  { tz, hours, now }: TallyOptions,
): Map<TallyKey, Tally> {
  const tallies = new Map<TallyKey, Tally>();
  const at = (staffId: number | null, day: string): Tally => {
    const key = tallyKey(staffId, day);
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = emptyTally()));
    return tally;
  };
  const conversations = new Map(records.conversations.map((c) => [c.id, c]));

  for (const m of records.messages) {
    const day = shopDay(m.createdAt, tz);
    if (m.sender === 'staff') {
      if (m.staffId !== null) at(m.staffId, day).staffMessages += 1;
      continue;
    }
    const agent = m.answeredAt ? m.answeredBy : (conversations.get(m.conversationId)?.agentId ?? null);
    const tally = at(agent, day);
    tally.questions += 1;
    const waitedMs = (m.answeredAt ?? now).getTime() - m.createdAt.getTime();
    if (m.answeredAt) {
      const seconds = Math.floor(waitedMs / 1000);
      tally.answered += 1;
      tally.responseSumS += seconds;
      addTo(tally.responseHist, bucketOf(seconds));
    }
    // A question still waiting but for less than 3 minutes is not judged yet.
    const decided = m.answeredAt !== null || waitedMs > QUICK_ANSWER_MS;
    if (decided && inServiceHours(m.createdAt, tz, hours)) {
      tally.inHours += 1;
      if (m.answeredAt && waitedMs <= QUICK_ANSWER_MS) tally.inHoursQuick += 1;
    }
  }

  // Enquiries: one per buyer, agent and day of the conversation's first buyer message.
  const enquiries = new Map<string, { staffId: number | null; day: string; buyerId: string; firstAt: Date }>();
  for (const c of records.conversations) {
    if (!c.firstBuyerMessageAt) continue;
    const day = shopDay(c.firstBuyerMessageAt, tz);
    const staffId = c.firstResponseBy ?? c.agentId;
    if (c.firstResponseAt && c.firstResponseBy !== null) {
      const seconds = Math.floor((c.firstResponseAt.getTime() - c.firstBuyerMessageAt.getTime()) / 1000);
      const tally = at(c.firstResponseBy, day);
      tally.firstResponses += 1;
      tally.firstSumS += seconds;
      addTo(tally.firstHist, bucketOf(seconds));
    }
    const key = `${staffId ?? 'none'}|${day}|${c.buyerId}`;
    const seen = enquiries.get(key);
    if (!seen || c.firstBuyerMessageAt < seen.firstAt) enquiries.set(key, { staffId, day, buyerId: c.buyerId, firstAt: c.firstBuyerMessageAt });
  }
  for (const e of enquiries.values()) {
    const tally = at(e.staffId, e.day);
    tally.enquiries += 1;
    const until = dayStart(addDays(e.day, 2), tz);
    const paid = (records.payments ?? []).filter((p) => p.buyerId === e.buyerId && p.paidAt >= e.firstAt && p.paidAt < until);
    if (paid.length > 0) {
      tally.converted += 1;
      tally.convertedFen += paid.reduce((sum, p) => sum + p.totalFen, 0);
    }
  }

  for (const r of records.ratings ?? []) {
    const tally = at(r.staffId, shopDay(r.at, tz));
    tally.ratings += 1;
    if (r.score >= 4) tally.satisfied += 1;
    if (r.score <= 2) tally.dissatisfied += 1;
  }
  for (const p of records.penalties ?? []) {
    if (p.points < 0) at(p.staffId, shopDay(p.occurredAt, tz)).pointsLost += -p.points;
  }
  return tallies;
}
