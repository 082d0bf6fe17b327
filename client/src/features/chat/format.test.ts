import { describe, expect, it } from 'vitest';
import { chatTime, elapsed, formatElapsed } from './format.ts';

describe('chat times on screen', () => {
  it.each([
    { at: '2026-11-03T01:30:00.000Z', now: '2026-11-03T08:00:00.000Z', shown: '09:30' },
    // 23:30 UTC is already the next morning in the shop (UTC+8)
    { at: '2026-11-02T23:30:00.000Z', now: '2026-11-03T08:00:00.000Z', shown: '07:30' },
    { at: '2026-11-02T01:30:00.000Z', now: '2026-11-03T08:00:00.000Z', shown: '2026-11-02 09:30' },
  ])('$at seen at $now reads $shown', ({ at, now, shown }) => {
    expect(chatTime(at, new Date(now))).toBe(shown);
  });

  it.each([
    { since: '2026-11-03T01:30:00.000Z', now: '2026-11-03T01:30:42.000Z', shown: '0:42' },
    { since: '2026-11-03T01:30:00.000Z', now: '2026-11-03T01:33:05.000Z', shown: '3:05' },
    { since: '2026-11-03T01:30:10.000Z', now: '2026-11-03T01:30:00.000Z', shown: '0:00' },
  ])('waiting since $since at $now reads $shown', ({ since, now, shown }) => {
    expect(formatElapsed(since, new Date(now))).toBe(shown);
  });

  it('counts whole seconds', () => {
    expect(elapsed('2026-11-03T01:30:00.000Z', new Date('2026-11-03T01:33:00.999Z')).totalSeconds).toBe(180);
  });
});
