import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type ts from 'typescript';
import { createModelContext, findUnsupported, FUNCTION_IN_RESULT, relaxUnsupported, typeToModel, type ModelContext } from '../../src/model/typeToModel';
import type { TypeModel } from '../../src/runtime/model';
import { createFixtureProgram, FIXTURES, signatureOf } from '../helpers/program';

const FILE = path.join(FIXTURES, 'model', 'types.ts');
const VENDOR = path.join(FIXTURES, 'model', 'vendor', 'csv-lib.d.ts');

let exact: ts.Program;
let loose: ts.Program;

beforeAll(() => {
  exact = createFixtureProgram([FILE, VENDOR], { exactOptionalPropertyTypes: true });
  loose = createFixtureProgram([FILE, VENDOR]);
});

function model(fn: string, opts: { program?: ts.Program; ctx?: ModelContext } = {}): { params: TypeModel[]; returns: TypeModel; ctx: ModelContext } {
  const program = opts.program ?? exact;
  const ctx = opts.ctx ?? createModelContext(program);
  const sig = signatureOf(program, FILE, fn);
  const checker = program.getTypeChecker();
  const params = sig.getParameters().map((p) => typeToModel(ctx, checker.getTypeOfSymbol(p), 'param'));
  const returns = typeToModel(ctx, checker.getReturnTypeOfSignature(sig), 'return');
  return { params, returns, ctx };
}

const S = { kind: 'string' } as const;
const N = { kind: 'number' } as const;
const B = { kind: 'boolean' } as const;
const U = { kind: 'undefined' } as const;

describe('typeToModel', () => {
  it('primitives', () => {
    expect(model('primitives').params).toEqual([S, N, B, { kind: 'bigint' }, { kind: 'null' }, U, { kind: 'unknown' }, { kind: 'any' }]);
    expect(model('primitives').returns).toEqual({ kind: 'void' });
  });

  it('literal types, including bigint and negative numbers', () => {
    expect(model('literals').params).toEqual([
      { kind: 'literal', value: 'paid' },
      { kind: 'literal', value: 42 },
      { kind: 'literal', value: true },
      { kind: 'literal', value: '10', bigint: true },
      { kind: 'literal', value: -1 },
    ]);
  });

  it('template literal types keep text parts and typed holes in order', () => {
    expect(model('template').params).toEqual([
      { kind: 'templateLiteral', parts: ['order-', N] },
      { kind: 'templateLiteral', parts: [S, '@', S, '.com'] },
    ]);
  });

  it('unions; `true | false` is rebuilt as boolean', () => {
    const [a, b, c] = model('unions').params;
    expect(a).toEqual({ kind: 'union', members: [S, N] });
    expect(b).toEqual({ kind: 'union', members: [B, U] });
    expect(c).toEqual({ kind: 'union', members: [{ kind: 'literal', value: 'a' }, { kind: 'literal', value: 'b' }, { kind: 'null' }] });
  });

  it('discriminated unions name their tag property', () => {
    const [s] = model('discriminated').params;
    expect(s).toMatchObject({ kind: 'union', discriminant: 'kind' });
    expect(s?.kind === 'union' && s.members).toEqual([
      { kind: 'object', properties: [{ name: 'kind', type: { kind: 'literal', value: 'circle' }, optional: false, readonly: false }, { name: 'r', type: N, optional: false, readonly: false }] },
      { kind: 'object', properties: [{ name: 'kind', type: { kind: 'literal', value: 'square' }, optional: false, readonly: false }, { name: 'side', type: N, optional: false, readonly: false }] },
    ]);
  });

  it('a union without a shared literal property has no discriminant', () => {
    const [s] = model('notDiscriminated').params;
    expect(s?.kind).toBe('union');
    expect(s).not.toHaveProperty('discriminant');
  });

  it('intersections of object types become one object with every property', () => {
    const [x] = model('intersection').params;
    expect(x).toMatchObject({ kind: 'object', properties: [{ name: 'id', type: S }, { name: 'at', type: { kind: 'date' } }] });
  });

  it('an impossible primitive intersection is never', () => {
    expect(model('primitiveIntersection').params[0]).toEqual({ kind: 'never' });
  });

  it('optional vs `| undefined` under exactOptionalPropertyTypes', () => {
    const [o] = model('optionals').params;
    expect(o).toEqual({
      kind: 'object',
      name: 'Optionals',
      properties: [
        { name: 'a', type: S, optional: true, readonly: false },
        { name: 'b', type: { kind: 'union', members: [S, U] }, optional: false, readonly: false },
        { name: 'c', type: { kind: 'union', members: [S, U] }, optional: true, readonly: false },
      ],
    });
  });

  it('optional properties accept undefined without exactOptionalPropertyTypes', () => {
    const [o] = model('optionals', { program: loose }).params;
    expect(o?.kind === 'object' && o.properties[0]).toEqual({ name: 'a', type: { kind: 'union', members: [S, U] }, optional: true, readonly: false });
  });

  it('arrays and readonly arrays', () => {
    expect(model('arrays').params).toEqual([
      { kind: 'array', element: N, readonly: false },
      { kind: 'array', element: S, readonly: true },
      { kind: 'array', element: B, readonly: true },
      { kind: 'array', element: { kind: 'array', element: N, readonly: false }, readonly: false },
    ]);
  });

  it('tuples: optional and rest elements, readonly tuples', () => {
    expect(model('tuples').params).toEqual([
      { kind: 'tuple', elements: [{ type: N, optional: false, rest: false }, { type: S, optional: false, rest: false }], readonly: false },
      { kind: 'tuple', elements: [{ type: N, optional: false, rest: false }, { type: S, optional: true, rest: false }], readonly: true },
      { kind: 'tuple', elements: [{ type: S, optional: false, rest: false }, { type: N, optional: false, rest: true }], readonly: false },
    ]);
  });

  it('records and index signatures', () => {
    const [a, b, c, d] = model('records').params;
    expect(a).toEqual({ kind: 'object', properties: [], index: { key: 'string', value: N } });
    expect(b).toEqual({ kind: 'object', properties: [], index: { key: 'number', value: S } });
    expect(c).toMatchObject({ kind: 'object', properties: [{ name: 'x', type: B }, { name: 'y', type: B }] });
    expect(c).not.toHaveProperty('index');
    expect(d).toMatchObject({ kind: 'object', properties: [{ name: 'id', type: S }], index: { key: 'string', value: S } });
  });

  it('Date, Map, Set and their readonly forms', () => {
    expect(model('builtins').params).toEqual([
      { kind: 'date' },
      { kind: 'map', key: S, value: N },
      { kind: 'set', element: { kind: 'date' } },
      { kind: 'map', key: N, value: S },
      { kind: 'set', element: S },
    ]);
  });

  it('enums: whole enums, enums in unions, single members', () => {
    const [a, b, c, d] = model('enums').params;
    expect(a).toEqual({ kind: 'enum', name: 'Color', members: [{ name: 'Red', value: 'red' }, { name: 'Green', value: 'green' }] });
    expect(b).toEqual({ kind: 'enum', name: 'Level', members: [{ name: 'Low', value: 1 }, { name: 'High', value: 5 }] });
    expect(c).toEqual({ kind: 'union', members: [a, { kind: 'null' }] });
    expect(d).toEqual({ kind: 'literal', value: 'red' });
  });

  it('branded primitives keep the base type and the brand name', () => {
    expect(model('brands').params).toEqual([
      { kind: 'brand', base: S, brand: 'OrderId' },
      { kind: 'brand', base: N, brand: 'Cents' },
    ]);
  });

  it('generics are instantiated at their constraint or unknown', () => {
    expect(model('generic').params).toEqual([{ kind: 'unknown' }]);
    expect(model('constrained').params).toEqual([{ kind: 'union', members: [S, N] }]);
    expect(model('instantiated').params).toEqual([
      { kind: 'object', name: 'Box', properties: [{ name: 'value', type: N, optional: false, readonly: false }] },
    ]);
  });

  it('recursive types become refs into shared definitions', () => {
    const { params, returns, ctx } = model('recursive');
    expect(params).toEqual([{ kind: 'ref', name: 'Tree' }]);
    expect(ctx.defs.Tree).toEqual({
      kind: 'object',
      name: 'Tree',
      properties: [
        { name: 'value', type: N, optional: false, readonly: false },
        { name: 'children', type: { kind: 'array', element: { kind: 'ref', name: 'Tree' }, readonly: false }, optional: false, readonly: false },
      ],
    });
    // the return position gets its own definition (functions are checked, not generated, there)
    expect(returns.kind).toBe('ref');
  });

  it('one definition per recursive type across functions of a file', () => {
    const ctx = createModelContext(exact);
    model('recursive', { ctx });
    model('recursive', { ctx });
    expect(Object.keys(ctx.defs).sort()).toEqual(['Tree', 'Tree2']);
  });

  it('mutually recursive interfaces', () => {
    const { params, ctx } = model('mutual');
    expect(params[0]?.kind).toBe('ref');
    const names = Object.keys(ctx.defs);
    expect(names.length).toBeGreaterThanOrEqual(1);
    expect(findUnsupported(params[0] as TypeModel, ctx.defs)).toBeUndefined();
  });

  it('a recursive JSON type', () => {
    const { params, ctx } = model('json');
    expect(params[0]).toEqual({ kind: 'ref', name: 'Json' });
    const def = ctx.defs.Json;
    expect(def?.kind).toBe('union');
  });

  it('option objects declared in a library .d.ts', () => {
    expect(model('libraryOptions').params[0]).toEqual({
      kind: 'object',
      name: 'ParseOptions',
      properties: [
        { name: 'delimiter', type: S, optional: true, readonly: false },
        { name: 'columns', type: B, optional: false, readonly: false },
        { name: 'quote', type: { kind: 'union', members: [{ kind: 'literal', value: '"' }, { kind: 'literal', value: "'" }] }, optional: false, readonly: true },
        { name: 'maxRows', type: N, optional: true, readonly: false },
      ],
    });
  });

  it('functions cannot be generated, but are accepted as results', () => {
    const cb = model('callback').params[0] as TypeModel;
    expect(cb).toMatchObject({ kind: 'unsupported', reason: 'functions cannot be generated', text: '(x: number) => void' });
    expect(model('returnsFunction').returns).toMatchObject({ kind: 'unsupported', reason: FUNCTION_IN_RESULT });
    expect(relaxUnsupported(model('returnsFunction').returns)).toEqual({ kind: 'unknown' });
  });

  it('objects with methods cannot be generated; the reason names the property path', () => {
    const { params, ctx } = model('methods');
    expect(findUnsupported(params[0] as TypeModel, ctx.defs)).toBe('property area: functions cannot be generated (`() => number`)');
    const d = model('deep');
    expect(findUnsupported(d.params[0] as TypeModel, d.ctx.defs)).toBe('property order.lines[].pick: functions cannot be generated (`(x: number) => boolean`)');
  });

  it('long property paths keep their two outermost segments and the last', () => {
    const { params, ctx } = model('nested');
    expect(findUnsupported(params[0] as TypeModel, ctx.defs)).toBe('property a.b…e: functions cannot be generated (`() => void`)');
  });

  it('huge types stop at the structured-type budget instead of being expanded', () => {
    const ctx = createModelContext(exact);
    ctx.maxStructuredTypes = 2;
    const { params } = model('deep', { ctx });
    expect(findUnsupported(params[0] as TypeModel, ctx.defs)).toBe('property order.lines: type too large to generate (more than 2 nested types) (`{ pick: (x: number) => boolean; }[]`)');
  });

  it('classes: public fields are plain objects, private state is unsupported', () => {
    expect(model('classes').params[0]).toEqual({
      kind: 'object',
      name: 'Point',
      properties: [
        { name: 'x', type: N, optional: false, readonly: false },
        { name: 'y', type: N, optional: false, readonly: false },
      ],
    });
    expect(model('privateClass').params[0]).toMatchObject({ kind: 'unsupported', reason: 'class Account has private state' });
  });

  it('symbols and other built-ins are unsupported as inputs', () => {
    expect(model('symbols').params[0]).toMatchObject({ kind: 'unsupported', reason: 'symbols cannot be generated' });
    const r = model('regexps');
    expect(r.params[0]).toMatchObject({ kind: 'unsupported', reason: 'built-in RegExp values are not generated' });
    expect(r.returns).toEqual({ kind: 'unknown' });
  });

  it('async functions return a promise node', () => {
    expect(model('asyncFn').returns).toEqual({ kind: 'promise', inner: S });
  });

  it('`object` is any record', () => {
    expect(model('objectKeyword').params[0]).toEqual({ kind: 'object', properties: [], index: { key: 'string', value: { kind: 'unknown' } } });
  });

  it('mapped types: Readonly<T> marks properties readonly, Partial<T> optional', () => {
    expect(model('readonlyMapped').params[0]).toMatchObject({ kind: 'object', properties: [{ name: 'a', type: N, readonly: true }] });
    expect(model('partial').params[0]).toMatchObject({ kind: 'object', properties: [{ name: 'id', type: S, optional: true }] });
  });
});

describe('findUnsupported / relaxUnsupported', () => {
  const bad: TypeModel = { kind: 'unsupported', reason: 'functions cannot be generated', text: '() => void' };
  it('finds nested unsupported nodes and names the property', () => {
    const m: TypeModel = { kind: 'object', properties: [{ name: 'cb', type: bad, optional: false, readonly: false }] };
    expect(findUnsupported(m, {})).toBe('property cb: functions cannot be generated (`() => void`)');
    expect(findUnsupported({ kind: 'array', element: N, readonly: false }, {})).toBeUndefined();
  });
  it('follows refs once (recursive definitions terminate)', () => {
    const defs = { A: { kind: 'array', element: { kind: 'ref', name: 'A' }, readonly: false } as TypeModel };
    expect(findUnsupported({ kind: 'ref', name: 'A' }, defs)).toBeUndefined();
    expect(findUnsupported({ kind: 'ref', name: 'Missing' }, defs)).toBe('missing definition Missing');
  });
  it('relaxes unsupported nodes to unknown', () => {
    expect(relaxUnsupported({ kind: 'map', key: S, value: bad })).toEqual({ kind: 'map', key: S, value: { kind: 'unknown' } });
  });
});
