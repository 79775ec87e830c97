/**
 * Type model → fast-check arbitrary of values OUTSIDE the type, each labelled with what it violates.
 *
 * @rationale Malformed values are built per node from a short list of what upstream data really sends
 *   why: real feeds send `null` in a non-null column, a missing key, `"42"` for a number, an unknown
 *     tag, an object where a list was promised; a label per value ("null in non-null field
 *     order.amount") turns a crash report into a sentence the user can act on.
 *   alternatives: random values filtered by the conformance checker (almost never near-misses, so
 *     they only test the first guard); mutating JSON text (cannot express undefined, Dates, Maps)
 *   tradeoffs: one violation per value (the rest of the value is valid), so each failure has one cause
 *
 * Every constant candidate is checked against the conformance checker when the arbitrary is built,
 * so a candidate the type happens to admit (`"42"` for `string | number`) is never offered. The one
 * exception is the documented "extra key" variant: structurally allowed, but a violation of the exact
 * record shape that upstream data is supposed to have.
 */
import * as fc from 'fast-check';
import { conforms } from './conforms';
import { acceptsNull, acceptsUndefined, describeType, resolve } from './describe';
import type { ModelDefinitions, TypeModel } from './model';
import { printValue } from './print';
import { mergeObjects, valid } from './valid';

export interface Malformed {
  value: unknown;
  /** what the value violates, e.g. `null in non-null field order.amount` */
  violation: string;
}

interface Ctx {
  defs: ModelDefinitions;
  maxDepth: number;
  /** valid arbitraries by model node: each node is built once per `malformed()` call */
  valid: Map<TypeModel, fc.Arbitrary<unknown>>;
}

function validOf(ctx: Ctx, model: TypeModel): fc.Arbitrary<unknown> {
  let arb = ctx.valid.get(model);
  if (arb === undefined) ctx.valid.set(model, (arb = valid(model, ctx.defs)));
  return arb;
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (value instanceof Map) return 'Map';
  if (value instanceof Set) return 'Set';
  return typeof value;
}

function nested(path: string): boolean {
  return path.includes('.') || path.includes('[');
}

/** A fresh value per run (objects must not be shared between runs: the function may mutate them). */
type Factory = () => unknown;

function constantVariant(model: TypeModel, ctx: Ctx, path: string, make: Factory, label: string): fc.Arbitrary<Malformed> | undefined {
  if (conforms(model, make(), ctx.defs).length === 0) return undefined;
  return fc.constant(null).map(() => ({ value: make(), violation: label }));
}

function wrongTypeLabel(value: unknown, model: TypeModel, path: string): string {
  const kind = typeOfValue(value);
  const shown = kind === 'object' || kind === 'array' || kind === 'Map' || kind === 'Set' ? '' : ` ${printValue(value)}`;
  return `${kind}${shown} where ${describeType(model)} expected at ${path}`;
}

/** Wrong-primitive and wrong-shape candidates per node kind. */
function wrongShapes(model: TypeModel): Factory[] {
  switch (model.kind) {
    case 'number':
      return [() => '42', () => '', () => true, () => 10n];
    case 'string':
      return [() => 42, () => true, () => ({})];
    case 'boolean':
      return [() => 'true', () => 1, () => 0];
    case 'bigint':
      return [() => 42, () => '42'];
    case 'date':
      return [() => '2024-01-01T00:00:00Z', () => 1_704_067_200_000, () => ({})];
    case 'literal':
      if (typeof model.value === 'string') return [() => 'unknown', () => String(model.value).toUpperCase() + '_', () => ''];
      if (typeof model.value === 'number') return [() => model.value as number + 1, () => String(model.value)];
      return [() => !model.value, () => String(model.value)];
    case 'enum':
      return [() => 'unknown', () => 999, () => ''];
    case 'templateLiteral':
      return [() => '', () => 'x', () => 42];
    case 'object':
      return [() => [], () => '[object Object]'];
    case 'array':
    case 'tuple':
      return [() => ({}), () => 'abc', () => ({ 0: null, length: 1 })];
    case 'map':
      return [() => ({}), () => []];
    case 'set':
      return [() => [], () => ({})];
    case 'union':
      return [() => '42', () => 42, () => true, () => ({}), () => []];
    default:
      return [];
  }
}

/**
 * An arbitrary of `{ value, violation }` with `value` outside `model`. `path` names the root in labels
 * (a parameter name). Throws when nothing is outside the type (`unknown`, `any`); use `canMalform` first.
 */
export function malformed(model: TypeModel, defs: ModelDefinitions = {}, path = 'value'): fc.Arbitrary<Malformed> {
  const list = variants(model, { defs, maxDepth: 3, valid: new Map() }, path, 0);
  if (list.length === 0) throw new Error(`gen-edge-tests runtime: no value is outside type ${describeType(model)}`);
  return fc.oneof(...list);
}

/** Is there any value outside the type (false for `unknown`, `any`, `void`)? */
export function canMalform(model: TypeModel, defs: ModelDefinitions = {}): boolean {
  return variants(model, { defs, maxDepth: 1, valid: new Map() }, 'value', 0).length > 0;
}

function variants(model: TypeModel, ctx: Ctx, path: string, depth: number): fc.Arbitrary<Malformed>[] {
  const out: fc.Arbitrary<Malformed>[] = [];
  const add = (arb: fc.Arbitrary<Malformed> | undefined): void => {
    if (arb !== undefined) out.push(arb);
  };
  const core = model.kind === 'ref' || model.kind === 'brand' ? resolve(model, ctx.defs) : model;
  if (core.kind === 'unknown' || core.kind === 'any' || core.kind === 'void' || core.kind === 'unsupported' || core.kind === 'never') return out;

  // the constant candidates count as one choice, so nested fields are not drowned by them
  const constants: fc.Arbitrary<Malformed>[] = [];
  const addConstant = (arb: fc.Arbitrary<Malformed> | undefined): void => {
    if (arb !== undefined) constants.push(arb);
  };
  if (!acceptsNull(model, ctx.defs)) {
    addConstant(constantVariant(model, ctx, path, () => null, nested(path) ? `null in non-null field ${path}` : `null where ${describeType(model)} expected at ${path}`));
  }
  if (!acceptsUndefined(model, ctx.defs)) {
    addConstant(constantVariant(model, ctx, path, () => undefined, nested(path) ? `undefined in required field ${path}` : `undefined where ${describeType(model)} expected at ${path}`));
  }
  for (const make of wrongShapes(core)) addConstant(constantVariant(model, ctx, path, make, wrongTypeLabel(make(), model, path)));
  if (constants.length > 0) add(fc.oneof(...constants));
  if (depth >= ctx.maxDepth) return out;

  switch (core.kind) {
    case 'object':
      objectVariants(core, ctx, path, depth, out);
      break;
    case 'intersection': {
      const resolved = core.members.map((m) => resolve(m, ctx.defs));
      if (resolved.every((m) => m.kind === 'object')) {
        objectVariants(mergeObjects(resolved), ctx, path, depth, out);
      }
      break;
    }
    case 'array': {
      const inner = variants(core.element, ctx, `${path}[i]`, depth + 1);
      if (inner.length > 0) {
        out.push(
          fc
            .tuple(fc.array(validOf(ctx, core.element), { maxLength: 4 }), fc.oneof(...inner), fc.nat())
            .map(([items, bad, at]) => {
              const i = items.length === 0 ? 0 : at % (items.length + 1);
              items.splice(i, 0, bad.value);
              return { value: items, violation: bad.violation.replace(`${path}[i]`, child(path, i)) };
            }),
        );
      }
      break;
    }
    case 'tuple': {
      const required = core.elements.filter((e) => !e.optional && !e.rest).length;
      if (required > 0) {
        out.push(fc.constant(null).map(() => ({ value: [], violation: `empty array where ${describeType(core)} (${required} required elements) expected at ${path}` })));
      }
      core.elements.forEach((e, i) => {
        if (e.rest || e.optional) return;
        const inner = variants(e.type, ctx, child(path, i), depth + 1);
        if (inner.length === 0) return;
        out.push(
          fc.tuple(validOf(ctx, core), fc.oneof(...inner)).map(([tuple, bad]) => {
            const copy = [...(tuple as unknown[])];
            copy[i] = bad.value;
            return { value: copy, violation: bad.violation };
          }),
        );
      });
      break;
    }
    case 'map': {
      const inner = variants(core.value, ctx, `${path}.get(key)`, depth + 1);
      if (inner.length > 0) {
        out.push(
          fc.tuple(validOf(ctx, core.key), fc.oneof(...inner)).map(([key, bad]) => ({
            value: new Map([[key, bad.value]]),
            violation: bad.violation.replace(`${path}.get(key)`, `${path}.get(${printValue(key)})`),
          })),
        );
      }
      break;
    }
    case 'set': {
      const inner = variants(core.element, ctx, `${path}.values()`, depth + 1);
      if (inner.length > 0) out.push(fc.oneof(...inner).map((bad) => ({ value: new Set([bad.value]), violation: bad.violation })));
      break;
    }
    case 'union':
      if (core.discriminant !== undefined) unionVariants(core, core.discriminant, ctx, path, depth, out);
      break;
    default:
      break;
  }
  return out;
}

function objectVariants(
  core: Extract<TypeModel, { kind: 'object' }>,
  ctx: Ctx,
  path: string,
  depth: number,
  out: fc.Arbitrary<Malformed>[],
  tagKey?: string,
): void {
  const base = (): fc.Arbitrary<Record<string, unknown>> => validOf(ctx, core) as fc.Arbitrary<Record<string, unknown>>;
  const required = core.properties.filter((p) => !p.optional && !acceptsUndefined(p.type, ctx.defs) && p.name !== tagKey);
  if (required.length > 0) {
    out.push(
      fc.tuple(base(), fc.constantFrom(...required.map((p) => p.name))).map(([obj, key]) => {
        Reflect.deleteProperty(obj, key);
        return { value: obj, violation: `missing required key ${key} at ${path}` };
      }),
    );
  }
  if (core.index === undefined) {
    out.push(
      fc.tuple(base(), fc.constantFrom('extra', 'unexpected_field', '__proto__', 'constructor'), fc.constantFrom<unknown>(null, 'x', 0)).map(([obj, key, v]) => {
        if (!(key in obj) || key === '__proto__' || key === 'constructor') {
          Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
        }
        return { value: obj, violation: `extra key ${JSON.stringify(key)} at ${path}` };
      }),
    );
  } else {
    const inner = variants(core.index.value, ctx, `${path}[key]`, depth + 1);
    if (inner.length > 0) {
      out.push(
        fc.tuple(base(), fc.oneof(...inner), fc.constantFrom('bad', '1', '__proto__')).map(([obj, bad, key]) => {
          const k = core.properties.some((p) => p.name === key) ? `${key}_` : key;
          Object.defineProperty(obj, k, { value: bad.value, writable: true, enumerable: true, configurable: true });
          return { value: obj, violation: bad.violation.replace(`${path}[key]`, child(path, k)) };
        }),
      );
    }
  }
  for (const prop of core.properties) {
    // a discriminated union's tag is only broken by the union's own "wrong tag" variant
    if (prop.name === tagKey) continue;
    const inner = variants(prop.type, ctx, child(path, prop.name), depth + 1);
    if (inner.length === 0) continue;
    out.push(
      fc.tuple(base(), fc.oneof(...inner)).map(([obj, bad]) => {
        Object.defineProperty(obj, prop.name, { value: bad.value, writable: true, enumerable: true, configurable: true });
        return { value: obj, violation: bad.violation };
      }),
    );
  }
}

function unionVariants(
  core: Extract<TypeModel, { kind: 'union' }>,
  discriminant: string,
  ctx: Ctx,
  path: string,
  depth: number,
  out: fc.Arbitrary<Malformed>[],
): void {
  const members = core.members.map((m) => resolve(m, ctx.defs)).filter((m): m is Extract<TypeModel, { kind: 'object' }> => m.kind === 'object');
  const tags = members.flatMap((m) => {
    const prop = m.properties.find((p) => p.name === discriminant);
    return prop?.type.kind === 'literal' ? [prop.type.value] : [];
  });
  const firstTag = tags[0];
  const candidates: unknown[] =
    typeof firstTag === 'number'
      ? [Math.max(...tags.map(Number)) + 1, -1, String(firstTag)]
      : ['unknown', 'refund', '', typeof firstTag === 'string' ? firstTag.toUpperCase() : 'X', null];
  const wrong = candidates.filter((c) => !tags.includes(c as string | number | boolean));
  const tagPath = child(path, discriminant);
  if (members.length > 0 && wrong.length > 0) {
    out.push(
      fc.tuple(fc.oneof(...members.map((m) => validOf(ctx, m))), fc.constantFrom(...wrong)).map(([obj, tag]) => {
        Object.defineProperty(obj, discriminant, { value: tag, writable: true, enumerable: true, configurable: true });
        return { value: obj, violation: `wrong tag ${printValue(tag).replace(/^"(.*)"$/, "'$1'")} in union at ${tagPath}` };
      }),
    );
  }
  // members keep their tag, so a malformed field cannot make the value pass as another member
  for (const member of members) objectVariants(member, ctx, path, depth, out, discriminant);
}
