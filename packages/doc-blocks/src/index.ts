/**
 * `@pipeguard/doc-blocks`: the doc-block grammar shared by the ESLint plugin, the test generator and
 * the OpenLineage export.
 */
export type * from './types';
export { parseDocComment } from './parse/parseDocComment';
export {
  BLOCK_KINDS,
  FIELD_SPECS,
  TAG_FOR_KIND,
  fieldSpecFor,
  keySpecFor,
  kindForTag,
  type KeySpec,
  type KindSpec,
  type ValueParser,
  type ValueResult,
} from './grammar/index';
export { getLineageSpec, FLOW_NAMESPACE, type LineageSpec } from './grammar/lineage';
export { getRateLimitSpec, type RateLimitSpec } from './grammar/rateLimit';
export { getThrowsSpec, type ThrowsSpec } from './grammar/generator';
export {
  formatDuration,
  formatRate,
  parseDuration,
  parseRate,
  parseStatusList,
  RATE_UNITS,
} from './grammar/values';
export { isPlaceholder, TEMPLATE_PHRASES, type PlaceholderOptions } from './grammar/placeholder';
export { validateDoc, validateBlock, countWords, DIAGNOSTIC_CODES, type DiagnosticCode } from './validate';
export {
  printBlock,
  printBlockLines,
  printDoc,
  wrapComment,
  stripPositions,
  normalizeBlock,
  type BlockNormalForm,
} from './print';
export { toJobEvent, OPENLINEAGE_SCHEMA_URL, DEFAULT_PRODUCER } from './openlineage/toJobEvent';
export type * as OpenLineage from './openlineage/types';
export type { JobEvent } from './openlineage/types';
