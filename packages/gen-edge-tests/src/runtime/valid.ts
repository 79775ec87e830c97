/**
 * Type model → fast-check arbitrary of values INSIDE the type, with edge cases deliberately and often.
 *
 * @rationale Interpret the model at test time with weighted `fc.oneof` over edge pools and fast-check's own arbitraries
 *   why: one interpreter serves every generated file, keeps generated code short and readable, and its
 *     edge classes are unit-tested once; weights make each edge class appear within the default 100 runs.
 *   alternatives: emit fast-check code per type (duplicated, untestable); fc.letrec for recursion (depth
 *     bias only through fc.oneof, cannot guarantee a finite value for required recursive fields)
 *   tradeoffs: recursion is bounded by expanding each `ref` at most `maxDepth` times, then switching to
 *     the finite part of the type (optional keys absent, arrays empty, non-recursive union members)
 *
 * Inside-the-type rules: sparse arrays only where the element type admits `undefined` (a hole reads as
 * `undefined`); null-prototype objects and `__proto__`/`constructor` keys in index-signature objects are
 * inside every object type; `x?: T` is sometimes absent, and present-`undefined` only when T admits it.
 */
import * as fc from 'fast-check';
import { acceptsUndefined, resolve } from './describe';
import { BIGINT_EDGES, DATE_EDGES, KEY_EDGES, NUMBER_EDGES, STRING_EDGES } from './edges';
import type { ModelDefinitions, PropertyModel, TypeModel } from './model';
import { PROMISED } from './print';

export interface ValidOptions {
  /** how often one `ref` may be expanded on a path before only finite values are produced (default 3) */
  maxDepth?: number;
}

interface Ctx {
  defs: ModelDefinitions;
  maxDepth: number;
}

/** Mode while building: how many refs were expanded, and which refs are being finished (terminal mode). */
interface Where {
  depth: number;
  terminal: ReadonlySet<string> | undefined;
  /** collections (arrays, maps, sets, dictionaries) around this node: nested ones are shorter */
  nesting: number;
}

/** Longest generated collection by nesting level, so an array of orders of arrays of items stays small. */
const MAX_LENGTH = [10, 5, 3, 2] as const;

function maxLength(where: Where): number {
  return MAX_LENGTH[Math.min(where.nesting, MAX_LENGTH.length - 1)] ?? 2;
}

function inner(where: Where): Where {
  return { ...where, nesting: where.nesting + 1 };
}

const ABSENT: unique symbol = Symbol('absent');

function classes<T>(pools: Readonly<Record<string, readonly T[]>>): fc.Arbitrary<T> {
  return fc.oneof(...Object.values(pools).map((pool) => fc.constantFrom(...pool)));
}

export function edgeString(): fc.Arbitrary<string> {
  return classes(STRING_EDGES);
}

export function edgeNumber(): fc.Arbitrary<number> {
  return classes(NUMBER_EDGES);
}

export function stringArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.string(), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme' }), weight: 1 },
    { arbitrary: edgeString(), weight: 4 },
  );
}

export function numberArbitrary(): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.integer(), weight: 2 },
    { arbitrary: fc.double(), weight: 2 },
    { arbitrary: edgeNumber(), weight: 4 },
  );
}

function dateArbitrary(): fc.Arbitrary<Date> {
  return fc.oneof(
    { arbitrary: fc.date({ noInvalidDate: true }), weight: 3 },
    { arbitrary: classes(DATE_EDGES).map((ms) => new Date(ms)), weight: 2 },
  );
}

function keyArbitrary(kind: 'string' | 'number'): fc.Arbitrary<string> {
  if (kind === 'number') {
    return fc.oneof(fc.integer().map(String), fc.constantFrom('0', '-1', '1.5', 'NaN', String(Number.MAX_SAFE_INTEGER + 1)));
  }
  return fc.oneof({ arbitrary: fc.string({ maxLength: 8 }), weight: 2 }, { arbitrary: fc.constantFrom(...KEY_EDGES), weight: 1 });
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * An arbitrary of values inside `model`. `defs` holds the definitions `ref` nodes point at.
 * Throws (naming the node) for `never` and `unsupported`, which have no values to generate.
 */
export function valid(model: TypeModel, defs: ModelDefinitions = {}, options: ValidOptions = {}): fc.Arbitrary<unknown> {
  return build(model, { defs, maxDepth: options.maxDepth ?? 3 }, { depth: 0, terminal: undefined, nesting: 0 });
}

/** Can the type be finished without expanding one of `visiting` again? */
function canTerminate(model: TypeModel, defs: ModelDefinitions, visiting: ReadonlySet<string>): boolean {
  switch (model.kind) {
    case 'union':
      return model.members.some((m) => canTerminate(m, defs, visiting));
    case 'intersection':
      return model.members.every((m) => canTerminate(m, defs, visiting));
    case 'object':
      return model.properties.every((p) => p.optional || canTerminate(p.type, defs, visiting));
    case 'tuple':
      return model.elements.every((e) => e.optional || e.rest || canTerminate(e.type, defs, visiting));
    case 'brand':
      return canTerminate(model.base, defs, visiting);
    case 'promise':
      return canTerminate(model.inner, defs, visiting);
    case 'never':
    case 'unsupported':
      return false;
    case 'ref': {
      if (visiting.has(model.name)) return false;
      const def = defs[model.name];
      return def !== undefined && canTerminate(def, defs, new Set([...visiting, model.name]));
    }
    default:
      return true;
  }
}

function build(model: TypeModel, ctx: Ctx, where: Where): fc.Arbitrary<unknown> {
  const terminal = where.terminal !== undefined;
  switch (model.kind) {
    case 'string':
      return stringArbitrary();
    case 'number':
      return numberArbitrary();
    case 'boolean':
      return fc.boolean();
    case 'bigint':
      return fc.oneof({ arbitrary: fc.bigInt(), weight: 1 }, { arbitrary: fc.constantFrom(...BIGINT_EDGES), weight: 1 });
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'unknown':
    case 'any':
      return fc.oneof(
        {
          arbitrary: fc.anything({
            maxDepth: terminal ? 0 : 2,
            withBigInt: true,
            withDate: true,
            withMap: true,
            withSet: true,
            withNullPrototype: true,
            withSparseArray: true,
            withTypedArray: true,
          }),
          weight: 3,
        },
        { arbitrary: fc.constantFrom(undefined, null, Number.NaN, -0, '', 0), weight: 1 },
      );
    case 'never':
      throw new Error('gen-edge-tests runtime: cannot generate a value of type never');
    case 'unsupported':
      throw new Error(`gen-edge-tests runtime: cannot generate ${model.text}: ${model.reason}`);
    case 'literal':
      return fc.constant(model.bigint === true ? BigInt(model.value) : model.value);
    case 'templateLiteral':
      return fc
        .tuple(...model.parts.map((p) => (typeof p === 'string' ? fc.constant(p) : hole(p, ctx))))
        .map((pieces) => pieces.join(''));
    case 'enum':
      return fc.constantFrom(...model.members.map((m) => m.value));
    case 'brand':
      return build(model.base, ctx, where);
    case 'promise':
      // the settled value rides along (non-enumerable) so counterexamples print as Promise.resolve(value)
      return build(model.inner, ctx, where).map((v) => Object.defineProperty(Promise.resolve(v), PROMISED, { value: v }));
    case 'ref':
      return buildRef(model.name, ctx, where);
    case 'union': {
      let members = model.members.filter((m) => m.kind !== 'never');
      if (where.terminal !== undefined) {
        const visiting = where.terminal;
        const finite = members.filter((m) => canTerminate(m, ctx.defs, visiting));
        if (finite.length > 0) members = finite;
      }
      if (members.length === 0) throw new Error('gen-edge-tests runtime: cannot generate a value of an empty union');
      return fc.oneof(...members.map((m) => build(m, ctx, where)));
    }
    case 'intersection':
      return buildIntersection(model.members, ctx, where);
    case 'object':
      return buildObject(model.properties, model.index, ctx, where);
    case 'array': {
      if (terminal) return fc.constant(null).map((): unknown[] => []);
      const element = build(model.element, ctx, inner(where));
      const options: fc.MaybeWeightedArbitrary<unknown[]>[] = [
        { arbitrary: fc.array(element, { maxLength: maxLength(where) }), weight: 4 },
        { arbitrary: fc.constant(null).map((): unknown[] => []), weight: 1 },
        {
          // duplicates: the same value (and the same reference) several times
          arbitrary: fc.tuple(element, fc.integer({ min: 2, max: Math.max(2, Math.min(4, maxLength(where))) })).map(([x, n]) => Array.from({ length: n }, () => x)),
          weight: 1,
        },
      ];
      if (acceptsUndefined(model.element, ctx.defs)) {
        options.push({ arbitrary: fc.sparseArray(element, { maxLength: maxLength(where) + 2, maxNumElements: Math.min(4, maxLength(where)) }), weight: 1 });
      }
      return fc.oneof(...options);
    }
    case 'tuple':
      return buildTuple(model.elements, ctx, where);
    case 'date':
      return dateArbitrary();
    case 'map': {
      const empty = fc.constant(null).map(() => new Map<unknown, unknown>());
      if (terminal) return empty;
      const k = build(model.key, ctx, inner(where));
      const v = build(model.value, ctx, inner(where));
      return fc.oneof(
        { arbitrary: fc.array(fc.tuple(k, v), { maxLength: maxLength(where) }).map((entries) => new Map(entries)), weight: 3 },
        { arbitrary: empty, weight: 1 },
      );
    }
    case 'set': {
      const empty = fc.constant(null).map(() => new Set<unknown>());
      if (terminal) return empty;
      const e = build(model.element, ctx, inner(where));
      return fc.oneof({ arbitrary: fc.array(e, { maxLength: maxLength(where) }).map((values) => new Set(values)), weight: 3 }, { arbitrary: empty, weight: 1 });
    }
  }
}

function buildRef(name: string, ctx: Ctx, where: Where): fc.Arbitrary<unknown> {
  const def = ctx.defs[name];
  if (def === undefined) throw new Error(`gen-edge-tests runtime: type reference "${name}" has no entry in defs; regenerate the test file`);
  if (where.terminal !== undefined) {
    if (where.terminal.has(name)) throw new Error(`gen-edge-tests runtime: recursive type ${name} has no finite value`);
    return build(def, ctx, { ...where, terminal: new Set([...where.terminal, name]) });
  }
  if (where.depth >= ctx.maxDepth) return build(def, ctx, { ...where, terminal: new Set([name]) });
  return build(def, ctx, { ...where, depth: where.depth + 1, terminal: undefined });
}

function hole(model: TypeModel, ctx: Ctx): fc.Arbitrary<string> {
  switch (model.kind) {
    case 'number':
      return fc.oneof(
        fc.integer().map(String),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
        fc.constantFrom('0', '-1', '1.5', '1e21', '0x1F', '.5'),
      );
    case 'bigint':
      return fc.bigInt().map(String);
    case 'boolean':
      return fc.constantFrom('true', 'false');
    case 'null':
      return fc.constant('null');
    case 'undefined':
      return fc.constant('undefined');
    case 'literal':
      return fc.constant(String(model.value));
    case 'enum':
      return fc.constantFrom(...model.members.map((m) => String(m.value)));
    case 'union':
      return fc.oneof(...model.members.map((m) => hole(m, ctx)));
    case 'brand':
      return hole(model.base, ctx);
    case 'ref':
      return hole(resolve(model, ctx.defs), ctx);
    case 'templateLiteral':
      return build(model, ctx, { depth: 0, terminal: undefined, nesting: 0 }) as fc.Arbitrary<string>;
    default:
      return stringArbitrary();
  }
}

/** Merge object members into one object; a primitive member (brand pattern) wins over object members. */
function buildIntersection(members: readonly TypeModel[], ctx: Ctx, where: Where): fc.Arbitrary<unknown> {
  const resolved = members.map((m) => resolve(m, ctx.defs));
  const primitive = resolved.find((m) => m.kind !== 'object' && m.kind !== 'unknown' && m.kind !== 'any');
  if (primitive !== undefined) return build(primitive, ctx, where);
  const merged = mergeObjects(resolved.filter((m): m is Extract<TypeModel, { kind: 'object' }> => m.kind === 'object'));
  return buildObject(merged.properties, merged.index, ctx, where);
}

export function mergeObjects(objects: readonly Extract<TypeModel, { kind: 'object' }>[]): Extract<TypeModel, { kind: 'object' }> {
  const byName = new Map<string, PropertyModel>();
  let index: Extract<TypeModel, { kind: 'object' }>['index'];
  for (const obj of objects) {
    for (const prop of obj.properties) {
      const prev = byName.get(prop.name);
      byName.set(
        prop.name,
        prev === undefined
          ? prop
          : {
              name: prop.name,
              type: { kind: 'intersection', members: [prev.type, prop.type] },
              optional: prev.optional && prop.optional,
              readonly: prev.readonly || prop.readonly,
            },
      );
    }
    index ??= obj.index;
  }
  const merged: Extract<TypeModel, { kind: 'object' }> = { kind: 'object', properties: [...byName.values()] };
  if (index !== undefined) merged.index = index;
  return merged;
}

function buildObject(
  properties: readonly PropertyModel[],
  index: Extract<TypeModel, { kind: 'object' }>['index'],
  ctx: Ctx,
  where: Where,
): fc.Arbitrary<unknown> {
  const terminal = where.terminal !== undefined;
  const props = properties.map((p) => {
    if (p.optional && terminal) return fc.constant<unknown>(ABSENT);
    const value = build(p.type, ctx, where);
    if (!p.optional) return value;
    return fc.oneof({ arbitrary: fc.constant<unknown>(ABSENT), weight: 1 }, { arbitrary: value, weight: 2 });
  });
  const declared = new Set(properties.map((p) => p.name));
  const entries: fc.Arbitrary<[string, unknown][]> =
    index === undefined || terminal
      ? fc.constant<[string, unknown][]>([])
      : fc.oneof(
          { arbitrary: fc.array(fc.tuple(keyArbitrary(index.key), build(index.value, ctx, inner(where))), { maxLength: Math.min(6, maxLength(where)) }), weight: 4 },
          { arbitrary: fc.constant<[string, unknown][]>([]), weight: 1 },
        );
  const nullPrototype = fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 });
  return fc.tuple(fc.tuple(...props), entries, nullPrototype).map(([values, extra, nullProto]) => {
    const obj = (nullProto ? Object.create(null) : {}) as object;
    values.forEach((v, i) => {
      const prop = properties[i];
      if (prop !== undefined && v !== ABSENT) define(obj, prop.name, v);
    });
    for (const [key, v] of extra) if (!declared.has(key)) define(obj, key, v);
    return obj;
  });
}

function buildTuple(elements: Extract<TypeModel, { kind: 'tuple' }>['elements'], ctx: Ctx, where: Where): fc.Arbitrary<unknown> {
  const fixed = elements.filter((e) => !e.rest);
  const rest = elements.find((e) => e.rest);
  const required = fixed.filter((e) => !e.optional).length;
  const terminal = where.terminal !== undefined;
  const values = fixed.map((e) => (terminal && e.optional ? fc.constant(undefined) : build(e.type, ctx, where)));
  const count = terminal ? fc.constant(required) : fc.integer({ min: required, max: fixed.length });
  const restArb = rest === undefined || terminal ? fc.constant([] as unknown[]) : fc.array(build(rest.type, ctx, inner(where)), { maxLength: Math.min(4, maxLength(where)) });
  return fc.tuple(fc.tuple(...values), count, restArb).map(([vals, n, tail]) => (rest === undefined || n === fixed.length ? [...vals.slice(0, n), ...tail] : vals.slice(0, n)));
}
