import { describe, expect, it } from 'vitest';
import { linkFreshness, signedText } from './identity.ts';

const now = new Date('2026-11-29T12:00:00.000Z');
const nowS = now.getTime() / 1000;
const DAY = 86_400;

describe('linkFreshness', () => {
  it.each([
    ['signed just now', nowS, 'fresh'],
    ['signed a day ago, exactly the limit', nowS - DAY, 'fresh'],
    ['signed a day and a second ago', nowS - DAY - 1, 'stale'],
    ['signed years ago', 0, 'stale'],
    ['signed 5 minutes ahead (clock skew)', nowS + 300, 'fresh'],
    ['signed 5 minutes and a second ahead', nowS + 301, 'future'],
  ] as const)('%s → %s', (_label, ts, expected) => {
    expect(linkFreshness({ ts, now, maxAgeSeconds: DAY })).toBe(expected);
  });
});

describe('signedText', () => {
  it.each([
    ['小鹿买鞋', 1764417600, '小鹿买鞋|1764417600'],
    ['a|b', 1, 'a|b|1'],
  ])('%s at %i → %s', (id, ts, text) => {
    expect(signedText(id, ts)).toBe(text);
  });
});
