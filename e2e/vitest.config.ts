import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/faults/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Pushes start real processes on real ports; two cores do better one file at a time.
    fileParallelism: false,
  },
});
