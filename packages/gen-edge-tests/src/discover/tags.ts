/**
 * Reads the generator's doc tags (`@transform`, `@edgeTests off`, `@invariant`, `@idempotent`,
 * `@roundtrip`, `@throws`, `@nondeterministic`) and the errors a function throws on purpose.
 *
 * @rationale Read tags through the TypeScript JSDoc parser that already parsed the file
 *   why: the checker has attached every JSDoc comment to its declaration (including the variable
 *     statement of `export const f = …` and each overload), so no second comment scan is needed and
 *     `@throws {RangeError}` arrives with its type expression already split off.
 *   alternatives: `@pipeguard/doc-blocks` parseDocComment on the raw comment text (right for the
 *     multi-line pipeguard blocks, but these generator tags are one-line and need the node attachment
 *     TypeScript already did)
 *   tradeoffs: an `@invariant` expression is taken as written; it is type-checked only when the
 *     generated file is compiled
 */
import ts from 'typescript';

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

function commentText(tag: ts.JSDocTag): string {
  return (ts.getTextOfJSDocComment(tag.comment) ?? '').replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Collect the tags of every node given (overload declarations, the variable statement…), in order. */
export function readTags(nodes: readonly ts.Node[]): FunctionTags {
  const tags = emptyTags();
  for (const node of nodes) {
    for (const tag of ts.getJSDocTags(node)) {
      const name = tag.tagName.text;
      const text = commentText(tag);
      switch (name) {
        case 'transform':
          tags.transform = true;
          break;
        case 'edgeTests':
          if (/^off\b/i.test(text)) tags.off = true;
          break;
        case 'invariant':
          if (text) tags.invariants.push(text);
          break;
        case 'idempotent':
          tags.idempotent = true;
          break;
        case 'roundtrip': {
          const other = /^[A-Za-z_$][\w$]*/.exec(text)?.[0];
          if (other) tags.roundtrip.push(other);
          break;
        }
        case 'nondeterministic':
          tags.nondeterministic = true;
          break;
        case 'throws':
        case 'throw':
        case 'exception': {
          const typeExpr = ts.isJSDocThrowsTag(tag) ? tag.typeExpression?.type : undefined;
          const fromType = typeExpr ? typeExpr.getText().trim() : undefined;
          const fromText = /^\{?\s*([A-Za-z_$][\w$.]*)\s*\}?/.exec(text)?.[1];
          const errName = (fromType ?? fromText)?.split('.').pop();
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

/** Names of errors thrown on purpose in a function body: `throw new ValidationError(…)`. */
export function thrownErrorNames(body: ts.Node | undefined): string[] {
  const names = new Set<string>();
  if (!body) return [];
  const visit = (n: ts.Node): void => {
    if (ts.isThrowStatement(n)) {
      let e: ts.Expression = n.expression;
      while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
      if (ts.isNewExpression(e) || ts.isCallExpression(e)) {
        const callee = e.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        // `throw new Error(…)`/`throw Error(…)` and `throw new ValidationError(…)`: capitalised constructors only
        if (name && /^[A-Z]/.test(name)) names.add(name);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return [...names].sort();
}
