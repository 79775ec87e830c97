// The config a new user would write: typescript-eslint's parser plus pipeguard `strict`.
// Used only by `pnpm demo` (eslint -c examples/eslint.demo.config.js examples/under-documented.ts).
import tseslint from 'typescript-eslint';
import pipeguard from '@pipeguard/eslint-plugin';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  { files: ['**/*.ts'], ...pipeguard.configs.strict },
  { settings: { pipeguard: { pipelineFiles: ['**/examples/**'] } } },
];
