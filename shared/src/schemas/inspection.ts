/** 质检 (quality inspection) requests and answers (issue 15, docs/inspection.md). */
import { z } from 'zod';
import { plainText } from './text.ts';
import { QueryInt } from './common.ts';
import { MAX_KPI_DAYS } from './kpis.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day must look like YYYY-MM-DD');
import { CHECKLIST_ITEMS, GRADES, INSPECTION_RULES, INSPECTION_STATUSES } from '../domain/inspection/checklist.ts';

const Text = (field: string, max: number) => plainText(z.string().trim().max(max, `${field} is at most ${max} characters`), field, { multiline: true });
const Version = z.number().int().positive();

/** How the sample is drawn: at random, or among chats that waited long, were rated 1–2, or had a complaint. */
export const SAMPLE_MODES = ['random', 'long_wait', 'low_rating', 'complaint'] as const;
export type SampleMode = (typeof SAMPLE_MODES)[number];
export const MAX_SAMPLE = 50;

/** GET /api/inspections/sample: a range of shop days, who (one agent or a team), how many, how. */
export const SampleQuery = z
  .strictObject({
    from: Day,
    to: Day,
    mode: z.enum(SAMPLE_MODES).default('random'),
    staffId: QueryInt(1, 2_147_483_647).optional(),
    team: z.enum(['presale', 'aftersale']).optional(),
    count: QueryInt(1, MAX_SAMPLE).default(10),
    /** long_wait: a question (the first one or any later one) waited longer than this many minutes. */
    waitMinutes: QueryInt(1, 24 * 60).default(3),
    /** The same seed draws the same sample (a supervisor can show how it was drawn). */
    seed: QueryInt(1, 2_147_483_647).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_KPI_DAYS, { message: `a range is at most ${MAX_KPI_DAYS} days`, path: ['to'] });
export type SampleQuery = z.output<typeof SampleQuery>;

export const SampledConversation = z.object({
  conversationId: z.number().int(),
  buyerId: z.string(),
  staffId: z.number().int(),
  staffName: z.string(),
  role: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  messages: z.number().int(),
  firstResponseS: z.number().nullable(),
  longestWaitS: z.number().nullable(),
  rating: z.number().int().nullable(),
  complaints: z.number().int(),
});
export type SampledConversation = z.output<typeof SampledConversation>;
export const Sample = z.object({ seed: z.number().int(), mode: z.enum(SAMPLE_MODES), candidates: z.array(SampledConversation) });
export type Sample = z.output<typeof Sample>;

export const ItemMarkSchema = z.strictObject({
  item: z.enum(CHECKLIST_ITEMS),
  points: z.number().int('points must be a whole number').nullable().optional(),
  pass: z.boolean().nullable().optional(),
  na: z.boolean().optional(),
  comment: Text('comment', 500).nullable().optional(),
});

export const NewInspection = z.strictObject({ conversationId: z.number().int().positive() });
export const SaveInspection = z.strictObject({
  version: Version,
  items: z.array(ItemMarkSchema).max(CHECKLIST_ITEMS.length * 2),
  summary: Text('summary', 2000).optional(),
});
export type SaveInspection = z.output<typeof SaveInspection>;
export const PublishInspection = z.strictObject({ version: Version });
export const InspectionReplyBody = z.strictObject({ text: plainText(z.string().trim().min(1, 'text must not be empty').max(2000, 'text is at most 2000 characters'), 'text', { multiline: true }) });
export const InspectionToLedger = z.strictObject({
  version: Version,
  rule: z.enum(INSPECTION_RULES),
  points: z.number().int().optional(),
  note: Text('note', 1000).optional(),
});
export type InspectionToLedger = z.output<typeof InspectionToLedger>;

export const InspectionsQuery = z.strictObject({
  status: z.enum(INSPECTION_STATUSES).optional(),
  staffId: QueryInt(1, 2_147_483_647).optional(),
});

export const InspectionReply = z.object({ id: z.number().int(), authorId: z.number().int(), authorName: z.string(), text: z.string(), at: z.string() });

export const Inspection = z.object({
  id: z.number().int(),
  conversationId: z.number().int(),
  buyerId: z.string(),
  conversationAt: z.string(),
  staffId: z.number().int(),
  staffName: z.string(),
  inspectorId: z.number().int(),
  inspectorName: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  items: z.array(ItemMarkSchema),
  summary: z.string().nullable(),
  score: z.number().int().nullable(),
  grade: z.enum(GRADES).nullable(),
  poor: z.boolean(),
  suggestedRules: z.array(z.string()),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  ledgerEntryId: z.number().int().nullable(),
  replies: z.array(InspectionReply),
  version: z.number().int(),
});
export type Inspection = z.output<typeof Inspection>;

/** The KPI page's 质检 column: per agent, published inspections of chats in the range. */
export const InspectionFigures = z.object({ staffId: z.number().int(), count: z.number().int(), averageScore: z.number().nullable() });
export type InspectionFigures = z.output<typeof InspectionFigures>;
export const InspectionKpis = z.object({ from: z.string(), to: z.string(), agents: z.array(InspectionFigures), team: InspectionFigures.omit({ staffId: true }) });
export type InspectionKpis = z.output<typeof InspectionKpis>;
export const MyInspectionKpis = z.object({ from: z.string(), to: z.string(), me: InspectionFigures, team: InspectionFigures.omit({ staffId: true }) });
export type MyInspectionKpis = z.output<typeof MyInspectionKpis>;
