/** The buyer's satisfaction survey after a chat closes, and the call-backs it opens (issue 15). */
import { z } from 'zod';
import { plainText } from './text.ts';

/** How long after the chat closed the buyer may still answer. */
export const SURVEY_WINDOW_MS = 24 * 3_600_000;

export const SurveyAnswer = z.strictObject({
  conversationId: z.number().int().positive(),
  score: z.number({ error: 'score must be a whole number from 1 to 5' }).int('score must be a whole number from 1 to 5').min(1, 'score must be 1 to 5').max(5, 'score must be 1 to 5'),
  comment: plainText(z.string().trim().max(500, 'the comment is at most 500 characters'), 'comment', { multiline: true }).optional(),
});
export type SurveyAnswer = z.output<typeof SurveyAnswer>;

/** What the buyer page asks: the closed chat waiting for a rating, or nothing. */
export const PendingSurvey = z.object({
  survey: z.object({ conversationId: z.number().int(), closedAt: z.string() }).nullable(),
});

export const Rating = z.object({
  id: z.number().int(),
  conversationId: z.number().int(),
  buyerId: z.string(),
  staffId: z.number().int().nullable(),
  score: z.number().int(),
  comment: z.string().nullable(),
  createdAt: z.string(),
});

export const CALLBACK_STATUSES = ['open', 'done'] as const;
export const Callback = z.object({
  id: z.number().int(),
  conversationId: z.number().int(),
  ratingId: z.number().int(),
  buyerId: z.string(),
  staffId: z.number().int().nullable(),
  score: z.number().int(),
  comment: z.string().nullable(),
  status: z.enum(CALLBACK_STATUSES),
  answer: z.string().nullable(),
  doneBy: z.number().int().nullable(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type Callback = z.output<typeof Callback>;

export const CallbacksQuery = z.strictObject({ status: z.enum(CALLBACK_STATUSES).optional() });
export const CallbackDone = z.strictObject({
  version: z.number().int().positive(),
  answer: plainText(z.string().trim().min(1, 'write down what the buyer said').max(1000, 'the answer is at most 1000 characters'), 'answer', { multiline: true }),
});
