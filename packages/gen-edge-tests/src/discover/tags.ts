/**
 * Reads the generator's doc tags (`@transform`, `@edgeTests off`, `@invariant`, `@idempotent`,
 * `@roundtrip`, `@throws`, `@nondeterministic`) and the errors a function throws on purpose.
 *
 * @rationale Parse tags with `@pipeguard/doc-blocks`, find the comments with TypeScript
 *   why: the ESLint plugin validates these tags with the same grammar, so a tag the linter accepts
 *     means the same thing here (multi-line `@invariant` expressions, `@throws RangeError when …`
 *     with or without braces); TypeScript already attached each JSDoc comment to its declaration,
 *     including the variable statement of `export const f = …` and every overload.
 *   alternatives: TypeScript's own JSDoc tag parser (a second reading of the same grammar that can
 *     drift from the plugin's)
 *   tradeoffs: an `@invariant` expression is taken as written; it is type-checked only when the
 *     generated file is compiled
 */
import type * as ts from 'typescript';
import { typescript } from '../typescript';
import { getThrowsSpec, parseDocComment } from '@pipeguard/doc-blocks';

export interface FunctionTags {
  /** `@transform`: opted in where config restricts discovery to tagged functions */
  transform: boolean;
  /** `@edgeTests off` */
  off: boolean;
  invariants: string[];
  idempotent: boolean;
  /** `@roundtrip <otherExport>` names */
  roundtrip: string[];
  nondeterministic: boolean;
  /** error names from `@throws {X}` */
  throws: string[];
}

export function emptyTags(): FunctionTags {
  return { transform: false, off: false, invariants: [], idempotent: false, roundtrip: [], nondeterministic: false, throws: [] };
}

/** The `/** … *\/` comments TypeScript attached to these nodes, each once, in source order. */
function docComments(nodes: readonly ts.Node[]): string[] {
  const seen = new Set<ts.Node>();
  const out: { pos: number; text: string }[] = [];
  for (const node of nodes) {
    const sf = node.getSourceFile();
    for (const doc of typescript.getJSDocCommentsAndTags(node)) {
      if (!typescript.isJSDoc(doc) || seen.has(doc)) continue;
      seen.add(doc);
      out.push({ pos: doc.pos, text: sf.text.slice(doc.pos, doc.end) });
    }
  }
  return out.sort((a, b) => a.pos - b.pos).map((c) => c.text);
}

/** Collect the tags of every node given (overload declarations, the variable statement…), in order. */
export function readTags(nodes: readonly ts.Node[]): FunctionTags {
  const tags = emptyTags();
  for (const text of docComments(nodes)) {
    for (const block of parseDocComment(text).blocks) {
      const head = block.head.trim();
      switch (block.kind) {
        case 'transform':
          tags.transform = true;
          break;
        case 'edgeTests':
          if (/^off\b/i.test(head)) tags.off = true;
          break;
        case 'invariant': {
          const expression = [head, ...block.fields.map((f) => `${f.key}: ${f.value}`)].join(' ').trim();
          if (expression) tags.invariants.push(expression);
          break;
        }
        case 'idempotent':
          tags.idempotent = true;
          break;
        case 'roundtrip': {
          const other = /^[A-Za-z_$][\w$]*/.exec(head)?.[0];
          if (other) tags.roundtrip.push(other);
          break;
        }
        case 'nondeterministic':
          tags.nondeterministic = true;
          break;
        case 'throws': {
          const errName = getThrowsSpec(block).errorName?.split('.').pop();
          if (errName && /^[A-Z]/.test(errName)) tags.throws.push(errName);
          break;
        }
        default:
          break;
      }
    }
  }
  tags.throws = [...new Set(tags.throws)];
  tags.roundtrip = [...new Set(tags.roundtrip)];
  return tags;
}

/**
 * Names of errors thrown on purpose in a function body: `throw new ValidationError(…)`. With a
 * checker, helpers the body calls (`fail('…')`, `assertAmount(x)`) declared in the project's own
 * source files are followed too, two calls deep.
 */
export function thrownErrorNames(body: ts.Node | undefined, checker?: ts.TypeChecker, depth = 2): string[] {
  const names = new Set<string>();
  if (!body) return [];
  const followed = new Set<ts.Node>();
  const visit = (n: ts.Node, level: number): void => {
    if (typescript.isThrowStatement(n)) {
      let e: ts.Expression = n.expression;
      while (typescript.isParenthesizedExpression(e) || typescript.isAsExpression(e)) e = e.expression;
      if (typescript.isNewExpression(e) || typescript.isCallExpression(e)) {
        const callee = e.expression;
        const name = typescript.isIdentifier(callee) ? callee.text : typescript.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        // `throw new Error(…)`/`throw Error(…)` and `throw new ValidationError(…)`: capitalised constructors only
        if (name && /^[A-Z]/.test(name)) names.add(name);
      }
    } else if (checker && level < depth && typescript.isCallExpression(n)) {
      const helper = helperBody(checker, n);
      if (helper && !followed.has(helper) && helper !== body) {
        followed.add(helper);
        visit(helper, level + 1);
      }
    }
    typescript.forEachChild(n, (c) => visit(c, level));
  };
  visit(body, 0);
  return [...names].sort();
}

/** The body of a function the call resolves to, when it is declared in a project source file. */
function helperBody(checker: ts.TypeChecker, call: ts.CallExpression): ts.Node | undefined {
  const decl = checker.getResolvedSignature(call)?.getDeclaration() as ts.Declaration | undefined;
  if (!decl) return undefined;
  const sf = decl.getSourceFile();
  if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) return undefined;
  if (typescript.isFunctionDeclaration(decl) || typescript.isFunctionExpression(decl) || typescript.isArrowFunction(decl) || typescript.isMethodDeclaration(decl)) return decl.body;
  return undefined;
}
