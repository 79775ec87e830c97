/**
 * Small scope helpers shared by the dataset-access and schema-definition detectors.
 *
 * @rationale Resolve names through ESLint's scope manager, never by spelling alone
 *   why: `readFile` is only a file read when it comes from `fs`; a drizzle table is only named `orders`
 *     in SQL when its `sqliteTable('orders', …)` call says so. The scope manager already knows every
 *     binding, so following a variable to its import or initializer is cheap and needs no type checker.
 *   alternatives: type information (only the typed rules have it); matching identifier names (false
 *     positives on `map.delete(key)`, a local `readFile`)
 *   tradeoffs: values that flow through function parameters or object fields are not followed
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';
import { perFile } from '../util/perFile';

const { DefinitionType } = TSESLint.Scope;

type Scope = ReturnType<Readonly<TSESLint.SourceCode>['getScope']>;
type Variable = NonNullable<ReturnType<Scope['set']['get']>>;

/** The variable an identifier refers to, or undefined for globals / unknown names. */
export function resolveVariable(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Identifier): Variable | undefined {
  let scope: Scope | null;
  try {
    scope = sourceCode.getScope(node);
  } catch {
    return undefined;
  }
  const ref = scope.references.find((r) => r.identifier === node);
  if (ref) return ref.resolved ?? undefined;
  for (let s: Scope | null = scope; s; s = s.upper) {
    const variable = s.set.get(node.name);
    if (variable) return variable;
  }
  return undefined;
}

/** Where an identifier comes from: an import / require of `module`, with the imported name. */
export interface ImportOrigin {
  module: string;
  /** `default`, `*` (namespace / whole require) or the named import */
  imported: string;
}

export function importOrigin(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Identifier): ImportOrigin | undefined {
  const variable = resolveVariable(sourceCode, node);
  const def = variable?.defs[0];
  if (!def) return undefined;
  if (def.type === DefinitionType.ImportBinding) {
    const decl = def.parent;
    if (decl.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const module = decl.source.value;
    const spec = def.node;
    if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { module, imported: 'default' };
    if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { module, imported: '*' };
    if (spec.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : String(spec.imported.value);
      return { module, imported };
    }
    return undefined;
  }
  if (def.type === DefinitionType.Variable && def.node.type === AST_NODE_TYPES.VariableDeclarator) {
    const init = unwrap(def.node.init);
    const module = requiredModule(init);
    if (module === undefined) return undefined;
    const id = def.node.id;
    if (id.type === AST_NODE_TYPES.Identifier) return { module, imported: '*' };
    if (id.type === AST_NODE_TYPES.ObjectPattern) {
      for (const prop of id.properties) {
        if (prop.type !== AST_NODE_TYPES.Property) continue;
        const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
        if (value === def.name || (value.type === AST_NODE_TYPES.Identifier && value.name === node.name)) {
          const key = propertyName(prop.key, prop.computed);
          if (key !== undefined) return { module, imported: key };
        }
      }
    }
  }
  return undefined;
}

/** `require('x')`, `await import('x')`, `require('x').promises` → `x` (the last as `x/promises` for fs). */
function requiredModule(init: TSESTree.Node | undefined): string | undefined {
  if (!init) return undefined;
  if (
    init.type === AST_NODE_TYPES.CallExpression &&
    init.callee.type === AST_NODE_TYPES.Identifier &&
    init.callee.name === 'require' &&
    init.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof init.arguments[0].value === 'string'
  ) {
    return init.arguments[0].value;
  }
  if (init.type === AST_NODE_TYPES.ImportExpression && init.source.type === AST_NODE_TYPES.Literal && typeof init.source.value === 'string') {
    return init.source.value;
  }
  if (init.type === AST_NODE_TYPES.MemberExpression && !init.computed && init.property.type === AST_NODE_TYPES.Identifier) {
    const inner = requiredModule(unwrap(init.object));
    if (inner !== undefined && init.property.name === 'promises') return `${inner}/promises`;
  }
  return undefined;
}

/** Strips `await`, `as`, `satisfies`, `!` and parentheses. */
export function unwrap(node: TSESTree.Node | null | undefined): TSESTree.Node | undefined {
  let current = node ?? undefined;
  while (current) {
    if (current.type === AST_NODE_TYPES.AwaitExpression) {
      current = current.argument;
    } else if (
      current.type === AST_NODE_TYPES.TSAsExpression ||
      current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.type === AST_NODE_TYPES.TSTypeAssertion
    ) {
      current = current.expression;
    } else if (current.type === AST_NODE_TYPES.ChainExpression) {
      current = current.expression;
    } else break;
  }
  return current;
}

/** The initializer of a `const` an identifier refers to (one level), if it has one. */
export function constInit(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Identifier): TSESTree.Node | undefined {
  const variable = resolveVariable(sourceCode, node);
  const def = variable?.defs[0];
  if (variable?.defs.length !== 1 || !def || def.type !== DefinitionType.Variable) return undefined;
  if (def.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind !== 'const') {
    // `let sql = '…'` that is never reassigned still counts
    if (variable.references.some((r) => r.isWrite() && r.identifier !== def.node.id)) return undefined;
  }
  return unwrap(def.node.init);
}

export function propertyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (key.type === AST_NODE_TYPES.Identifier && !computed) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The method name of `a.b(…)` / `a?.b(…)` / `a['b'](…)`. */
export function calleeMethod(call: TSESTree.CallExpression): { object: TSESTree.Node; name: string } | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(callee.property, callee.computed);
  return name === undefined ? undefined : { object: callee.object, name };
}

/** A string known without running code: literals, plain templates, `'a' + 'b'`, consts holding them. */
export function staticString(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  if (n.type === AST_NODE_TYPES.Literal) return typeof n.value === 'string' ? n.value : undefined;
  if (n.type === AST_NODE_TYPES.TemplateLiteral) {
    if (n.expressions.length > 0) {
      let out = '';
      for (let i = 0; i < n.quasis.length; i++) {
        out += n.quasis[i]!.value.cooked ?? '';
        if (i < n.expressions.length) {
          const part = staticString(sourceCode, n.expressions[i], depth + 1);
          if (part === undefined) return undefined;
          out += part;
        }
      }
      return out;
    }
    return n.quasis[0]?.value.cooked ?? undefined;
  }
  if (n.type === AST_NODE_TYPES.BinaryExpression && n.operator === '+') {
    const left = staticString(sourceCode, n.left, depth + 1);
    const right = left === undefined ? undefined : staticString(sourceCode, n.right, depth + 1);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (n.type === AST_NODE_TYPES.Identifier) return staticString(sourceCode, constInit(sourceCode, n), depth + 1);
  return undefined;
}

/** Follows `a.b.c(…).d` down to its base expression (`a`). */
export function chainBase(node: TSESTree.Node): TSESTree.Node {
  let current = unwrap(node) ?? node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object) ?? current.object;
    else if (current.type === AST_NODE_TYPES.CallExpression) current = unwrap(current.callee) ?? current.callee;
    else return current;
  }
}

/** The method names called on a chain above `node` (`x.where().values()` from `x` → where, values). */
export function methodsAbove(node: TSESTree.Node): string[] {
  const names: string[] = [];
  let current: TSESTree.Node = node;
  for (let guard = 0; guard < 50; guard++) {
    let parent = current.parent;
    while (parent && (parent.type === AST_NODE_TYPES.ChainExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
      current = parent;
      parent = parent.parent;
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
    const name = propertyName(parent.property, parent.computed);
    const call = parent.parent;
    if (name === undefined || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) break;
    names.push(name);
    current = call;
  }
  return names;
}

/** The method names called below `node` in its chain (`db.select().from(t)` from the `from` call → from, select). */
export function methodsBelow(call: TSESTree.CallExpression): string[] {
  const names: string[] = [];
  let current: TSESTree.Node | undefined = call;
  for (let guard = 0; guard < 50 && current?.type === AST_NODE_TYPES.CallExpression; guard++) {
    const m = calleeMethod(current);
    if (!m) break;
    names.push(m.name);
    current = unwrap(m.object);
  }
  return names;
}

/** Calls `visit` on each direct child node of `node`, in ESLint's visitor-key order. */
export function forEachChild(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
  for (const key of sourceCode.visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) visit(item);
    } else if (isNode(child)) visit(child);
  }
}

/**
 * Every node type the whole-file and per-function scans act on: what they collect (calls, strings,
 * templates, `+` concatenations) and what they skip with its subtree (functions, classes, imports,
 * literal types, modules). A scan that acts on another type must add it here.
 */
export const SCAN_TYPES: ReadonlySet<string> = new Set<string>([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.ClassDeclaration,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.TSDeclareFunction,
  AST_NODE_TYPES.TSModuleDeclaration,
  AST_NODE_TYPES.ImportDeclaration,
  AST_NODE_TYPES.ExportAllDeclaration,
  AST_NODE_TYPES.TSImportType,
  AST_NODE_TYPES.TSExternalModuleReference,
  AST_NODE_TYPES.TSLiteralType,
]);

/**
 * The file's {@link SCAN_TYPES} nodes in the order `forEachChild` recursion from the Program visits them
 * (pre-order, visitor-key order), with `skip[i]` = the index of the first of them after `nodes[i]`'s
 * subtree: a scan of a function or of the file that acts only on these types steps through this list
 * (and skips a nested function or an import with one jump) instead of re-walking the tree. Built once per
 * SourceCode, iteratively; only these nodes are kept, so it stays small while the file is linted, and
 * type-only subtrees (annotations, interfaces, type aliases, type arguments) are not entered.
 */
export interface ScanList {
  nodes: readonly TSESTree.Node[];
  skip: Int32Array;
  /** index in `nodes` of each function node (the last one, for the rare node object reachable twice) */
  indexOf: ReadonlyMap<TSESTree.Node, number>;
  /** the nodes of each type set {@link forEachScanned} was asked for, filtered once */
  byTypes: Map<ReadonlySet<string>, readonly TSESTree.Node[]>;
}

/**
 * Type-only nodes whose subtrees {@link scanListOf} does not enter: a type holds no call, function,
 * class or template literal, and its string literals sit in `TSLiteralType`s, which every scan skips.
 */
export const PRUNED_TYPES: ReadonlySet<string> = new Set<string>([
  AST_NODE_TYPES.TSTypeAnnotation,
  AST_NODE_TYPES.TSTypeParameterDeclaration,
  AST_NODE_TYPES.TSTypeParameterInstantiation,
  AST_NODE_TYPES.TSInterfaceDeclaration,
  AST_NODE_TYPES.TSTypeAliasDeclaration,
]);
const SCANNED = 1;
const PRUNED = 2;
/** One lookup per node in the walk: kept (a SCAN_TYPES node) or pruned with its subtree. */
const ROLES: ReadonlyMap<string, number> = new Map([...[...SCAN_TYPES].map((type) => [type, SCANNED] as const), ...[...PRUNED_TYPES].map((type) => [type, PRUNED] as const)]);

/** Node-type sets for {@link forEachScanned} (and the function types the scan list indexes). */
export const FUNCTION_NODE_TYPES = new Set([AST_NODE_TYPES.FunctionDeclaration, AST_NODE_TYPES.FunctionExpression, AST_NODE_TYPES.ArrowFunctionExpression] as const);
export const CLASS_NODE_TYPES = new Set([AST_NODE_TYPES.ClassDeclaration, AST_NODE_TYPES.ClassExpression] as const);
export const CALL_NODE_TYPES = new Set([AST_NODE_TYPES.CallExpression] as const);
export const OWNER_NODE_TYPES = new Set([...FUNCTION_NODE_TYPES, ...CLASS_NODE_TYPES]);

/** Is `type` a function node type (declaration, expression, arrow)? */
export const isFunctionNodeType = (type: string): boolean => (FUNCTION_NODE_TYPES as ReadonlySet<string>).has(type);

/** The file's {@link ScanList}, built on the first ask and shared by every rule and detector. */
export const scanListOf: (sourceCode: Readonly<TSESLint.SourceCode>) => ScanList = perFile(buildScanList);

function buildScanList(sourceCode: Readonly<TSESLint.SourceCode>): ScanList {
  const nodes: TSESTree.Node[] = [];
  const skip: number[] = [];
  const indexOf = new Map<TSESTree.Node, number>();
  // node objects still to visit, and (as numbers) the list index of a kept node whose subtree is done
  const stack: (TSESTree.Node | number)[] = [sourceCode.ast];
  while (stack.length > 0) {
    const item = stack.pop() as TSESTree.Node | number;
    if (typeof item === 'number') {
      skip[item] = nodes.length;
      continue;
    }
    const role = ROLES.get(item.type);
    if (role === PRUNED) continue;
    if (role === SCANNED) {
      const index = nodes.length;
      nodes.push(item);
      skip.push(index + 1);
      if (isFunctionNodeType(item.type)) indexOf.set(item, index);
      stack.push(index);
    }
    const keys = sourceCode.visitorKeys[item.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (item as unknown as Record<string, unknown>)[keys[k] as string];
      if (Array.isArray(child)) {
        for (let j = child.length - 1; j >= 0; j--) if (isNode(child[j]) && !isBareIdentifier(child[j] as TSESTree.Node)) stack.push(child[j] as TSESTree.Node);
      } else if (isNode(child) && !isBareIdentifier(child)) stack.push(child);
    }
  }
  return { nodes, skip: new Int32Array(skip), indexOf, byTypes: new Map() };
}

/**
 * Calls `visit` on every node of the file whose type is in `types` (a subset of {@link SCAN_TYPES}), in
 * the order ESLint's traversal enters them (pre-order, visitor-key order).
 *
 * @rationale Rules visit their calls, functions and classes from the scan list at `Program:exit`, not
 *   through a listener per node type
 *   why: ESLint dispatches every node to every listener of its type, each call wrapped to record the
 *     rule; for pipeguard's function, call and class listeners that was ~0.2 s of CPU in ESLint's
 *     traverser on the 2,001-file typed benchmark corpus (profile of `(e)`: `setListenerRuleId`,
 *     `callSync`, `calculateSelectors`). The scan list is built once per file for the dataset and schema
 *     scans anyway, and stepping through it is a plain array loop.
 *   alternatives: listeners (the dispatch cost above); a separate walk per rule
 *   tradeoffs: a rule sees the nodes after the traversal instead of during it, so its reports come after
 *     the other rules' reports on the same position (ESLint sorts reports by position, keeping report
 *     order for equal positions)
 */
export function forEachScanned<T extends AST_NODE_TYPES>(
  sourceCode: Readonly<TSESLint.SourceCode>,
  types: ReadonlySet<T>,
  visit: (node: Extract<TSESTree.Node, { type: T }>) => void,
): void {
  // several rules ask for the same set on one file (functions, calls): filter the list once per set
  const list = scanListOf(sourceCode);
  let selected = list.byTypes.get(types);
  if (!selected) {
    selected = list.nodes.filter((node) => (types as ReadonlySet<string>).has(node.type));
    list.byTypes.set(types, selected);
  }
  for (const node of selected) visit(node as Extract<TSESTree.Node, { type: T }>);
}

/**
 * An identifier without decorators: nothing below it is scanned (the commonest node). Its type annotation
 * needs no look either: `scanListOf` prunes annotations.
 */
function isBareIdentifier(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Identifier && !(node.decorators as readonly unknown[] | undefined)?.length;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
