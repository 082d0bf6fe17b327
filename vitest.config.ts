import { defineConfig } from 'vitest/config';

// Three levels of test (STYLE.md habit 8): pure units, integration against the real
// MariaDB and Redis, and the built client driven in real Chromium.
export default defineConfig({
  test: {
    // Removes, when the run ends, the test databases and Redis keys the run created that a
    // test's own cleanup missed (a spawned process writing after it): server/src/testing/global-setup.ts.
    globalSetup: ['server/src/testing/global-setup.ts'],
    // Integration and browser files mostly wait on MariaDB, Redis and Chromium, so three at a
    // time on CI's 2 cores (vitest's default there is one: cores - 1). Each file has its own
    // database and Redis prefix, and a browser file its own server and Chromium, so browser
    // files share the three slots with the rest (run one at a time after the others, they
    // were the suite's critical path: 29 files, 549 s).
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
          include: ['client/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A page answers a socket event or a click within a second on a quiet machine, but CI
          // runs three files at a time on 2 cores: a poll waits up to 10 s before it fails.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
    ],
  },
});
