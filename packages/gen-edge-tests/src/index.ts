/**
 * `gen-edge-tests`: the programmatic API (the CLI is a thin layer over `generate`).
 *
 * @rationale Export the pipeline stages, not only `generate`
 *   why: tools that embed the generator (a watch mode, an editor command) need the discovery and the
 *     type model on their own; every stage is a plain function over a TypeScript program.
 *   alternatives: a single `generate` entry (forces callers through the file system)
 *   tradeoffs: these exports are public API and follow semver
 */
export { VERSION } from './version';
export { generate, regenerateCommand, DEFAULTS, UsageError } from './generate';
export type { GenerateOptions, GenerateResult, GeneratedFileReport } from './generate';
export { runCli } from './cli';
export type { CliIo } from './cli';
export { loadProject, DEFAULT_COMPILER_OPTIONS } from './discover/program';
export type { LoadedProject, LoadProjectOptions } from './discover/program';
export { discoverFunctions } from './discover/findFunctions';
export type { DiscoveredFunction, DiscoveredParam, SkippedFunction, DiscoverOptions, DiscoverResult } from './discover/findFunctions';
export type { FunctionTags } from './discover/tags';
export { createModelContext, typeToModel, findUnsupported, relaxUnsupported } from './model/typeToModel';
export type { ModelContext, ModelPosition } from './model/typeToModel';
export { printModel, printDefs } from './arbitraries/printModel';
export { planProperties, seedFor, canMutate } from './oracles/properties';
export type { PlannedProperty, MalformedMode } from './oracles/properties';
export { findRoundtrips } from './oracles/roundtrip';
export type { RoundtripPair, RoundtripCandidate } from './oracles/roundtrip';
export { renderFile, hasGeneratedHeader, HEADER_MARKER } from './emit/render';
export { loadConfig, validateConfig } from './config/loadConfig';
export type { FileConfig } from './config/loadConfig';
export type { TypeModel, ModelDefinitions } from './runtime/model';
