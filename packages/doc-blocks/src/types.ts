/**
 * The public data model of the doc-block grammar.
 *
 * @rationale One plain, serialisable model shared by the ESLint plugin, the test generator and the
 *   OpenLineage export
 *   why: the plugin and the generator must agree on what a block means; keeping the model free of
 *     ESLint and TypeScript types lets both depend on it without depending on each other.
 *   alternatives: let each consumer re-parse comment text (drifts); use TSDoc's DocNode tree (no field
 *     level positions, no parsed values)
 *   tradeoffs: positions are relative to the comment, so consumers add the comment's own offset
 */

/** Every kind of block the grammar knows. */
export type BlockKind =
  | 'rationale'
  | 'lineage'
  | 'rateLimit'
  | 'indexing'
  | 'constraints'
  | 'normalization'
  | 'retention'
  | 'invariant'
  | 'transform'
  | 'idempotent'
  | 'roundtrip'
  | 'throws'
  | 'nondeterministic'
  | 'edgeTests';

/**
 * A place inside the comment text that was parsed.
 * - `offset`: 0-based UTF-16 index into the exact string given to `parseDocComment` (so a rule can do
 *   `sourceCode.getLocFromIndex(comment.range[0] + offset)` when it passed the whole `/** … *\/` text).
 * - `line`: 1-based line within that string (line 1 holds `/**`); CRLF, LF and CR all end a line.
 * - `column`: 0-based UTF-16 column within that line.
 */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

/** A dataset reference: OpenLineage namespace + name, plus `key=value` attributes (`mode=append`). */
export interface DatasetRef {
  namespace: string;
  name: string;
  attrs: Record<string, string>;
}

/** `column: staging_orders.amount_cents from orders.amount, orders.currency desc="…"` */
export interface ColumnLineageSpec {
  /** dataset name part of the target (`staging_orders`), or undefined when only a field was written */
  targetDataset?: string;
  targetField: string;
  sources: { dataset?: string; field: string }[];
  attrs: Record<string, string>;
}

/** `N unit/window`, e.g. `50 req/min` → { amount: 50, unit: 'req', windowMs: 60000 } */
export type RateUnit = 'req' | 'tokens' | 'inputTokens' | 'outputTokens' | 'usd' | 'rows';
export interface Rate {
  amount: number;
  unit: RateUnit;
  windowMs: number;
}

export interface RetrySpec {
  /** retries after the first try (never counts the first try) */
  retries: number;
  /** status codes and classes as written: `408`, `5xx`, `network`, `timeout` */
  on: string[];
}

export interface BackoffSpec {
  strategy: 'exponential' | 'linear' | 'constant' | 'none';
  initialMs?: number;
  factor?: number;
  maxMs?: number;
  jitter?: 'none' | 'full' | 'equal' | 'decorrelated';
}

export interface RetryAfterSpec {
  honor: boolean;
  maxMs?: number;
}

export interface TimeoutSpec {
  attemptMs?: number;
  totalMs?: number;
}

export interface IdempotentSpec {
  idempotent: boolean;
  reason?: string;
}

export interface OnExhaustedSpec {
  /** `deadLetter`, `fail`, `skip`, … as written */
  action: string;
  attrs: Record<string, string>;
}

/**
 * The parsed value of a field, where the grammar defines one. `kind` names the value parser that
 * produced it; a field whose value could not be parsed has no `parsed` (validateDoc reports it).
 */
export type ParsedValue =
  | { kind: 'dataset'; value: DatasetRef }
  | { kind: 'column'; value: ColumnLineageSpec }
  | { kind: 'rates'; value: Rate[] }
  | { kind: 'integer'; value: number }
  | { kind: 'retry'; value: RetrySpec }
  | { kind: 'backoff'; value: BackoffSpec }
  | { kind: 'retryAfter'; value: RetryAfterSpec }
  | { kind: 'timeout'; value: TimeoutSpec }
  | { kind: 'idempotent'; value: IdempotentSpec }
  | { kind: 'onExhausted'; value: OnExhaustedSpec }
  | { kind: 'duration'; value: number }
  | { kind: 'list'; value: string[] }
  | { kind: 'text'; value: string };

export interface Field {
  /** the key as written (`in`, `retry`, `whyy` …) */
  key: string;
  /** the raw value text, trimmed, continuation lines joined with a single space */
  value: string;
  parsed?: ParsedValue;
  /** from the first character of the key to the end of the value */
  loc: Span;
  /** just the value */
  valueLoc: Span;
}

/** How the block was written: a TSDoc tag (`@lineage …`) or the seed's prose sections (`DATA FLOW:`). */
export type BlockStyle = 'tag' | 'section';

/** One step of a section-style `DATA FLOW:` (`1. Raw events → Kafka (for buffering)`). */
export interface FlowStep {
  from: string;
  to: string;
  note?: string;
  loc: Span;
}

export interface Block {
  kind: BlockKind;
  style: BlockStyle;
  /** the tag or section heading as written: `@rateLimit`, `WHY THIS ARCHITECTURE:` */
  tag: string;
  /** the text after the tag on its line (and for section style, the bullet text) */
  head: string;
  fields: Field[];
  /** section style `DATA FLOW:` only: the numbered steps */
  steps?: FlowStep[];
  /** the tag itself (or the bullet, for section style) */
  loc: Span;
  /** the head text; empty span at the end of the tag when there is no head */
  headLoc: Span;
  /** the whole block, tag to last field line */
  blockLoc: Span;
}

export interface ParseProblem {
  code: string;
  message: string;
  loc: Span;
}

export interface ParsedDoc {
  /** the free prose before the first tag, with `*` prefixes removed */
  description: string;
  blocks: Block[];
  /** tags that are not pipeguard's (`@param`, `@returns` …) are kept by name, in order */
  otherTags: { tag: string; text: string; loc: Span }[];
  /** structural problems found while parsing (never thrown) */
  problems: ParseProblem[];
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** stable, kebab-case, e.g. `missing-field`, `unknown-key`, `placeholder`, `bad-duration` */
  code: string;
  severity: Severity;
  /** a sentence that says what is wrong and what to write instead */
  message: string;
  /** the block's kind, or undefined for comment-level diagnostics */
  kind?: BlockKind;
  /** the field key the diagnostic is about, if any */
  key?: string;
  loc: Span;
  /** for `unknown-key`: the closest known key */
  suggestion?: string;
}

export interface ValidateOptions {
  /** a `@rationale` head of at least this many words needs no `why:` (default 8) */
  minWords?: number;
  /** fields required in `@rateLimit` (default `['limit', 'retry', 'timeout']`) */
  rateLimitRequired?: string[];
  /** dataset namespace aliases (`sqlite` → `sqlite:///data/demo.db`); an alias is a valid namespace */
  namespaceAliases?: Record<string, string>;
  /** only validate these kinds (default: all) */
  kinds?: BlockKind[];
  /** more template phrases that count as placeholder text (e.g. the plugin's own fix templates) */
  placeholderPhrases?: string[];
  /** report `column:` datasets that are none of the block's `in:`/`out:` datasets (default false) */
  checkColumnDatasets?: boolean;
}

/** Context for the OpenLineage export. */
export interface JobEventContext {
  /** the job namespace (OpenLineage `job.namespace`) */
  jobNamespace: string;
  /** the job name when the lineage block has none (section-style `DATA FLOW:`); defaults to the head */
  jobName?: string;
  /** dataset namespace aliases, applied to `in:` / `out:` namespaces */
  namespaceAliases?: Record<string, string>;
  /** the `@rationale` blocks that document the job (become the `documentation` job facet) */
  rationale?: Block[];
  /** the `@rateLimit` blocks of the job (become the `pipeguard_rateLimit` job facet) */
  rateLimits?: Block[];
  /** where the block lives (becomes `sourceCodeLocation`) */
  source?: { file: string; line?: number; url?: string; repoUrl?: string; version?: string };
  /** defaults to `https://github.com/pipeguard/pipeguard` style producer URI of this package */
  producer?: string;
  /** ISO time of the event; defaults to now */
  eventTime?: string;
}
