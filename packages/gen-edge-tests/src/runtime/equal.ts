/**
 * Deep equality (SameValue semantics) and deep snapshots for the determinism, mutation, roundtrip and
 * idempotence properties.
 *
 * @rationale Our own deepEqual and snapshot instead of node:util isDeepStrictEqual or structuredClone
 *   why: equality must treat NaN as equal to NaN and -0 as different from 0 (Object.is), compare Invalid
 *     Dates, keep holes distinct from undefined and say WHERE two values differ; snapshots must keep
 *     null prototypes, class prototypes, holes, symbol keys, boxed values and functions, which
 *     structuredClone drops or rejects.
 *   alternatives: util.isDeepStrictEqual (0 equals -0, no difference path); structuredClone (throws on
 *     functions, loses prototypes and symbol keys); lodash (a dependency for two functions)
 *   tradeoffs: objects with private state (#fields, closures) are compared by their visible data only
 */
import { printValue } from './print';

const TYPED = /^(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array$/;

function tag(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function short(value: unknown): string {
  const text = printValue(value);
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

function join(path: string, key: string | symbol | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (typeof key === 'symbol') return `${path}[${key.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function enumerableKeys(obj: object): (string | symbol)[] {
  return Reflect.ownKeys(obj).filter((k) => Object.getOwnPropertyDescriptor(obj, k)?.enumerable === true);
}

/** A plain object for equality purposes: `{}` and `Object.create(null)` compare by content. */
function isPlainProto(proto: unknown): boolean {
  return proto === null || proto === Object.prototype || (typeof proto === 'object' && Object.getPrototypeOf(proto) === null);
}

/**
 * Where `actual` and `expected` first differ, as `"<path>: <actual> vs <expected>"`, or `undefined`
 * when they are deeply equal. Rules: primitives by Object.is (NaN equals NaN, -0 differs from 0);
 * Dates by time value (two Invalid Dates are equal); Maps and Sets by content, in any order;
 * arrays by length, holes (a hole differs from `undefined`) and elements; typed arrays by kind and
 * elements; objects by enumerable own keys in any order, `{}` and null-prototype objects comparing
 * by content, class instances also by prototype; functions by reference; cycles are handled.
 */
export function findDifference(actual: unknown, expected: unknown, path = 'value'): string | undefined {
  return diff(actual, expected, path, new Map());
}

/** Long strings: where they start to differ, with a little context, so the difference is visible. */
function stringDifference(a: string, b: string, path: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 10);
  const cut = (text: string): string => (from > 0 ? '…' : '') + short(text.slice(from, i + 30)) + (text.length > i + 30 ? '…' : '');
  return `${path}: strings differ at index ${i} (lengths ${a.length} and ${b.length}): ${cut(a)} vs ${cut(b)}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return findDifference(a, b) === undefined;
}

function diff(a: unknown, b: unknown, path: string, seen: Map<object, Set<object>>): string | undefined {
  if (Object.is(a, b)) return undefined;
  const mismatch = (): string => `${path}: ${short(a)} vs ${short(b)}`;
  if (typeof a === 'string' && typeof b === 'string' && (a.length > 60 || b.length > 60)) return stringDifference(a, b, path);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return mismatch();
  let pairs = seen.get(a);
  if (pairs?.has(b) === true) return undefined;
  if (pairs === undefined) seen.set(a, (pairs = new Set()));
  pairs.add(b);

  const ta = tag(a);
  const tb = tag(b);
  if (ta !== tb) return mismatch();
  if (ta === 'Date') return Object.is((a as Date).getTime(), (b as Date).getTime()) ? undefined : mismatch();
  if (ta === 'RegExp') return (a as RegExp).source === (b as RegExp).source && (a as RegExp).flags === (b as RegExp).flags ? undefined : mismatch();
  if (ta === 'String' || ta === 'Number' || ta === 'Boolean' || ta === 'BigInt' || ta === 'Symbol') {
    const va: unknown = (a as { valueOf(): unknown }).valueOf();
    const vb: unknown = (b as { valueOf(): unknown }).valueOf();
    if (!Object.is(va, vb)) return mismatch();
  }
  if (ta === 'Map') {
    const ma = a as Map<unknown, unknown>;
    const mb = b as Map<unknown, unknown>;
    if (ma.size !== mb.size) return `${path}: Map of size ${ma.size} vs ${mb.size}`;
    for (const [key, va] of ma) {
      const keyPath = `${path}.get(${short(key)})`;
      if (mb.has(key)) {
        const d = diff(va, mb.get(key), keyPath, seen);
        if (d !== undefined) return d;
        continue;
      }
      // object keys: find an equal key in b
      const match = [...mb.keys()].find((kb) => diff(key, kb, keyPath, seen) === undefined && !ma.has(kb));
      if (match === undefined) return `${path}: key ${short(key)} missing on one side`;
      const d = diff(va, mb.get(match), keyPath, seen);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (ta === 'Set') {
    const sa = a as Set<unknown>;
    const sb = b as Set<unknown>;
    if (sa.size !== sb.size) return `${path}: Set of size ${sa.size} vs ${sb.size}`;
    const pool = [...sb].filter((v) => !sa.has(v));
    for (const v of sa) {
      if (sb.has(v)) continue;
      const index = pool.findIndex((w) => diff(v, w, path, seen) === undefined);
      if (index < 0) return `${path}: value ${short(v)} missing on one side`;
      pool.splice(index, 1);
    }
    return undefined;
  }
  if (TYPED.test(ta)) {
    const xa = a as ArrayLike<unknown>;
    const xb = b as ArrayLike<unknown>;
    if (xa.length !== xb.length) return `${path}: length ${xa.length} vs ${xb.length}`;
    for (let i = 0; i < xa.length; i++) if (!Object.is(xa[i], xb[i])) return `${join(path, i)}: ${short(xa[i])} vs ${short(xb[i])}`;
    return undefined;
  }
  if (ta === 'ArrayBuffer') {
    const xa = new Uint8Array(a as ArrayBuffer);
    const xb = new Uint8Array(b as ArrayBuffer);
    return xa.length === xb.length && xa.every((v, i) => v === xb[i]) ? undefined : mismatch();
  }
  if (Array.isArray(a)) {
    const arrA = a as unknown[];
    const arrB = b as unknown[];
    if (arrA.length !== arrB.length) return `${path}: length ${arrA.length} vs ${arrB.length}`;
    for (let i = 0; i < arrA.length; i++) {
      const ha = i in arrA;
      const hb = i in arrB;
      if (ha !== hb) return `${join(path, i)}: ${ha ? short(arrA[i]) : '<hole>'} vs ${hb ? short(arrB[i]) : '<hole>'}`;
      const d = diff(arrA[i], arrB[i], join(path, i), seen);
      if (d !== undefined) return d;
    }
  } else {
    const pa: unknown = Object.getPrototypeOf(a);
    const pb: unknown = Object.getPrototypeOf(b);
    if (pa !== pb && !(isPlainProto(pa) && isPlainProto(pb))) return `${path}: objects of different classes`;
  }
  if (a instanceof Error && b instanceof Error) {
    if (a.name !== b.name || a.message !== b.message) return mismatch();
  }
  const ka = enumerableKeys(a);
  const kb = new Set(enumerableKeys(b));
  for (const k of ka) {
    if (Array.isArray(a) && typeof k === 'string' && /^(0|[1-9]\d*)$/.test(k)) continue;
    if (!kb.has(k)) return `${join(path, k)}: ${short((a as Record<string | symbol, unknown>)[k])} vs <absent>`;
    const d = diff((a as Record<string | symbol, unknown>)[k], (b as Record<string | symbol, unknown>)[k], join(path, k), seen);
    if (d !== undefined) return d;
  }
  if (kb.size !== ka.length) {
    const extra = [...kb].find((k) => !ka.includes(k));
    if (extra !== undefined) return `${join(path, extra)}: <absent> vs ${short((b as Record<string | symbol, unknown>)[extra])}`;
  }
  return undefined;
}

/**
 * A deep copy for mutation checks that keeps what structuredClone loses: prototypes (null and class),
 * holes, -0, Invalid Dates, symbol keys, getters (copied as their current value), boxed values,
 * typed arrays, shared references and cycles. Functions, WeakMaps, Promises and other opaque
 * objects are kept by reference.
 */
export function snapshot<T>(value: T): T {
  return clone(value, new Map()) as T;
}

function clone(value: unknown, memo: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const existing = memo.get(value);
  if (existing !== undefined) return existing;
  const kind = tag(value);
  let copy: object;
  if (kind === 'Date') copy = new Date((value as Date).getTime());
  else if (kind === 'RegExp') copy = new RegExp(value as RegExp);
  else if (kind === 'Map') {
    const map = new Map<unknown, unknown>();
    memo.set(value, map);
    for (const [k, v] of value as Map<unknown, unknown>) map.set(clone(k, memo), clone(v, memo));
    copy = map;
  } else if (kind === 'Set') {
    const set = new Set<unknown>();
    memo.set(value, set);
    for (const v of value as Set<unknown>) set.add(clone(v, memo));
    copy = set;
  } else if (TYPED.test(kind)) {
    copy = (value as unknown as { slice(): object }).slice();
  } else if (kind === 'ArrayBuffer') {
    copy = (value as ArrayBuffer).slice(0);
  } else if (kind === 'String' || kind === 'Number' || kind === 'Boolean' || kind === 'BigInt' || kind === 'Symbol') {
    copy = Object((value as { valueOf(): unknown }).valueOf()) as object;
  } else if (kind === 'Promise' || kind === 'WeakMap' || kind === 'WeakSet' || kind === 'WeakRef') {
    return value;
  } else if (Array.isArray(value)) {
    copy = new Array<unknown>((value as unknown[]).length);
  } else {
    copy = Object.create(Object.getPrototypeOf(value) as object | null) as object;
  }
  memo.set(value, copy);
  if (kind === 'Map' || kind === 'Set' || TYPED.test(kind)) return copy;
  for (const key of Reflect.ownKeys(value)) {
    if (Array.isArray(value) && key === 'length') continue;
    const desc = Object.getOwnPropertyDescriptor(value, key);
    if (desc === undefined) continue;
    let inner: unknown;
    if ('value' in desc) inner = desc.value;
    else {
      try {
        inner = (value as Record<string | symbol, unknown>)[key];
      } catch {
        continue;
      }
    }
    Object.defineProperty(copy, key, {
      value: clone(inner, memo),
      writable: true,
      enumerable: desc.enumerable ?? false,
      configurable: true,
    });
  }
  return copy;
}
