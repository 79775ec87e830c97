import { defineConfig, configDefaults } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // fixture projects contain their own `*.test.ts` files as inputs for discovery tests
    exclude: [...configDefaults.exclude, '**/fixtures/**'],
    // the compile-side tests build TypeScript programs, which takes a few seconds on a shared machine
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
