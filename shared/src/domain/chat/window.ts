/**
 * G09 (与客户交流完毕、订单确认后没有及时关闭对话框): once the order is confirmed, the agent
 * closes the chat window at once; a window left open longer than the setting (default 10
 * minutes) is proposed as G09 for the agent.
 */
export const DEFAULT_CLOSE_AFTER_CONFIRM_MINUTES = 10;

/**
 * How long the window stayed open after the confirmation, and whether that is too long.
 * A window still open counts up to `now`. Null when the order was never confirmed.
 */
export function windowAfterConfirm(input: { confirmedAt: Date | null; closedAt: Date | null; now: Date; limitMinutes: number }): { openMs: number; overdue: boolean } | null {
  if (!input.confirmedAt) return null;
  const end = input.closedAt && input.closedAt.getTime() >= input.confirmedAt.getTime() ? input.closedAt : input.now;
  const openMs = Math.max(0, end.getTime() - input.confirmedAt.getTime());
  return { openMs, overdue: openMs > input.limitMinutes * 60_000 };
}

/**
 * The reminder the console shows in an open chat (the G09 banner): only while the window in
 * which the order was confirmed is still the one open. Once that window was closed (its
 * `confirmToCloseMs` recorded), G09 is decided: a buyer who reopens the chat later — and
 * the second agent who then serves it — is not reminded of a confirmation already closed.
 */
export function confirmReminder(input: {
  status: 'queued' | 'open' | 'closed';
  confirmedAt: Date | null;
  confirmToCloseMs: number | null;
  now: Date;
  limitMinutes: number | null | undefined;
}): { openMs: number; overdue: boolean } | null {
  if (input.status !== 'open' || !input.limitMinutes || input.confirmToCloseMs !== null) return null;
  return windowAfterConfirm({ confirmedAt: input.confirmedAt, closedAt: null, now: input.now, limitMinutes: input.limitMinutes });
}
