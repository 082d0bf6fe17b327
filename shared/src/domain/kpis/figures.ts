/**
 * The figures the supervisor reads, derived from a `Tally` (docs/kpis.md). A rate with no
 * denominator is null ("—" on screen), never 0 or 100%.
 */
import { z } from 'zod';
import { addDays, dayStart } from './days.ts';
import { percentile } from './histogram.ts';
import type { KpiConversation, KpiPayment, Tally } from './tally.ts';

export interface Figures {
  firstResponseAvgS: number | null;
  firstResponseMedianS: number | null;
  firstResponseP90S: number | null;
  responseAvgS: number | null;
  responseMedianS: number | null;
  responseP90S: number | null;
  /** 3分钟响应率, 0–1. */
  quickRate: number | null;
  /** 答问比: agent messages ÷ buyer messages. */
  answerRatio: number | null;
  /** 询单转化率 (same or next day), 0–1. */
  conversion: number | null;
  /** 客单价 of converted buyers, fen. */
  orderValueFen: number | null;
  satisfiedRate: number | null;
  dissatisfiedRate: number | null;
  ratings: number;
  questions: number;
  enquiries: number;
  pointsLost: number;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function figuresOf(t: Tally): Figures {
  return {
    firstResponseAvgS: ratio(t.firstSumS, t.firstResponses),
    firstResponseMedianS: percentile(t.firstHist, 0.5),
    firstResponseP90S: percentile(t.firstHist, 0.9),
    responseAvgS: ratio(t.responseSumS, t.answered),
    responseMedianS: percentile(t.responseHist, 0.5),
    responseP90S: percentile(t.responseHist, 0.9),
    quickRate: ratio(t.inHoursQuick, t.inHours),
    answerRatio: ratio(t.staffMessages, t.questions),
    conversion: ratio(t.converted, t.enquiries),
    orderValueFen: t.converted > 0 ? Math.round(t.convertedFen / t.converted) : null,
    satisfiedRate: ratio(t.satisfied, t.ratings),
    dissatisfiedRate: ratio(t.dissatisfied, t.ratings),
    ratings: t.ratings,
    questions: t.questions,
    enquiries: t.enquiries,
    pointsLost: t.pointsLost,
  };
}

/**
 * 最终转化率 over a range of shop days: distinct buyers who asked in the range (per agent
 * who first answered them) ÷ those who paid from their first question up to the end of the
 * day after the range.
 */
export function finalConversion(
  conversations: readonly KpiConversation[],
  payments: readonly KpiPayment[],
  range: { from: string; to: string; tz: string },
): Map<number | null, { asked: number; paid: number }> {
  const start = dayStart(range.from, range.tz);
  const end = dayStart(addDays(range.to, 1), range.tz);
  const until = dayStart(addDays(range.to, 2), range.tz);
  const firstAsk = new Map<string, Date>();
  for (const c of conversations) {
    if (!c.firstBuyerMessageAt || c.firstBuyerMessageAt < start || c.firstBuyerMessageAt >= end) continue;
    const key = `${c.firstResponseBy ?? c.agentId ?? 'none'}|${c.buyerId}`;
    const seen = firstAsk.get(key);
    if (!seen || c.firstBuyerMessageAt < seen) firstAsk.set(key, c.firstBuyerMessageAt);
  }
  const result = new Map<number | null, { asked: number; paid: number }>();
  for (const [key, at] of firstAsk) {
    const [agent, buyerId] = key.split('|') as [string, string];
    const staffId = agent === 'none' ? null : Number(agent);
    const entry = result.get(staffId) ?? { asked: 0, paid: 0 };
    entry.asked += 1;
    if (payments.some((p) => p.buyerId === buyerId && p.paidAt >= at && p.paidAt < until)) entry.paid += 1;
    result.set(staffId, entry);
  }
  return result;
}

/** Targets the supervisor sets; a figure left out has no target. */
export const KpiTargets = z
  .object({
    firstResponseAvgS: z.number().int().min(0).max(3600),
    responseAvgS: z.number().int().min(0).max(3600),
    quickRate: z.number().min(0).max(1),
    answerRatio: z.number().min(0).max(20),
    conversion: z.number().min(0).max(1),
    satisfiedRate: z.number().min(0).max(1),
    /** Verified service-quality complaints naming the agent in the range (at most). */
    complaintsVerified: z.number().int().min(0).max(1000),
    /** Average complaint handling time, registration → resolution, of those the agent handled (seconds, at most; 30 days). */
    complaintHandlingAvgS: z.number().int().min(0).max(30 * 86_400),
  })
  .partial()
  .strict();
export type KpiTargets = z.infer<typeof KpiTargets>;
export type TargetName = keyof KpiTargets;

/** Times and complaints must be at most their target; rates at least theirs. */
const LOWER_IS_BETTER: ReadonlySet<TargetName> = new Set(['firstResponseAvgS', 'responseAvgS', 'complaintsVerified', 'complaintHandlingAvgS']);

/**
 * What targets are checked against: the chat figures, and the complaint figures of the
 * range (shared/src/domain/complaints/stats.ts) when known.
 */
export interface TargetFigures extends Figures {
  complaintsVerified?: number | null;
  complaintHandlingAvgS?: number | null;
}

/** The figures that miss their target (a figure with no value misses nothing). */
export function missedTargets(figures: TargetFigures, targets: KpiTargets): TargetName[] {
  const missed: TargetName[] = [];
  for (const name of Object.keys(targets) as TargetName[]) {
    const target = targets[name];
    const value = figures[name] ?? null;
    if (target === undefined || value === null) continue;
    if (LOWER_IS_BETTER.has(name) ? value > target : value < target) missed.push(name);
  }
  return missed;
}
