import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    // RuleTester with a project service (typed cases) takes a few seconds to warm up on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
