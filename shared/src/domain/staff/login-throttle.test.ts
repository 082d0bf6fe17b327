import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE, loginDelaySeconds } from './login-throttle.ts';

describe('login delays grow and stay short', () => {
  it.each([
    [0, 0],
    [9, 0],
    [10, 1],
    [11, 2],
    [12, 4],
    [14, 16],
    [15, 30],
    [100, 30],
    [1_000_000, 30],
  ])('after %d failures of one account the next attempt waits %d s', (failures, seconds) => {
    expect(loginDelaySeconds(failures, LOGIN_THROTTLE.account)).toBe(seconds);
  });

  it.each([
    [19, 0],
    [20, 1],
    [25, 32],
    [26, 60],
    [500, 60],
  ])('after %d failures from one address the next attempt waits %d s', (failures, seconds) => {
    expect(loginDelaySeconds(failures, LOGIN_THROTTLE.ip)).toBe(seconds);
  });

  it('the pair account + address is locked before the account starts to slow down', () => {
    expect(LOGIN_THROTTLE.pairLockAfter).toBeLessThan(LOGIN_THROTTLE.account.freeFailures);
  });
});
