import type { TSESLint } from '@typescript-eslint/utils';
import type { PipeguardDocs } from '../util/createRule';

/** Every rule of the plugin by name; the presets in `src/index.ts` are generated from their `meta.docs`. */
export const rules = {} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[], PipeguardDocs>>;
