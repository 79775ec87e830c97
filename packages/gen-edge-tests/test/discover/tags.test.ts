import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readTags, thrownErrorNames } from '../../src/discover/tags';

function declarations(code: string): Map<string, ts.Node[]> {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out = new Map<string, ts.Node[]>();
  const add = (name: string, n: ts.Node): void => {
    out.set(name, [...(out.get(name) ?? []), n]);
  };
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) add(st.name.text, st);
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, d);
  }
  return out;
}

function body(code: string): ts.Node {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const fn = sf.statements.find(ts.isFunctionDeclaration);
  if (!fn?.body) throw new Error('no function body');
  return fn.body;
}

describe('readTags', () => {
  const decls = declarations(`
/**
 * Normalises an amount.
 * @throws {RangeError} when negative
 * @throws ValidationError when empty
 * @invariant output >= 0 &&
 *   Number.isFinite(output)
 * @idempotent
 * @roundtrip formatAmount
 * @param raw the text
 */
export function parse(raw: string): number { return Number(raw); }

/** @edgeTests off */
export const skipped = (x: number) => x;

/** @edgeTests on */
export const kept = (x: number) => x;

/**
 * @transform
 * @nondeterministic
 */
export const tagged = (x: number) => x + Math.random();

/** @invariant output.length > 0 */
export function over(x: string): string;
/** @throws {TypeError} on numbers */
export function over(x: number): string;
export function over(x: unknown): string { return String(x); }
`);

  it('reads every generator tag from a function declaration', () => {
    expect(readTags(decls.get('parse') ?? [])).toEqual({
      transform: false,
      off: false,
      invariants: ['output >= 0 && Number.isFinite(output)'],
      idempotent: true,
      roundtrip: ['formatAmount'],
      nondeterministic: false,
      throws: ['RangeError', 'ValidationError'],
    });
  });

  it('reads tags on the statement of `export const f = …`', () => {
    expect(readTags(decls.get('skipped') ?? []).off).toBe(true);
    expect(readTags(decls.get('kept') ?? []).off).toBe(false);
    expect(readTags(decls.get('tagged') ?? [])).toMatchObject({ transform: true, nondeterministic: true });
  });

  it('collects tags from every overload declaration', () => {
    expect(readTags(decls.get('over') ?? [])).toMatchObject({ invariants: ['output.length > 0'], throws: ['TypeError'] });
  });

  it('a function without a comment has no tags', () => {
    expect(readTags(declarations('export function f() {}').get('f') ?? [])).toEqual({
      transform: false,
      off: false,
      invariants: [],
      idempotent: false,
      roundtrip: [],
      nondeterministic: false,
      throws: [],
    });
  });
});

describe('thrownErrorNames', () => {
  it('finds `throw new X(…)`, `throw X(…)` and `throw new ns.X(…)`, sorted and unique', () => {
    const b = body(`function f(x: unknown) {
      if (x === 1) throw new RangeError('a');
      if (x === 2) throw new errors.ValidationError('b');
      if (x === 3) throw Error('c');
      if (x === 4) throw (new RangeError('again'));
      try { JSON.parse(String(x)); } catch (e) { throw e; }
      throw makeError('lowercase factories are not names');
    }`);
    expect(thrownErrorNames(b)).toEqual(['Error', 'RangeError', 'ValidationError']);
  });

  it('no body, no names', () => {
    expect(thrownErrorNames(undefined)).toEqual([]);
  });
});
