import { describe, expect, it } from 'vitest';
import { canBeMalformed, canMutate, fnv1a, planProperties, propertyKey, seedFor } from '../../src/oracles/properties';
import type { TypeModel } from '../../src/runtime/model';

const S: TypeModel = { kind: 'string' };
const N: TypeModel = { kind: 'number' };
const OBJ: TypeModel = { kind: 'object', properties: [{ name: 'a', type: N, optional: false, readonly: false }] };

describe('canMutate', () => {
  it('primitives, literals and enums cannot be mutated', () => {
    for (const m of [S, N, { kind: 'literal', value: 1 }, { kind: 'enum', name: 'E', members: [] }, { kind: 'brand', base: S, brand: 'X' }] as TypeModel[]) {
      expect(canMutate(m, {})).toBe(false);
    }
  });
  it('objects, arrays, tuples, maps, sets and dates can', () => {
    for (const m of [OBJ, { kind: 'array', element: N, readonly: true }, { kind: 'map', key: S, value: N }, { kind: 'set', element: S }, { kind: 'date' }] as TypeModel[]) {
      expect(canMutate(m, {})).toBe(true);
    }
  });
  it('unions when any member can; refs through their definition (recursion terminates)', () => {
    expect(canMutate({ kind: 'union', members: [S, { kind: 'null' }] }, {})).toBe(false);
    expect(canMutate({ kind: 'union', members: [S, OBJ] }, {})).toBe(true);
    const defs: Record<string, TypeModel> = { L: { kind: 'union', members: [{ kind: 'null' }, { kind: 'ref', name: 'L' }] } };
    expect(canMutate({ kind: 'ref', name: 'L' }, defs)).toBe(false);
  });
});

describe('planProperties', () => {
  const base = { defs: {}, nondeterministic: false, idempotent: false, invariants: [], malformed: 'strict' as const };

  it('a function over numbers: valid, deterministic, malformed; no mutation check (it could never fail)', () => {
    expect(planProperties({ ...base, params: [N] }).map((p) => p.kind)).toEqual(['valid', 'deterministic', 'malformed']);
  });

  it('objects add the mutation check', () => {
    expect(planProperties({ ...base, params: [OBJ] }).map((p) => p.kind)).toEqual(['valid', 'deterministic', 'noMutation', 'malformed']);
  });

  it('@nondeterministic drops determinism; --malformed off drops malformed; lenient is passed on', () => {
    expect(planProperties({ ...base, params: [N], nondeterministic: true, malformed: 'off' }).map((p) => p.kind)).toEqual(['valid']);
    expect(planProperties({ ...base, params: [N], malformed: 'lenient' })).toContainEqual({ kind: 'malformed', mode: 'lenient' });
  });

  it('no parameters, or only unknown ones: nothing can be malformed', () => {
    expect(planProperties({ ...base, params: [] }).map((p) => p.kind)).toEqual(['valid', 'deterministic']);
    expect(canBeMalformed({ kind: 'unknown' })).toBe(false);
    expect(canBeMalformed({ kind: 'void' })).toBe(false);
    expect(canBeMalformed({ kind: 'brand', base: { kind: 'any' }, brand: 'X' })).toBe(false);
    expect(canBeMalformed({ kind: 'ref', name: 'U' }, { U: { kind: 'unknown' } })).toBe(false);
    expect(canBeMalformed({ kind: 'ref', name: 'S' }, { S: S })).toBe(true);
  });

  it('@idempotent and @invariant add their properties in order', () => {
    const planned = planProperties({ ...base, params: [S], idempotent: true, invariants: ['output.length >= 0', 'output !== ""'] });
    expect(planned.slice(-3)).toEqual([
      { kind: 'idempotent' },
      { kind: 'invariant', expression: 'output.length >= 0' },
      { kind: 'invariant', expression: 'output !== ""' },
    ]);
  });
});

describe('seeds', () => {
  it('FNV-1a matches the published test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('are pinned per file, function and property, and positive 31-bit integers', () => {
    const s = seedFor('src/a.ts', 'f', 'valid');
    expect(s).toBe(seedFor('src/a.ts', 'f', 'valid'));
    expect(s).not.toBe(seedFor('src/a.ts', 'f', 'deterministic'));
    expect(s).not.toBe(seedFor('src/a.ts', 'g', 'valid'));
    expect(s).not.toBe(seedFor('src/b.ts', 'f', 'valid'));
    expect(Number.isInteger(s) && s >= 0 && s <= 0x7fffffff).toBe(true);
  });

  it('--seed mixes a base into every seed', () => {
    expect(seedFor('src/a.ts', 'f', 'valid', 1)).not.toBe(seedFor('src/a.ts', 'f', 'valid'));
    expect(seedFor('src/a.ts', 'f', 'valid', 1)).toBe(seedFor('src/a.ts', 'f', 'valid', 1));
  });

  it('property keys name invariants, roundtrip partners and malformed modes', () => {
    expect(propertyKey({ kind: 'invariant', expression: 'output > 0' })).toBe('invariant:output > 0');
    expect(propertyKey({ kind: 'roundtrip', partner: 'parse', partnerExport: 'parse', why: '' })).toBe('roundtrip:parse');
    expect(propertyKey({ kind: 'malformed', mode: 'strict' })).toBe('malformed:strict');
  });
});
