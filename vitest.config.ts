import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests start Chromium; two cores cannot run many of them at once.
    maxWorkers: 2,
    // A cap for a hung browser, not a speed test: browser tests on a loaded 2-core machine can take a minute.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
