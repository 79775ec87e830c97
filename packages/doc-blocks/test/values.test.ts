import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate, parseDocComment, parseDuration, parseRate, parseStatusList, getThrowsSpec } from '../src/index';
import type { Block } from '../src/index';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    [' 8s ', 8000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '30', 's', '-1s', '5 m', '5min', '1w', '30sec', 'soon'])('%s is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());
  it('formatDuration picks the largest exact unit', () => {
    expect([60_000, 90_000, 500, 86_400_000, 0].map(formatDuration)).toEqual(['1m', '90s', '500ms', '1d', '0ms']);
  });
});

describe('parseRate', () => {
  it.each([
    ['50 req/min', { amount: 50, unit: 'req', windowMs: 60_000 }],
    ['40000 inputTokens/minute', { amount: 40_000, unit: 'inputTokens', windowMs: 60_000 }],
    ['1_000 rows/s', { amount: 1000, unit: 'rows', windowMs: 1000 }],
    ['2.5 usd/day', { amount: 2.5, unit: 'usd', windowMs: 86_400_000 }],
    ['10 outputTokens/hour', { amount: 10, unit: 'outputTokens', windowMs: 3_600_000 }],
    ['5 tokens/10s', { amount: 5, unit: 'tokens', windowMs: 10_000 }],
    ['3 req/sec', { amount: 3, unit: 'req', windowMs: 1000 }],
  ])('%s', (text, rate) => expect(parseRate(text)).toEqual(rate));
  it.each(['50 requests/min', '50 req', 'req/min', '0 req/min', '50 req/week', '50req/min/x'])('%s is not a rate', (t) => expect(parseRate(t)).toBeUndefined());
  it('formatRate round-trips', () => {
    for (const t of ['50 req/min', '3 rows/s', '2.5 usd/day', '1 req/h']) expect(formatRate(parseRate(t)!)).toBe(t);
  });
});

describe('parseStatusList', () => {
  it('accepts codes, classes, network, timeout and error codes', () => {
    expect(parseStatusList('408,429,5xx,network,timeout,ECONNRESET')).toEqual({ on: ['408', '429', '5xx', 'network', 'timeout', 'ECONNRESET'] });
  });
  it.each(['42', '600', '6xx', 'Network', '429;500', ''])('rejects %s', (t) => expect(parseStatusList(t)).toHaveProperty('bad'));
});

describe('getThrowsSpec', () => {
  const spec = (head: string) => getThrowsSpec(parseDocComment(`/** @throws ${head} */`).blocks[0] as Block);
  it.each([
    ['{RangeError} when amount is negative', { errorName: 'RangeError', when: 'amount is negative' }],
    ['{errors.ParseError} if the row has no id', { errorName: 'errors.ParseError', when: 'the row has no id' }],
    ['TypeError when input is not a string', { errorName: 'TypeError', when: 'input is not a string' }],
    ['when the network is down', { when: 'the network is down' }],
  ])('%s', (head, expected) => expect(spec(head)).toEqual(expected));
});

describe("ESLint's comment.value (inner text starting with `*`)", () => {
  it('parses with offsets relative to the value', () => {
    const value = '*\n * @lineage load\n *   in: file a.csv\n ';
    const b = parseDocComment(value).blocks[0] as Block;
    expect(b.fields[0]?.value).toBe('file a.csv');
    expect(value.slice(b.loc.start.offset, b.loc.end.offset)).toBe('@lineage');
    expect(b.loc.start.line).toBe(2);
  });
});

// Found by gen-edge-tests run over this package: lookups that fell through to Object.prototype.
describe('Object.prototype names are plain text, never lookups', () => {
  it('a rate window named `constructor` or `toString` is not a window', () => {
    expect(parseRate('5 req/constructor')).toBeUndefined();
    expect(parseRate('5 req/toString')).toBeUndefined();
  });
  it('`__proto__=x` on a dataset is an attribute, not a prototype', () => {
    const doc = parseDocComment('/**\n * @lineage j\n *   in: sqlite t __proto__=x constructor=y\n */');
    const parsed = doc.blocks[0]?.fields[0]?.parsed;
    expect(parsed?.kind).toBe('dataset');
    const attrs = parsed?.kind === 'dataset' ? parsed.value.attrs : {};
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.entries(attrs)).toEqual([['__proto__', 'x'], ['constructor', 'y']]);
  });
});
