import { describe, expect, it } from 'vitest';
import { deepEqual, findDifference, snapshot } from '../../src/runtime/index';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

describe('deepEqual / findDifference', () => {
  it('NaN equals NaN, -0 differs from 0 (Object.is)', () => {
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(deepEqual({ a: [Number.NaN] }, { a: [Number.NaN] })).toBe(true);
    expect(deepEqual(-0, 0)).toBe(false);
    expect(findDifference({ a: -0 }, { a: 0 })).toBe('value.a: -0 vs 0');
  });
  it('Dates by time value, including Invalid Dates', () => {
    expect(deepEqual(new Date(5), new Date(5))).toBe(true);
    expect(deepEqual(new Date(Number.NaN), new Date(Number.NaN))).toBe(true);
    expect(deepEqual(new Date(Number.NaN), new Date(0))).toBe(false);
    expect(deepEqual(new Date(0), 0)).toBe(false);
  });
  it('Maps and Sets by content in any order, with object keys', () => {
    expect(deepEqual(new Map([['a', 1], ['b', 2]]), new Map([['b', 2], ['a', 1]]))).toBe(true);
    expect(findDifference(new Map([['a', 1]]), new Map([['a', 2]]))).toBe('value.get("a"): 1 vs 2');
    expect(deepEqual(new Map([[{ k: 1 }, 'x']]), new Map([[{ k: 1 }, 'x']]))).toBe(true);
    expect(deepEqual(new Set([1, 2]), new Set([2, 1]))).toBe(true);
    expect(deepEqual(new Set([{ a: 1 }]), new Set([{ a: 2 }]))).toBe(false);
    expect(deepEqual(new Set([Number.NaN]), new Set([Number.NaN]))).toBe(true);
  });
  it('holes differ from undefined; lengths are compared', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(findDifference([1, , 3], [1, undefined, 3])).toBe('value[1]: <hole> vs undefined');
    expect(findDifference([1, 2], [1, 2, 3])).toBe('value: length 2 vs 3');
  });
  it('absent keys differ from undefined-valued keys; key order does not matter', () => {
    expect(findDifference({ a: 1, b: undefined }, { a: 1 })).toBe('value.b: undefined vs <absent>');
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  });
  it('null-prototype and plain objects compare by content; classes by prototype too', () => {
    expect(deepEqual(Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 })).toBe(true);
    expect(deepEqual(new Point(1, 2), new Point(1, 2))).toBe(true);
    expect(findDifference(new Point(1, 2), { x: 1, y: 2 })).toBe('value: objects of different classes');
  });
  it('typed arrays, boxed values, errors, regexps', () => {
    expect(deepEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(deepEqual(new Uint8Array([1, 2]), new Int8Array([1, 2]))).toBe(false);
    expect(deepEqual(new Float64Array([Number.NaN]), new Float64Array([Number.NaN]))).toBe(true);
    expect(deepEqual(Object(1n), Object(1n))).toBe(true);
    expect(deepEqual(new TypeError('x'), new TypeError('x'))).toBe(true);
    expect(deepEqual(new TypeError('x'), new TypeError('y'))).toBe(false);
    expect(deepEqual(/a/g, /a/g)).toBe(true);
    expect(deepEqual(/a/g, /a/i)).toBe(false);
  });
  it('cycles terminate', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const b: Record<string, unknown> = { n: 1 };
    b.self = b;
    expect(deepEqual(a, b)).toBe(true);
  });
  it('symbol keys are compared', () => {
    const s = Symbol('k');
    expect(deepEqual({ [s]: 1 }, { [s]: 2 })).toBe(false);
  });
});

describe('snapshot: a deep copy that keeps what structuredClone loses', () => {
  it('keeps null prototypes, class prototypes, holes, -0, Invalid Dates and symbol keys', () => {
    const s = Symbol('tag');
    const nullProto = Object.assign(Object.create(null) as object, { a: -0 });
    // eslint-disable-next-line no-sparse-arrays
    const value = { nullProto, point: new Point(1, 2), sparse: [1, , 3], bad: new Date(Number.NaN), [s]: 'x' };
    const copy = snapshot(value);
    expect(copy).not.toBe(value);
    expect(Object.getPrototypeOf(copy.nullProto)).toBeNull();
    expect(copy.point).toBeInstanceOf(Point);
    expect(1 in copy.sparse).toBe(false);
    expect(copy.sparse).toHaveLength(3);
    expect(Object.is((copy.nullProto).a, -0)).toBe(true);
    expect(Number.isNaN(copy.bad.getTime())).toBe(true);
    expect(copy[s]).toBe('x');
    expect(deepEqual(copy, value)).toBe(true);
    expect(() => structuredClone(value)).not.toThrow(); // structuredClone "works" but loses:
    expect(Object.getPrototypeOf(structuredClone(value).point)).toBe(Object.prototype);
  });
  it('copies deeply (mutating the original does not change the copy) and keeps functions by reference', () => {
    const fn = (): number => 1;
    const value = { list: [1, 2], map: new Map([['k', { n: 1 }]]), set: new Set([1]), date: new Date(0), fn };
    const copy = snapshot(value);
    value.list.push(3);
    (value.map.get('k') as { n: number }).n = 2;
    value.set.add(2);
    value.date.setTime(5);
    expect(copy.list).toEqual([1, 2]);
    expect(copy.map.get('k')).toEqual({ n: 1 });
    expect(copy.set.size).toBe(1);
    expect(copy.date.getTime()).toBe(0);
    expect(copy.fn).toBe(fn);
    expect(() => structuredClone(value)).toThrow();
  });
  it('keeps shared references shared and cycles cyclic', () => {
    const shared = { n: 1 };
    const value: Record<string, unknown> = { a: shared, b: shared };
    value.self = value;
    const copy = snapshot(value);
    expect(copy.a).toBe(copy.b);
    expect(copy.self).toBe(copy);
  });
  it('an own __proto__ key stays an own key', () => {
    const value = {};
    Object.defineProperty(value, '__proto__', { value: 'x', enumerable: true, configurable: true, writable: true });
    const copy = snapshot(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toBe('x');
  });
});

describe('findDifference on long strings', () => {
  it('shows where two long strings start to differ', () => {
    const a = 'x'.repeat(100) + '-abc';
    const b = 'x'.repeat(100) + '-abd';
    expect(findDifference(a, b)).toBe('value: strings differ at index 103 (lengths 104 and 104): …"xxxxxxx-abc" vs …"xxxxxxx-abd"');
  });
});
