/**
 * How the board words the time left to a marketplace deadline, and how urgent it looks. Pure.
 */
export interface TimeLeft {
  overdue: boolean;
  hours: number;
  minutes: number;
  /** overdue: past the deadline; soon: under 6 hours left; later otherwise. */
  urgency: 'overdue' | 'soon' | 'later';
}

const SOON_MS = 6 * 3_600_000;

export function timeLeft(ms: number): TimeLeft {
  const overdue = ms < 0;
  const minutesTotal = Math.floor(Math.abs(ms) / 60_000);
  return { overdue, hours: Math.floor(minutesTotal / 60), minutes: minutesTotal % 60, urgency: overdue ? 'overdue' : ms < SOON_MS ? 'soon' : 'later' };
}

/** A money input in yuan ("299", "299.5") to fen; null when it is not one. Empty is undefined. */
export function amountFen(input: string): number | null | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}
