import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, Keys } from '../../platform/redis.ts';
import { deletePrefixedKeys } from '../../testing/harness.ts';
import { BUYER_LIMITS, BuyerRateLimits } from './chat.buyers.ts';

let redis: Redis;
const prefix = `kefutest_buyers_${process.pid}_${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  redis = await connectRedis('redis://127.0.0.1:6379', { name: 'buyers-test' });
});

afterAll(async () => {
  await deletePrefixedKeys(redis, prefix);
  await redis.quit();
});

/** How many of `tries` actions pass before the limit refuses (and that it refuses with rate_limited). */
async function passed(limits: BuyerRateLimits, action: 'messages' | 'typing' | 'uploads', buyerId: string, tries: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < tries; i++) {
    try {
      await limits.take(action, buyerId);
      ok++;
    } catch (err) {
      expect((err as { code?: string }).code).toBe('rate_limited');
    }
  }
  return ok;
}

describe('per-buyer limits (BUYER_LIMITS, points from the settings)', () => {
  it('counts the default points per buyer when none are given', async () => {
    const limits = new BuyerRateLimits(redis, new Keys(`${prefix}_default`));
    expect(await passed(limits, 'messages', 'b1', BUYER_LIMITS.messages.points + 3)).toBe(BUYER_LIMITS.messages.points);
  });

  it('counts the configured points of each action, each buyer on their own', async () => {
    const limits = new BuyerRateLimits(redis, new Keys(`${prefix}_set`), { messages: 3, typing: 5, uploads: 1 });
    expect(await passed(limits, 'messages', 'b1', 6)).toBe(3);
    expect(await passed(limits, 'messages', 'b2', 6)).toBe(3);
    expect(await passed(limits, 'typing', 'b1', 8)).toBe(5);
    expect(await passed(limits, 'uploads', 'b1', 3)).toBe(1);
  });

  it('raised (as bench/chat does), lets a fast buyer through', async () => {
    const limits = new BuyerRateLimits(redis, new Keys(`${prefix}_raised`), { messages: 1000, typing: 30, uploads: 30 });
    expect(await passed(limits, 'messages', 'b1', 200)).toBe(200);
  });
});
