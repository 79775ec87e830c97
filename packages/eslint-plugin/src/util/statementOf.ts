import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

/**
 * The statement (or class member) that contains a node: where a new doc comment for it goes.
 * A variable declarator resolves to its declaration, so `const t = sqliteTable(…)` gets its block
 * above `const`.
 */
export function statementOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent) {
    const type = current.parent.type;
    if (type === AST_NODE_TYPES.Program || type === AST_NODE_TYPES.BlockStatement || type === AST_NODE_TYPES.ClassBody || type === AST_NODE_TYPES.TSModuleBlock) return current;
    if (type === AST_NODE_TYPES.VariableDeclarator) return current.parent;
    current = current.parent;
  }
  return node;
}
