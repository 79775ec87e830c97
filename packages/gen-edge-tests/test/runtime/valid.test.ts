import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conforms, DATE_EDGES, NUMBER_EDGES, STRING_EDGES, t, valid } from '../../src/runtime/index';
import type { ModelDefinitions, TypeModel } from '../../src/runtime/index';

/** The default number of runs of a generated property. */
const RUNS = 100;
const SEEDS = [1, 2, 3, 42, 2026];

function sample(model: TypeModel, seed: number, defs: ModelDefinitions = {}): unknown[] {
  return fc.sample(valid(model, defs), { seed, numRuns: RUNS });
}

function seen(values: readonly unknown[], pred: (v: unknown) => boolean): boolean {
  return values.some(pred);
}

describe('valid: each edge class shows up within the default 100 runs (for several seeds)', () => {
  for (const [cls, pool] of Object.entries(STRING_EDGES)) {
    it(`string edge class "${cls}"`, () => {
      for (const seed of SEEDS) {
        const values = sample(t.string(), seed);
        expect(seen(values, (v) => pool.includes(v as string)), `seed ${seed}`).toBe(true);
      }
    });
  }
  for (const [cls, pool] of Object.entries(NUMBER_EDGES)) {
    it(`number edge class "${cls}"`, () => {
      for (const seed of SEEDS) {
        const values = sample(t.number(), seed);
        expect(seen(values, (v) => pool.some((p) => Object.is(p, v))), `seed ${seed}`).toBe(true);
      }
    });
  }
  it('-0 is produced as -0 (not 0) and NaN as NaN', () => {
    const values = sample(t.number(), 7);
    expect(values.some((v) => Object.is(v, -0))).toBe(true);
    expect(values.some((v) => Number.isNaN(v))).toBe(true);
  });
  for (const [cls, pool] of Object.entries(DATE_EDGES)) {
    it(`Date edge class "${cls}" (NaN = Invalid Date)`, () => {
      for (const seed of SEEDS) {
        const values = sample(t.date(), seed) as Date[];
        expect(values.every((d) => d instanceof Date)).toBe(true);
        expect(seen(values, (d) => pool.some((ms) => Object.is(ms, (d as Date).getTime()))), `seed ${seed}`).toBe(true);
      }
    });
  }
  it('dates are fresh objects per run (a mutating function cannot poison later runs)', () => {
    const values = sample(t.date(), 5) as Date[];
    expect(new Set(values).size).toBe(values.length);
  });
  it('bigint edges: 0n, 2^64 and MAX_SAFE_INTEGER + 1', () => {
    const values = sample(t.bigint(), 3);
    expect(values).toContain(0n);
    expect(values.some((v) => v === 2n ** 64n || v === BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toBe(true);
  });
  it('arrays: empty, duplicates and no holes when the element type excludes undefined', () => {
    for (const seed of SEEDS) {
      const values = sample(t.array(t.number()), seed) as number[][];
      expect(values.some((a) => a.length === 0)).toBe(true);
      expect(values.some((a) => a.length >= 2 && a.every((x) => Object.is(x, a[0])))).toBe(true);
      expect(values.every((a) => Object.keys(a).length === a.length)).toBe(true);
    }
  });
  it('sparse arrays when the element type admits undefined', () => {
    for (const seed of SEEDS) {
      const values = sample(t.array(t.union([t.number(), t.undefined()])), seed) as unknown[][];
      expect(values.some((a) => Object.keys(a).length < a.length), `seed ${seed}`).toBe(true);
    }
  });
  it('objects: null-prototype objects and optional keys both absent and present', () => {
    const model = t.object({ id: t.string(), note: t.optional(t.string()) });
    for (const seed of SEEDS) {
      const values = sample(model, seed) as object[];
      expect(values.some((o) => Object.getPrototypeOf(o) === null), `seed ${seed}`).toBe(true);
      expect(values.some((o) => !('note' in o))).toBe(true);
      expect(values.some((o) => 'note' in o)).toBe(true);
      expect(values.every((o) => 'id' in o)).toBe(true);
    }
  });
  it('optional vs present-undefined: `x?: T | undefined` produces both an absent key and a present undefined', () => {
    const model = t.object({ x: t.optional(t.union([t.number(), t.undefined()])) });
    const values = sample(model, 11) as Record<string, unknown>[];
    expect(values.some((o) => !('x' in o))).toBe(true);
    expect(values.some((o) => 'x' in o && o.x === undefined)).toBe(true);
  });
  it('`x: T | undefined` (required) is always present', () => {
    const values = sample(t.object({ x: t.union([t.number(), t.undefined()]) }), 11) as object[];
    expect(values.every((o) => 'x' in o)).toBe(true);
  });
  it('index-signature objects: empty, __proto__ and constructor as own keys', () => {
    for (const seed of SEEDS) {
      const values = sample(t.record(t.number()), seed) as object[];
      expect(values.some((o) => Object.keys(o).length === 0)).toBe(true);
      expect(values.some((o) => Object.prototype.hasOwnProperty.call(o, '__proto__')), `seed ${seed}`).toBe(true);
      expect(values.some((o) => Object.prototype.hasOwnProperty.call(o, 'constructor')), `seed ${seed}`).toBe(true);
      // an own __proto__ key never changes the prototype
      expect(values.every((o) => [null, Object.prototype].includes(Object.getPrototypeOf(o) as object | null))).toBe(true);
    }
  });
  it('empty maps and sets', () => {
    expect(sample(t.map(t.string(), t.number()), 1).some((m) => (m as Map<unknown, unknown>).size === 0)).toBe(true);
    expect(sample(t.set(t.string()), 1).some((s) => (s as Set<unknown>).size === 0)).toBe(true);
  });
  it('unknown produces undefined, null, NaN, null-prototype objects and Maps', () => {
    const values = sample(t.unknown(), 4);
    for (const probe of [undefined, null]) expect(values).toContain(probe);
    expect(values.some((v) => Number.isNaN(v))).toBe(true);
  });
});

describe('valid: every value is inside the type', () => {
  const Tree: TypeModel = t.object({ value: t.number(), children: t.array(t.ref('Tree')) }, { name: 'Tree' });
  const List: TypeModel = t.union([t.null(), t.object({ head: t.string(), tail: t.ref('List') })]);
  const defs = { Tree, List };
  const models: Record<string, TypeModel> = {
    'literal union': t.union([t.literal('paid'), t.literal('open'), t.literal(0), t.literal(true), t.literal(10n)]),
    'template literal': t.templateLiteral(['order-', t.number(), '-', t.union([t.literal('a'), t.literal('b')]), ':', t.bigint()]),
    'discriminated union': t.union(
      [t.object({ kind: t.literal('sale'), amount: t.number() }), t.object({ kind: t.literal('refund'), reason: t.string() })],
      { discriminant: 'kind' },
    ),
    intersection: t.intersection([t.object({ a: t.string() }), t.object({ b: t.optional(t.number()) })]),
    brand: t.brand(t.intersection([t.string(), t.object({ __brand: t.literal('OrderId') })]), 'OrderId'),
    tuple: t.tuple([t.string(), t.element(t.number(), { optional: true }), t.element(t.boolean(), { rest: true })]),
    'readonly array of dates': t.array(t.date(), { readonly: true }),
    enum: t.enum('Status', { Paid: 'paid', Two: 2 }),
    'map and set': t.object({ m: t.map(t.string(), t.array(t.number())), s: t.set(t.bigint()) }),
    'number index': t.record(t.string(), { key: 'number' }),
    'recursive Tree (depth-limited)': t.ref('Tree'),
    'recursive List (union base case)': t.ref('List'),
  };
  for (const [name, model] of Object.entries(models)) {
    it(name, () => {
      for (const v of sample(model, 9, defs)) expect(conforms(model, v, defs)).toEqual([]);
    });
  }
  it('recursion is bounded', () => {
    const depth = (n: unknown): number => {
      const node = n as { children: unknown[] };
      return 1 + Math.max(0, ...node.children.map(depth));
    };
    const max = Math.max(...sample(t.ref('Tree'), 3, defs).map(depth));
    expect(max).toBeGreaterThan(1);
    expect(max).toBeLessThanOrEqual(5);
  });
  it('nested collections are shorter (10, then 5, then 3, then 2), so nested records stay small', () => {
    const values = sample(t.array(t.array(t.array(t.array(t.number())))), 5) as number[][][][][];
    const lengths = [0, 0, 0, 0];
    const walk = (v: unknown, level: number): void => {
      if (!Array.isArray(v)) return;
      lengths[level] = Math.max(lengths[level] ?? 0, v.length);
      for (const x of v) walk(x, level + 1);
    };
    for (const v of values) walk(v, 0);
    expect(lengths[0]).toBeLessThanOrEqual(10);
    expect(lengths[1]).toBeLessThanOrEqual(5);
    expect(lengths[2]).toBeLessThanOrEqual(3);
    expect(lengths[3]).toBeLessThanOrEqual(2);
    expect(lengths[3]).toBeGreaterThan(0);
  });
  it('never and unsupported cannot be generated and say why', () => {
    expect(() => valid(t.never())).toThrow(/never/);
    expect(() => valid(t.unsupported('function type', '() => void'))).toThrow(/function type/);
    expect(() => valid(t.ref('Missing'))).toThrow(/Missing.*defs/);
  });
});
