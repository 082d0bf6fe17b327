import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, Keys } from '../../platform/redis.ts';
import { deletePrefixedKeys } from '../../testing/harness.ts';
import { BUYER_LEASE, BUYER_LIMITS, BuyerRateLimits } from './chat.buyers.ts';

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

  it('two processes together never let a buyer past the limit, and refuse at most a lease early', async () => {
    const keys = `${prefix}_two`;
    const a = new BuyerRateLimits(redis, new Keys(keys));
    const b = new BuyerRateLimits(redis, new Keys(keys));
    let ok = 0;
    for (let i = 0; i < 40; i++) ok += await passed(i % 3 === 0 ? b : a, 'messages', 'b1', 1);
    expect(ok).toBeLessThanOrEqual(BUYER_LIMITS.messages.points);
    expect(ok).toBeGreaterThanOrEqual(BUYER_LIMITS.messages.points - (BUYER_LEASE.messages - 1));
    // A limit that is not a multiple of the lease: the last lease is granted in part.
    const odd = new BuyerRateLimits(redis, new Keys(`${prefix}_odd`), { messages: 7, typing: 30, uploads: 30 });
    expect(await passed(odd, 'messages', 'b1', 12)).toBe(7);
  });

  it('asks Redis once per lease, and a lease ends with the window it was counted in', async () => {
    let clock = Date.now();
    const keys = new Keys(`${prefix}_lease`);
    const limits = new BuyerRateLimits(redis, keys, undefined, () => clock);
    const counted = async () => Number(await redis.get(keys.key('buyer-rate', 'messages') + ':b1'));
    expect(await passed(limits, 'messages', 'b1', BUYER_LEASE.messages)).toBe(BUYER_LEASE.messages);
    expect(await counted()).toBe(BUYER_LEASE.messages);
    await passed(limits, 'messages', 'b1', 1);
    expect(await counted()).toBe(2 * BUYER_LEASE.messages);
    // The window over (here by this process's clock): the points left are not spent any more.
    clock += BUYER_LIMITS.messages.durationSeconds * 1000 + 1;
    await passed(limits, 'messages', 'b1', 1);
    expect(await counted()).toBe(3 * BUYER_LEASE.messages);
  });

  it('raised (as bench/chat does), lets a fast buyer through', async () => {
    const limits = new BuyerRateLimits(redis, new Keys(`${prefix}_raised`), { messages: 1000, typing: 30, uploads: 30 });
    expect(await passed(limits, 'messages', 'b1', 200)).toBe(200);
  });
});
