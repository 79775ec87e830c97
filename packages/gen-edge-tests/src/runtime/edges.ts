/**
 * Edge-case pools, grouped by class so every class shows up often (each class is equally likely
 * once the edge branch is taken).
 *
 * @rationale Explicit edge pools on top of fast-check's own bias
 *   why: fast-check biases towards small and boundary values but seldom produces the values that break
 *     data transforms (lone surrogates, BOM, RTL marks, MAX_SAFE_INTEGER+1, Invalid Date); naming them
 *     in classes makes "each class shows up within 100 runs" a property we can test.
 *   alternatives: rely on fc.string/fc.double bias alone (misses most of these); a flat pool (rare
 *     classes drown among common ones)
 *   tradeoffs: a fixed pool cannot shrink into a new value; edge values are already minimal
 */

/** String edge classes; the class name is used by tests and statistics. */
export const STRING_EDGES: Readonly<Record<string, readonly string[]>> = {
  empty: [''],
  whitespace: [' ', '   ', '\t', '\n', ' \t\r\n ', '\u00A0', '\u3000'],
  long: ['a'.repeat(10_000), '🙂'.repeat(2_500), 'ab '.repeat(3_000)],
  emoji: ['🙂', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', 'a🙂b'],
  combining: ['e\u0301', 'Z\u0351\u0352\u0353\u0354', 'n\u0303o', '\u0301'],
  rtlZeroWidth: ['\u202Eevil', 'abc\u200Bdef', '\u200F', '\u200D', 'שלום', '\u2066x\u2069', 'مرحبا\u200E'],
  bom: ['\uFEFF', '\uFEFFid', 'id\uFEFF'],
  loneSurrogate: ['\uD800', '\uDFFF', 'a\uD83Db', '\uDC00\uD800'],
  numericText: ['0', '-0', '42', ' 42 ', '1e3', '0x1F', '1,5', '007', 'Infinity'],
  keywordText: ['null', 'true', 'false', '__proto__', 'constructor', 'toString', 'hasOwnProperty'],
  special: ['\u0000', '"', "'", '\\', '<script>', '%s', '${x}', ',', '|', ';', '\r\n', '../', '\u2028'],
};

/** Number edge classes. */
export const NUMBER_EDGES: Readonly<Record<string, readonly number[]>> = {
  zero: [0],
  negativeZero: [-0],
  nan: [Number.NaN],
  infinity: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  safeIntegerBounds: [
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    Number.MIN_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER - 1,
  ],
  small: [1, -1, 0.1, 0.5, -0.5, 1e-7, 0.1 + 0.2],
  extremes: [Number.EPSILON, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1e21, 2 ** 31, -(2 ** 31) - 1],
};

export const BIGINT_EDGES: readonly bigint[] = [0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n, BigInt(Number.MAX_SAFE_INTEGER) + 1n];

/** Date edges as time values; NaN is the Invalid Date. */
export const DATE_EDGES: Readonly<Record<string, readonly number[]>> = {
  invalid: [Number.NaN],
  epoch: [0, -1],
  extremes: [8.64e15, -8.64e15, -62_135_596_800_000 /* 0001-01-01 */, 253_402_300_799_999 /* 9999-12-31 */],
  calendar: [Date.UTC(2024, 1, 29), Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2023, 2, 26, 1, 30), Date.UTC(2038, 0, 19, 3, 14, 8)],
};

/** Keys that break naive dictionary code. */
export const KEY_EDGES: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'length', '0'];
