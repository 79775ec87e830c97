import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // tsup's dts step sets the deprecated baseUrl; TypeScript 6 errors on it unless told to ignore.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // `require('@pipeguard/eslint-plugin')` returns the plugin itself, and the .d.cts says `export = plugin`
  // (attw: no MissingExportEquals). tsup only applies cjsInterop with splitting on.
  cjsInterop: true,
  splitting: true,
  // `import.meta.url` in the CommonJS build (src/util/typescript.ts loads typescript with createRequire)
  shims: true,
});
