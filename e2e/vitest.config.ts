import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Pushes start real processes on real ports; two cores do better one file at a time.
    fileParallelism: false,
  },
});
