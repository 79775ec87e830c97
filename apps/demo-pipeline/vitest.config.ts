import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // several tests start the CLI as a child process; on a loaded 2-core machine one start takes seconds
    testTimeout: 60_000,
  },
});
