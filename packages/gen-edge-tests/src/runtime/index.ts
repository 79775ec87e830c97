/**
 * `gen-edge-tests/runtime`: everything generated test files import.
 *
 * @rationale The runtime is a separate entry that never imports TypeScript or the generator
 *   why: generated suites run on every `vitest run`; loading the TypeScript compiler there would
 *     cost seconds per file. The runtime interprets the plain type model instead.
 *   alternatives: one entry for CLI and runtime (pulls `typescript` into every test worker)
 *   tradeoffs: the model is the only thing both sides share, so it cannot change lightly
 */
export const RUNTIME_VERSION = '0.0.0';
export type { ModelDefinitions, PropertyModel, TupleElementModel, TypeModel, TypeModelKind } from './model';
export { t } from './builders';
export type { ElementSpec, NodeOf, ObjectOptions, PropSpec } from './builders';
