/**
 * Finds the exported functions of the scanned modules.
 *
 * @rationale Discover through the checker's module exports, not by scanning export syntax
 *   why: `getExportsOfModule` already resolves `export { x } from './lib'`, `export *`, default
 *     exports and `export const f = …`, so one loop covers every export form and a function re-exported
 *     by several scanned modules is recognised as the same declaration and tested once.
 *   alternatives: walk `ExportDeclaration`/`FunctionDeclaration` nodes (misses `export *` chains and
 *     needs its own alias resolution)
 *   tradeoffs: only values whose type has a call signature are considered; classes are left out
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { typescript } from '../typescript';
import { readTags, thrownErrorNames, type FunctionTags } from './tags';

export interface DiscoveredParam {
  name: string;
  type: ts.Type;
  /** elements of a `...rest` parameter: `rest_0` for `...rest: T[]`, one per element of a tuple rest */
  rest: boolean;
  /** `x?: T` or `x = default`: callers may leave it out */
  optional: boolean;
}

export interface DiscoveredFunction {
  /** the name it is exported under; `default` for the default export */
  exportName: string;
  /** a readable name: the export name, or the declared name of a default export */
  displayName: string;
  /** absolute path of the module the generated test imports from */
  moduleFile: string;
  /** absolute path and 1-based line of the declaration */
  declFile: string;
  declLine: number;
  /** `src/transforms.ts:12`, relative to the project root, `/` separated */
  source: string;
  params: DiscoveredParam[];
  returnType: ts.Type;
  tags: FunctionTags;
  /** `@throws` names plus deliberate `throw new X(` found in the body */
  expectedErrors: string[];
  /** readable notes on how the signature was read (overloads, rest parameters) */
  notes: string[];
}

export interface SkippedFunction {
  name: string;
  source: string;
  reason: string;
}

export interface DiscoverOptions {
  /** `exported` (default): every exported function; `tagged`: only functions tagged `@transform` */
  discover: 'exported' | 'tagged';
}

export interface DiscoverResult {
  functions: DiscoveredFunction[];
  skipped: SkippedFunction[];
}

function rel(rootDir: string, file: string): string {
  return path.relative(rootDir, file).split(path.sep).join('/');
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return typescript.isFunctionDeclaration(n) || typescript.isFunctionExpression(n) || typescript.isArrowFunction(n) || typescript.isMethodDeclaration(n);
}

function unwrap(e: ts.Expression): ts.Expression {
  while (typescript.isParenthesizedExpression(e) || typescript.isAsExpression(e) || typescript.isSatisfiesExpression(e) || typescript.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** The function node with a body (implementation), where there is one. */
function implementationOf(decl: ts.Declaration): ts.FunctionLikeDeclaration | undefined {
  if (isFunctionLike(decl)) return decl;
  if (typescript.isVariableDeclaration(decl) && decl.initializer) {
    const init = unwrap(decl.initializer);
    if (isFunctionLike(init)) return init;
  }
  if (typescript.isExportAssignment(decl)) {
    const e = unwrap(decl.expression);
    if (isFunctionLike(e)) return e;
  }
  return undefined;
}

export function discoverFunctions(program: ts.Program, files: readonly string[], rootDir: string, opts: DiscoverOptions): DiscoverResult {
  const checker = program.getTypeChecker();
  const scanned = new Set(files.map((f) => path.resolve(f)));
  const functions: DiscoveredFunction[] = [];
  const skipped: SkippedFunction[] = [];
  /** declaration node → index in `functions`, to test a re-exported function once */
  const byDecl = new Map<ts.Node, number>();

  for (const file of [...scanned].sort()) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue; // a script without exports
    const exports = checker.getExportsOfModule(moduleSymbol);
    for (const exp of exports) {
      const target = exp.flags & typescript.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      if (target.flags & (typescript.SymbolFlags.Class | typescript.SymbolFlags.Interface | typescript.SymbolFlags.TypeAlias | typescript.SymbolFlags.Enum | typescript.SymbolFlags.Module) && !(target.flags & (typescript.SymbolFlags.Function | typescript.SymbolFlags.Variable))) continue;
      const decls = target.declarations ?? [];
      const anchor = target.valueDeclaration ?? decls[0] ?? exp.declarations?.[0];
      if (!anchor) continue;
      const type = checker.getTypeOfSymbolAtLocation(target, anchor);
      const signatures = type.getCallSignatures();
      if (signatures.length === 0) continue;
      if (type.getConstructSignatures().length > 0) continue;

      const impls = decls.map(implementationOf).filter((d): d is ts.FunctionLikeDeclaration => d !== undefined);
      const impl = impls.find((d) => d.body !== undefined) ?? impls[impls.length - 1];
      const declNode: ts.Node = impl && typescript.isFunctionDeclaration(impl) ? impl : anchor;
      const declSf = declNode.getSourceFile();
      const declFile = path.resolve(declSf.fileName);
      const declLine = declSf.getLineAndCharacterOfPosition(declNode.getStart(declSf)).line + 1;
      const source = `${rel(rootDir, declFile)}:${declLine}`;
      const declaredName =
        impl && (typescript.isFunctionDeclaration(impl) || typescript.isFunctionExpression(impl)) && impl.name
          ? impl.name.text
          : typescript.isVariableDeclaration(anchor) && typescript.isIdentifier(anchor.name)
            ? anchor.name.text
            : undefined;
      const fileStem = path.basename(file).replace(/\.[cm]?tsx?$/, '').replace(/[^\w$]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase());
      const displayName = exp.name === 'default' ? (declaredName ?? `${fileStem}Default`) : exp.name;

      const existing = byDecl.get(anchor);
      if (existing !== undefined) {
        // already found through another scanned module: keep the module that declares it
        const prev = functions[existing];
        if (prev && prev.moduleFile !== declFile && path.resolve(file) === declFile) {
          functions[existing] = { ...prev, moduleFile: declFile, exportName: exp.name, displayName };
        }
        continue;
      }
      if (byDecl.has(declNode)) continue;

      const tagNodes: ts.Node[] = [...decls];
      const tags = readTags(tagNodes);
      if (tags.off) {
        // remembered like a found function, so a re-export does not list it twice
        byDecl.set(anchor, -1);
        byDecl.set(declNode, -1);
        skipped.push({ name: displayName, source, reason: 'opted out with @edgeTests off' });
        continue;
      }
      if (opts.discover === 'tagged' && !tags.transform) continue;

      // Signature: the implementation's own declared signature when overloaded, else the only one.
      const notes: string[] = [];
      let signature: ts.Signature | undefined;
      if (signatures.length > 1) {
        const implSig = impl?.body ? checker.getSignatureFromDeclaration(impl) : undefined;
        signature = implSig ?? signatures[signatures.length - 1];
        notes.push(`${signatures.length} overloads: tested through ${implSig ? 'the implementation signature' : 'the last overload'}`);
      } else {
        signature = signatures[0];
      }
      if (!signature) continue;

      const params: DiscoveredParam[] = [];
      signature.getParameters().forEach((p, i) => {
        const pd = p.valueDeclaration;
        const isParam = pd !== undefined && typescript.isParameter(pd);
        const name = isParam && typescript.isIdentifier(pd.name) ? pd.name.text : p.name.startsWith('__') ? `arg${i}` : p.name;
        const type = checker.getTypeOfSymbolAtLocation(p, pd ?? anchor);
        if (isParam && pd.dotDotDotToken !== undefined) {
          // `...rest: T[]`: called with one extra argument; `...rest: [A, B]`: with each element
          const elements = checker.isTupleType(type) ? checker.getTypeArguments(type as ts.TypeReference) : checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference).slice(0, 1) : [];
          elements.forEach((el, j) => params.push({ name: `${name}_${j}`, type: el, rest: true, optional: false }));
          notes.push(
            elements.length === 0
              ? `rest parameter ...${name} is called with no extra arguments`
              : `rest parameter ...${name} is called with ${elements.length === 1 && !checker.isTupleType(type) ? 'one extra argument' : `its ${elements.length} tuple elements`}`,
          );
          return;
        }
        const optional = isParam && (pd.questionToken !== undefined || pd.initializer !== undefined);
        params.push({ name, type, rest: false, optional });
      });

      const thrown = thrownErrorNames(impl?.body, checker);
      const expectedErrors = [...new Set([...tags.throws, ...thrown])].sort();
      byDecl.set(anchor, functions.length);
      byDecl.set(declNode, functions.length);
      functions.push({
        exportName: exp.name,
        displayName,
        moduleFile: path.resolve(file),
        declFile,
        declLine,
        source,
        params,
        returnType: checker.getReturnTypeOfSignature(signature),
        tags,
        expectedErrors,
        notes,
      });
    }
  }
  functions.sort((a, b) => cmp(a.moduleFile, b.moduleFile) || cmp(a.declFile, b.declFile) || a.declLine - b.declLine || cmp(a.exportName, b.exportName));
  skipped.sort((a, b) => cmp(a.source, b.source) || cmp(a.name, b.name));
  return { functions, skipped };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
