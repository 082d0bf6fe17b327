/**
 * Nobody waits on an absent agent (issue 11). An agent who is not online — they chose away
 * or offline, or their last socket went — stops serving: their open chats with a buyer
 * waiting are handed to another agent (or the queue). A chosen status takes effect at once;
 * a lost connection after a grace period (a page reload or a short network gap must not
 * move chats). A buyer waiting longer than the 3-minute response rule is flagged to the
 * supervisor.
 */
import type { PresenceStatus } from '../../schemas/chat.ts';

export const DEFAULT_HAND_OVER_AFTER_SECONDS = 60;
/** The 3-minute response rule: a buyer unanswered this long is flagged to the supervisor. */
export const DEFAULT_WAIT_ALERT_MINUTES = 3;

/** Whether an agent of this presence has been away long enough for their waiting buyers to be handed over. */
export function absentLongEnough({ status, since, now, graceSeconds }: { status: PresenceStatus; since: Date; now: Date; graceSeconds: number }): boolean {
  if (status === 'online') return false;
  return now.getTime() - since.getTime() >= graceSeconds * 1000;
}

/** Whether a buyer waiting since `waitingSince` (their oldest unanswered message) has waited too long. */
export function waitingTooLong({ waitingSince, now, alertMinutes }: { waitingSince: Date | null; now: Date; alertMinutes: number }): boolean {
  if (!waitingSince) return false;
  return now.getTime() - waitingSince.getTime() >= alertMinutes * 60_000;
}
