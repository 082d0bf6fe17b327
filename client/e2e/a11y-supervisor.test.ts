/**
 * Issue 11, every page for every hand and eye: axe-core on every console page the
 * supervisor opens (every section, and the chat's history, canned-reply and settings tabs),
 * 0 serious or critical violations. Split from a11y.test.ts, which walks the other roles,
 * so the longest walk runs beside it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { roleViolations, startAxeWorld, stopAxeWorld, type AxeWorld } from './axe.ts';

let world: AxeWorld;

beforeAll(async () => {
  world = await startAxeWorld();
});

afterAll(async () => {
  await stopAxeWorld(world);
});

// 14 sections and 3 chat tabs: more than the default minute on a shared machine.
it('axe-core, WCAG 2.1 AA: no serious or critical violations on every console page of the supervisor', async () => {
  expect(await roleViolations(world, 'supervisor')).toEqual({});
}, 180_000);
