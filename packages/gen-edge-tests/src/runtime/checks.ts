/**
 * The properties generated tests call: valid input, determinism, no mutation, malformed input,
 * roundtrip, idempotence and invariants, each one `fc.check` with a pinned seed and a readable failure.
 *
 * @rationale Each property is one async runtime function with the same options and one failure format
 *   why: generated files stay one line per property; the failure message (property, function, source
 *     location, counterexample as TypeScript, violation label, seed and replay path) is built in one
 *     place and unit-tested; every call goes through the hang guard.
 *   alternatives: emit `fc.assert` bodies per property (duplicated logic in every generated file,
 *     fast-check's default report prints values as fc.stringify without the function's context)
 *   tradeoffs: properties always run as fast-check async properties, even for sync functions
 *
 * Shrinking is bounded: after the first failure, shrinking stops after `MAX_SHRINK_STEPS` smaller
 * failures or `SHRINK_BUDGET_MS` (`timeoutMs` when the failure was a hang, since each hanging
 * candidate costs a timeout), by skipping the remaining candidates; the smallest failure found so
 * far is reported, with the seed and path that replay it.
 */
import * as fc from 'fast-check';
import { classifyError, type Classification } from './classify';
import { conforms, type ConformanceIssue, type LeakOptions } from './conforms';
import { describeType } from './describe';
import { findDifference, snapshot } from './equal';
import { callGuarded, type CallOutcome } from './guard';
import { canMalform, malformed, type Malformed } from './malformed';
import type { ModelDefinitions, TypeModel } from './model';
import { printValue } from './print';
import { valid } from './valid';

export interface FunctionUnderTest {
  name: string;
  /** `src/transforms.ts:12` */
  source: string;
  fn: (...args: never[]) => unknown;
  params: readonly TypeModel[];
  paramNames: readonly string[];
  returns: TypeModel;
  async: boolean;
  defs?: ModelDefinitions;
  /** error names from `@throws {Name}` and deliberate `throw new Name(` in the body */
  expectedErrors?: readonly string[];
}

export interface CheckOptions {
  seed: number;
  runs: number;
  /** per call: a call running longer is a hang */
  timeoutMs: number;
  /** replay one counterexample: the `path` printed by a failure (with its seed) */
  path?: string;
}

export interface MalformedCheckOptions extends CheckOptions {
  mode: 'strict' | 'lenient';
}

const SHRINK_BUDGET_MS = 5_000;
/** Successful shrink steps before the search stops (doubles can shrink thousands of tiny steps). */
const MAX_SHRINK_STEPS = 100;

/** Thrown inside a property run: `problem` says what went wrong for that input. */
class PropertyFailure extends Error {
  override name = 'PropertyFailure';
  constructor(
    readonly problem: string,
    readonly hang = false,
    readonly violation?: string,
  ) {
    super(problem);
  }
}

interface Run<T> {
  property: string;
  fut: FunctionUnderTest;
  arb: fc.Arbitrary<T>;
  body: (value: T) => Promise<void>;
  /** the counterexample as TypeScript statements */
  printInput: (value: T) => string;
  o: CheckOptions;
}

function defsOf(fut: FunctionUnderTest): ModelDefinitions {
  return fut.defs ?? {};
}

function returnModel(fut: FunctionUnderTest): TypeModel {
  return fut.returns.kind === 'promise' ? fut.returns.inner : fut.returns;
}

function argsArbitrary(fut: FunctionUnderTest): fc.Arbitrary<unknown[]> {
  const defs = defsOf(fut);
  return fc.tuple(...fut.params.map((p) => valid(p, defs)));
}

function paramName(fut: FunctionUnderTest, i: number): string {
  const name = fut.paramNames[i];
  return name !== undefined && /^[A-Za-z_$][\w$]*$/.test(name) ? name : `arg${i}`;
}

/** `const order = { … };\nnormalize(order);` */
export function printCall(fut: FunctionUnderTest, args: readonly unknown[], callee = fut.name): string {
  const names = args.map((_, i) => paramName(fut, i));
  const lines = args.map((a, i) => `const ${names[i] ?? `arg${i}`} = ${printValue(a)};`);
  lines.push(`${/^[A-Za-z_$][\w$]*$/.test(callee) ? callee : 'fn'}(${names.join(', ')});`);
  return lines.join('\n');
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** The frames of a stack that belong to the user's code (not node internals, fast-check, vitest or this runtime). */
function userFrames(error: unknown, max = 3): string[] {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .filter((l) => !/node:|node_modules[\\/](fast-check|vitest|@vitest)|gen-edge-tests[\\/](dist|src)[\\/]runtime|gen-edge-tests-hang-guard|evalmachine/.test(l))
    .slice(0, max)
    .map((l) => l.trim());
}

function describeError(c: Classification, error: unknown): string {
  const frames = userFrames(error);
  return `${c.name}: ${c.message}${frames.length > 0 ? '\n' + frames.map((f) => `  ${f}`).join('\n') : ''}`;
}

function issuesText(issues: readonly ConformanceIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `- ${i.message}`);
  if (issues.length > 5) shown.push(`- … ${issues.length - 5} more`);
  return shown.join('\n');
}

function scan(value: unknown, found: { nan: boolean; infinity: boolean; invalidDate: boolean; undefinedText: boolean; nanText: boolean }, seen: Set<object>): void {
  if (value === undefined) {
    // `typeof x` or `String(x)` of an undefined input is "undefined" without a bug
    found.undefinedText = true;
    return;
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) found.nan = true;
    else if (!Number.isFinite(value)) found.infinity = true;
    return;
  }
  if (typeof value === 'string') {
    if (value.includes('undefined')) found.undefinedText = true;
    if (value.includes('NaN')) found.nanText = true;
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) found.invalidDate = true;
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      scan(k, found, seen);
      scan(v, found, seen);
    }
    return;
  }
  if (value instanceof Set) {
    for (const v of value) scan(v, found, seen);
    return;
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'string') scan(key, found, seen);
    const desc = Object.getOwnPropertyDescriptor(value, key);
    if (desc !== undefined && 'value' in desc) scan(desc.value, found, seen);
  }
}

/** Which leaks to flag in the output, given the inputs (see the rules in conforms.ts). */
export function leakOptionsFor(inputs: readonly unknown[]): LeakOptions {
  const found = { nan: false, infinity: false, invalidDate: false, undefinedText: false, nanText: false };
  scan(inputs, found, new Set());
  // an Invalid Date's getTime() is NaN, so it may legitimately surface as NaN or "NaN"
  return {
    nan: !found.nan && !found.infinity && !found.invalidDate,
    // new Date(NaN) and new Date(Infinity) are Invalid Dates: propagation, not a leak
    invalidDate: !found.invalidDate && !found.nan && !found.infinity,
    undefinedText: !found.undefinedText,
    nanText: !found.nan && !found.nanText && !found.invalidDate,
  };
}

function fail(problem: string, outcome?: CallOutcome, violation?: string): never {
  throw new PropertyFailure(problem, outcome?.kind === 'hung', violation);
}

async function run<T>(spec: Run<T>): Promise<void> {
  let firstFailureAt: number | undefined;
  let failures = 0;
  let budget = SHRINK_BUDGET_MS;
  const property = fc.asyncProperty(spec.arb, async (value) => {
    if (firstFailureAt !== undefined && (failures > MAX_SHRINK_STEPS || performance.now() - firstFailureAt > budget)) fc.pre(false);
    try {
      await spec.body(value);
    } catch (error) {
      // an input the function rejected with its own error (fc.pre) is a skip, not a failure: counting
      // it started the shrink budget on the first skip, and past the budget every later input was
      // skipped too ("too many inputs were skipped" at --runs 3000)
      if (fc.PreconditionFailure.isFailure(error)) throw error;
      failures++;
      if (firstFailureAt === undefined) {
        firstFailureAt = performance.now();
        if (error instanceof PropertyFailure && error.hang) budget = Math.max(1_000, spec.o.timeoutMs);
      }
      throw error;
    }
  });
  const params: fc.Parameters<[T]> = { seed: spec.o.seed, numRuns: spec.o.runs };
  if (spec.o.path !== undefined) params.path = spec.o.path;
  const details = await fc.check(property, params);
  if (!details.failed) return;
  throw new Error(formatFailure(spec, details));
}

function formatFailure<T>(spec: Run<T>, details: fc.RunDetails<[T]>): string {
  const head = `[gen-edge-tests] property "${spec.property}" failed for ${spec.fut.name} (${spec.fut.source})`;
  const replay = (path: string | null): string =>
    path === null
      ? `seed: ${details.seed}`
      : `seed: ${details.seed}, path: "${path}"\n  replay: add this path to the check's options (the seed is already pinned)`;
  if (details.counterexample === null) {
    const why =
      details.numSkips > 0 && !details.interrupted
        ? `too many inputs were skipped (${details.numSkips}): ${spec.fut.name} rejected almost every generated input with its own error, so the property could not be checked`
        : 'the run was interrupted before a counterexample was found';
    return `${head}\n  ${why}\n  ${replay(null)}`;
  }
  const [value] = details.counterexample;
  const error = details.errorInstance;
  const problem = error instanceof PropertyFailure ? error.problem : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const lines = [head];
  if (error instanceof PropertyFailure && error.violation !== undefined) lines.push(`  malformed input: ${error.violation}`);
  lines.push(indent(problem, '  '));
  lines.push(`  counterexample${details.numShrinks > 0 ? ` (shrunk ${details.numShrinks} times)` : ''}:`);
  lines.push(indent(spec.printInput(value)));
  lines.push(`  ${replay(details.counterexamplePath)}`);
  lines.push(`  found after ${details.numRuns} run(s)`);
  return lines.join('\n');
}

/** Call with the hang guard; a hang always fails the property. */
async function call(fut: FunctionUnderTest, args: readonly unknown[], o: CheckOptions, what = 'the call'): Promise<CallOutcome> {
  const outcome = await callGuarded(fut.fn, args, o.timeoutMs);
  if (outcome.kind === 'hung') fail(`hang: ${what} ${outcome.error.message}`, outcome);
  return outcome;
}

/**
 * Valid input: no crash (only declared errors may be thrown), the result conforms to the declared
 * return type, and no NaN / Invalid Date / "undefined" / "NaN" text leaks into it.
 */
export async function checkValidInput(fut: FunctionUnderTest, o: CheckOptions): Promise<void> {
  const defs = defsOf(fut);
  const expected = fut.expectedErrors ?? [];
  await run({
    property: 'valid input',
    fut,
    o,
    arb: argsArbitrary(fut),
    printInput: (args) => printCall(fut, args),
    body: async (args) => {
      const leaks = leakOptionsFor(args);
      const outcome = await call(fut, args, o);
      if (outcome.kind === 'threw') {
        const c = classifyError(outcome.error, expected);
        if (c.kind === 'declared') return;
        if (c.kind === 'crash') fail(`crashed (${c.reason}): ${describeError(c, outcome.error)}`);
        fail(
          `threw an undeclared error on valid input: ${describeError(c, outcome.error)}\n` +
            `if this input is really invalid, narrow the parameter type; if the error is intended, declare it with @throws {${c.name}}`,
        );
      }
      if (outcome.kind !== 'returned') return;
      const issues = conforms(returnModel(fut), outcome.value, defs, { path: 'result', leaks });
      if (issues.length > 0) {
        fail(`result does not conform to ${describeType(returnModel(fut))}:\n${issuesText(issues)}\n  result: ${printValue(outcome.value)}`);
      }
    },
  });
}

function outcomeText(outcome: CallOutcome): string {
  if (outcome.kind === 'returned') return `returned ${printValue(outcome.value)}`;
  const c = classifyError(outcome.error);
  return `threw ${c.name}: ${c.message}`;
}

function sameOutcome(a: CallOutcome, b: CallOutcome): string | undefined {
  if (a.kind === 'returned' && b.kind === 'returned') return findDifference(b.value, a.value, 'result');
  if (a.kind === 'threw' && b.kind === 'threw') {
    const ca = classifyError(a.error);
    const cb = classifyError(b.error);
    return ca.name === cb.name && ca.message === cb.message ? undefined : `first call ${outcomeText(a)}, second ${outcomeText(b)}`;
  }
  return `first call ${outcomeText(a)}, second ${outcomeText(b)}`;
}

/**
 * Runs whose two calls are forced into different milliseconds (see `clockRun`): the first run, every
 * `CLOCK_EVERY`-th run and the last `CLOCK_TAIL` runs; every run once the property has failed (so
 * shrinking keeps the clock apart) and every run of a replayed `path`.
 */
const CLOCK_EVERY = 25;
const CLOCK_TAIL = 3;

function clockRun(index: number, runs: number, failing: boolean, replay: boolean): boolean {
  return replay || failing || index % CLOCK_EVERY === 0 || index >= runs - CLOCK_TAIL;
}

/**
 * Return once `Date.now()` is past `after`: a clock read in the second call then always differs from
 * one in the first. Spins instead of `setTimeout(…, 1)` (which idles ≥ 1 ms, often 1.3 ms): the
 * wait is the rest of the current millisecond, on average half a millisecond.
 */
function pastMillisecond(after: number): void {
  while (Date.now() <= after) {
    // spin: at most one millisecond
  }
}

/**
 * Two calls on equal (separately copied) inputs give deep-equal results (NaN equals NaN, -0 differs
 * from 0). On clock runs (`clockRun`) the second call starts in a later millisecond than the first
 * ended, so results built from `Date.now()` / `new Date()` differ; a function whose result depends on
 * the clock differs on every such run, so checking a few runs per property catches it.
 */
export async function checkDeterministic(fut: FunctionUnderTest, o: CheckOptions): Promise<void> {
  let index = 0;
  let failing = false;
  await run({
    property: 'deterministic',
    fut,
    o,
    arb: argsArbitrary(fut),
    printInput: (args) => printCall(fut, args),
    body: async (args) => {
      const clock = clockRun(index++, o.runs, failing, o.path !== undefined);
      const first = await call(fut, snapshot(args), o, 'the first call');
      if (clock) pastMillisecond(Date.now());
      const second = await call(fut, snapshot(args), o, 'the second call');
      const difference = sameOutcome(first, second);
      if (difference !== undefined) {
        failing = true;
        fail(`two calls with equal inputs gave different results: ${difference}\nif this is intended (ids, timestamps, sampling), mark the function @nondeterministic`);
      }
    },
  });
}

/** The inputs deep-equal a snapshot taken before the call, whether the call returns or throws. */
export async function checkNoMutation(fut: FunctionUnderTest, o: CheckOptions): Promise<void> {
  await run({
    property: 'does not mutate its inputs',
    fut,
    o,
    arb: argsArbitrary(fut).map((args) => ({ args, before: snapshot(args) })),
    printInput: ({ before }) => printCall(fut, before),
    body: async ({ args, before }) => {
      await call(fut, args, o);
      for (let i = 0; i < args.length; i++) {
        const difference = findDifference(args[i], before[i], paramName(fut, i));
        if (difference !== undefined) {
          fail(`mutated its input '${paramName(fut, i)}': ${difference} (after vs before the call)\ncopy before changing: [...xs].sort(), { ...obj, key }, structuredClone(value)`);
        }
      }
    },
  });
}

/**
 * Malformed input (one parameter outside its type, labelled): `strict` — returns a conforming value
 * or throws its own or a declared error, never an engine crash or a hang; `lenient` — any thrown
 * error is fine, only a non-conforming result (or a hang) fails.
 */
export async function checkMalformed(fut: FunctionUnderTest, o: MalformedCheckOptions): Promise<void> {
  const defs = defsOf(fut);
  const expected = fut.expectedErrors ?? [];
  const choices = fut.params.flatMap((p, i) => (canMalform(p, defs) ? [i] : []));
  // every parameter is unknown/any: no value is outside the declared types, nothing to check
  if (choices.length === 0) return;
  const arb = fc.oneof(
    ...choices.map((i) =>
      fc.tuple(argsArbitrary(fut), malformed(fut.params[i] as TypeModel, defs, paramName(fut, i))).map(([args, bad]): { args: unknown[]; bad: Malformed } => {
        const copy = [...args];
        copy[i] = bad.value;
        return { args: copy, bad };
      }),
    ),
  );
  await run({
    property: `malformed input (${o.mode})`,
    fut,
    o,
    arb,
    printInput: ({ args, bad }) => `// ${bad.violation}\n${printCall(fut, args)}`,
    body: async ({ args, bad }) => {
      const outcome = await callGuarded(fut.fn, args, o.timeoutMs);
      if (outcome.kind === 'hung') fail(`hang: the call ${outcome.error.message}`, outcome, bad.violation);
      if (outcome.kind === 'threw') {
        const c = classifyError(outcome.error, expected);
        if (o.mode === 'lenient' || c.kind !== 'crash') return;
        fail(
          `crashed on malformed input (${c.reason}): ${describeError(c, outcome.error)}\n` +
            `validate the input and throw your own error (e.g. throw new ValidationError('…')), or return a conforming value`,
          outcome,
          bad.violation,
        );
      }
      if (outcome.kind !== 'returned') return;
      const issues = conforms(returnModel(fut), outcome.value, defs, { path: 'result' });
      if (issues.length > 0) {
        fail(`returned a non-conforming result on malformed input:\n${issuesText(issues)}\n  result: ${printValue(outcome.value)}`, outcome, bad.violation);
      }
    },
  });
}

/** For inputs `a` accepts: `b(a(x))` deep-equals `x` (the first argument). */
export async function checkRoundtrip(a: FunctionUnderTest, b: FunctionUnderTest | undefined, o: CheckOptions): Promise<void> {
  if (b === undefined) throw new Error(`[gen-edge-tests] roundtrip partner of ${a.name} (${a.source}) is not in this file; regenerate the tests`);
  const expected = a.expectedErrors ?? [];
  await run({
    property: `roundtrip with ${b.name}`,
    fut: a,
    o,
    arb: argsArbitrary(a).map((args) => ({ args, before: snapshot(args) })),
    printInput: ({ before }) => `${printCall(a, before)}\n${b.name}(/* the result */);`,
    body: async ({ args, before }) => {
      const first = await call(a, args, o, `${a.name}`);
      if (first.kind === 'threw') {
        const c = classifyError(first.error, expected);
        if (c.kind === 'crash') fail(`${a.name} crashed (${c.reason}): ${describeError(c, first.error)}`);
        fc.pre(false);
      }
      if (first.kind !== 'returned') return;
      const second = await call(b, [first.value], o, `${b.name}`);
      if (second.kind === 'threw') {
        const c = classifyError(second.error, b.expectedErrors ?? []);
        fail(`${b.name} threw on the output of ${a.name} (${printValue(first.value)}): ${describeError(c, second.error)}`);
      }
      if (second.kind !== 'returned') return;
      const difference = findDifference(second.value, before[0], `${b.name}(${a.name}(x))`);
      if (difference !== undefined) {
        fail(`${b.name}(${a.name}(x)) is not x: ${difference} (roundtrip vs original)\n  ${a.name}(x) = ${printValue(first.value)}`);
      }
    },
  });
}

/** `f(f(x))` deep-equals `f(x)` (other arguments kept). */
export async function checkIdempotent(fut: FunctionUnderTest, o: CheckOptions): Promise<void> {
  const expected = fut.expectedErrors ?? [];
  await run({
    property: 'idempotent',
    fut,
    o,
    arb: argsArbitrary(fut),
    printInput: (args) => printCall(fut, args),
    body: async (args) => {
      const first = await call(fut, snapshot(args), o, 'f(x)');
      if (first.kind === 'threw') {
        const c = classifyError(first.error, expected);
        if (c.kind === 'crash') fail(`crashed (${c.reason}): ${describeError(c, first.error)}`);
        fc.pre(false);
      }
      if (first.kind !== 'returned') return;
      const second = await call(fut, [snapshot(first.value), ...args.slice(1)], o, 'f(f(x))');
      if (second.kind === 'threw') {
        const c = classifyError(second.error, expected);
        fail(`f(f(x)) threw on f(x) = ${printValue(first.value)}: ${describeError(c, second.error)}`);
      }
      if (second.kind !== 'returned') return;
      const difference = findDifference(second.value, first.value, 'f(f(x))');
      if (difference !== undefined) fail(`f(f(x)) differs from f(x): ${difference}\n  f(x) = ${printValue(first.value)}`);
    },
  });
}

/** `predicate(args, output)` holds for every valid input the function returns on (inputs it rejects with its own error are skipped). */
export async function checkInvariant(
  fut: FunctionUnderTest,
  predicate: (args: unknown[], output: unknown) => unknown,
  text: string,
  o: CheckOptions,
): Promise<void> {
  const expected = fut.expectedErrors ?? [];
  await run({
    property: `invariant: ${text}`,
    fut,
    o,
    arb: argsArbitrary(fut).map((args) => ({ args, before: snapshot(args) })),
    printInput: ({ before }) => printCall(fut, before),
    body: async ({ args, before }) => {
      const outcome = await call(fut, args, o);
      if (outcome.kind === 'threw') {
        const c = classifyError(outcome.error, expected);
        if (c.kind === 'crash') fail(`crashed (${c.reason}): ${describeError(c, outcome.error)}`);
        fc.pre(false);
      }
      if (outcome.kind !== 'returned') return;
      let holds: unknown;
      try {
        holds = predicate(snapshot(before), outcome.value);
      } catch (error) {
        fail(`invariant \`${text}\` threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n  output: ${printValue(outcome.value)}`);
      }
      if (!holds) fail(`invariant \`${text}\` does not hold\n  output: ${printValue(outcome.value)}`);
    },
  });
}
