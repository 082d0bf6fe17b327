import { z } from 'zod';
import { Day } from './common.ts';
import { AgentKpis, KpiFigures } from './kpis.ts';
import { COMPLAINT_CATEGORIES } from '../domain/complaints/complaints.ts';

/** The daily quality report (质量异常分析日报表, docs/quality-report.md). */
export const QualityGroup = z.object({
  key: z.string(),
  day: z.number().int(),
  previous7: z.number().int(),
  previous30: z.number().int(),
  mean30: z.number(),
  unusual: z.boolean(),
});
export type QualityGroup = z.infer<typeof QualityGroup>;

export const QualityReportBody = z.object({
  day: Day,
  total: QualityGroup,
  quality: QualityGroup,
  byProduct: z.array(QualityGroup),
  byProblem: z.array(QualityGroup),
  byLocation: z.array(QualityGroup),
  /** The after-sale cases and quality complaints of the day. */
  cases: z.array(
    z.object({
      source: z.enum(['case', 'complaint']),
      id: z.number().int(),
      kind: z.string(),
      quality: z.boolean(),
      orderNo: z.string().nullable(),
      products: z.array(z.string()),
      text: z.string(),
      location: z.string().nullable(),
    }),
  ),
  complaints: z.object({
    count: z.number().int(),
    byCategory: z.partialRecord(z.enum(COMPLAINT_CATEGORIES), z.number().int()),
    list: z.array(z.object({ id: z.number().int(), category: z.enum(COMPLAINT_CATEGORIES), severity: z.string(), staff: z.string().nullable(), description: z.string() })),
  }),
  ratings: z.object({
    count: z.number().int(),
    satisfied: z.number().int(),
    dissatisfied: z.number().int(),
    average: z.number().nullable(),
    low: z.array(z.object({ conversationId: z.number().int(), score: z.number().int(), staff: z.string().nullable(), comment: z.string().nullable() })),
  }),
  kpis: z.object({ team: KpiFigures, agents: z.array(AgentKpis) }),
  unusual: z.number().int(),
});
export type QualityReportBody = z.infer<typeof QualityReportBody>;

export const QualityReport = z.object({ id: z.number().int(), day: Day, builtAt: z.string(), report: QualityReportBody });
export type QualityReport = z.infer<typeof QualityReport>;

export const QualityReportSummary = z.object({ id: z.number().int(), day: Day, builtAt: z.string(), unusual: z.number().int(), total: z.number().int(), quality: z.number().int() });
export const QualityReportList = z.object({ reports: z.array(QualityReportSummary) });
export type QualityReportList = z.infer<typeof QualityReportList>;

export const QualityReportParams = z.strictObject({ day: Day });

/** The supervisor's "build now": a finished day, yesterday when left out. */
export const QualityReportBuild = z.strictObject({ day: Day.optional() });
export type QualityReportBuild = z.infer<typeof QualityReportBuild>;
export const QualityReportBuilt = z.object({ created: z.boolean(), report: QualityReport });
export type QualityReportBuilt = z.infer<typeof QualityReportBuilt>;
