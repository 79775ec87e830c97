import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type ts from 'typescript';
import { discoverFunctions } from '../../src/discover/findFunctions';
import { findRoundtrips, type RoundtripCandidate, type RoundtripResult } from '../../src/oracles/roundtrip';
import { createFixtureProgram, FIXTURES } from '../helpers/program';

const FILE = path.join(FIXTURES, 'roundtrip', 'pairs.ts');
let result: RoundtripResult;
let checker: ts.TypeChecker;
let candidates: RoundtripCandidate[];

beforeAll(() => {
  const program = createFixtureProgram([FILE]);
  checker = program.getTypeChecker();
  const { functions } = discoverFunctions(program, [FILE], path.dirname(FILE), { discover: 'exported' });
  candidates = functions.map((f) => ({
    name: f.displayName,
    param: f.params[0]?.type,
    paramCount: f.params.filter((p) => !p.optional && !p.rest).length,
    returns: f.returnType,
    declared: f.tags.roundtrip,
    source: f.source,
  }));
  result = findRoundtrips(checker, candidates);
});

const pair = (a: string, b: string) => result.pairs.find((p) => p.a === a && p.b === b);

describe('findRoundtrips', () => {
  it('pairs by names with the encoder first: parseOrder(serializeOrder(x))', () => {
    expect(pair('serializeOrder', 'parseOrder')).toEqual({ a: 'serializeOrder', b: 'parseOrder', why: 'names serialize/parse' });
    expect(pair('parseOrder', 'serializeOrder')).toBeUndefined();
  });

  it('pairs to/from names even when both sides have the same type', () => {
    expect(pair('toCents', 'fromCents')?.why).toBe('names to/from');
  });

  it('pairs by types A → B beside B → A, once', () => {
    expect(pair('warm', 'cool')?.why).toBe('types A → B beside B → A');
    expect(pair('cool', 'warm')).toBeUndefined();
  });

  it('the structured side encodes when the other side is text', () => {
    expect(pair('showPoint', 'readPoint')).toBeDefined();
    expect(pair('readPoint', 'showPoint')).toBeUndefined();
  });

  it('never pairs same-type functions by types alone', () => {
    expect(result.pairs.filter((p) => ['trim', 'upper'].includes(p.a))).toEqual([]);
  });

  it('skips ambiguous type pairs', () => {
    expect(result.pairs.filter((p) => [p.a, p.b].includes('count'))).toEqual([]);
  });

  it('does not pair names whose types do not fit', () => {
    expect(pair('toLabel', 'fromLabel')).toBeUndefined();
  });

  it('@roundtrip other pairs explicitly; an unknown name is a warning naming the place', () => {
    expect(pair('wrap', 'unwrap')?.why).toBe('@roundtrip unwrap');
    expect(result.warnings).toEqual([
      expect.stringMatching(/^pairs\.ts:\d+ lonely: @roundtrip names `doesNotExist`, which is not an exported function found in the scanned files; export it or fix the name\.$/),
    ]);
  });

  it('optional extra parameters do not stop pairing', () => {
    expect(pair('encodeList', 'decodeList')?.why).toBe('names encode/decode');
  });

  it('is deterministic', () => {
    expect(findRoundtrips(checker, candidates)).toEqual(result);
  });
});
