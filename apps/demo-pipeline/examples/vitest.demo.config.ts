// Runs the edge tests `pnpm demo` generates for examples/under-documented.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { root: `${import.meta.dirname}/..`, include: ['.data/demo-edge-tests/**/*.test.ts'] },
});
