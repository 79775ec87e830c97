import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The smoke test runs the whole quick bench (child processes for ESLint, tsc, the generator, the
    // pipeline); it takes tens of seconds on a loaded 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
