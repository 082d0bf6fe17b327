import { describe, expect, it } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REPEAT_MS, TypingSignal } from './typing.ts';

function clock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; cleared: boolean }> = [];
  return {
    timers: {
      now: () => now,
      setTimer: (fn: () => void, ms: number) => {
        const timer = { at: now + ms, fn, cleared: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (handle: unknown) => {
        (handle as { cleared: boolean }).cleared = true;
      },
    },
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => !t.cleared && t.at <= now);
      timers = timers.filter((t) => !due.includes(t));
      for (const t of due) t.fn();
    },
  };
}

describe('telling the other side someone is typing', () => {
  it('says "typing" once per few seconds of typing, then "stopped" after a pause', () => {
    const sent: boolean[] = [];
    const c = clock();
    const signal = new TypingSignal((typing) => sent.push(typing), c.timers);
    signal.input();
    c.advance(500);
    signal.input();
    expect(sent).toEqual([true]);
    c.advance(TYPING_REPEAT_MS);
    signal.input();
    expect(sent).toEqual([true, true]);
    c.advance(TYPING_IDLE_MS);
    expect(sent).toEqual([true, true, false]);
  });

  it('says "stopped" once when the message is sent, and nothing when nobody typed', () => {
    const sent: boolean[] = [];
    const c = clock();
    const signal = new TypingSignal((typing) => sent.push(typing), c.timers);
    signal.stop();
    expect(sent).toEqual([]);
    signal.input();
    signal.stop();
    c.advance(TYPING_IDLE_MS * 2);
    expect(sent).toEqual([true, false]);
  });
});
