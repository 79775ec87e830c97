/**
 * Inserts a doc block above a declaration, or merges it into the doc comment already there.
 *
 * @rationale Suggestions merge into the nearest existing doc comment instead of stacking a second one
 *   why: two doc comments above one declaration confuse TSDoc and TypeDoc (only the last one counts) and
 *     our own index would have to guess which one the user meant; merging keeps one comment per declaration.
 *   alternatives: always insert a new comment (simple, produces the stacked comments above); autofix
 *     (writes text the user never reviewed, which the issue forbids)
 *   tradeoffs: a one-line `/** text *\/` comment is rewritten as a multi-line comment to make room
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, AST_TOKEN_TYPES } from '@typescript-eslint/utils';
import type { DocComment, DocIndex } from '../comments/doc-index';
import { isFunctionNodeType } from '../detect/resolve';

const NEXT_LINE_DIRECTIVE = /^\s*(?:eslint-disable-next-line\b|@ts-(?:expect-error|ignore)\b|prettier-ignore\b)/;

/** Leading whitespace of the line `index` is on. */
function indentAt(sourceCode: Readonly<TSESLint.SourceCode>, index: number): string {
  const { line } = sourceCode.getLocFromIndex(index);
  const text = sourceCode.lines[line - 1] ?? '';
  return /^[ \t]*/.exec(text)?.[0] ?? '';
}

/** The file's line ending (CRLF files stay CRLF). */
export function eolOf(text: string): string {
  const match = /\r\n|\r|\n/.exec(text);
  return match?.[0] ?? '\n';
}

/**
 * The declaration that should carry a block needed by `node`: the nearest enclosing function, method,
 * class member or variable that has a name a reader can find (anonymous callbacks passed as arguments roll
 * up to their enclosing declaration). Returns the node whose doc comment counts (the function, method …)
 * or the `Program` when the code runs at module level.
 */
export function enclosingOwner(node: TSESTree.Node): TSESTree.Node {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.Program) return current;
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      // code directly in a class body (field initialisers, static blocks) belongs to the class
      return current;
    }
    if (
      current.type === AST_NODE_TYPES.VariableDeclarator &&
      (current.parent.parent.type === AST_NODE_TYPES.Program || current.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration)
    ) {
      // `export const run = wrap(async () => …)`: the module-level variable is the declaration
      return current;
    }
    if (!isFunctionNodeType(current.type)) continue;
    const parent = current.parent;
    if (!parent) return current;
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return current;
    switch (parent.type) {
      case AST_NODE_TYPES.MethodDefinition:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.AccessorProperty:
      case AST_NODE_TYPES.Property:
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.AssignmentExpression:
        return current;
      case AST_NODE_TYPES.VariableDeclarator:
        return current;
      default:
        break; // an anonymous callback: keep walking up
    }
  }
  return node;
}

/** A short description of an owner for messages: "function `enrich`", "method `Enricher.run`", "the module". */
export function describeOwner(owner: TSESTree.Node): string {
  if (owner.type === AST_NODE_TYPES.Program) return 'the module doc comment at the top of the file';
  const parent = owner.parent;
  if (owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression) {
    return `class \`${owner.id?.name ?? 'default'}\``;
  }
  if (owner.type === AST_NODE_TYPES.FunctionDeclaration && owner.id) return `function \`${owner.id.name}\``;
  if (owner.type === AST_NODE_TYPES.VariableDeclarator && owner.id.type === AST_NODE_TYPES.Identifier) {
    return `\`${owner.id.name}\``;
  }
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) {
    const cls = parent.parent.parent;
    const className = (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) && cls.id ? `${cls.id.name}.` : '';
    const key = parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${parent.key.name}` : '[computed]';
    return `method \`${className}${key}\``;
  }
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return `function \`${parent.id.name}\``;
  }
  if (parent?.type === AST_NODE_TYPES.Property && parent.key.type === AST_NODE_TYPES.Identifier) {
    return `function \`${parent.key.name}\``;
  }
  if (parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'the default export';
  if (owner.type === AST_NODE_TYPES.FunctionDeclaration) return 'the default export';
  return 'the enclosing function';
}

/** The name of an owner for block heads (`enrichOrders`), or undefined. */
export function ownerName(owner: TSESTree.Node): string | undefined {
  if (owner.type === AST_NODE_TYPES.FunctionDeclaration || owner.type === AST_NODE_TYPES.ClassDeclaration) {
    return owner.id?.name;
  }
  if (owner.type === AST_NODE_TYPES.VariableDeclarator && owner.id.type === AST_NODE_TYPES.Identifier) return owner.id.name;
  const parent = owner.parent;
  if (!parent) return undefined;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (
    (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition || parent.type === AST_NODE_TYPES.Property) &&
    parent.key.type === AST_NODE_TYPES.Identifier
  ) {
    return parent.key.name;
  }
  if (owner.type === AST_NODE_TYPES.FunctionExpression && owner.id) return owner.id.name;
  return undefined;
}

/**
 * A fix that puts `lines` (block text without the ` * ` prefix, e.g. `['@rateLimit openai.chat', '  limit: …']`)
 * into the doc comment of `owner`: merged into its closest existing doc comment, or as a new comment right
 * above the outermost declaration wrapper (`export const …`, decorators included), indented like it.
 * `Program` targets the module doc comment (created at the top of the file, after a shebang, when missing).
 */
export function insertBlock(
  index: DocIndex,
  owner: TSESTree.Node,
  lines: readonly string[],
): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const { sourceCode } = index;
  const eol = eolOf(sourceCode.text);
  if (owner.type === AST_NODE_TYPES.Program) {
    const existing = index.moduleDoc();
    if (existing) return mergeInto(sourceCode, existing, lines, eol);
    const body = lines.map((line) => ` * ${line}`.trimEnd()).join(eol);
    const comment = `/**${eol}${body}${eol} */${eol}${eol}`;
    if (sourceCode.text.startsWith('#!')) {
      const lineEnd = /\r\n|\r|\n/.exec(sourceCode.text);
      const at = lineEnd ? lineEnd.index + lineEnd[0].length : sourceCode.text.length;
      return (fixer) => fixer.insertTextBeforeRange([at, at], lineEnd ? comment : `${eol}${comment}`);
    }
    return (fixer) => fixer.insertTextBeforeRange([0, 0], comment);
  }
  const docs = index.docsFor(owner);
  const closest = docs[docs.length - 1];
  if (closest) return mergeInto(sourceCode, closest, lines, eol);
  const chain = index.attachmentChain(owner);
  const top = chain[chain.length - 1] ?? owner;
  // decorators may stand before `export` (`@D() export class X {}`): start above the first one
  let start = top.range[0];
  for (const node of chain) {
    const decorators: TSESTree.Decorator[] = 'decorators' in node && Array.isArray(node.decorators) ? node.decorators : [];
    for (const decorator of decorators) start = Math.min(start, decorator.range[0]);
  }
  // next-line directives (`// eslint-disable-next-line`, `// @ts-expect-error`) must stay right above the code
  for (;;) {
    const before = sourceCode.getTokenBefore({ range: [start, start] } as TSESTree.Token, { includeComments: true });
    if (!before || before.type !== AST_TOKEN_TYPES.Line || !NEXT_LINE_DIRECTIVE.test(before.value)) break;
    if (sourceCode.getLocFromIndex(before.range[1]).line !== sourceCode.getLocFromIndex(start).line - 1) break;
    start = before.range[0];
  }
  const indent = indentAt(sourceCode, start);
  const lineStart = sourceCode.getIndexFromLoc({ line: sourceCode.getLocFromIndex(start).line, column: 0 });
  const onOwnLine = sourceCode.text.slice(lineStart, start).trim() === '';
  const body = lines.map((line) => `${indent} * ${line}`.trimEnd()).join(eol);
  const comment = `/**${eol}${body}${eol}${indent} */`;
  if (onOwnLine) return (fixer) => fixer.insertTextBeforeRange([start, start], `${comment}${eol}${indent}`);
  return (fixer) => fixer.insertTextBeforeRange([start, start], `${comment} `);
}

function mergeInto(
  sourceCode: Readonly<TSESLint.SourceCode>,
  doc: DocComment,
  lines: readonly string[],
  eol: string,
): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const { comment } = doc;
  const indent = indentAt(sourceCode, comment.range[0]);
  const text = sourceCode.text.slice(comment.range[0], comment.range[1]);
  const added = lines.map((line) => `${indent} * ${line}`.trimEnd()).join(eol);
  if (!/[\r\n]/.test(text)) {
    // `/** One line. */` → a multi-line comment keeping the text
    const inner = text.slice(3, -2).trim();
    const first = inner === '' ? '' : `${indent} * ${inner}${eol}${indent} *${eol}`;
    const replacement = `/**${eol}${first}${added}${eol}${indent} */`;
    return (fixer) => fixer.replaceTextRange(comment.range, replacement);
  }
  const closeLineStart = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
  const beforeClose = text.slice(closeLineStart, text.length - 2);
  if (/^[ \t]*\*?[ \t]*$/.test(beforeClose)) {
    // `*/` alone on its line: insert the lines before it
    const at = comment.range[0] + closeLineStart;
    return (fixer) => fixer.insertTextBeforeRange([at, at], `${indent} *${eol}${added}${eol}`);
  }
  // text before `*/` on the last line: close that line first
  const at = comment.range[1] - 2;
  return (fixer) => fixer.replaceTextRange([at, comment.range[1]], `${eol}${indent} *${eol}${added}${eol}${indent} */`);
}
