import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { CALL_NODE_TYPES, CLASS_NODE_TYPES, forEachChild, forEachScanned, FUNCTION_NODE_TYPES, OWNER_NODE_TYPES, PRUNED_TYPES, scanListOf, SCAN_TYPES } from '../../src/detect/resolve.js';
import { withRule } from './harness.js';

/** The scan list and its skips, checked against plain `forEachChild` recursion on the same file. */
function check(code: string): number {
  const [count] = withRule(
    code,
    (context) => {
      const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
      const expected: TSESTree.Node[] = [];
      const skips: number[] = [];
      const visit = (node: TSESTree.Node): void => {
        if (PRUNED_TYPES.has(node.type)) return;
        const kept = SCAN_TYPES.has(node.type);
        const at = expected.length;
        if (kept) {
          expected.push(node);
          skips.push(-1);
        }
        forEachChild(sourceCode, node, visit);
        if (kept) skips[at] = expected.length;
      };
      visit(sourceCode.ast);
      const list = scanListOf(sourceCode);
      expect(list.nodes.length).toBe(expected.length);
      expect(list.nodes.every((node, i) => node === expected[i])).toBe(true);
      expect([...list.skip]).toEqual(skips);
      for (const [i, node] of list.nodes.entries()) {
        const isFunction = node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration;
        expect(list.indexOf.get(node)).toBe(isFunction ? i : undefined);
      }
      // built once per file
      expect(scanListOf(sourceCode)).toBe(list);
      return [list.nodes.length];
    },
    ['Program'],
  );
  return count ?? 0;
}

describe('scanListOf', () => {
  it('keeps the scanned node types in forEachChild order, each subtree a contiguous range', () => {
    const nodes = check(`import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', { id: text('id').primaryKey() }, (t) => [t.id]);
@D() export class A<T extends string = 'x'> { #p = 1; static { run(); } m(@P() a: T, ...rest: number[]): T { return a ?? \`\${rest[0]}\`; } }
export async function f(db: { prepare(sql: string): unknown }) { for (const x of [1]) { if (x) await db.prepare('SELECT 1 FROM t' + x); } }
type U = { [K in 'a' | 'b']: K } & { ['k']: string };
enum E { A = 1, B = A << 1 }
namespace N { export const v = 1; }`);
    expect(nodes).toBe(26); // 33 before type-only subtrees were pruned (the literal types and the type key)
  });

  it('does not enter type-only subtrees: a string key or a call-like shape in a type is never scanned', () => {
    const code = `interface I { ['select id from orders']: string; f<T = ReturnType<typeof g>>(x: 'a'): void }
type T = { ['insert into t values (1)']: number };
function g<T extends 'select 1'>(a: Array<'x'>): Map<string, 'y'> { return new Map(); }
const v = g<'select 1'>([]) as unknown as { ['delete from t']: 1 };`;
    let strings: string[] = [];
    withRule(
      code,
      (context) => {
        const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
        strings = scanListOf(sourceCode).nodes.filter((node) => node.type === AST_NODE_TYPES.Literal).map((node) => String(node.value));
        return [];
      },
      ['Program'],
    );
    // \`as unknown as { … }\` is a type too, but not one of the pruned wrappers: its key stays, as before
    expect(strings).toEqual(['delete from t']);
    expect(check(code)).toBeGreaterThan(0);
  });

  it('an empty file and a deep string concatenation (no recursion limit in the list itself)', () => {
    expect(check('')).toBe(0);
    const deep = `export const s = ${Array.from({ length: 800 }, (_, i) => `'p${i}'`).join(' + ')};`;
    expect(check(deep)).toBe(1599); // 800 strings and 799 concatenations
  });
});

/**
 * `forEachScanned` must give a rule the same nodes, in the same order, as ESLint's own traversal gives
 * listeners on those node types: the rules moved from listeners to it without changing their reports.
 */
function compareWithListeners(code: string): number {
  const sets = { functions: FUNCTION_NODE_TYPES, classes: CLASS_NODE_TYPES, calls: CALL_NODE_TYPES, owners: OWNER_NODE_TYPES };
  const listened: TSESTree.Node[] = [];
  const scanned = new Map<string, TSESTree.Node[]>();
  withRule(
    code,
    (context, node) => {
      const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
      if (node.type !== 'Program') {
        listened.push(node as TSESTree.Node);
        return [];
      }
      // Program:exit, after ESLint has entered every node
      for (const [name, types] of Object.entries(sets)) {
        const out: TSESTree.Node[] = [];
        forEachScanned(sourceCode, types as ReadonlySet<AST_NODE_TYPES>, (n) => out.push(n));
        scanned.set(name, out);
      }
      return [];
    },
    [...OWNER_NODE_TYPES, ...CALL_NODE_TYPES, 'Program:exit'],
  );
  for (const [name, types] of Object.entries(sets)) {
    const expected = listened.filter((n) => (types as ReadonlySet<string>).has(n.type));
    const got = scanned.get(name) ?? [];
    expect(got.length, name).toBe(expected.length);
    expect(got.every((n, i) => n === expected[i]), name).toBe(true);
  }
  return listened.length;
}

describe('forEachScanned', () => {
  it('visits calls, functions and classes in the order ESLint enters them', () => {
    const count = compareWithListeners(`import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', { id: text('id').primaryKey() }, (t) => [t.id]);
@D() export class A<T extends string = 'x'> { #p = f(1); static { run(); } get g() { return h(); } m(@P() a: T, ...rest: number[]): T { return a ?? \`\${rest.map((r) => r * 2).join()}\`; } }
export default (x: number) => (function inner() { return class { k = () => x; }; })();
export function over(a: string): string;
export function over(a: unknown): unknown { return a?.toString?.(); }
abstract class B { abstract m(): void; n = new (class {})(); }
const tagged = tag\`a\${go(() => 1)}b\`;
enum E { A = 1, B = compute(A) }
namespace N { export function f() { return [1].map(function (v) { return v; }); } }
label: for (const x of list()) { if (x) continue label; }`);
    expect(count).toBeGreaterThan(25);
  });

  it('an empty file and a file with none of the types', () => {
    expect(compareWithListeners('')).toBe(0);
    expect(compareWithListeners('export const a = 1 + 2;\ntype T = typeof import("x");')).toBe(0);
  });
});
