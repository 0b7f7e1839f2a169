import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Builds the studio when missing, for the tests that serve it (npm test builds it first).
    globalSetup: ['test/helpers/studio-build.ts'],
  },
});
