/**
 * The programmatic surface of the demo pipeline (used by `bench/` and the tests).
 *
 * @rationale Export the pipeline as functions, not only as a CLI
 *   why: the benchmark runs a million rows in-process to measure the pipeline, not process start-up;
 *     the CLI is a thin layer over the same `runPipeline`.
 */
export { runPipeline, PipelineUsageError, type PipelineOptions } from './pipeline';
export { SQLITE_PRAGMAS } from './load/database';
export { NODE_FLAGS } from './ingest/batches';
export { generateSample, type GenerateOptions, type GenerateResult } from './generate/generate-sample';
export type { RunSummary, InputSummary } from './report/summary';
export { formatSummary } from './report/summary';
export { main as cli } from './cli';
export type { EnrichmentProvider, EnrichItem, EnrichResult, ProviderName } from './enrich/provider';
export type { ResilienceOptions } from './enrich/resilience';
