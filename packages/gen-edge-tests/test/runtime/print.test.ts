import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { printValue, t, valid } from '../../src/runtime/index';

describe('printValue: counterexamples as TypeScript literals', () => {
  it('numbers: NaN, -0, ±Infinity', () => {
    expect([Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5].map((v) => printValue(v))).toEqual([
      'NaN', '-0', '0', 'Infinity', '-Infinity', '1.5',
    ]);
  });
  it('undefined, null, bigint, symbols', () => {
    expect(printValue(undefined)).toBe('undefined');
    expect(printValue(null)).toBe('null');
    expect(printValue(10n)).toBe('10n');
    expect(printValue(Symbol('x'))).toBe('Symbol("x")');
    expect(printValue(Symbol.for('y'))).toBe('Symbol.for("y")');
  });
  it('strings: lone surrogates, BOM, zero-width and bidi marks escaped; pairs kept', () => {
    expect(printValue('\uD800')).toBe('"\\uD800"');
    expect(printValue('a\uDC00')).toBe('"a\\uDC00"');
    expect(printValue('🙂')).toBe('"🙂"');
    expect(printValue('\uFEFFid')).toBe('"\\uFEFFid"');
    expect(printValue('a\u200Bb\u202E')).toBe('"a\\u200Bb\\u202E"');
    expect(printValue('say "hi"\n\\')).toBe('"say \\"hi\\"\\n\\\\"');
    expect(printValue('\u0000')).toBe('"\\u0000"');
  });
  it('long strings compress repeats or truncate with a note', () => {
    expect(printValue('a'.repeat(10_000))).toBe('"a".repeat(10000)');
    expect(printValue('ab '.repeat(3_000))).toBe('"ab ".repeat(3000)');
    expect(printValue('x'.repeat(150) + 'y'.repeat(150))).toMatch(/ \/\* … 100 more UTF-16 units \*\/$/);
  });
  it('dates, including Invalid Date', () => {
    expect(printValue(new Date(0))).toBe('new Date("1970-01-01T00:00:00.000Z")');
    expect(printValue(new Date(Number.NaN))).toBe('new Date(NaN)');
  });
  it('sparse arrays keep their holes and length', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(printValue([1, , 3])).toBe('[1, , 3]');
    // eslint-disable-next-line no-sparse-arrays
    expect(printValue([1, ,])).toBe('[1, ,]');
    expect(printValue(new Array(1))).toBe('[,]');
    expect(printValue(new Array(10))).toBe('new Array(10)');
    // eslint-disable-next-line no-sparse-arrays
    for (const arr of [[1, , 3], [1, ,], [, 1]]) expect((eval(printValue(arr)) as unknown[]).length).toBe(arr.length);
  });
  it('Maps, Sets, typed arrays, boxed values, errors', () => {
    expect(printValue(new Map([['a', 1]]))).toBe('new Map([["a", 1]])');
    expect(printValue(new Map())).toBe('new Map()');
    expect(printValue(new Set([Number.NaN]))).toBe('new Set([NaN])');
    expect(printValue(new Uint8Array([1, 2]))).toBe('new Uint8Array([1, 2])');
    expect(printValue(Object('s'))).toBe('new String("s")');
    expect(printValue(new TypeError('x'))).toBe('new TypeError("x")');
  });
  it('objects: null prototype, __proto__ as an own key, quoted keys, class instances', () => {
    expect(printValue(Object.assign(Object.create(null) as object, { a: 1 }))).toBe('Object.assign(Object.create(null), { a: 1 })');
    expect(printValue(Object.create(null))).toBe('Object.create(null)');
    const own = {};
    Object.defineProperty(own, '__proto__', { value: 1, enumerable: true });
    expect(printValue(own)).toBe('{ ["__proto__"]: 1 }');
    expect(printValue({ 'a b': 1, ok: 2, 3: 4 })).toBe('{ 3: 4, "a b": 1, ok: 2 }');
    class Point {
      x = 1;
    }
    expect(printValue(new Point())).toBe('/* instance of Point */ { x: 1 }');
  });
  it('printed literals evaluate back to equal values', () => {
    const values = [{ a: [Number.NaN, -0, undefined], d: new Date(Number.NaN), m: new Map([[1n, new Set(['\uD800'])]]) }];
    for (const v of values) expect(eval(`(${printValue(v)})`)).toEqual(v);
  });
  it('long structures are laid out on several lines; cycles are marked', () => {
    const text = printValue({ first: 'x'.repeat(60), second: 'y'.repeat(60) });
    expect(text).toBe(`{\n  first: "${'x'.repeat(60)}",\n  second: "${'y'.repeat(60)}",\n}`);
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(printValue(a)).toBe('{ self: /* circular reference */ undefined as never }');
  });
  it('generated promises print as Promise.resolve(value); others say they cannot be shown', () => {
    const [p] = fc.sample(valid(t.promise(t.literal(7))), { seed: 1, numRuns: 1 });
    expect(printValue(p)).toBe('Promise.resolve(7)');
    expect(printValue(new Promise(() => undefined))).toBe('/* a pending or unknown Promise */ new Promise<never>(() => {})');
  });
});
