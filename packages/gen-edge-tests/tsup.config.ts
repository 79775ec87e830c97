import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'runtime/index': 'src/runtime/index.ts' },
  format: ['esm', 'cjs'],
  // tsup's dts step sets the deprecated baseUrl; TypeScript 6 errors on it unless told to ignore.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // `import.meta.url` in the CommonJS build (src/typescript.ts loads typescript with createRequire)
  shims: true,
});
