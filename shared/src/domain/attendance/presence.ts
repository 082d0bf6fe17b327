/**
 * Presence during shifts (issue 14; rulebook: 工作时间未登录/下线/隐身 G03a, 人不在岗旺旺在线
 * G03b). Read from the presence log as a timeline; pure, the clock is an argument
 * (docs/attendance.md).
 */
import type { PresenceStatus } from '../../schemas/chat.ts';

export interface Interval {
  from: Date;
  to: Date;
}

export interface PresencePiece extends Interval {
  status: PresenceStatus;
}

export interface PresenceChange {
  status: PresenceStatus;
  at: Date;
}

/** Shorter absences than this are a reload or a network gap, not an occurrence (setting). */
export const DEFAULT_ABSENCE_MIN_MINUTES = 2;
/** G03b: a buyer waiting this long while the agent shows online with no activity (setting). */
export const DEFAULT_IDLE_WAIT_MINUTES = 3;

const ABSENT: readonly PresenceStatus[] = ['offline', 'invisible'];

/** The presence over [from, to): the status before `from`, then each change, in time order. */
export function presenceTimeline(initial: PresenceStatus, changes: readonly PresenceChange[], from: Date, to: Date): PresencePiece[] {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const pieces: PresencePiece[] = [];
  let status = initial;
  let cursor = from.getTime();
  for (const change of sorted) {
    const t = change.at.getTime();
    if (t <= from.getTime()) {
      status = change.status;
      continue;
    }
    if (t >= to.getTime()) break;
    if (change.status === status) continue;
    pieces.push({ status, from: new Date(cursor), to: new Date(t) });
    status = change.status;
    cursor = t;
  }
  if (cursor < to.getTime()) pieces.push({ status, from: new Date(cursor), to });
  return pieces;
}

/** The status at an instant, from a timeline (null outside it). */
export function statusAt(timeline: readonly PresencePiece[], at: Date): PresenceStatus | null {
  const t = at.getTime();
  return timeline.find((p) => p.from.getTime() <= t && t < p.to.getTime())?.status ?? null;
}

function subtract(piece: Interval, holes: readonly Interval[]): Interval[] {
  let parts: Interval[] = [piece];
  for (const hole of holes) {
    parts = parts.flatMap((p) => {
      if (hole.to.getTime() <= p.from.getTime() || hole.from.getTime() >= p.to.getTime()) return [p];
      const out: Interval[] = [];
      if (hole.from.getTime() > p.from.getTime()) out.push({ from: p.from, to: hole.from });
      if (hole.to.getTime() < p.to.getTime()) out.push({ from: hole.to, to: p.to });
      return out;
    });
  }
  return parts;
}

/** Whether the person was online or away at any time during the shift's parts. */
export function seenDuring(parts: readonly Interval[], timeline: readonly PresencePiece[]): boolean {
  return timeline.some((p) => !ABSENT.includes(p.status) && parts.some((s) => p.from.getTime() < s.to.getTime() && s.from.getTime() < p.to.getTime()));
}

/**
 * G03a: each stretch offline or invisible (one occurrence, even if it switched between
 * the two) inside a part of the shift, less the times the supervisor granted, that lasts
 * at least `minMinutes`. Not being logged in when a part starts counts too (未登录).
 */
export function absencesDuringShift(input: { parts: readonly Interval[]; timeline: readonly PresencePiece[]; granted: readonly Interval[]; minMinutes: number }): Interval[] {
  const found: Interval[] = [];
  for (const part of input.parts) {
    // Absent stretches inside the part, adjacent offline/invisible pieces merged.
    const stretches: Interval[] = [];
    for (const piece of input.timeline) {
      if (!ABSENT.includes(piece.status)) continue;
      const from = Math.max(piece.from.getTime(), part.from.getTime());
      const to = Math.min(piece.to.getTime(), part.to.getTime());
      if (from >= to) continue;
      const last = stretches.at(-1);
      if (last && last.to.getTime() === from) last.to = new Date(to);
      else stretches.push({ from: new Date(from), to: new Date(to) });
    }
    for (const stretch of stretches) {
      for (const left of subtract(stretch, input.granted)) {
        if (left.to.getTime() - left.from.getTime() >= input.minMinutes * 60_000) found.push(left);
      }
    }
  }
  return found;
}

/**
 * G03b: a buyer's wait that passed the threshold while the agent serving them showed
 * online and did nothing (sent no message anywhere) from the wait's start to the threshold.
 */
export function idleWhileOnline(input: {
  waitStart: Date;
  answeredAt: Date | null;
  thresholdMinutes: number;
  timeline: readonly PresencePiece[];
  activity: readonly Date[];
  now: Date;
}): boolean {
  const deadline = input.waitStart.getTime() + input.thresholdMinutes * 60_000;
  if (input.now.getTime() < deadline) return false;
  if (input.answeredAt && input.answeredAt.getTime() <= deadline) return false;
  if (statusAt(input.timeline, new Date(deadline)) !== 'online') return false;
  return !input.activity.some((a) => a.getTime() >= input.waitStart.getTime() && a.getTime() <= deadline);
}

/** Whether an instant falls inside one of the shift's parts (routing, live board). */
export function onShiftAt(parts: readonly Interval[], at: Date): boolean {
  const t = at.getTime();
  return parts.some((p) => p.from.getTime() <= t && t < p.to.getTime());
}

/** The reminder goes 15 minutes before a shift starts. */
export const REMINDER_MINUTES_BEFORE = 15;
export function reminderAt(shiftStart: Date): Date {
  return new Date(shiftStart.getTime() - REMINDER_MINUTES_BEFORE * 60_000);
}
