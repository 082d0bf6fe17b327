/**
 * The typing indicator, both ends. The typist's side says "typing" at most every few
 * seconds while keys are pressed and "stopped" after a pause or on sending; the reader's
 * side hides the indicator on "stopped" or when no word came for a while (a lost "stopped"
 * must not leave "正在输入…" on screen forever).
 */

/** While typing, "typing: true" is repeated this often (so a reader who joined late sees it). */
export const TYPING_REPEAT_MS = 3_000;
/** No key for this long → "typing: false". */
export const TYPING_IDLE_MS = 4_000;
/** A reader hides the indicator after this long without news. */
export const TYPING_SHOWN_MS = 8_000;

interface Timers {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TypingSignal {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private typing = false;
  private idle: unknown = null;

  constructor(
    private readonly send: (typing: boolean) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** A key was pressed in the composer. */
  input(): void {
    const now = this.timers.now();
    if (!this.typing || now - this.lastSentAt >= TYPING_REPEAT_MS) {
      this.typing = true;
      this.lastSentAt = now;
      this.send(true);
    }
    if (this.idle !== null) this.timers.clearTimer(this.idle);
    this.idle = this.timers.setTimer(() => this.stop(), TYPING_IDLE_MS);
  }

  /** Sent, cleared, or left: "stopped", once. */
  stop(): void {
    if (this.idle !== null) this.timers.clearTimer(this.idle);
    this.idle = null;
    if (!this.typing) return;
    this.typing = false;
    this.send(false);
  }
}
