import type { TSESLint } from '@typescript-eslint/utils';
import type { PipeguardDocs } from '../util/createRule';
import lineageMatchesCode from './lineage-matches-code';
import rateLimitMatchesCode from './rate-limit-matches-code';
import requireLineage from './require-lineage';
import requireRateLimit from './require-rate-limit';
import requireRationale from './require-rationale';
import requireSchemaDocs from './require-schema-docs';
import validDocBlocks from './valid-doc-blocks';

/** Every rule of the plugin by name; the presets in `src/index.ts` are generated from their `meta.docs`. */
export const rules = {
  'lineage-matches-code': lineageMatchesCode,
  'rate-limit-matches-code': rateLimitMatchesCode,
  'require-lineage': requireLineage,
  'require-rate-limit': requireRateLimit,
  'require-rationale': requireRationale,
  'require-schema-docs': requireSchemaDocs,
  'valid-doc-blocks': validDocBlocks,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[], PipeguardDocs>>;
