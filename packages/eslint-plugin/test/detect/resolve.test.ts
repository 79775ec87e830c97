import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import type { Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { forEachChild, scanListFor, scanListOf, SCAN_TYPES, withScanList } from '../../src/detect/resolve.js';
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
    expect(nodes).toBeGreaterThan(30);
  });

  it('an empty file and a deep string concatenation (no recursion limit in the list itself)', () => {
    expect(check('')).toBe(0);
    const deep = `export const s = ${Array.from({ length: 800 }, (_, i) => `'p${i}'`).join(' + ')};`;
    expect(check(deep)).toBe(1599); // 800 strings and 799 concatenations
  });
});

const SAMPLE = `import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', { id: text('id').primaryKey() }, (t) => [t.id]);
@D() export class A<T extends string = 'x'> { #p = 1; static { run(); } m(@P() a: T, ...rest: number[]): T { return a ?? \`\${rest[0]}\`; } }
export async function f(db: { prepare(sql: string): unknown }) { for (const x of [1]) { if (x) await db.prepare('SELECT 1 FROM t' + x); } }
const g = function () { return () => 'a' + 'b'; };
type U = { [K in 'a' | 'b']: K } & { ['k']: string };
namespace N { export const v = 1; }`;

/**
 * Lints `code` with `rules` copies of a rule that adds withScanList's listeners; at every function exit and
 * at Program:exit the list from scanListFor must be the traversal's (not a walk) and agree with the walk.
 */
function checkTraversal(code: string, rules: number): { functions: number; nodes: number } {
  let functions = 0;
  let nodes = 0;
  const make = (first: boolean): Rule.RuleModule => ({
    meta: { type: 'problem', schema: [] },
    create(context) {
      const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
      const onFunctionExit = (node: TSESTree.Node): void => {
        if (!first) return;
        functions++;
        const list = scanListFor(sourceCode, node);
        const walk = scanListOf(sourceCode);
        expect(list).not.toBe(walk);
        const at = list.indexOf.get(node) as number;
        const walkAt = walk.indexOf.get(node) as number;
        expect(list.nodes[at]).toBe(node);
        // the function's subtree: same nodes, same relative skips
        const length = (list.skip[at] as number) - at;
        expect((walk.skip[walkAt] as number) - walkAt).toBe(length);
        for (let i = 0; i < length; i++) {
          expect(list.nodes[at + i]).toBe(walk.nodes[walkAt + i]);
          expect((list.skip[at + i] as number) - at).toBe((walk.skip[walkAt + i] as number) - walkAt);
        }
      };
      return withScanList(sourceCode, {
        'FunctionDeclaration:exit': onFunctionExit,
        'FunctionExpression:exit': onFunctionExit,
        'ArrowFunctionExpression:exit': onFunctionExit,
        'Program:exit'() {
          if (!first) return;
          const list = scanListFor(sourceCode, sourceCode.ast);
          const walk = scanListOf(sourceCode);
          expect(list).not.toBe(walk);
          expect(list.nodes).toEqual(walk.nodes);
          expect([...list.skip]).toEqual([...walk.skip]);
          expect([...list.indexOf]).toEqual([...walk.indexOf]);
          nodes = list.nodes.length;
        },
      }) as unknown as Rule.RuleListener;
    },
  });
  const ruleMap = Object.fromEntries(Array.from({ length: rules }, (_, i) => [`r${i}`, make(i === 0)]));
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module' },
      plugins: { h: { rules: ruleMap } },
      rules: Object.fromEntries(Object.keys(ruleMap).map((name) => [`h/${name}`, 'error'])),
    },
  ], 'file.ts');
  expect(messages.filter((m) => m.fatal === true)).toEqual([]);
  return { functions, nodes };
}

describe('withScanList / scanListFor', () => {
  it('the list built from ESLint traversal is the walk list, complete at each function exit and at Program:exit', () => {
    const { functions, nodes } = checkTraversal(SAMPLE, 1);
    expect(functions).toBe(5);
    expect(nodes).toBeGreaterThan(30);
  });

  it('several rules adding the listeners record each node once', () => {
    expect(checkTraversal(SAMPLE, 3)).toEqual(checkTraversal(SAMPLE, 1));
  });

  it('without the listeners (or before a function is left) scanListFor falls back to the walk', () => {
    withRule(
      SAMPLE,
      (context) => {
        const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
        expect(scanListFor(sourceCode, sourceCode.ast)).toBe(scanListOf(sourceCode));
        return [];
      },
      ['Program', 'FunctionDeclaration'],
    );
  });
});
