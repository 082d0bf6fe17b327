/**
 * Hooks for the kill-the-worker test (workers/src/processors/scoring.kill.test.ts), set only
 * through the environment of a spawned workers process; unset in production, where they
 * change nothing.
 *
 * - KEFU_TEST_SETTLE_PAUSE=<step>:<ms>  pause a settlement at <step> ('detectors-done',
 *   'computed' or 'written': rows written, not committed) for <ms>, after printing
 *   `KEFU_TEST_PAUSED <step> <month>` on stdout, so the test knows when to kill.
 * - KEFU_TEST_LOCK_MS=<ms>  BullMQ lock duration and stalled-check interval, so the job of a
 *   killed worker is taken up again in about a second instead of 30.
 */
import type { SettlementDeps } from '@kefu/server/modules/scoring/scoring.settlement';

export interface TestHooks {
  pause?: SettlementDeps['pause'];
  lockMs?: number;
}

const STEPS = ['detectors-done', 'computed', 'written'] as const;

export function testHooksFromEnv(env: NodeJS.ProcessEnv): TestHooks {
  const hooks: TestHooks = {};
  const pause = env.KEFU_TEST_SETTLE_PAUSE;
  if (pause) {
    const [step, ms] = pause.split(':');
    if (!STEPS.includes(step as (typeof STEPS)[number]) || !/^\d+$/.test(ms ?? '')) {
      throw new Error(`KEFU_TEST_SETTLE_PAUSE must be <${STEPS.join('|')}>:<ms>, got ${pause}`);
    }
    hooks.pause = async (at, month) => {
      if (at !== step) return;
      process.stdout.write(`KEFU_TEST_PAUSED ${at} ${month}\n`);
      await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    };
  }
  const lockMs = env.KEFU_TEST_LOCK_MS;
  if (lockMs) {
    if (!/^\d+$/.test(lockMs) || Number(lockMs) < 500) throw new Error(`KEFU_TEST_LOCK_MS must be a number of ms ≥ 500, got ${lockMs}`);
    hooks.lockMs = Number(lockMs);
  }
  return hooks;
}
