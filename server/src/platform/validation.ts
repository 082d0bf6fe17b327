import type { z } from 'zod';
import { AppError, ISSUE_REASONS, type IssueReason } from '@kefu/shared/errors';
import { TEXT_PROBLEMS, type TextProblem } from '@kefu/shared/schemas/text';

/** The issue's kind, for the client to word in the reader's language (shared/src/errors.ts). */
function reasonOf(issue: z.core.$ZodIssue): IssueReason | TextProblem {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  // A text refused for invisible characters (schemas/text.ts) says which kind.
  const custom = issue.code === 'custom' ? (issue.params as { reason?: unknown } | undefined)?.reason : undefined;
  if ((TEXT_PROBLEMS as readonly unknown[]).includes(custom)) return custom as TextProblem;
  return (ISSUE_REASONS as readonly string[]).includes(issue.code) ? (issue.code as IssueReason) : 'other';
}

/** The bound a too_small / too_big issue names, and whether it counts characters. */
function boundsOf(issue: z.core.$ZodIssue): { minimum?: number; maximum?: number; unit?: 'chars' | 'items' | 'number' } {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return {};
  const unit = issue.origin === 'string' ? 'chars' : issue.origin === 'array' || issue.origin === 'set' ? 'items' : 'number';
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  return issue.code === 'too_small' ? { minimum: bound, unit } : { maximum: bound, unit };
}

/** Where a value came from, named in the error so the caller knows what to fix. */
export type Source = 'body' | 'query' | 'params' | 'payload' | 'job';

/** Parses a value with its zod schema; a failure is a 400 whose message names each bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, source: Source = 'body'): z.output<S> {
  if (value === undefined && source === 'body') {
    throw new AppError('invalid', 'Invalid body: a JSON body is required (Content-Type: application/json)');
  }
  const result = schema.safeParse(value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    reason: reasonOf(issue),
    ...boundsOf(issue),
  }));
  const described = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  throw new AppError('invalid', `Invalid ${source}: ${described.join('; ')}`, { issues });
}
