import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { forEachChild, preorderOf, SCAN_TYPES } from '../../src/detect/resolve.js';
import { withRule } from './harness.js';

/** The pre-order list and its subtree ends, checked against plain `forEachChild` recursion on the same file. */
function check(code: string): number {
  const [count] = withRule(
    code,
    (context) => {
      const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
      const expected: TSESTree.Node[] = [];
      const ends: number[] = [];
      const visit = (node: TSESTree.Node): void => {
        const at = expected.length;
        expected.push(node);
        ends.push(-1);
        forEachChild(sourceCode, node, visit);
        ends[at] = expected.length;
      };
      visit(sourceCode.ast);
      const order = preorderOf(sourceCode);
      expect(order.nodes.length).toBe(expected.length);
      expect(order.nodes.every((node, i) => node === expected[i])).toBe(true);
      expect(order.end).toEqual(ends);
      for (const [i, node] of order.nodes.entries()) expect(order.indexOf.get(node)).toBe(i);
      // next[i]: the first node at or after i that a scan acts on
      expect(order.next).toHaveLength(order.nodes.length + 1);
      for (let i = 0; i <= order.nodes.length; i++) {
        let j = i;
        while (j < order.nodes.length && !SCAN_TYPES.has((order.nodes[j] as TSESTree.Node).type)) j++;
        expect(order.next[i]).toBe(j);
      }
      // built once per file
      expect(preorderOf(sourceCode)).toBe(order);
      return [order.nodes.length];
    },
    ['Program'],
  );
  return count ?? 0;
}

describe('preorderOf', () => {
  it('visits every node in forEachChild order, with each subtree a contiguous range', () => {
    const nodes = check(`import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', { id: text('id').primaryKey() }, (t) => [t.id]);
@D() export class A<T extends string = 'x'> { #p = 1; static { run(); } m(@P() a: T, ...rest: number[]): T { return a ?? \`\${rest[0]}\`; } }
export async function f(db: { prepare(sql: string): unknown }) { for (const x of [1]) { if (x) await db.prepare('SELECT 1 FROM t' + x); } }
type U = { [K in 'a' | 'b']: K } & { ['k']: string };
enum E { A = 1, B = A << 1 }
namespace N { export const v = 1; }`);
    expect(nodes).toBeGreaterThan(100);
  });

  it('an empty file and a deep string concatenation (no recursion limit in the list itself)', () => {
    expect(check('')).toBe(1);
    const deep = `export const s = ${Array.from({ length: 800 }, (_, i) => `'p${i}'`).join(' + ')};`;
    expect(check(deep)).toBeGreaterThan(1600);
  });
});
