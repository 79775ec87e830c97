/**
 * The structural checker of return values: does a value conform to a type model?
 *
 * @rationale Check results structurally against the same model the inputs were generated from
 *   why: a transform's declared return type is a promise the compiler cannot keep at runtime (casts,
 *     `any` from JSON.parse, index access); checking the actual output against the model finds
 *     `undefined` where a string was promised, a string where a number was, a missing key.
 *   alternatives: generate a zod/typia validator per type (a second source of truth, a dependency in
 *     the user's tests); compare against a snapshot (needs a known-good output)
 *   tradeoffs: structural only — extra keys are allowed (as in TypeScript), class identity is not
 *     checked, `unsupported` nodes accept anything
 *
 * Leak rules (opt-in through `leaks`, computed from the inputs by the valid-input property):
 * - `NaN` in a `number` position is a leak unless some input contained NaN, ±Infinity or an Invalid
 *   Date (Infinity − Infinity, Infinity × 0 and invalid.getTime() are NaN without a bug in the transform);
 * - an Invalid Date in a `Date` position is a leak unless some input contained an Invalid Date, NaN
 *   or ±Infinity (`new Date(NaN)`); an Invalid Date from garbage text or an out-of-range finite
 *   number is reported;
 * - the text `undefined` inside a `string` position is a leak unless some input contained an
 *   `undefined` value (present, not an absent key) or a string containing that text;
 * - the text `NaN` inside a `string` position is a leak unless some input contained NaN, an Invalid
 *   Date or that text.
 * A `undefined` value where the type does not admit it is an ordinary conformance issue.
 */
import { acceptsUndefined, describeType } from './describe';
import type { ModelDefinitions, TypeModel } from './model';
import { printValue } from './print';

export interface ConformanceIssue {
  /** where, e.g. `output.items[2].amount` */
  path: string;
  /** the expected type, e.g. `number` */
  expected: string;
  /** the value found, printed as a short TypeScript literal */
  got: string;
  /** `type`: the value is outside the type; `leak`: inside the type but a NaN/undefined/Invalid Date leak */
  kind: 'type' | 'leak';
  /** e.g. `missing required key id` */
  message: string;
}

export interface LeakOptions {
  nan?: boolean;
  invalidDate?: boolean;
  undefinedText?: boolean;
  nanText?: boolean;
}

export interface ConformsOptions {
  /** root path label (default `value`) */
  path?: string;
  leaks?: LeakOptions;
  /** stop after this many issues (default 20) */
  maxIssues?: number;
}

interface Ctx {
  defs: ModelDefinitions;
  leaks: LeakOptions;
  issues: ConformanceIssue[];
  max: number;
  seen: Map<object, Set<TypeModel>>;
}

function short(value: unknown): string {
  const text = printValue(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function typeIssue(ctx: Ctx, path: string, model: TypeModel, value: unknown, message?: string): void {
  const expected = describeType(model);
  const got = short(value);
  ctx.issues.push({ path, expected, got, kind: 'type', message: message ?? `expected ${expected} at ${path}, got ${got}` });
}

function leakIssue(ctx: Ctx, path: string, model: TypeModel, value: unknown, message: string): void {
  ctx.issues.push({ path, expected: describeType(model), got: short(value), kind: 'leak', message });
}

/**
 * Every way `value` does not conform to `model` (empty when it conforms). Paths start at
 * `options.path` (default `value`).
 */
export function conforms(model: TypeModel, value: unknown, defs: ModelDefinitions = {}, options: ConformsOptions = {}): ConformanceIssue[] {
  const ctx: Ctx = { defs, leaks: options.leaks ?? {}, issues: [], max: options.maxIssues ?? 20, seen: new Map() };
  check(model, value, options.path ?? 'value', ctx);
  return ctx.issues.slice(0, ctx.max);
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function tag(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

const PRIMITIVE_KINDS = new Set(['string', 'number', 'boolean', 'bigint', 'literal', 'templateLiteral', 'enum']);

function check(model: TypeModel, value: unknown, path: string, ctx: Ctx): void {
  if (ctx.issues.length >= ctx.max) return;
  if (!isObjectLike(value)) return checkNode(model, value, path, ctx);
  // `seen` holds the (value, model) pairs being checked on the current path: a cycle in the value
  // under a recursive type conforms if the rest of the path does
  let models = ctx.seen.get(value);
  if (models?.has(model) === true) return;
  if (models === undefined) ctx.seen.set(value, (models = new Set()));
  models.add(model);
  try {
    checkNode(model, value, path, ctx);
  } finally {
    models.delete(model);
  }
}

function checkNode(model: TypeModel, value: unknown, path: string, ctx: Ctx): void {
  switch (model.kind) {
    case 'unknown':
    case 'any':
    case 'void':
    case 'unsupported':
      return;
    case 'never':
      typeIssue(ctx, path, model, value, `expected no value (never) at ${path}, got ${short(value)}`);
      return;
    case 'string':
      if (typeof value !== 'string') return typeIssue(ctx, path, model, value);
      checkText(model, value, path, ctx);
      return;
    case 'number':
      if (typeof value !== 'number') return typeIssue(ctx, path, model, value);
      if (ctx.leaks.nan === true && Number.isNaN(value)) {
        leakIssue(ctx, path, model, value, `NaN leaked into ${path} although no input contained NaN or Infinity`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeIssue(ctx, path, model, value);
      return;
    case 'bigint':
      if (typeof value !== 'bigint') typeIssue(ctx, path, model, value);
      return;
    case 'null':
      if (value !== null) typeIssue(ctx, path, model, value);
      return;
    case 'undefined':
      if (value !== undefined) typeIssue(ctx, path, model, value);
      return;
    case 'literal': {
      const ok = model.bigint === true ? typeof value === 'bigint' && value === BigInt(model.value) : value === model.value;
      if (!ok) typeIssue(ctx, path, model, value);
      return;
    }
    case 'templateLiteral':
      if (typeof value !== 'string' || !matchTemplate(model.parts, value, 0, 0, ctx.defs)) typeIssue(ctx, path, model, value);
      else checkText(model, value, path, ctx);
      return;
    case 'enum':
      if (!model.members.some((m) => m.value === value)) typeIssue(ctx, path, model, value);
      return;
    case 'brand':
      check(model.base, value, path, ctx);
      return;
    case 'promise':
      check(model.inner, value, path, ctx);
      return;
    case 'ref': {
      const def = ctx.defs[model.name];
      if (def === undefined) throw new Error(`gen-edge-tests runtime: type reference "${model.name}" has no entry in defs; regenerate the test file`);
      check(def, value, path, ctx);
      return;
    }
    case 'union':
      checkUnion(model, value, path, ctx);
      return;
    case 'intersection': {
      const primitive = model.members.filter((m) => PRIMITIVE_KINDS.has(m.kind));
      // `string & { __brand: 'X' }`: the object part exists only in types
      for (const m of primitive.length > 0 ? primitive : model.members) check(m, value, path, ctx);
      return;
    }
    case 'date':
      if (!isObjectLike(value) || tag(value) !== 'Date') return typeIssue(ctx, path, model, value);
      if (ctx.leaks.invalidDate === true && Number.isNaN((value as Date).getTime())) {
        leakIssue(ctx, path, model, value, `Invalid Date leaked into ${path} although no input contained an Invalid Date`);
      }
      return;
    case 'array':
      if (!Array.isArray(value)) return typeIssue(ctx, path, model, value);
      for (let i = 0; i < value.length && ctx.issues.length < ctx.max; i++) {
        if (!(i in value) && !acceptsUndefined(model.element, ctx.defs)) {
          typeIssue(ctx, child(path, i), model.element, undefined, `hole (missing element) at ${child(path, i)} where ${describeType(model.element)} expected`);
          continue;
        }
        check(model.element, (value as unknown[])[i], child(path, i), ctx);
      }
      return;
    case 'tuple':
      checkTuple(model, value, path, ctx);
      return;
    case 'map':
      if (!isObjectLike(value) || tag(value) !== 'Map') return typeIssue(ctx, path, model, value);
      for (const [k, v] of value as Map<unknown, unknown>) {
        check(model.key, k, `${path}.keys()`, ctx);
        check(model.value, v, `${path}.get(${short(k)})`, ctx);
      }
      return;
    case 'set':
      if (!isObjectLike(value) || tag(value) !== 'Set') return typeIssue(ctx, path, model, value);
      for (const v of value as Set<unknown>) check(model.element, v, `${path}.values()`, ctx);
      return;
    case 'object':
      checkObject(model, value, path, ctx);
      return;
  }
}

function checkText(model: TypeModel, value: string, path: string, ctx: Ctx): void {
  if (ctx.leaks.undefinedText === true && value.includes('undefined')) {
    leakIssue(ctx, path, model, value, `the text "undefined" leaked into ${path} although no input contained it`);
  }
  if (ctx.leaks.nanText === true && value.includes('NaN')) {
    leakIssue(ctx, path, model, value, `the text "NaN" leaked into ${path} although no input contained NaN`);
  }
}

function subCheck(model: TypeModel, value: unknown, path: string, ctx: Ctx): ConformanceIssue[] {
  const sub: Ctx = { ...ctx, issues: [] };
  check(model, value, path, sub);
  return sub.issues;
}

function checkUnion(model: Extract<TypeModel, { kind: 'union' }>, value: unknown, path: string, ctx: Ctx): void {
  let bestLeaks: ConformanceIssue[] | undefined;
  const results = model.members.map((m) => subCheck(m, value, path, ctx));
  for (const issues of results) {
    if (issues.every((i) => i.kind === 'leak') && (bestLeaks === undefined || issues.length < bestLeaks.length)) bestLeaks = issues;
  }
  if (bestLeaks !== undefined) {
    ctx.issues.push(...bestLeaks);
    return;
  }
  if (model.discriminant !== undefined && isObjectLike(value)) {
    const tagValue = (value as Record<string, unknown>)[model.discriminant];
    const index = model.members.findIndex((m) => {
      const obj = m.kind === 'ref' ? ctx.defs[m.name] : m;
      const prop = obj?.kind === 'object' ? obj.properties.find((p) => p.name === model.discriminant) : undefined;
      return prop?.type.kind === 'literal' && prop.type.value === tagValue;
    });
    const matched = index >= 0 ? results[index] : undefined;
    if (matched !== undefined) {
      ctx.issues.push(...matched);
      return;
    }
    const tagPath = child(path, model.discriminant);
    ctx.issues.push({
      path: tagPath,
      expected: describeType(model),
      got: short(tagValue),
      kind: 'type',
      message: `wrong tag ${short(tagValue)} at ${tagPath}: no member of ${describeType(model)} has it`,
    });
    return;
  }
  typeIssue(ctx, path, model, value);
}

function checkTuple(model: Extract<TypeModel, { kind: 'tuple' }>, value: unknown, path: string, ctx: Ctx): void {
  if (!Array.isArray(value)) return typeIssue(ctx, path, model, value);
  const fixed = model.elements.filter((e) => !e.rest);
  const rest = model.elements.find((e) => e.rest);
  const required = fixed.filter((e) => !e.optional).length;
  const arr = value as unknown[];
  if (arr.length < required || (rest === undefined && arr.length > fixed.length)) {
    const want = rest === undefined ? (required === fixed.length ? `${required}` : `${required} to ${fixed.length}`) : `at least ${required}`;
    return typeIssue(ctx, path, model, value, `expected ${want} elements at ${path} (${describeType(model)}), got ${arr.length}`);
  }
  for (let i = 0; i < arr.length; i++) {
    const el = i < fixed.length ? fixed[i] : rest;
    if (el === undefined) break;
    if (el.optional && arr[i] === undefined) continue;
    check(el.type, arr[i], child(path, i), ctx);
  }
}

const CANONICAL_NUMBER = /^(-?(0|[1-9]\d*)(\.\d+)?(e[+-]\d+)?|NaN|-?Infinity)$/;

function checkObject(model: Extract<TypeModel, { kind: 'object' }>, value: unknown, path: string, ctx: Ctx): void {
  if (!isObjectLike(value) || Array.isArray(value)) return typeIssue(ctx, path, model, value);
  const record = value as Record<string, unknown>;
  const declared = new Set<string>();
  for (const prop of model.properties) {
    declared.add(prop.name);
    const p = child(path, prop.name);
    if (!(prop.name in value)) {
      if (!prop.optional && !acceptsUndefined(prop.type, ctx.defs)) {
        ctx.issues.push({ path: p, expected: describeType(prop.type), got: '<absent>', kind: 'type', message: `missing required key ${prop.name} at ${path}` });
      }
      continue;
    }
    let inner: unknown;
    try {
      inner = record[prop.name];
    } catch (error) {
      ctx.issues.push({ path: p, expected: describeType(prop.type), got: '<getter threw>', kind: 'type', message: `reading ${p} threw ${String(error)}` });
      continue;
    }
    check(prop.type, inner, p, ctx);
  }
  if (model.index !== undefined) {
    for (const key of Object.keys(value)) {
      if (declared.has(key)) continue;
      if (model.index.key === 'number' && !CANONICAL_NUMBER.test(key)) continue;
      check(model.index.value, record[key], child(path, key), ctx);
    }
  }
}

/** Does `text` (from `offset`) match the template parts from `part` on? Backtracks over hole widths. */
function matchTemplate(parts: readonly (string | TypeModel)[], text: string, part: number, offset: number, defs: ModelDefinitions): boolean {
  if (part === parts.length) return offset === text.length;
  const current = parts[part];
  if (current === undefined) return false;
  if (typeof current === 'string') {
    return text.startsWith(current, offset) && matchTemplate(parts, text, part + 1, offset + current.length, defs);
  }
  for (let end = text.length; end >= offset; end--) {
    if (holeMatches(current, text.slice(offset, end), defs) && matchTemplate(parts, text, part + 1, end, defs)) return true;
  }
  return false;
}

/** TypeScript's rules for a template hole: `${number}` takes any text whose `+text` is finite, etc. */
export function holeMatches(model: TypeModel, text: string, defs: ModelDefinitions): boolean {
  switch (model.kind) {
    case 'string':
    case 'any':
    case 'unknown':
      return true;
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text));
    case 'bigint':
      return /^-?\d+$/.test(text);
    case 'boolean':
      return text === 'true' || text === 'false';
    case 'null':
      return text === 'null';
    case 'undefined':
      return text === 'undefined';
    case 'literal':
      return text === String(model.value);
    case 'enum':
      return model.members.some((m) => String(m.value) === text);
    case 'union':
      return model.members.some((m) => holeMatches(m, text, defs));
    case 'templateLiteral':
      return matchTemplate(model.parts, text, 0, 0, defs);
    case 'brand':
      return holeMatches(model.base, text, defs);
    case 'ref': {
      const def = defs[model.name];
      return def !== undefined && holeMatches(def, text, defs);
    }
    default:
      return false;
  }
}
