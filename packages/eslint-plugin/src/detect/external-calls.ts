/**
 * Finds calls into external APIs (LLM SDKs, HTTP clients, `fetch`) from syntax and scope alone, with an
 * explicit, optional type-checker fallback.
 *
 * @rationale Resolve every callee to an origin (import + member path) through scope analysis
 *   why: untyped lint runs are the common case and must stay fast, yet a client is rarely called where it
 *     was imported: it is created with `new OpenAI()`, kept in a module constant, a class field or a
 *     parameter property, and called through a chain (`this.client.chat.completions.create`). Following
 *     variable definitions and `this.` fields back to their import finds those without a type checker.
 *   alternatives: match callee names only (misses aliases, flags unrelated `.create()` calls);
 *     always use the type checker (needs a project, an order of magnitude slower)
 *   tradeoffs: values passed in without a type annotation are only found with `useTypes: true`
 *
 * What counts (per module):
 * - `openai`, `@anthropic-ai/sdk`: any method call on a client instance (`new OpenAI()`, `new Anthropic()`,
 *   `client.withOptions()`), through any member chain.
 * - `axios`: `axios(…)`, `axios.get/post/…/request`, the same on instances from `axios.create()`.
 * - `got`, `ky`: the default export called or its HTTP-verb methods, and instances from `got.extend`,
 *   `ky.create` / `ky.extend`.
 * - `undici`: `request`, `fetch`, `stream`, `pipeline`, `connect`, `upgrade`, and `request`/`stream`/… on
 *   `new Client/Pool/Agent(…)` instances.
 * - `node-fetch`, `cross-fetch`, `isomorphic-fetch`, `undici.fetch` and global `fetch` (also
 *   `globalThis.fetch`, `window.fetch`, `self.fetch`): only when the URL is absolute (`https://…`, `//host`)
 *   or unknown (a variable, a `Request`, `new URL(path, base)`, a template starting with an expression);
 *   never for relative or same-origin paths (`'/api/chat'`, `'./x'`, `` `/api/${id}` ``,
 *   `location.origin + '/api'`, `new URL('./x.json', import.meta.url)`), `data:` or `blob:` URLs.
 * - `apis` (typescript-eslint `TypeOrValueSpecifier`): a string names a module (`'@octokit/rest'`: every
 *   call on anything imported from it) or a value (`'sendgrid.send'`, `'callPartner'`); `{ from: 'package' }`
 *   names exports of a package; `{ from: 'lib' }` globals; `{ from: 'file' }` local functions or classes.
 */
import { typeMatchesSomeSpecifier } from '@typescript-eslint/type-utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils, TSESLint as TSESLintValues } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { perFile } from '../util/perFile';

export type ApiFamily =
  | 'openai'
  | 'anthropic'
  | 'axios'
  | 'got'
  | 'ky'
  | 'undici'
  | 'node-fetch'
  | 'cross-fetch'
  | 'fetch'
  | 'custom';

/** Where a value comes from: an import (or global) plus the member path read from it. */
export interface Origin {
  /** module specifier (`openai`), or `globalThis` for globals */
  module: string;
  /** `default`, `*` (namespace / CommonJS module object), an export name, or the global's name */
  root: string;
  /** the local name the root was bound to (`OpenAI` in `import OpenAI from 'openai'`) */
  localName: string;
  /** created with `new` or a factory (`axios.create()`); `members` are read from the instance */
  instance: boolean;
  members: string[];
  /** `root` was read from a namespace import or a `require()` result (`undici.request`, `axios.get`) */
  viaNamespace?: boolean;
  /** the options object literal passed to `new X({ … })`, when the instance was created in this file */
  options?: TSESTree.ObjectExpression;
}

export interface ExternalCall {
  node: TSESTree.CallExpression;
  family: ApiFamily;
  /** the module the API comes from (`openai`, `axios`, `globalThis`, or the `apis` entry's module) */
  module: string;
  /** a name for the API, used as the `@rateLimit` head: `openai.chat.completions`, `axios`, `fetch` */
  api: string;
  /** the callee as written, shortened: `client.chat.completions.create` */
  callee: string;
  /** the constructor options of the client, when it was created in this file */
  clientOptions?: TSESTree.ObjectExpression;
  /** how it was recognised */
  via: 'syntax' | 'types';
}

export interface ExternalCallDetectorOptions {
  apis: readonly TypeOrValueSpecifier[];
  /** only set when the rule was configured with `useTypes: true` */
  services?: ParserServicesWithTypeInformation;
}

export interface ExternalCallDetector {
  /** The external API call this is, or undefined. Never throws on odd code. */
  check(node: TSESTree.CallExpression): ExternalCall | undefined;
  /** The origin of an expression (exported for other detectors and tests). */
  originOf(node: TSESTree.Node): Origin | undefined;
}

const MODULE_FAMILY: Readonly<Record<string, ApiFamily>> = {
  openai: 'openai',
  '@anthropic-ai/sdk': 'anthropic',
  axios: 'axios',
  got: 'got',
  ky: 'ky',
  undici: 'undici',
  'node-fetch': 'node-fetch',
  'cross-fetch': 'cross-fetch',
  'isomorphic-fetch': 'cross-fetch',
};

const SHORT_NAME: Readonly<Record<ApiFamily, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  axios: 'axios',
  got: 'got',
  ky: 'ky',
  undici: 'undici',
  'node-fetch': 'fetch',
  'cross-fetch': 'fetch',
  fetch: 'fetch',
  custom: 'api',
};

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const AXIOS_METHODS = new Set([...HTTP_VERBS, 'request', 'postForm', 'putForm', 'patchForm']);
const GOT_METHODS = new Set([...HTTP_VERBS, 'stream', 'paginate']);
const UNDICI_FUNCTIONS = new Set(['request', 'stream', 'pipeline', 'connect', 'upgrade']);
const UNDICI_INSTANCE_METHODS = new Set(['request', 'stream', 'pipeline', 'connect', 'upgrade', 'dispatch']);
const FACTORIES: Readonly<Record<string, ReadonlySet<string>>> = {
  axios: new Set(['create']),
  got: new Set(['extend']),
  ky: new Set(['create', 'extend']),
  openai: new Set(['withOptions']),
  '@anthropic-ai/sdk': new Set(['withOptions']),
};
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);

/**
 * Database drivers and query builders (package names as `packageName` gives them: `node:sqlite` is
 * `sqlite`). What their functions and methods return (a statement, a builder, a transaction function, rows)
 * belongs to the same package and is never an API client, so the syntax can follow it: `insert.run(…)` after
 * `const insert = db.prepare(…)`, `db.insertInto('t').values(…).execute()` and `index('i').on(…)` then need
 * no type lookup. Not applied when `apis` is configured (a type specifier may name such a result's type).
 */
const DATABASE_PACKAGES = new Set([
  'better-sqlite3', 'sqlite', 'sqlite3', 'pg', 'postgres', 'mysql2', 'mysql', 'kysely', 'drizzle-orm', 'knex', '@libsql/client',
]);

/**
 * Built-in method names (Array, String, Number, Map/Set, Object, JSON, sqlite statements) that no known
 * family can produce: not an HTTP verb or undici/axios/got/ky method, and not declared as a method anywhere
 * in the openai@6 or @anthropic-ai/sdk@1 typings (checked against their .d.ts files: `push`, `slice`,
 * `test`, `exec`, `toString`, `then`, `catch`, `finally`, `add`, `set`, `run`, `parse`, `sort`, `toJSON`,
 * `has` are, as methods or function-typed properties, so they are not here). A member call with one of these names skips the type lookup unless `apis` is configured.
 */
const NEVER_CLIENT_METHODS = new Set([
  'pop', 'shift', 'unshift', 'splice', 'concat', 'join', 'map', 'filter', 'reduce', 'reduceRight', 'forEach', 'some', 'every',
  'find', 'findIndex', 'findLast', 'findLastIndex', 'includes', 'indexOf', 'lastIndexOf', 'reverse', 'flat', 'flatMap',
  'fill', 'at', 'keys', 'values', 'entries', 'replace', 'replaceAll', 'split', 'trim', 'trimStart', 'trimEnd', 'toLowerCase',
  'toUpperCase', 'startsWith', 'endsWith', 'padStart', 'padEnd', 'charAt', 'charCodeAt', 'codePointAt', 'substring', 'match',
  'matchAll', 'toFixed', 'toPrecision', 'toISOString', 'getTime', 'clear', 'prepare', 'all', 'iterate',
  'localeCompare', 'normalize', 'repeat', 'toLocaleString', 'valueOf', 'hasOwnProperty',
  // `Response` bodies, zod, and the drizzle / kysely builder methods pipeline code chains most (checked
  // the same way; `execute`, `run`, `on`, `text` and `select…` stay out: the SDKs declare some of them)
  'json', 'arrayBuffer', 'safeParse', 'notNull', 'primaryKey', 'references', 'unique', 'autoincrement',
  'selectAll', 'where', 'orderBy', 'groupBy', 'limit', 'innerJoin', 'leftJoin', 'returning', 'executeTakeFirst',
  'executeTakeFirstOrThrow',
]);
/** Constructors whose instances (and their members) are never clients: `const seen = new Set()`. */
const BUILTIN_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'Date', 'RegExp', 'Error', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder']);
/** Annotation types whose values (and members) are never clients: `(names: string[], n: number)`. */
const PRIMITIVE_ANNOTATIONS = new Set<string>([
  AST_NODE_TYPES.TSStringKeyword,
  AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword,
  AST_NODE_TYPES.TSBigIntKeyword,
  AST_NODE_TYPES.TSSymbolKeyword,
  AST_NODE_TYPES.TSLiteralType,
  AST_NODE_TYPES.TSTemplateLiteralType,
]);
/** Per-file caches for the type-checker fallback, keyed by SourceCode so every rule on a file shares them. */
const typeCaches = perFile(() => new Map<ts.Type, string | undefined>());
const MAX_DEPTH = 12;
const { DefinitionType } = TSESLintValues.Scope;

/** More than one write reference (the declaration's initializer counts as one): counted without building a list. */
function writtenMoreThanOnce(variable: TSESLint.Scope.Variable): boolean {
  let writes = 0;
  for (const ref of variable.references) if (ref.isWrite() && ++writes > 1) return true;
  return false;
}

const familyOfModule = (module: string): ApiFamily | undefined => {
  const direct = MODULE_FAMILY[module];
  if (direct) return direct;
  const base = packageName(module);
  return base === undefined ? undefined : MODULE_FAMILY[base];
};

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative paths. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  // what `specifier.replace(/^node:/, '').split('/')` then parts 0 (and 1 for scopes) give, without building them
  if (specifier.startsWith('@')) {
    const slash = specifier.indexOf('/');
    if (slash < 0) return undefined;
    const next = specifier.indexOf('/', slash + 1);
    return next < 0 ? specifier : specifier.slice(0, next);
  }
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

const propertyName = (node: TSESTree.MemberExpression): string | undefined => {
  if (!node.computed) {
    return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : `#${node.property.name}`;
  }
  if (node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string') {
    return node.property.value;
  }
  return undefined;
};

const unwrap = (node: TSESTree.Node): TSESTree.Node => {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.AwaitExpression:
        current = current.argument;
        break;
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
};

/** `a.b.c` as text (for messages); `…` for parts that are not plain names. */
export function calleeText(node: TSESTree.Node): string {
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier:
      return inner.name;
    case AST_NODE_TYPES.ThisExpression:
      return 'this';
    case AST_NODE_TYPES.MemberExpression:
      return `${calleeText(inner.object)}.${propertyName(inner) ?? '[…]'}`;
    case AST_NODE_TYPES.CallExpression:
      return `${calleeText(inner.callee)}(…)`;
    case AST_NODE_TYPES.NewExpression:
      return `new ${calleeText(inner.callee)}(…)`;
    default:
      return '…';
  }
}

/** Is this URL argument relative / same-origin (true), absolute (false) or unknown (undefined)? */
export function isRelativeUrl(arg: TSESTree.Node | undefined, resolveConst: (id: TSESTree.Identifier) => TSESTree.Node | undefined, depth = 0): boolean | undefined {
  if (!arg || depth > 4) return undefined;
  const node = unwrap(arg);
  const classify = (text: string): boolean | undefined => {
    if (text === '') return undefined;
    if (text.startsWith('//')) return false;
    if (/^(?:data|blob):/i.test(text)) return true;
    if (/^[a-z][a-z\d+.-]*:/i.test(text)) return false;
    return true;
  };
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' ? classify(node.value) : undefined;
    case AST_NODE_TYPES.TemplateLiteral: {
      const head = node.quasis[0]?.value.cooked ?? '';
      if (head === '' && node.expressions.length > 0) {
        const first = node.expressions[0];
        return first ? isRelativeUrl(first, resolveConst, depth + 1) : undefined;
      }
      return classify(head);
    }
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' ? isRelativeUrl(node.left, resolveConst, depth + 1) : undefined;
    case AST_NODE_TYPES.Identifier: {
      const init = resolveConst(node);
      return init ? isRelativeUrl(init, resolveConst, depth + 1) : undefined;
    }
    case AST_NODE_TYPES.MemberExpression:
      // `location.origin + '/api'`, `window.location.href`: the page's own origin
      return SAME_ORIGIN.has(calleeText(node)) ? true : undefined;
    case AST_NODE_TYPES.NewExpression: {
      // `new URL('./data.json', import.meta.url)`, `new URL('/api', location.origin)`
      const [first, base] = node.arguments;
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'URL' || !first) return undefined;
      if (!base) return isRelativeUrl(first, resolveConst, depth + 1) === false ? false : undefined;
      const baseIsLocal = base.type === AST_NODE_TYPES.MemberExpression && (SAME_ORIGIN.has(calleeText(base)) || isImportMetaUrl(base));
      const firstRelative = isRelativeUrl(first, resolveConst, depth + 1);
      if (firstRelative === false) return false;
      return baseIsLocal && firstRelative === true ? true : undefined;
    }
    default:
      return undefined;
  }
}

const SAME_ORIGIN = new Set(
  ['location', 'window.location', 'self.location', 'globalThis.location', 'document.location'].flatMap((base) => [`${base}.origin`, `${base}.href`]),
);

const isImportMetaUrl = (node: TSESTree.MemberExpression): boolean =>
  node.object.type === AST_NODE_TYPES.MetaProperty && node.object.meta.name === 'import' && propertyName(node) === 'url';

/** Per file: the detectors made so far, by the options they were made with (see sharedExternalCallDetector). */
const sharedDetectors = perFile(() => new Map<string, ExternalCallDetector>());

/**
 * The detector for this file and these options, shared by every rule that asks with the same options,
 * with each call's answer kept: `require-rate-limit` and `rate-limit-matches-code` ask about the same
 * calls of a file, and the second one now reads the first one's answers. The options key is the API
 * list's JSON and whether type information is used (the parser services are one object per file).
 */
export function sharedExternalCallDetector(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: ExternalCallDetectorOptions,
): ExternalCallDetector {
  const { sourceCode } = context;
  const byOptions = sharedDetectors(sourceCode);
  const key = `${options.services ? 'types' : 'syntax'}:${JSON.stringify(options.apis)}`;
  let detector = byOptions.get(key);
  if (!detector) {
    const inner = createExternalCallDetector(context, options);
    const answers = new Map<TSESTree.CallExpression, ExternalCall | undefined>();
    detector = {
      originOf: (node) => inner.originOf(node),
      check(call) {
        if (answers.has(call)) return answers.get(call);
        const found = inner.check(call);
        answers.set(call, found);
        return found;
      },
    };
    byOptions.set(key, detector);
  }
  return detector;
}

export function createExternalCallDetector(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: ExternalCallDetectorOptions,
): ExternalCallDetector {
  const { sourceCode } = context;
  const filename = context.filename.replace(/\\/g, '/');

  // every call asks these for the few module names of its file: answer each name once
  const packages = new Map<string, string | undefined>();
  const families = new Map<string, ApiFamily | undefined>();
  const packageOf = (module: string): string | undefined => {
    if (packages.has(module)) return packages.get(module);
    const found = packageName(module);
    packages.set(module, found);
    return found;
  };
  const familyOf = (module: string): ApiFamily | undefined => {
    if (families.has(module)) return families.get(module);
    const found = familyOfModule(module);
    families.set(module, found);
    return found;
  };

  const variableOf = (id: TSESTree.Identifier): TSESLint.Scope.Variable | null => {
    try {
      return ASTUtils.findVariable(sourceCode.getScope(id), id);
    } catch {
      return null;
    }
  };

  /** The single value a `const` (or never reassigned `let`/`var`) holds, if it is declared with one. */
  const constInit = (id: TSESTree.Identifier): TSESTree.Node | undefined => {
    const variable = variableOf(id);
    const def = variable?.defs[0];
    if (!variable || !def || def.type !== DefinitionType.Variable || variable.defs.length !== 1) return undefined;
    const declarator = def.node;
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
    if (def.parent.kind !== 'const' && writtenMoreThanOnce(variable)) return undefined;
    return declarator.init;
  };

  /**
   * Origins that depend only on a name (globals) or on a variable (imports) are built once per file and
   * shared by every reference: an Origin is never modified after it is made (derived origins are copies).
   */
  const globalOrigins = new Map<string, Origin>();
  const globalOrigin = (name: string): Origin => {
    let origin = globalOrigins.get(name);
    if (!origin) {
      origin = { module: 'globalThis', root: name, localName: name, instance: false, members: [] };
      globalOrigins.set(name, origin);
    }
    return origin;
  };
  const importOrigins = new Map<TSESLint.Scope.Variable, Origin | undefined>();

  const originOfTypeAnnotation = (annotation: TSESTree.TypeNode | undefined, depth: number): Origin | undefined => {
    if (annotation?.type === AST_NODE_TYPES.TSUnionType) {
      // `OpenAI | undefined`, `AxiosInstance | null`
      const concrete = annotation.types.filter((t) => t.type !== AST_NODE_TYPES.TSUndefinedKeyword && t.type !== AST_NODE_TYPES.TSNullKeyword);
      return concrete.length === 1 ? originOfTypeAnnotation(concrete[0], depth) : undefined;
    }
    if (!annotation || annotation.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
    let name: TSESTree.EntityName = annotation.typeName;
    const members: string[] = [];
    while (name.type === AST_NODE_TYPES.TSQualifiedName) {
      members.unshift(name.right.name);
      name = name.left;
    }
    if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
    const origin = originOfIdentifier(name, depth + 1);
    if (!origin || origin.module === 'globalThis') return undefined;
    return { ...origin, members: [...origin.members, ...members], instance: true };
  };

  const originOfIdentifier = (id: TSESTree.Identifier, depth: number): Origin | undefined => {
    if (!reach(depth)) return undefined;
    const variable = variableOf(id);
    if (!variable || variable.defs.length === 0) return globalOrigin(id.name);
    const def = variable.defs[0];
    if (!def) return undefined;
    switch (def.type) {
      case DefinitionType.ImportBinding: {
        // every reference to an import has the same origin (`localName` is the binding's own name)
        if (importOrigins.has(variable)) return importOrigins.get(variable);
        const origin = ((): Origin | undefined => {
          const spec = def.node;
          const declaration = def.parent;
          if (spec.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
            // `import OpenAI = require('openai')`
            const reference = spec.moduleReference;
            if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference || reference.expression.type !== AST_NODE_TYPES.Literal) return undefined;
            return { module: String(reference.expression.value), root: '*', localName: id.name, instance: false, members: [] };
          }
          if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
          const module = declaration.source.value;
          if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
            return { module, root: 'default', localName: id.name, instance: false, members: [] };
          }
          if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
            return { module, root: '*', localName: id.name, instance: false, members: [] };
          }
          if (spec.type === AST_NODE_TYPES.ImportSpecifier) {
            const imported = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : String(spec.imported.value);
            return { module, root: imported, localName: id.name, instance: false, members: [] };
          }
          return undefined;
        })();
        importOrigins.set(variable, origin);
        return origin;
      }
      case DefinitionType.Variable: {
        const declarator = def.node;
        if (!declarator.init) return annotationOrigin(declarator.id.typeAnnotation?.typeAnnotation, depth);
        if (def.parent.kind !== 'const' && writtenMoreThanOnce(variable)) return undefined;
        const initOrigin = originOf(declarator.init, depth + 1);
        if (!initOrigin) return annotationOrigin(declarator.id.typeAnnotation?.typeAnnotation, depth);
        if (declarator.id.type === AST_NODE_TYPES.Identifier) return initOrigin;
        if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
          for (const property of declarator.id.properties) {
            if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
            const valueNode = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
            if (valueNode !== def.name) continue;
            const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
            return key === undefined ? undefined : appendMember(initOrigin, key);
          }
        }
        return undefined;
      }
      case DefinitionType.Parameter: {
        const name = def.name;
        if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
        return annotationOrigin(name.typeAnnotation?.typeAnnotation, depth);
      }
      default:
        return undefined;
    }
  };

  const appendMember = (origin: Origin, member: string): Origin => {
    if (!origin.instance && origin.root === '*' && origin.members.length === 0) {
      return { ...origin, root: member, viaNamespace: true };
    }
    return { ...origin, members: [...origin.members, member] };
  };

  /** `this.client` inside a class: the field's initializer, type annotation or constructor assignment. */
  const originOfThisMember = (node: TSESTree.MemberExpression, name: string, depth: number): Origin | undefined => {
    let fn: TSESTree.Node | undefined = node.parent;
    while (fn && (fn.type !== AST_NODE_TYPES.FunctionExpression && fn.type !== AST_NODE_TYPES.FunctionDeclaration && fn.type !== AST_NODE_TYPES.ClassBody)) {
      fn = fn.parent;
    }
    let classBody: TSESTree.ClassBody | undefined;
    if (fn?.type === AST_NODE_TYPES.ClassBody) classBody = fn;
    else if (fn?.type === AST_NODE_TYPES.FunctionExpression && fn.parent.type === AST_NODE_TYPES.MethodDefinition) {
      classBody = fn.parent.parent;
    } else if (fn?.type === AST_NODE_TYPES.FunctionExpression && fn.parent.type === AST_NODE_TYPES.PropertyDefinition) {
      classBody = fn.parent.parent;
    }
    if (!classBody) return undefined;
    for (const member of classBody.body) {
      if (
        (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
        !member.computed &&
        member.key.type === AST_NODE_TYPES.Identifier &&
        member.key.name === name
      ) {
        const fromValue = member.value ? originOf(member.value, depth + 1) : undefined;
        if (fromValue) return fromValue;
        const fromType = annotationOrigin(member.typeAnnotation?.typeAnnotation, depth);
        if (fromType) return fromType;
      }
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
        for (const param of member.value.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const inner = param.parameter;
          const id = inner.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
          if (id.type !== AST_NODE_TYPES.Identifier || id.name !== name) continue;
          if (inner.type === AST_NODE_TYPES.AssignmentPattern) {
            const fromDefault = originOf(inner.right, depth + 1);
            if (fromDefault) return fromDefault;
          }
          const fromType = annotationOrigin(id.typeAnnotation?.typeAnnotation, depth);
          if (fromType) return fromType;
        }
        for (const statement of member.value.body?.body ?? []) {
          if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
          const expr = statement.expression;
          if (
            expr.type === AST_NODE_TYPES.AssignmentExpression &&
            expr.left.type === AST_NODE_TYPES.MemberExpression &&
            expr.left.object.type === AST_NODE_TYPES.ThisExpression &&
            propertyName(expr.left) === name
          ) {
            const fromAssignment = originOf(expr.right, depth + 1);
            if (fromAssignment) return fromAssignment;
          }
        }
      }
    }
    return undefined;
  };

  /**
   * `originOf` is asked again for the same nodes: every call of a chain (`db.select().from(t).where(…)`)
   * resolves the whole chain below it. Results are kept per node with the depth their computation
   * reached (`span`), and reused only where a fresh computation could not hit MAX_DEPTH either
   * (`depth + span <= MAX_DEPTH`); a computation that hit the limit is not kept. So a cached answer is
   * always the one the uncached recursion would give.
   */
  const originMemo = new Map<TSESTree.Node, { origin: Origin | undefined; span: number }>();
  /** the deepest `depth` reached by the computation in progress, and whether it hit MAX_DEPTH */
  let deepest = 0;
  let truncated = false;
  const reach = (depth: number): boolean => {
    if (depth > deepest) deepest = depth;
    if (depth > MAX_DEPTH) {
      truncated = true;
      return false;
    }
    return true;
  };

  const originOf = (raw: TSESTree.Node, depth = 0): Origin | undefined => memoOrigin(raw, depth, false);
  /**
   * `originOfTypeAnnotation` through the same memo, keyed by the annotation: every reference to a parameter
   * (`db` in `db.prepare(…)`, `db.transaction(…)`) then shares one Origin instead of building its own.
   */
  const annotationOrigin = (annotation: TSESTree.TypeNode | undefined, depth: number): Origin | undefined =>
    annotation ? memoOrigin(annotation, depth, true) : undefined;

  /** `originOf` (or, with `annotation`, `originOfTypeAnnotation`) memoised per node with the depth it needed. */
  const memoOrigin = (raw: TSESTree.Node, depth: number, annotation: boolean): Origin | undefined => {
    const memo = originMemo.get(raw);
    if (memo && depth + memo.span <= MAX_DEPTH) {
      if (depth + memo.span > deepest) deepest = depth + memo.span;
      return memo.origin;
    }
    const outerDeepest = deepest;
    const outerTruncated = truncated;
    deepest = depth;
    truncated = false;
    const origin = annotation ? originOfTypeAnnotation(raw as TSESTree.TypeNode, depth) : computeOrigin(raw, depth);
    if (!truncated) originMemo.set(raw, { origin, span: deepest - depth });
    deepest = Math.max(outerDeepest, deepest);
    truncated ||= outerTruncated;
    return origin;
  };

  const computeOrigin = (raw: TSESTree.Node, depth: number): Origin | undefined => {
    if (!reach(depth)) return undefined;
    const node = unwrap(raw);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return originOfIdentifier(node, depth);
      case AST_NODE_TYPES.MemberExpression: {
        const name = propertyName(node);
        if (name === undefined) return undefined;
        if (node.object.type === AST_NODE_TYPES.ThisExpression) return originOfThisMember(node, name, depth);
        const objectOrigin = originOf(node.object, depth + 1);
        if (!objectOrigin) return undefined;
        // inside a database package everything is "not an API client" (see DATABASE_PACKAGES): one Origin serves
        if (fromDatabase(objectOrigin)) return objectOrigin;
        if (objectOrigin.module === 'globalThis' && GLOBAL_OBJECTS.has(objectOrigin.root) && objectOrigin.members.length === 0) {
          return globalOrigin(name);
        }
        return appendMember(objectOrigin, name);
      }
      case AST_NODE_TYPES.NewExpression: {
        const ctor = originOf(node.callee, depth + 1);
        if (!ctor || ctor.module === 'globalThis' || ctor.instance) return undefined;
        const first = node.arguments[0];
        const created: Origin = { ...ctor, instance: true, members: [] };
        if (first?.type === AST_NODE_TYPES.ObjectExpression) created.options = first;
        return created;
      }
      case AST_NODE_TYPES.CallExpression: {
        if (isRequireCall(node)) {
          const arg = node.arguments[0];
          if (arg?.type === AST_NODE_TYPES.Literal && typeof arg.value === 'string') {
            return { module: arg.value, root: '*', localName: arg.value, instance: false, members: [] };
          }
          return undefined;
        }
        const callee = originOf(node.callee, depth + 1);
        if (!callee || callee.module === 'globalThis') return undefined;
        const factoryNames = FACTORIES[packageOf(callee.module) ?? ''];
        const last = callee.members[callee.members.length - 1] ?? (callee.instance ? undefined : callee.root);
        if (factoryNames && last !== undefined && factoryNames.has(last)) {
          const created: Origin = { ...callee, instance: true, members: [] };
          const first = node.arguments[0];
          if (first?.type === AST_NODE_TYPES.ObjectExpression) created.options = first;
          else if (callee.options) created.options = callee.options;
          return created;
        }
        if (fromDatabase(callee)) return callee;
        return undefined;
      }
      default:
        return undefined;
    }
  };

  /**
   * A value of a database package (DATABASE_PACKAGES), when `apis` is empty: whatever is read from it or
   * returned by calling it is one of its statements, builders or rows, never an API client, so `check` ends
   * at "not an API call" for all of them and one Origin (the package's first) stands for every such value.
   */
  const fromDatabase = (origin: Origin): boolean =>
    options.apis.length === 0 && origin.module !== 'globalThis' && DATABASE_PACKAGES.has(packageOf(origin.module) ?? '');

  const isRequireCall = (node: TSESTree.CallExpression): boolean =>
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    !variableOf(node.callee)?.defs.length;

  const fetchLike = (call: TSESTree.CallExpression): boolean => {
    const relative = isRelativeUrl(call.arguments[0], constInit);
    return relative !== true;
  };

  const make = (call: TSESTree.CallExpression, family: ApiFamily, module: string, api: string, origin: Origin | undefined, via: 'syntax' | 'types'): ExternalCall => {
    const result: ExternalCall = { node: call, family, module, api, callee: calleeText(call.callee), via };
    if (origin?.options) result.clientOptions = origin.options;
    return result;
  };

  const classifyKnown = (call: TSESTree.CallExpression, origin: Origin, via: 'syntax' | 'types'): ExternalCall | undefined => {
    const family = origin.module === 'globalThis' ? undefined : familyOf(origin.module);
    const members = origin.members;
    // `import { got } from 'got'` is the same function as the default export
    const isDefaultRoot = origin.root === 'default' || origin.root === '*' || (family !== undefined && origin.root === family && !origin.viaNamespace);
    const isDefaultCall = !origin.instance && isDefaultRoot && members.length === 0;
    switch (family) {
      case 'openai':
      case 'anthropic': {
        if (!origin.instance || members.length === 0) return undefined;
        const last = members[members.length - 1];
        if (last === 'withOptions') return undefined;
        const path = members.length > 1 ? members.slice(0, -1) : members;
        return make(call, family, origin.module, `${SHORT_NAME[family]}.${path.join('.')}`, origin, via);
      }
      case 'axios':
      case 'got':
      case 'ky': {
        const methods = family === 'axios' ? AXIOS_METHODS : family === 'got' ? GOT_METHODS : HTTP_VERBS;
        const called = origin.instance
          ? members.length === 0 || (members.length === 1 && methods.has(members[0] ?? ''))
          : isDefaultCall ||
            (members.length === 1 && isDefaultRoot && methods.has(members[0] ?? '')) ||
            (origin.viaNamespace === true && members.length === 0 && methods.has(origin.root));
        return called ? make(call, family, origin.module, family, origin, via) : undefined;
      }
      case 'undici': {
        if (origin.instance) {
          return members.length === 1 && UNDICI_INSTANCE_METHODS.has(members[0] ?? '') ? make(call, family, origin.module, 'undici', origin, via) : undefined;
        }
        if (members.length !== 0) return undefined;
        if (origin.root === 'fetch') return fetchLike(call) ? make(call, family, origin.module, 'fetch', origin, via) : undefined;
        return UNDICI_FUNCTIONS.has(origin.root) ? make(call, family, origin.module, 'undici', origin, via) : undefined;
      }
      case 'node-fetch':
      case 'cross-fetch': {
        const isFetch = isDefaultCall || (!origin.instance && members.length === 0 && origin.root === 'fetch');
        return isFetch && fetchLike(call) ? make(call, family, origin.module, 'fetch', origin, via) : undefined;
      }
      default:
        break;
    }
    if (origin.module === 'globalThis' && origin.root === 'fetch' && members.length === 0 && !origin.instance) {
      return fetchLike(call) ? make(call, 'fetch', 'globalThis', 'fetch', origin, via) : undefined;
    }
    return undefined;
  };

  const specNames = (name: string | string[]): string[] => (Array.isArray(name) ? name : [name]);

  /** The `apis` option, matched on syntax. */
  const classifyCustom = (call: TSESTree.CallExpression, origin: Origin | undefined): ExternalCall | undefined => {
    if (options.apis.length === 0) return undefined;
    const written = calleeText(call.callee);
    for (const spec of options.apis) {
      if (typeof spec === 'string') {
        if (origin && origin.module !== 'globalThis' && (origin.module === spec || origin.module.startsWith(`${spec}/`))) {
          if (!origin.instance && origin.members.length === 0 && origin.root !== 'default' && origin.root !== '*' && /^[A-Z]/.test(origin.root)) {
            continue; // calling a class without `new` is not a request
          }
          return make(call, 'custom', origin.module, spec, origin, 'syntax');
        }
        const dotted = origin ? [origin.localName, ...origin.members].join('.') : written;
        if (written === spec || dotted === spec || (origin?.module === 'globalThis' && origin.root === spec)) {
          return make(call, 'custom', origin?.module ?? spec, spec, origin, 'syntax');
        }
        continue;
      }
      if (!origin) continue;
      const names = specNames(spec.name);
      if (spec.from === 'package') {
        if (origin.module !== spec.package && !origin.module.startsWith(`${spec.package}/`)) continue;
        const rootName = origin.root === 'default' || origin.root === '*' ? origin.localName : origin.root;
        const hit = names.includes(rootName) || (origin.root === '*' && origin.members[0] !== undefined && names.includes(origin.members[0]));
        if (hit) return make(call, 'custom', origin.module, [rootName, ...origin.members.slice(0, -1)].join('.'), origin, 'syntax');
      } else if (spec.from === 'lib') {
        if (origin.module === 'globalThis' && names.includes(origin.root)) return make(call, 'custom', 'globalThis', origin.root, origin, 'syntax');
      } else if (origin.module.startsWith('.') && names.includes(origin.root === 'default' ? origin.localName : origin.root)) {
        if (spec.path === undefined || origin.module.includes(spec.path.replace(/\.[cm]?[jt]sx?$/, '').replace(/^\.\//, ''))) {
          return make(call, 'custom', origin.module, origin.root === 'default' ? origin.localName : origin.root, origin, 'syntax');
        }
      }
    }
    // { from: 'file' } also names functions declared in this very file.
    const callee = unwrap(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const def = variableOf(callee)?.defs[0];
      if (def && (def.type === DefinitionType.FunctionName || def.type === DefinitionType.ClassName || def.type === DefinitionType.Variable)) {
        for (const spec of options.apis) {
          if (typeof spec === 'string' || spec.from !== 'file') continue;
          if (!specNames(spec.name).includes(callee.name)) continue;
          if (spec.path !== undefined && !filename.endsWith(spec.path.replace(/^\.\//, ''))) continue;
          return make(call, 'custom', filename, callee.name, undefined, 'syntax');
        }
      }
    }
    return undefined;
  };

  const apiSpecifiers = [...options.apis];
  /** No `apis` entry names a global type (`{ from: 'lib' }`), so built-in receivers can be skipped. */
  const noLibSpecifiers = !options.apis.some((spec) => typeof spec !== 'string' && spec.from === 'lib');

  const isGlobalName = (id: TSESTree.Identifier): boolean => {
    const variable = variableOf(id);
    return !variable || variable.defs.length === 0;
  };

  /** A type annotation whose values and their members are never clients: primitives, arrays, tuples, Map/Set. */
  const neverClientAnnotation = (annotation: TSESTree.TypeNode | undefined): boolean => {
    if (!annotation) return false;
    if (PRIMITIVE_ANNOTATIONS.has(annotation.type)) return true;
    switch (annotation.type) {
      case AST_NODE_TYPES.TSArrayType:
      case AST_NODE_TYPES.TSTupleType:
        return true;
      case AST_NODE_TYPES.TSTypeOperator:
        return annotation.operator === 'readonly' && neverClientAnnotation(annotation.typeAnnotation);
      case AST_NODE_TYPES.TSUnionType:
        return annotation.types.every(
          (t) => t.type === AST_NODE_TYPES.TSUndefinedKeyword || t.type === AST_NODE_TYPES.TSNullKeyword || neverClientAnnotation(t),
        );
      case AST_NODE_TYPES.TSTypeReference:
        return (
          annotation.typeName.type === AST_NODE_TYPES.Identifier &&
          ['Array', 'ReadonlyArray', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet'].includes(annotation.typeName.name) &&
          isGlobalName(annotation.typeName)
        );
      default:
        return false;
    }
  };

  /**
   * Cheap syntax filter before any type lookup: the root receiver of the chain is declared in this file as
   * a literal, an array, a template, `new Map/Set/…`, or with a primitive / array annotation, so neither it
   * nor any member read from it can be a client. Object literals are never skipped (`{ llm: client }`).
   */
  const receiverNeverClient = (root: TSESTree.Node, first: TSESTree.Node | undefined): boolean => {
    if (root.type === AST_NODE_TYPES.Literal || root.type === AST_NODE_TYPES.TemplateLiteral || root.type === AST_NODE_TYPES.ArrayExpression) return true;
    if (root.type === AST_NODE_TYPES.ThisExpression) return first?.type === AST_NODE_TYPES.MemberExpression && fieldNeverClient(first);
    if (root.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = variableOf(root);
    const def = variable?.defs[0];
    if (!variable || !def || variable.defs.length !== 1) return false;
    if (def.type === DefinitionType.Parameter) {
      return def.name.type === AST_NODE_TYPES.Identifier && neverClientAnnotation(def.name.typeAnnotation?.typeAnnotation);
    }
    if (def.type !== DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier) return false;
    if (def.node.id.typeAnnotation) return neverClientAnnotation(def.node.id.typeAnnotation.typeAnnotation);
    // a reassigned `let` may later hold anything
    if (def.parent.kind !== 'const' && writtenMoreThanOnce(variable)) return false;
    return initNeverClient(def.node.init);
  };

  /** An initial value that is a literal, an array, a template or `new Map/Set/…` of the global built-ins. */
  const initNeverClient = (raw: TSESTree.Node | null | undefined): boolean => {
    const init = raw ? unwrap(raw) : undefined;
    if (!init) return false;
    switch (init.type) {
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ArrayExpression:
        return true;
      case AST_NODE_TYPES.NewExpression:
        return init.callee.type === AST_NODE_TYPES.Identifier && BUILTIN_CONSTRUCTORS.has(init.callee.name) && isGlobalName(init.callee);
      default:
        return false;
    }
  };

  /**
   * `this.seen` read in a method, constructor, accessor or field initialiser of the class that declares the
   * field `seen` exactly once, with a never-client annotation or (none and) initial value
   * (`private seen = new Set<string>()`): the field's declared type is then a built-in, which assignments
   * elsewhere cannot widen (TypeScript narrows on assignment only for union types), so the same filter as
   * for a local `const` holds. Anything less certain (another class's `this`, a static/instance mismatch,
   * computed member names, a parameter property, a key or decorator evaluated outside) is not skipped.
   */
  const fieldNeverClient = (member: TSESTree.MemberExpression): boolean => {
    const name = propertyName(member);
    if (name === undefined) return false;
    let classBody: TSESTree.ClassBody | undefined;
    let isStatic = false;
    let child: TSESTree.Node = member;
    for (let node: TSESTree.Node | undefined = member.parent; node && !classBody; child = node, node = node.parent) {
      switch (node.type) {
        case AST_NODE_TYPES.ArrowFunctionExpression:
          break; // arrows keep the enclosing `this`
        case AST_NODE_TYPES.FunctionExpression:
          if (node.parent.type !== AST_NODE_TYPES.MethodDefinition || node.parent.value !== node) return false;
          classBody = node.parent.parent;
          isStatic = node.parent.static;
          break;
        case AST_NODE_TYPES.PropertyDefinition:
          if (node.value !== child) return false;
          classBody = node.parent;
          isStatic = node.static;
          break;
        case AST_NODE_TYPES.FunctionDeclaration:
        case AST_NODE_TYPES.StaticBlock:
        case AST_NODE_TYPES.ClassBody:
        case AST_NODE_TYPES.Program:
          return false;
        default:
          break;
      }
    }
    if (!classBody) return false;
    let field: TSESTree.PropertyDefinition | undefined;
    for (const element of classBody.body) {
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
        const shadowed = element.value.params.some((param) => {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) return false;
          const id = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          return id.type === AST_NODE_TYPES.Identifier && id.name === name;
        });
        if (shadowed) return false;
      }
      if (element.type === AST_NODE_TYPES.StaticBlock || element.type === AST_NODE_TYPES.TSIndexSignature) continue;
      if (element.computed) return false;
      const key = element.key;
      const keyName =
        key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${key.name}` : String(key.value);
      if (keyName !== name) continue;
      if (field || element.type !== AST_NODE_TYPES.PropertyDefinition) return false;
      field = element;
    }
    if (!field || field.static !== isStatic) return false;
    const annotation = field.typeAnnotation?.typeAnnotation;
    return annotation ? neverClientAnnotation(annotation) : initNeverClient(field.value);
  };

  /** `declaringModule`, cached per type for this file (shared by every rule through the SourceCode). */
  const moduleOfType = (type: ts.Type, program: ts.Program): string | undefined => {
    const cache = typeCaches(sourceCode);
    if (cache.has(type)) return cache.get(type);
    const found = declaringModule(type, program);
    cache.set(type, found);
    return found;
  };

  /** Type-checker fallback for receivers the syntax could not place (parameters, untyped fields, returns). */
  const classifyTyped = (call: TSESTree.CallExpression): ExternalCall | undefined => {
    const services = options.services;
    if (!services) return undefined;
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    // cheap syntax checks first, type lookups last; nothing is allocated for a call they rule out
    // (a member whose name is not static also means "not a call we can place": undefined either way)
    const method = propertyName(callee);
    if (method === undefined) return undefined;
    if (options.apis.length === 0 && NEVER_CLIENT_METHODS.has(method)) return undefined;
    let current: TSESTree.Node = callee;
    let first: TSESTree.Node | undefined; // the receiver right above the root (`this.seen` in `this.seen.add`)
    while (current.type === AST_NODE_TYPES.MemberExpression) {
      if (propertyName(current) === undefined) return undefined;
      first = current;
      current = unwrap(current.object);
    }
    if (noLibSpecifiers && receiverNeverClient(current, first === callee ? undefined : first)) return undefined;
    // the receivers from the root outwards: `deps`, `deps.llm`, `deps.llm.chat`, `deps.llm.chat.completions`
    const receivers: { node: TSESTree.Node; rest: string[] }[] = [];
    const names: string[] = [];
    for (let member: TSESTree.Node = callee; member.type === AST_NODE_TYPES.MemberExpression; ) {
      names.unshift(propertyName(member) as string);
      member = unwrap(member.object);
      receivers.unshift({ node: member, rest: [...names] });
    }
    const program = services.program;
    let module: string | undefined;
    let members: string[] = names;
    let type: ts.Type | undefined;
    // each receiver's type is asked for once, even when the `apis` pass below needs it again
    const looked = new Map<TSESTree.Node, ts.Type | undefined>();
    const typeOf = (node: TSESTree.Node): ts.Type | undefined => {
      if (looked.has(node)) return looked.get(node);
      let found: ts.Type | undefined;
      try {
        found = services.getTypeAtLocation(node);
      } catch {
        found = undefined;
      }
      looked.set(node, found);
      return found;
    };
    for (const candidate of receivers) {
      if (candidate.node.type === AST_NODE_TYPES.ThisExpression) continue;
      const candidateType = typeOf(candidate.node);
      if (!candidateType) continue;
      const found = moduleOfType(candidateType, program);
      type ??= candidateType;
      if (found === undefined) continue;
      module = found;
      members = candidate.rest;
      type = candidateType;
      break;
    }
    if (!type) return undefined;
    if (module !== undefined) {
      const family = familyOf(module);
      if (family) {
        const origin: Origin = { module, root: 'default', localName: module, instance: true, members };
        const known = classifyKnown(call, origin, 'types');
        if (known) return known;
      }
    }
    if (options.apis.length > 0) {
      // typescript-eslint semantics: a string names a type, objects name a package / file / lib type
      for (const candidate of receivers) {
        if (candidate.node.type === AST_NODE_TYPES.ThisExpression) continue;
        const candidateType = typeOf(candidate.node);
        let matches: boolean;
        try {
          matches = candidateType !== undefined && typeMatchesSomeSpecifier(candidateType, apiSpecifiers, program);
        } catch {
          matches = false;
        }
        if (matches) {
          return make(call, 'custom', module ?? 'types', [calleeText(candidate.node), ...candidate.rest.slice(0, -1)].join('.'), undefined, 'types');
        }
      }
    }
    if (module !== undefined) {
      for (const spec of options.apis) {
        if (typeof spec === 'string' && (module === spec || module.startsWith(`${spec}/`))) {
          return make(call, 'custom', module, spec, undefined, 'types');
        }
      }
    }
    return undefined;
  };

  return {
    originOf: (node) => originOf(node),
    check(call) {
      try {
        const callee = unwrap(call.callee);
        if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
        const origin = originOf(callee);
        if (origin) {
          const known = classifyKnown(call, origin, 'syntax');
          if (known) return known;
        }
        const custom = classifyCustom(call, origin);
        if (custom) return custom;
        if (origin?.module && origin.module !== 'globalThis') return undefined;
        // globals such as console, Math, JSON are never clients: skip the (expensive) type lookup
        if (origin?.module === 'globalThis' && !GLOBAL_OBJECTS.has(origin.root)) return undefined;
        return classifyTyped(call);
      } catch {
        return undefined;
      }
    },
  };
}


/**
 * The npm package (or ambient `declare module '…'`) that declares the type's symbol, if any:
 * `node_modules/.pnpm/openai@6/node_modules/openai/client.d.ts` → `openai`.
 */
export function declaringModule(type: ts.Type, program?: ts.Program): string | undefined {
  if (type.isUnion()) {
    // `OpenAI | undefined`: the one declared in a package decides
    for (const member of type.types) {
      const found = declaringModule(member, program);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const declarations = symbol?.getDeclarations() ?? [];
  for (const declaration of declarations) {
    const sourceFile = declaration.getSourceFile();
    // lib.*.d.ts (Array, String, Map, Promise…) never declares a package's types: skip the parent walk
    if (program?.isSourceFileDefaultLibrary(sourceFile) === true) continue;
    let node: ts.Node | undefined = declaration;
    while (node) {
      // ts.SyntaxKind.ModuleDeclaration with a string-literal name: `declare module 'openai' { … }`
      const name = (node as ts.Node & { name?: ts.Node & { text?: string } }).name;
      if (isAmbientModule(node) && typeof name?.text === 'string') return name.text;
      node = node.parent;
    }
    const fileName = sourceFile.fileName.replace(/\\/g, '/');
    const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(fileName);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** `declare module 'openai' { … }` (a ModuleDeclaration whose name is a string literal). */
function isAmbientModule(node: ts.Node): boolean {
  const name = (node as ts.Node & { name?: ts.Node }).name;
  if (!name || !('body' in node)) return false;
  // a string-literal name has `text` but no `escapedText` (identifiers have both); avoids getText()
  if (!('text' in name) || 'escapedText' in name) return false;
  const last = name.getSourceFile().text.charCodeAt(name.end - 1);
  return last === 0x27 || last === 0x22;
}
