/**
 * Pure helpers of the complaints page: where a complaint and an attached message open, and
 * how the time left reads. Unit-tested in complaints-format.test.ts.
 */
export const complaintHref = (id: number) => `/console/complaints?complaint=${id}`;

/** The chat's deep link (the chat page reads it): the conversation, scrolled to the message. */
export function chatHref(conversationId: number, seq?: number): string {
  const params = new URLSearchParams({ conversation: String(conversationId) });
  if (seq !== undefined) params.set('message', String(seq));
  return `/console/chat?${params}`;
}

/** `?complaint=12` → 12; anything else → null. */
export function wantedComplaint(value: string | null): number | null {
  return value && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null;
}

export interface TimeLeftWords {
  overdue: boolean;
  hours: number;
  minutes: number;
}

export function timeLeftWords(ms: number): TimeLeftWords {
  const minutesTotal = Math.floor(Math.abs(ms) / 60_000);
  return { overdue: ms < 0, hours: Math.floor(minutesTotal / 60), minutes: minutesTotal % 60 };
}

/** The messages a complaint from the chat attaches by default: the last `count` (seqs, in order). */
export function defaultSeqs(seqs: readonly number[], count = 5): number[] {
  return [...seqs].sort((a, b) => a - b).slice(-count);
}

/** A handling time in hours with one decimal (a complaint takes hours, not seconds); null stays null. */
export function complaintHours(seconds: number | null): string | null {
  return seconds === null ? null : (seconds / 3600).toFixed(1);
}
