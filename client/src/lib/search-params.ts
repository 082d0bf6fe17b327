/**
 * A page's filters live in the address (so a view can be shared and survives a reload).
 * Pure helpers for reading and changing them.
 */

/** `value` if it is one of `allowed` (a hand-edited address may hold anything), else undefined. */
export function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return (allowed as readonly (string | null)[]).includes(value) ? (value as T) : undefined;
}

/** The parameters with `change` applied: a value sets its key, an empty one or null removes it. */
export function withParams(current: URLSearchParams, change: Record<string, string | null>, remove: readonly string[] = []): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of remove) next.delete(key);
  for (const [key, value] of Object.entries(change)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}
