/**
 * The KPI page's requests and answers (issue 15, docs/kpis.md). Days are shop days
 * (YYYY-MM-DD in SHOP_TZ); times are whole seconds; rates 0–1; money in fen.
 */
import { z } from 'zod';
import { KpiTargets } from '../domain/kpis/figures.ts';

export { KpiTargets };

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day must look like YYYY-MM-DD');
/** The longest range one request may ask for. */
export const MAX_KPI_DAYS = 366;

export const KpiRangeQuery = z
  .strictObject({ from: Day, to: Day })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_KPI_DAYS, { message: `a range is at most ${MAX_KPI_DAYS} days`, path: ['to'] });
export type KpiRangeQuery = z.output<typeof KpiRangeQuery>;

const Rate = z.number().nullable();
export const KpiFigures = z.object({
  firstResponseAvgS: Rate,
  firstResponseMedianS: Rate,
  firstResponseP90S: Rate,
  responseAvgS: Rate,
  responseMedianS: Rate,
  responseP90S: Rate,
  quickRate: Rate,
  answerRatio: Rate,
  conversion: Rate,
  orderValueFen: Rate,
  satisfiedRate: Rate,
  dissatisfiedRate: Rate,
  ratings: z.number().int(),
  questions: z.number().int(),
  enquiries: z.number().int(),
  pointsLost: z.number().int(),
});
export type KpiFigures = z.output<typeof KpiFigures>;

export const FinalConversion = z.object({ asked: z.number().int(), paid: z.number().int(), rate: Rate });

export const TargetName = z.enum(['firstResponseAvgS', 'responseAvgS', 'quickRate', 'answerRatio', 'conversion', 'satisfiedRate', 'complaintsVerified', 'complaintHandlingAvgS']);

/**
 * Complaint figures over the range (docs/complaints.md "On the KPI page"): concerning the
 * agent, verified against them, handled by them and the average handling time in seconds.
 */
export const KpiComplaintFigures = z.object({ concerning: z.number().int(), verified: z.number().int(), handled: z.number().int(), handlingAvgS: z.number().int().nullable() });
export type KpiComplaintFigures = z.output<typeof KpiComplaintFigures>;

export const AgentKpis = z.object({
  staffId: z.number().int(),
  displayName: z.string(),
  figures: KpiFigures,
  final: FinalConversion,
  /** Over the range (reports kept before complaints were on the page have none). */
  complaints: KpiComplaintFigures.optional(),
  missed: z.array(TargetName),
});

export const KpiDay = z.object({ day: z.string(), team: KpiFigures, agents: z.record(z.string(), KpiFigures) });

export const ServiceHours = z
  .strictObject({
    startMinute: z.number().int().min(0).max(1439),
    endMinute: z.number().int().min(1).max(1440),
  })
  .refine((h) => h.startMinute < h.endMinute, { message: 'service hours must start before they end', path: ['endMinute'] });

export const KpiSettings = z.strictObject({ targets: KpiTargets, serviceHours: ServiceHours });
export type KpiSettings = z.output<typeof KpiSettings>;

export const KpiReport = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  settings: KpiSettings,
  team: KpiFigures,
  teamFinal: FinalConversion,
  teamComplaints: KpiComplaintFigures,
  agents: z.array(AgentKpis),
  days: z.array(KpiDay),
});
export type KpiReport = z.output<typeof KpiReport>;

/** An agent's own page: their figures, the team's median of each agent's figure, their days. */
export const MyKpis = z.object({
  from: z.string(),
  to: z.string(),
  me: AgentKpis,
  teamMedian: z.record(z.string(), z.number().nullable()),
  days: z.array(z.object({ day: z.string(), figures: KpiFigures })),
  targets: KpiTargets,
});
export type MyKpis = z.output<typeof MyKpis>;
