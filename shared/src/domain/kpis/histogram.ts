/**
 * Response times are kept as histograms of seconds, so medians and p90s can be merged across
 * days and agents and computed from SQL aggregates (MySQL 8 has no MEDIAN). The buckets are
 * exact to the second under 1 minute, 10 seconds wide under 10 minutes, 1 minute wide under
 * 1 hour; everything from 1 hour on is one bucket (reported as "≥ 1 h"). A percentile is the
 * lower bound of the bucket holding it (nearest rank).
 */
export type Histogram = Record<number, number>;

export const HOUR_BUCKET = 3600;

/** The bucket of a response of `seconds` (the same CASE is written in the SQL, kpis.repository.ts). */
export function bucketOf(seconds: number): number {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return s;
  if (s < 600) return Math.floor(s / 10) * 10;
  if (s < 3600) return Math.floor(s / 60) * 60;
  return HOUR_BUCKET;
}

export function addTo(hist: Histogram, bucket: number, count = 1): void {
  hist[bucket] = (hist[bucket] ?? 0) + count;
}

export function mergeHistograms(into: Histogram, from: Histogram): Histogram {
  for (const [bucket, count] of Object.entries(from)) addTo(into, Number(bucket), count);
  return into;
}

/** The p-th percentile (0 < p ≤ 1) by nearest rank, in seconds; null without any value. */
export function percentile(hist: Histogram, p: number): number | null {
  const buckets = Object.keys(hist).map(Number).sort((a, b) => a - b);
  const total = buckets.reduce((sum, b) => sum + (hist[b] ?? 0), 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bucket of buckets) {
    seen += hist[bucket] ?? 0;
    if (seen >= rank) return bucket;
  }
  return buckets.at(-1) ?? null;
}

/** The median of plain numbers (the team median of agents' figures); null when empty. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
