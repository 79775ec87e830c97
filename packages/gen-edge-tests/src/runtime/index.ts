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
export { valid, edgeNumber, edgeString, numberArbitrary, stringArbitrary } from './valid';
export type { ValidOptions } from './valid';
export { malformed, canMalform } from './malformed';
export type { Malformed } from './malformed';
export { conforms, holeMatches } from './conforms';
export type { ConformanceIssue, ConformsOptions, LeakOptions } from './conforms';
export { acceptsNull, acceptsUndefined, describeType } from './describe';
export { deepEqual, findDifference, snapshot } from './equal';
export { classifyError, ENGINE_ERROR_NAMES, ENGINE_PATTERNS, HangError } from './classify';
export type { Classification, ErrorKind } from './classify';
export { callGuarded } from './guard';
export type { CallOutcome } from './guard';
export { printValue, printString, printNumber } from './print';
export { STRING_EDGES, NUMBER_EDGES, DATE_EDGES, BIGINT_EDGES, KEY_EDGES } from './edges';
export {
  checkValidInput,
  checkDeterministic,
  checkNoMutation,
  checkMalformed,
  checkRoundtrip,
  checkIdempotent,
  checkInvariant,
  leakOptionsFor,
  printCall,
} from './checks';
export type { CheckOptions, FunctionUnderTest, MalformedCheckOptions } from './checks';
