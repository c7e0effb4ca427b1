import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Real buildpack scripts, real zips with a vendored Node.js: seconds per buildpack, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
