/**
 * Which datasets a function reads and writes: SQL text, drizzle / kysely / knex query builders,
 * better-sqlite3 statements and `fs` files with literal paths.
 *
 * @rationale Detect data access from syntax and scope, once per function and file
 *   why: `require-lineage` needs "does this function touch data?" and `lineage-matches-code` needs "which
 *     tables and files, read or written?". Both ask about the same nodes, so results are cached per
 *     SourceCode. Query builders are recognised by their distinctive chains (`insert(t).values`,
 *     `select().from(t)`, `selectFrom('t')`) and `fs` calls by their import, so `map.delete(key)` or
 *     `Array.from(x)` never count.
 *   alternatives: type information for every builder (slow, and `require-lineage` is untyped); matching
 *     method names alone (false positives on Map/Set/Array methods)
 *   tradeoffs: a table or path computed at run time (`FROM ${table}`, `readFile(path)`) is reported as
 *     `dynamic` (SQL) or not at all (files): its name cannot be checked against `@lineage`
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { extractSql, mightBeSql, SQL_HOLE } from './sql.js';
import type { SqlAccessMode } from './sql.js';
import {
  calleeMethod,
  chainBase,
  constInit,
  forEachChild,
  importOrigin,
  methodsAbove,
  methodsBelow,
  propertyName,
  resolveVariable,
  scanListOf,
  staticString,
  unwrap,
} from './resolve.js';
import { perFile } from '../util/perFile.js';

export type DatasetVia = 'sql' | 'drizzle' | 'kysely' | 'knex' | 'better-sqlite3' | 'fs';

export interface DatasetAccess {
  mode: SqlAccessMode;
  /**
   * `name` as the code writes it: `main.orders` (schema-qualified SQL), `orders`, or a file path.
   * `namespace` is `file` for files and absent for tables (the code does not say which database).
   */
  dataset: { namespace?: string; name: string };
  via: DatasetVia;
  /** the call, string or template literal that performs the access */
  node: TSESTree.Node;
  /** the exact place of the table name inside a string, when it can be mapped back to the source */
  loc?: TSESTree.SourceLocation;
  /** part of the name comes from a template hole (`FROM ${table}`); it cannot be matched against `@lineage` */
  dynamic?: boolean;
}

type Context = { sourceCode: Readonly<TSESLint.SourceCode> };
type FunctionLike = TSESTree.Node;

/** Per file: the accesses found so far, by function (or Program) node. */
const accessesOf = perFile(() => new WeakMap<TSESTree.Node, readonly DatasetAccess[]>());

/** Methods whose first argument is SQL text (better-sqlite3, node:sqlite, pg, mysql2, postgres.js …). */
const SQL_SINKS = new Set(['prepare', 'exec', 'query', 'execute', 'run', 'all', 'get', 'raw', 'unsafe', 'each', 'iterate', 'queryRaw', 'executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']);
/** Sinks reported as `better-sqlite3` (the statement API). */
const STATEMENT_SINKS = new Set(['prepare', 'exec']);
/** Tags of SQL template literals. */
const SQL_TAGS = new Set(['sql', 'SQL', 'raw', 'unsafe']);

const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra', 'graceful-fs']);
const FS_READ = new Set(['createReadStream', 'readFile', 'readFileSync', 'readJson', 'readJSON', 'readJsonSync']);
const FS_WRITE = new Set(['createWriteStream', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'outputFile', 'outputJson', 'writeJson', 'writeJSON', 'writeJsonSync']);
const FS_COPY = new Set(['copyFile', 'copyFileSync', 'cp', 'cpSync', 'copy', 'copySync']);

/** Builder methods only drizzle's insert/update/delete return (`then`, `execute` … also follow promises and Maps). */
const DRIZZLE_WRITE_FOLLOWERS = new Set(['values', 'set', 'where', 'returning', 'onConflictDoUpdate', 'onConflictDoNothing', 'onDuplicateKeyUpdate', 'select']);
const DRIZZLE_SELECTS = new Set(['select', 'selectDistinct', 'selectDistinctOn']);
const JOINS = new Set(['innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin', 'innerJoinLateral', 'leftJoinLateral', 'crossJoinLateral', 'join', 'leftOuterJoin', 'rightOuterJoin', 'fullOuterJoin', 'crossJoin']);
const DRIZZLE_QUERY_METHODS = new Set(['findMany', 'findFirst']);

// A Map, not an object literal: `KYSELY_ROOTS[name]` on `toString`/`constructor` would find Object.prototype.
const KYSELY_ROOTS: ReadonlyMap<string, SqlAccessMode> = new Map(Object.entries({
  selectFrom: 'read',
  insertInto: 'write',
  replaceInto: 'write',
  updateTable: 'write',
  deleteFrom: 'write',
  mergeInto: 'write',
} satisfies Record<string, SqlAccessMode>));

const KNEX_WRITES = new Set(['insert', 'update', 'del', 'delete', 'truncate', 'upsert', 'increment', 'decrement', 'merge', 'onConflict']);
const KNEX_MODULES = new Set(['knex']);

const TABLE_FACTORIES = /^(?:sqlite|pg|mysql|singlestore|gel)Table$/;
const TABLE_CREATORS = /^(?:sqlite|pg|mysql|singlestore|gel)TableCreator$/;

/**
 * Dataset reads and writes in `fnNode`'s body. Nested function expressions and arrows (callbacks,
 * transactions) count as part of the function; nested function declarations and classes do not.
 * For `Program`, only top-level code counts (no functions at all). Results are cached per node.
 */
export function findDatasetAccess(fnNode: FunctionLike, context: Context): readonly DatasetAccess[] {
  const { sourceCode } = context;
  const cache = accessesOf(sourceCode);
  const cached = cache.get(fnNode);
  if (cached) return cached;
  let result: DatasetAccess[];
  try {
    result = new Finder(sourceCode, fnNode).run();
  } catch {
    // a detector must never crash ESLint; an unexpected AST shape means "nothing found"
    result = [];
  }
  cache.set(fnNode, result);
  return result;
}

/** A piece of SQL text and where each character came from in the source. */
export interface SqlText {
  text: string;
  /** per text segment: where it starts in `text`, where in the file, and whether offsets map 1:1 */
  segments: { at: number; length: number; source: number; exact: boolean; hole?: TSESTree.Node }[];
}

class Finder {
  private readonly out: DatasetAccess[] = [];
  private readonly handledStrings = new Set<TSESTree.Node>();
  private readonly assumeSql = new Map<TSESTree.Node, DatasetVia>();
  private readonly cteNames = new Set<string>();

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly root: TSESTree.Node,
  ) {}

  run(): DatasetAccess[] {
    const calls: TSESTree.CallExpression[] = [];
    const strings: TSESTree.Node[] = [];
    this.collect(calls, strings);
    // kysely / knex CTE names (`.with('recent', …)`) are not tables
    for (const call of calls) {
      const m = calleeMethod(call);
      if (m && (m.name === 'with' || m.name === 'withRecursive')) {
        const name = staticString(this.sourceCode, call.arguments[0]);
        if (name !== undefined) this.cteNames.add(name.split('(')[0]!.trim().toLowerCase());
      }
    }
    for (const call of calls) this.visitCall(call);
    for (const node of strings) this.visitString(node);
    const at = (a: DatasetAccess): number => {
      const loc = a.loc ?? a.node.loc;
      return loc.start.line * 1e6 + loc.start.column;
    };
    this.out.sort((a, b) => at(a) - at(b));
    return this.out;
  }

  /** The calls and strings under `root` in pre-order, from the file's shared scan list. */
  private collect(calls: TSESTree.CallExpression[], strings: TSESTree.Node[]): void {
    const { nodes, skip, indexOf } = scanListOf(this.sourceCode);
    let start: number | undefined;
    let stop: number;
    if (this.root === this.sourceCode.ast) {
      start = -1; // the Program itself is not in the list: every listed node is below it
      stop = nodes.length;
    } else {
      start = indexOf.get(this.root);
      if (start === undefined || nodes[start] !== this.root) {
        this.walk(this.root, calls, strings, true); // not a function of this file's tree
        return;
      }
      stop = skip[start] as number;
    }
    // only SCAN_TYPES nodes matter to `skipped` and `take`
    for (let i = Math.max(start, 0); i < stop; ) {
      const node = nodes[i] as TSESTree.Node;
      if (i !== start && this.skipped(node)) {
        i = skip[i] as number;
        continue;
      }
      this.take(node, calls, strings);
      i++;
    }
  }

  /** Nodes whose subtree is not part of the scanned function (or of the top-level code). */
  private skipped(node: TSESTree.Node): boolean {
    switch (node.type) {
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
      case AST_NODE_TYPES.TSDeclareFunction:
      case AST_NODE_TYPES.TSModuleDeclaration:
        return true;
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (this.root.type === AST_NODE_TYPES.Program) return true;
        return node.parent !== this.root && (node.parent.type === AST_NODE_TYPES.MethodDefinition || node.parent.type === AST_NODE_TYPES.PropertyDefinition);
      case AST_NODE_TYPES.ImportDeclaration:
      case AST_NODE_TYPES.ExportAllDeclaration:
      case AST_NODE_TYPES.TSImportType:
      case AST_NODE_TYPES.TSExternalModuleReference:
      case AST_NODE_TYPES.TSLiteralType:
        return true;
      default:
        return false;
    }
  }

  private take(node: TSESTree.Node, calls: TSESTree.CallExpression[], strings: TSESTree.Node[]): void {
    if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') strings.push(node);
    if (node.type === AST_NODE_TYPES.TemplateLiteral) strings.push(node);
    if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+' && node.parent.type !== AST_NODE_TYPES.BinaryExpression) {
      strings.push(node);
    }
  }

  /** The same scan by recursion, for a root that is not in the file's pre-order list. */
  private walk(node: TSESTree.Node, calls: TSESTree.CallExpression[], strings: TSESTree.Node[], isRoot: boolean): void {
    if (!isRoot && this.skipped(node)) return;
    this.take(node, calls, strings);
    forEachChild(this.sourceCode, node, (child) => this.walk(child, calls, strings, false));
  }

  private add(access: DatasetAccess): void {
    const key = access.dataset.name.toLowerCase();
    if (access.via !== 'fs' && access.via !== 'sql' && access.via !== 'better-sqlite3' && this.cteNames.has(key)) return;
    this.out.push(access);
  }

  // ---------------------------------------------------------------- calls

  private visitCall(call: TSESTree.CallExpression): void {
    const m = calleeMethod(call);
    const callee = unwrap(call.callee);
    if (m) {
      if (SQL_SINKS.has(m.name) || (m.name.startsWith('$') && /Raw/.test(m.name))) this.markSqlArgument(call, STATEMENT_SINKS.has(m.name) ? 'better-sqlite3' : 'sql');
      if (this.visitDrizzle(call, m.name, m.object)) return;
      if (this.visitKysely(call, m.name)) return;
      if (this.visitKnexMember(call, m.name, m.object)) return;
      this.visitFsMember(call, m.name, m.object);
      return;
    }
    if (callee?.type === AST_NODE_TYPES.Identifier) {
      if (this.visitKnexCall(call, callee)) return;
      this.visitFsNamed(call, callee);
    }
  }

  private markSqlArgument(call: TSESTree.CallExpression, via: DatasetVia): void {
    const arg = unwrap(call.arguments[0]);
    if (!arg) return;
    if (arg.type === AST_NODE_TYPES.Identifier) {
      // db.prepare(INSERT_ORDER) with `const INSERT_ORDER = '…'` elsewhere in the file
      const init = constInit(this.sourceCode, arg);
      if (!init || isWithin(init, this.root)) {
        if (init) this.assumeSql.set(init, via);
        return;
      }
      const sql = sqlTextOf(init);
      if (!sql) return;
      this.reportSql(sql, arg, via, true, false);
      return;
    }
    this.assumeSql.set(arg, via);
    if (arg.type === AST_NODE_TYPES.TaggedTemplateExpression) this.assumeSql.set(arg.quasi, via);
  }

  /** drizzle: `db.insert(t).values()`, `db.update(t).set()`, `db.delete(t).where()`, `db.select().from(t)`, joins, `db.query.t.findMany()`. */
  private visitDrizzle(call: TSESTree.CallExpression, name: string, object: TSESTree.Node): boolean {
    const arg = unwrap(call.arguments[0]);
    if ((name === 'insert' || name === 'update' || name === 'delete') && call.arguments.length === 1 && arg && isTableExpression(arg)) {
      const follower = methodsAbove(call)[0];
      const known =
        (follower !== undefined && DRIZZLE_WRITE_FOLLOWERS.has(follower)) ||
        this.isDrizzleDb(chainBase(object)) ||
        this.drizzleTableName(arg) !== undefined;
      if (!known) return false;
      this.add({ mode: 'write', dataset: { name: this.tableNameOf(arg) }, via: 'drizzle', node: call, loc: arg.loc });
      return true;
    }
    if ((name === 'from' || JOINS.has(name)) && arg && isTableExpression(arg)) {
      const below = methodsBelow(call);
      if (!below.slice(1).some((n) => DRIZZLE_SELECTS.has(n))) return false;
      if (below.some((n) => n === 'selectFrom')) return false; // kysely has no `.from`
      this.add({ mode: 'read', dataset: { name: this.tableNameOf(arg) }, via: 'drizzle', node: call, loc: arg.loc });
      return true;
    }
    if (DRIZZLE_QUERY_METHODS.has(name)) {
      // db.query.orders.findMany()
      const obj = unwrap(object);
      if (obj?.type === AST_NODE_TYPES.MemberExpression) {
        const table = propertyName(obj.property, obj.computed);
        const q = unwrap(obj.object);
        if (table !== undefined && q?.type === AST_NODE_TYPES.MemberExpression && propertyName(q.property, q.computed) === 'query') {
          this.add({ mode: 'read', dataset: { name: table }, via: 'drizzle', node: call, loc: obj.property.loc });
          return true;
        }
      }
    }
    return false;
  }

  private isDrizzleDb(base: TSESTree.Node): boolean {
    if (base.type !== AST_NODE_TYPES.Identifier) return false;
    const init = constInit(this.sourceCode, base);
    if (init?.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrap(init.callee);
    if (callee?.type !== AST_NODE_TYPES.Identifier) return false;
    const origin = importOrigin(this.sourceCode, callee);
    return origin !== undefined && origin.module.startsWith('drizzle-orm');
  }

  /** The SQL name of a drizzle table expression: from its `sqliteTable('name', …)` when it is in this file. */
  private drizzleTableName(arg: TSESTree.Node): string | undefined {
    if (arg.type !== AST_NODE_TYPES.Identifier) return undefined;
    const init = constInit(this.sourceCode, arg);
    if (init?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = unwrap(init.callee);
    let isFactory = false;
    if (callee?.type === AST_NODE_TYPES.Identifier) {
      if (TABLE_FACTORIES.test(callee.name)) isFactory = true;
      else {
        const creator = constInit(this.sourceCode, callee);
        const cc = creator?.type === AST_NODE_TYPES.CallExpression ? unwrap(creator.callee) : undefined;
        if (cc?.type === AST_NODE_TYPES.Identifier && TABLE_CREATORS.test(cc.name)) isFactory = true;
      }
    } else if (callee?.type === AST_NODE_TYPES.MemberExpression && propertyName(callee.property, callee.computed) === 'table') {
      isFactory = true; // pgSchema('s').table('t', …)
    }
    if (!isFactory) return undefined;
    return staticString(this.sourceCode, init.arguments[0]);
  }

  private tableNameOf(arg: TSESTree.Node): string {
    const fromDefinition = this.drizzleTableName(arg);
    if (fromDefinition !== undefined) return fromDefinition;
    if (arg.type === AST_NODE_TYPES.Identifier) return arg.name;
    if (arg.type === AST_NODE_TYPES.MemberExpression) return propertyName(arg.property, arg.computed) ?? this.sourceCode.getText(arg);
    return this.sourceCode.getText(arg);
  }

  /** kysely: `selectFrom('t as x')`, `insertInto('t')`, `updateTable`, `deleteFrom`, `mergeInto(…).using('s')`, joins. */
  private visitKysely(call: TSESTree.CallExpression, name: string): boolean {
    const mode = KYSELY_ROOTS.get(name);
    if (mode !== undefined) {
      const names = this.kyselyTables(call.arguments[0]);
      if (names.length === 0) return false;
      for (const table of names) this.add({ mode, dataset: { name: table.name }, via: 'kysely', node: call, loc: table.node.loc });
      return true;
    }
    if (JOINS.has(name) || name === 'using') {
      const below = methodsBelow(call).slice(1);
      if (!below.some((n) => n === 'selectFrom' || n === 'updateTable' || n === 'deleteFrom' || n === 'mergeInto')) return false;
      const names = this.kyselyTables(call.arguments[0]);
      for (const table of names) this.add({ mode: 'read', dataset: { name: table.name }, via: 'kysely', node: call, loc: table.node.loc });
      return names.length > 0;
    }
    return false;
  }

  private kyselyTables(arg: TSESTree.Node | undefined): { name: string; node: TSESTree.Node }[] {
    const a = unwrap(arg);
    if (!a) return [];
    if (a.type === AST_NODE_TYPES.ArrayExpression) {
      return a.elements.flatMap((el) => (el && el.type !== AST_NODE_TYPES.SpreadElement ? this.kyselyTables(el) : []));
    }
    const text = staticString(this.sourceCode, a);
    if (text === undefined) return [];
    const name = stripAlias(text);
    return name === '' ? [] : [{ name, node: a }];
  }

  /** knex: `knex('t')`, `db('t')` where `db = knex(…)`, then the chain decides read or write. */
  private visitKnexCall(call: TSESTree.CallExpression, callee: TSESTree.Identifier): boolean {
    if (!this.isKnex(callee)) return false;
    const table = staticString(this.sourceCode, call.arguments[0]);
    if (table === undefined) return false;
    const name = stripAlias(table);
    if (name === '') return false;
    const writes = methodsAbove(call).some((n) => KNEX_WRITES.has(n));
    this.add({ mode: writes ? 'write' : 'read', dataset: { name }, via: 'knex', node: call, loc: (call.arguments[0] ?? call).loc });
    return true;
  }

  /** knex: `knex.from('t')`, `knex.select().from('t')`, `knex.table('t')`, `knex.into('t')`, `.join('t')`. */
  private visitKnexMember(call: TSESTree.CallExpression, name: string, object: TSESTree.Node): boolean {
    if (name !== 'from' && name !== 'table' && name !== 'into' && !JOINS.has(name)) return false;
    const base = chainBase(object);
    if (base.type !== AST_NODE_TYPES.Identifier || !this.isKnex(base)) return false;
    if (methodsBelow(call).includes('schema')) return false;
    const table = staticString(this.sourceCode, call.arguments[0]);
    if (table === undefined) return false;
    const tableName = stripAlias(table);
    if (tableName === '') return false;
    const chain = [...methodsBelow(call), ...methodsAbove(call)];
    const writes = name === 'into' || (!JOINS.has(name) && chain.some((n) => KNEX_WRITES.has(n)));
    this.add({ mode: writes ? 'write' : 'read', dataset: { name: tableName }, via: 'knex', node: call, loc: (call.arguments[0] ?? call).loc });
    return true;
  }

  private isKnex(id: TSESTree.Identifier): boolean {
    const origin = importOrigin(this.sourceCode, id);
    if (origin) return KNEX_MODULES.has(origin.module);
    const variable = resolveVariable(this.sourceCode, id);
    if (!variable) return id.name === 'knex';
    const init = constInit(this.sourceCode, id);
    if (init?.type === AST_NODE_TYPES.CallExpression) {
      const c = unwrap(init.callee);
      if (c?.type === AST_NODE_TYPES.Identifier) {
        const o = importOrigin(this.sourceCode, c);
        return o !== undefined && KNEX_MODULES.has(o.module);
      }
    }
    // a parameter or variable named `knex` (the library's own convention)
    return id.name === 'knex' && init === undefined;
  }

  // ---------------------------------------------------------------- fs

  private visitFsMember(call: TSESTree.CallExpression, name: string, object: TSESTree.Node): void {
    if (!FS_READ.has(name) && !FS_WRITE.has(name) && !FS_COPY.has(name)) return;
    const obj = unwrap(object);
    let isFs = false;
    if (obj?.type === AST_NODE_TYPES.Identifier) {
      const origin = importOrigin(this.sourceCode, obj);
      isFs = origin !== undefined && FS_MODULES.has(origin.module.replace(/\/promises$/, '')) && (origin.imported === '*' || origin.imported === 'default' || origin.imported === 'promises');
      if (!isFs && origin?.module.endsWith('/promises') === true) isFs = FS_MODULES.has(origin.module);
    } else if (obj?.type === AST_NODE_TYPES.MemberExpression && propertyName(obj.property, obj.computed) === 'promises') {
      const inner = unwrap(obj.object);
      if (inner?.type === AST_NODE_TYPES.Identifier) {
        const origin = importOrigin(this.sourceCode, inner);
        isFs = origin !== undefined && FS_MODULES.has(origin.module);
      }
    }
    if (isFs) this.addFs(call, name);
  }

  private visitFsNamed(call: TSESTree.CallExpression, callee: TSESTree.Identifier): void {
    const origin = importOrigin(this.sourceCode, callee);
    if (!origin || !FS_MODULES.has(origin.module)) return;
    const method = origin.imported;
    if (FS_READ.has(method) || FS_WRITE.has(method) || FS_COPY.has(method)) this.addFs(call, method);
  }

  private addFs(call: TSESTree.CallExpression, method: string): void {
    const first = this.literalPath(call.arguments[0]);
    if (FS_COPY.has(method)) {
      const second = this.literalPath(call.arguments[1]);
      if (first !== undefined) this.add({ mode: 'read', dataset: { namespace: 'file', name: first }, via: 'fs', node: call });
      if (second !== undefined) this.add({ mode: 'write', dataset: { namespace: 'file', name: second }, via: 'fs', node: call });
      return;
    }
    if (first === undefined) return;
    const mode: SqlAccessMode = FS_WRITE.has(method) ? 'write' : 'read';
    this.add({ mode, dataset: { namespace: 'file', name: first }, via: 'fs', node: call });
  }

  /** `'data/x.csv'`, `` `data/x.csv` ``, `path.join('data', 'x.csv')`, `new URL('./x.csv', import.meta.url)`, consts of these. */
  private literalPath(node: TSESTree.Node | undefined, depth = 0): string | undefined {
    const n = unwrap(node);
    if (!n || depth > 3) return undefined;
    const direct = staticString(this.sourceCode, n);
    if (direct !== undefined) return normalizePath(direct);
    if (n.type === AST_NODE_TYPES.Identifier) return this.literalPath(constInit(this.sourceCode, n), depth + 1);
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const m = calleeMethod(n);
      if (m && (m.name === 'join' || m.name === 'resolve') && unwrap(m.object)?.type === AST_NODE_TYPES.Identifier) {
        const obj = unwrap(m.object) as TSESTree.Identifier;
        const origin = importOrigin(this.sourceCode, obj);
        if (!origin || (origin.module !== 'path' && origin.module !== 'node:path')) return undefined;
        const parts = n.arguments.map((a) => staticString(this.sourceCode, a));
        if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
        return normalizePath(parts.join('/'));
      }
    }
    if (n.type === AST_NODE_TYPES.NewExpression && unwrap(n.callee)?.type === AST_NODE_TYPES.Identifier && (unwrap(n.callee) as TSESTree.Identifier).name === 'URL') {
      const first = staticString(this.sourceCode, n.arguments[0]);
      if (first !== undefined) return normalizePath(first);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- SQL text

  private visitString(node: TSESTree.Node): void {
    if (this.handledStrings.has(node)) return;
    if (node.type === AST_NODE_TYPES.TemplateLiteral && node.parent.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      const tag = unwrap(node.parent.tag);
      const tagName = tag?.type === AST_NODE_TYPES.Identifier ? tag.name : tag?.type === AST_NODE_TYPES.MemberExpression ? propertyName(tag.property, tag.computed) : undefined;
      if (tagName !== undefined && SQL_TAGS.has(tagName) && !this.assumeSql.has(node)) this.assumeSql.set(node, 'sql');
    }
    // a string inside a `+` chain is analysed as part of the chain
    if (node.type !== AST_NODE_TYPES.BinaryExpression && node.parent?.type === AST_NODE_TYPES.BinaryExpression && node.parent.operator === '+') return;
    if (isTypePosition(node)) return;
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && !mightBeSql(node.value)) {
      // what sqlTextOf + mightBeSql below do for a plain string, without building its segments (most strings are not SQL)
      this.handledStrings.add(node);
      return;
    }
    const sql = sqlTextOf(node, this.handledStrings);
    if (!sql || !mightBeSql(sql.text)) return;
    const via = this.assumeSql.get(node);
    this.reportSql(sql, node, via ?? 'sql', via !== undefined, true);
  }

  private reportSql(sql: SqlText, node: TSESTree.Node, via: DatasetVia, assumeSql: boolean, mapLoc: boolean): void {
    const analysis = extractSql(sql.text, { assumeSql });
    if (!analysis) return;
    for (const ref of analysis.tables) {
      const name = ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`;
      const access: DatasetAccess = { mode: ref.mode, dataset: { name }, via, node };
      if (ref.dynamic) access.dynamic = true;
      if (mapLoc) {
        const loc = mapSqlLoc(this.sourceCode, sql, ref.start, ref.end);
        if (loc) access.loc = loc;
      }
      this.add(access);
    }
  }

}

function isWithin(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** `users`, `schema.users`, `tables.users` — what a drizzle table argument looks like. */
function isTableExpression(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return true;
  return node.type === AST_NODE_TYPES.MemberExpression && !node.computed && isTableExpression(unwrap(node.object) ?? node.object);
}

/** `'person as p'` → `person`; `'main.orders'` stays; `'t2 as b'` → `t2`. */
function stripAlias(text: string): string {
  return text.trim().split(/\s+as\s+|\s+/i)[0]!.trim();
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/{2,}/g, '/');
}

/** Strings that are types, import paths or object keys are never SQL. */
function isTypePosition(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.TSLiteralType) return true;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === node) return true;
  if (parent.type === AST_NODE_TYPES.ImportExpression) return true;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'require') return true;
  return false;
}

/** A stable key for comparing accesses: mode + lower-cased dataset name. */
export function accessKey(access: DatasetAccess): string {
  return `${access.mode}:${access.dataset.namespace ?? ''}:${access.dataset.name.toLowerCase()}`;
}

/** SQL text of a string literal, template literal or `+` chain (non-literal parts become holes). */
export function sqlTextOf(node: TSESTree.Node, handled?: Set<TSESTree.Node>): SqlText | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const out: SqlText = { text: '', segments: [] };
  const append = (text: string, source: number, exact: boolean): void => {
    out.segments.push({ at: out.text.length, length: text.length, source, exact });
    out.text += text;
  };
  const hole = (expr?: TSESTree.Node): void => {
    if (expr) out.segments.push({ at: out.text.length, length: 1, source: expr.range[0], exact: false, hole: expr });
    out.text += SQL_HOLE;
  };
  const visit = (part: TSESTree.Node): boolean => {
    const p = unwrap(part) ?? part;
    if (p.type === AST_NODE_TYPES.Literal) {
      if (typeof p.value !== 'string') {
        hole();
        return true;
      }
      handled?.add(p);
      append(p.value, p.range[0] + 1, p.raw.slice(1, -1) === p.value);
      return true;
    }
    if (p.type === AST_NODE_TYPES.TemplateLiteral) {
      handled?.add(p);
      p.quasis.forEach((q, i) => {
        const cooked = q.value.cooked ?? q.value.raw;
        append(cooked, q.range[0] + 1, cooked === q.value.raw);
        if (i < p.expressions.length) hole(p.expressions[i]);
      });
      return true;
    }
    if (p.type === AST_NODE_TYPES.TaggedTemplateExpression) return visit(p.quasi);
    if (p.type === AST_NODE_TYPES.BinaryExpression && p.operator === '+') {
      return visit(p.left) && visit(p.right);
    }
    hole(p);
    return true;
  };
  if (n.type !== AST_NODE_TYPES.Literal && n.type !== AST_NODE_TYPES.TemplateLiteral && n.type !== AST_NODE_TYPES.BinaryExpression && n.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
    return undefined;
  }
  if (n.type === AST_NODE_TYPES.BinaryExpression) {
    // only chains that contain at least one string literal
    let hasString = false;
    const scan = (p: TSESTree.Node): void => {
      const q = unwrap(p) ?? p;
      if (q.type === AST_NODE_TYPES.BinaryExpression && q.operator === '+') {
        scan(q.left);
        scan(q.right);
      } else if ((q.type === AST_NODE_TYPES.Literal && typeof q.value === 'string') || q.type === AST_NODE_TYPES.TemplateLiteral) hasString = true;
    };
    scan(n);
    if (!hasString) return undefined;
  }
  visit(n);
  return out;
}

export function mapSqlLoc(sourceCode: Readonly<TSESLint.SourceCode>, sql: SqlText, start: number, end: number): TSESTree.SourceLocation | undefined {
  const seg = sql.segments.find((s) => start >= s.at && end <= s.at + s.length);
  if (seg?.hole) return seg.hole.loc;
  if (!seg?.exact) {
    // a name glued to a hole (`orders_${suffix}`): point at the start of the literal part
    const first = sql.segments.find((s) => start >= s.at && start < s.at + s.length);
    if (first?.hole) return first.hole.loc;
    if (!first?.exact) return undefined;
    const at = sourceCode.getLocFromIndex(first.source + (start - first.at));
    return { start: at, end: at };
  }
  return {
    start: sourceCode.getLocFromIndex(seg.source + (start - seg.at)),
    end: sourceCode.getLocFromIndex(seg.source + (end - seg.at)),
  };
}
