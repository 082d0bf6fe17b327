import { defineConfig } from 'vitest/config';

// Three levels of test (STYLE.md habit 8): pure units, integration against the real
// MariaDB and Redis, and the built client driven in real Chromium.
export default defineConfig({
  test: {
    // Removes, when the run ends, the test databases and Redis keys the run created that a
    // test's own cleanup missed (a spawned process writing after it): server/src/testing/global-setup.ts.
    globalSetup: ['server/src/testing/global-setup.ts'],
    // Integration files mostly wait on MariaDB and Redis, so three at a time on CI's 2 cores
    // (vitest's default there is one: cores - 1). Each file has its own database and Redis
    // prefix.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'client/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          // One module graph per worker instead of one per file: importing the server's modules
          // cost ~3.8 s of CPU per file (549 s of a 943 s run). No test mocks a module or sets
          // process.env, and every file starts its own server, so nothing leaks between files.
          isolate: false,
          include: ['server/src/**/*.test.ts', 'workers/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          isolate: false,
          // One file at a time, after the others: Chromium and the server keep both cores busy,
          // so three browser files side by side each took 3.2× as long (measured 2026-11-30:
          // 1,674 s of file time in a 587 s run, against ~550 s one after another).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          include: ['client/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A page answers a socket event or a click within a second on a quiet machine, but a
          // shared 2-core machine can be slower: a poll waits up to 10 s before it fails.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
    ],
  },
});
