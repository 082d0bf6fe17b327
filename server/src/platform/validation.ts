import type { z } from 'zod';
import { AppError } from '@kefu/shared/errors';

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
  const issues = result.error.issues.map((issue) => {
    // A reason the client can put in the user's language (e.g. `control_chars`, schemas/text.ts).
    const reason = issue.code === 'custom' ? (issue.params as { reason?: unknown } | undefined)?.reason : undefined;
    return { path: issue.path.map(String).join('.'), message: issue.message, ...(typeof reason === 'string' ? { reason } : {}) };
  });
  const described = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  throw new AppError('invalid', `Invalid ${source}: ${described.join('; ')}`, { issues });
}
