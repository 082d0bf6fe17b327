/**
 * Column types every entity shares. Types are always explicit: test runners and bundlers
 * that transpile with esbuild emit no decorator metadata to infer them from.
 */

/** A UTC instant to the millisecond (DATETIME(3); the connection runs in UTC). */
export function instant(name?: string, options: { nullable?: boolean } = {}) {
  return { ...(name ? { name } : {}), type: 'datetime' as const, precision: 3, nullable: options.nullable ?? false };
}
