/**
 * Table and index definitions in a file: drizzle `sqliteTable/pgTable/mysqlTable` (and `…TableCreator`,
 * `pgSchema().table`), kysely `schema.createTable` / `createIndex` chains, knex `schema.createTable(name, cb)`
 * and SQL `CREATE TABLE` / `CREATE INDEX` text.
 *
 * @rationale Read indexes and constraints from the definition itself, once per file
 *   why: `require-schema-docs` asks for `@indexing` only when a definition declares indexes and for
 *     `@constraints` only when it declares foreign keys, unique or check constraints; its suggestions fill
 *     the block with those index names and columns. One pass over the file finds every definition style.
 *   alternatives: ask for every block on every table (noise that teaches people to paste filler); type
 *     information (drizzle's table types carry no index names)
 *   tradeoffs: a primary key alone is not a constraint that needs `@constraints` (every table has one, so
 *     it tells a reader nothing); a unique *index* is an index (documented in `@indexing`), while a unique
 *     *constraint* or `.unique()` column is a constraint
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { mapSqlLoc, sqlTextOf } from './dataset-access.js';
import { calleeMethod, chainBase, constInit, forEachChild, propertyName, scanListOf, staticString, unwrap } from './resolve.js';
import { extractSql, mightBeSql } from './sql.js';
import type { SqlConstraint, SqlIndex } from './sql.js';
import { perFile } from '../util/perFile.js';

export type { SqlConstraint, SqlIndex } from './sql.js';

export interface SchemaDefinition {
  /** the table call, the createTable / createIndex call, or the string holding the SQL */
  node: TSESTree.Node;
  /** for SQL text: the place of the statement inside the string (first line of it) */
  loc?: TSESTree.SourceLocation;
  via: 'drizzle' | 'kysely' | 'knex' | 'sql';
  /** `table` definitions carry columns; `index` definitions are a standalone CREATE INDEX */
  kind: 'table' | 'index';
  table: string;
  columns: string[];
  primaryKey: string[];
  indexes: SqlIndex[];
  constraints: SqlConstraint[];
  hasIndexes: boolean;
  /** foreign keys, unique or check constraints (a primary key alone does not count) */
  hasConstraints: boolean;
}

type Context = { sourceCode: Readonly<TSESLint.SourceCode> };

const TABLE_FACTORIES = /^(?:sqlite|pg|mysql|singlestore|gel)Table$/;
const TABLE_CREATORS = /^(?:sqlite|pg|mysql|singlestore|gel)TableCreator$/;
const SCHEMA_FACTORIES = /^(?:pg|mysql|gel)Schema$/;

/** Every schema definition in the file, in source order (cached per file). Never throws. */
export function findSchemaDefinitions(context: Context): readonly SchemaDefinition[] {
  return schemaDefinitionsOf(context.sourceCode);
}

const schemaDefinitionsOf = perFile((sourceCode: Readonly<TSESLint.SourceCode>): readonly SchemaDefinition[] => {
  try {
    return new SchemaFinder(sourceCode).run();
  } catch {
    // a detector must never crash ESLint; an unexpected AST shape means "nothing found"
    return [];
  }
});

/** A table definition found at `node`, before its columns, keys, indexes and constraints are read. */
function emptyTable(node: TSESTree.Node, via: SchemaDefinition['via'], table: string): Omit<SchemaDefinition, 'hasIndexes' | 'hasConstraints'> {
  return { node, via, kind: 'table', table, columns: [], primaryKey: [], indexes: [], constraints: [] };
}

function finish(def: Omit<SchemaDefinition, 'hasIndexes' | 'hasConstraints'>): SchemaDefinition {
  return { ...def, hasIndexes: def.indexes.length > 0, hasConstraints: def.constraints.length > 0 };
}

class SchemaFinder {
  private readonly out: SchemaDefinition[] = [];
  private readonly handled = new Set<TSESTree.Node>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  run(): SchemaDefinition[] {
    const calls: TSESTree.CallExpression[] = [];
    const strings: TSESTree.Node[] = [];
    // the whole file in pre-order, skipping import declarations and literal types with their subtrees
    // (every type acted on here is in SCAN_TYPES)
    const { nodes, skip } = scanListOf(this.sourceCode);
    for (let i = 0; i < nodes.length; ) {
      const node = nodes[i] as TSESTree.Node;
      if (node.type === AST_NODE_TYPES.ImportDeclaration || node.type === AST_NODE_TYPES.TSLiteralType) {
        i = skip[i] as number;
        continue;
      }
      if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
      if ((node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || node.type === AST_NODE_TYPES.TemplateLiteral) strings.push(node);
      if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+' && node.parent.type !== AST_NODE_TYPES.BinaryExpression) strings.push(node);
      i++;
    }
    for (const call of calls) {
      if (this.drizzleTable(call)) continue;
      this.schemaBuilder(call);
    }
    for (const node of strings) this.sqlString(node);
    this.out.sort((a, b) => {
      const la = a.loc ?? a.node.loc;
      const lb = b.loc ?? b.node.loc;
      return la.start.line - lb.start.line || la.start.column - lb.start.column;
    });
    return this.out;
  }

  // ------------------------------------------------------------ drizzle

  private isTableFactory(callee: TSESTree.Node): boolean {
    const c = unwrap(callee);
    if (!c) return false;
    if (c.type === AST_NODE_TYPES.Identifier) {
      if (TABLE_FACTORIES.test(c.name)) return true;
      const init = constInit(this.sourceCode, c);
      if (init?.type === AST_NODE_TYPES.CallExpression) {
        const ic = unwrap(init.callee);
        return ic?.type === AST_NODE_TYPES.Identifier && TABLE_CREATORS.test(ic.name);
      }
      return false;
    }
    if (c.type === AST_NODE_TYPES.MemberExpression && propertyName(c.property, c.computed) === 'table') {
      // pgSchema('billing').table('invoices', …) or `const billing = pgSchema('billing')`
      let obj = unwrap(c.object);
      if (obj?.type === AST_NODE_TYPES.Identifier) obj = constInit(this.sourceCode, obj);
      if (obj?.type !== AST_NODE_TYPES.CallExpression) return false;
      const oc = unwrap(obj.callee);
      return oc?.type === AST_NODE_TYPES.Identifier && SCHEMA_FACTORIES.test(oc.name);
    }
    return false;
  }

  private drizzleTable(call: TSESTree.CallExpression): boolean {
    if (!this.isTableFactory(call.callee)) return false;
    const table = staticString(this.sourceCode, call.arguments[0]);
    if (table === undefined) return false;
    const def = emptyTable(call, 'drizzle', table);
    // JS key → SQL column name
    const columnNames = new Map<string, string>();
    const columnsArg = objectOf(call.arguments[1]);
    if (columnsArg) {
      for (const prop of columnsArg.properties) {
        if (prop.type !== AST_NODE_TYPES.Property) continue;
        const key = propertyName(prop.key, prop.computed);
        if (key === undefined) continue;
        const chain = callChain(prop.value);
        const base = chain[0];
        const sqlName = base ? staticString(this.sourceCode, base.call.arguments[0]) : undefined;
        const column = sqlName ?? key;
        columnNames.set(key, column);
        def.columns.push(column);
        for (const link of chain.slice(1)) {
          if (link.name === 'primaryKey') def.primaryKey.push(column);
          else if (link.name === 'unique') {
            const name = staticString(this.sourceCode, link.call.arguments[0]);
            def.constraints.push(name === undefined ? { kind: 'unique', columns: [column] } : { kind: 'unique', name, columns: [column] });
          } else if (link.name === 'references') {
            const fk: SqlConstraint = { kind: 'foreignKey', columns: [column] };
            const target = this.referencedColumn(link.call.arguments[0]);
            if (target) fk.references = target;
            def.constraints.push(fk);
          }
        }
      }
    }
    const colName = (node: TSESTree.Node | undefined): string | undefined => {
      const n = unwrap(node);
      if (n?.type !== AST_NODE_TYPES.MemberExpression) return n ? staticString(this.sourceCode, n) : undefined;
      const key = propertyName(n.property, n.computed);
      return key === undefined ? undefined : (columnNames.get(key) ?? key);
    };
    for (const item of extraConfigItems(call.arguments[2])) {
      const chain = callChain(item);
      const base = chain[0];
      if (!base) continue;
      const name = staticString(this.sourceCode, base.call.arguments[0]);
      const onArgs = chain.find((l) => l.name === 'on' || l.name === 'using')?.call.arguments ?? [];
      const columns = onArgs.map((a) => colName(a)).filter((c): c is string => c !== undefined);
      switch (base.name) {
        case 'index':
        case 'uniqueIndex': {
          const index: SqlIndex = { columns, unique: base.name === 'uniqueIndex' };
          if (name !== undefined) index.name = name;
          def.indexes.push(index);
          break;
        }
        case 'unique': {
          def.constraints.push(name === undefined ? { kind: 'unique', columns } : { kind: 'unique', name, columns });
          break;
        }
        case 'check': {
          const expr = base.call.arguments[1];
          const c: SqlConstraint = { kind: 'check', columns: [], expression: expr ? checkText(this.sourceCode, expr) : '' };
          if (name !== undefined) c.name = name;
          def.constraints.push(c);
          break;
        }
        case 'primaryKey': {
          const opts = objectOf(base.call.arguments[0]);
          const cols = opts ? arrayProp(opts, 'columns') : base.call.arguments;
          def.primaryKey.push(...cols.map((a) => colName(a)).filter((c): c is string => c !== undefined));
          break;
        }
        case 'foreignKey': {
          const opts = objectOf(base.call.arguments[0]);
          if (!opts) break;
          const fk: SqlConstraint = {
            kind: 'foreignKey',
            columns: arrayProp(opts, 'columns').map((a) => colName(a)).filter((c): c is string => c !== undefined),
          };
          const fkName = staticString(this.sourceCode, objectProp(opts, 'name'));
          if (fkName !== undefined) fk.name = fkName;
          const foreign = arrayProp(opts, 'foreignColumns');
          const first = unwrap(foreign[0]);
          if (first?.type === AST_NODE_TYPES.MemberExpression) {
            const target = this.referencedColumn(first);
            if (target) fk.references = { table: target.table, columns: foreign.map((f) => this.referencedColumn(f)?.columns[0] ?? '').filter((c) => c !== '') };
          }
          def.constraints.push(fk);
          break;
        }
        default:
          break;
      }
    }
    this.out.push(finish(def));
    return true;
  }

  /** `() => customers.id` / `customers.id` → { table: 'customers' (SQL name when known), columns: ['id'] }. */
  private referencedColumn(node: TSESTree.Node | undefined): { table: string; columns: string[] } | undefined {
    let n = unwrap(node);
    if (n?.type === AST_NODE_TYPES.ArrowFunctionExpression && n.body.type !== AST_NODE_TYPES.BlockStatement) n = unwrap(n.body);
    if (n?.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const column = propertyName(n.property, n.computed);
    const obj = unwrap(n.object);
    if (column === undefined || obj?.type !== AST_NODE_TYPES.Identifier) return undefined;
    let table = obj.name;
    const init = constInit(this.sourceCode, obj);
    if (init?.type === AST_NODE_TYPES.CallExpression && this.isTableFactory(init.callee)) {
      table = staticString(this.sourceCode, init.arguments[0]) ?? table;
      // the referenced table's SQL column name
      const cols = objectOf(init.arguments[1]);
      const value = cols ? objectProp(cols, column) : undefined;
      const base = value ? callChain(value)[0] : undefined;
      const sqlName = base ? staticString(this.sourceCode, base.call.arguments[0]) : undefined;
      return { table, columns: [sqlName ?? column] };
    }
    return { table, columns: [column] };
  }

  // ------------------------------------------------------------ kysely / knex

  private schemaBuilder(call: TSESTree.CallExpression): void {
    const m = calleeMethod(call);
    if (!m) return;
    if (m.name === 'createTable' || m.name === 'createTableIfNotExists') {
      const table = staticString(this.sourceCode, call.arguments[0]);
      if (table === undefined || !this.looksLikeSchemaObject(m.object)) return;
      const callback = unwrap(call.arguments[1]);
      if (callback && (callback.type === AST_NODE_TYPES.ArrowFunctionExpression || callback.type === AST_NODE_TYPES.FunctionExpression)) {
        this.knexTable(call, table, callback);
      } else if (call.arguments.length === 1) {
        this.kyselyTable(call, table);
      }
      return;
    }
    if (m.name === 'createIndex' && this.looksLikeSchemaObject(m.object)) {
      // kysely: db.schema.createIndex('idx').on('t').column('a') / .columns([...]) / .unique()
      const name = staticString(this.sourceCode, call.arguments[0]);
      const above = chainAbove(call);
      const on = above.find((l) => l.name === 'on');
      const table = on ? staticString(this.sourceCode, on.call.arguments[0]) : undefined;
      if (table === undefined) return;
      const columns: string[] = [];
      for (const link of above) {
        if (link.name === 'column') columns.push(...strings(this.sourceCode, link.call.arguments[0]));
        if (link.name === 'columns') columns.push(...strings(this.sourceCode, link.call.arguments[0]));
        if (link.name === 'expression') columns.push(checkText(this.sourceCode, link.call.arguments[0]));
      }
      const index: SqlIndex = { columns, unique: above.some((l) => l.name === 'unique') };
      if (name !== undefined) index.name = name;
      this.out.push(finish({ node: call, via: 'kysely', kind: 'index', table, columns: [], primaryKey: [], indexes: [index], constraints: [] }));
    }
  }

  /** `db.schema`, `knex.schema`, `this.knex.schema`, a `schema` parameter. */
  private looksLikeSchemaObject(object: TSESTree.Node): boolean {
    const o = unwrap(object);
    if (!o) return false;
    if (o.type === AST_NODE_TYPES.MemberExpression) return propertyName(o.property, o.computed) === 'schema';
    if (o.type === AST_NODE_TYPES.Identifier) return /schema/i.test(o.name);
    // kysely: db.schema.withSchema('x').createTable(…)
    if (o.type === AST_NODE_TYPES.CallExpression) return chainBase(o) !== o && this.looksLikeSchemaObject(unwrap(o.callee) ?? o.callee);
    return false;
  }

  private kyselyTable(call: TSESTree.CallExpression, table: string): void {
    const def = emptyTable(call, 'kysely', table);
    for (const link of chainAbove(call)) {
      const args = link.call.arguments;
      switch (link.name) {
        case 'addColumn': {
          const column = staticString(this.sourceCode, args[0]);
          if (column === undefined) break;
          def.columns.push(column);
          const builder = unwrap(args[2]);
          if (!builder) break;
          for (const inner of callsIn(this.sourceCode, builder)) {
            const im = calleeMethod(inner);
            if (!im) continue;
            if (im.name === 'primaryKey') def.primaryKey.push(column);
            else if (im.name === 'unique') def.constraints.push({ kind: 'unique', columns: [column] });
            else if (im.name === 'references') {
              const target = staticString(this.sourceCode, inner.arguments[0]);
              const fk: SqlConstraint = { kind: 'foreignKey', columns: [column] };
              if (target !== undefined) fk.references = splitRef(target);
              def.constraints.push(fk);
            } else if (im.name === 'check') {
              def.constraints.push({ kind: 'check', columns: [column], expression: checkText(this.sourceCode, inner.arguments[0]) });
            }
          }
          break;
        }
        case 'addPrimaryKeyConstraint':
          def.primaryKey.push(...strings(this.sourceCode, args[1]));
          break;
        case 'addUniqueConstraint':
          def.constraints.push(named({ kind: 'unique', columns: strings(this.sourceCode, args[1]) }, staticString(this.sourceCode, args[0])));
          break;
        case 'addForeignKeyConstraint': {
          const refTable = staticString(this.sourceCode, args[2]);
          const fk: SqlConstraint = named({ kind: 'foreignKey', columns: strings(this.sourceCode, args[1]) }, staticString(this.sourceCode, args[0]));
          if (refTable !== undefined) fk.references = { table: refTable, columns: strings(this.sourceCode, args[3]) };
          def.constraints.push(fk);
          break;
        }
        case 'addCheckConstraint':
          def.constraints.push(named({ kind: 'check', columns: [], expression: checkText(this.sourceCode, args[1]) }, staticString(this.sourceCode, args[0])));
          break;
        default:
          break;
      }
    }
    this.out.push(finish(def));
  }

  private knexTable(call: TSESTree.CallExpression, table: string, callback: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): void {
    const def = emptyTable(call, 'knex', table);
    const param = callback.params[0];
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      this.out.push(finish(def));
      return;
    }
    const builderName = param.name;
    for (const inner of callsIn(this.sourceCode, callback.body)) {
      // only the outermost call of each `t.x(…).y(…)` chain
      const parent = inner.parent;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === inner) continue;
      const links = callChain(inner);
      const base = links[0];
      if (!base) continue;
      const baseObject = calleeMethod(base.call)?.object;
      if (baseObject?.type !== AST_NODE_TYPES.Identifier || baseObject.name !== builderName) continue;
      const args = base.call.arguments;
      const cols = (node: TSESTree.Node | undefined): string[] => strings(this.sourceCode, node);
      switch (base.name) {
        case 'index': {
          const index: SqlIndex = { columns: cols(args[0]), unique: false };
          const name = staticString(this.sourceCode, args[1]);
          if (name !== undefined) index.name = name;
          def.indexes.push(index);
          break;
        }
        case 'unique': {
          const opts = objectOf(args[1]);
          const name = staticString(this.sourceCode, opts ? objectProp(opts, 'indexName') : args[1]);
          def.constraints.push(named({ kind: 'unique', columns: cols(args[0]) }, name));
          break;
        }
        case 'primary':
          def.primaryKey.push(...cols(args[0]));
          break;
        case 'foreign': {
          const fk: SqlConstraint = named({ kind: 'foreignKey', columns: cols(args[0]) }, staticString(this.sourceCode, args[1]));
          const target = this.knexReference(links.slice(1));
          if (target) fk.references = target;
          def.constraints.push(fk);
          break;
        }
        case 'check':
          def.constraints.push({ kind: 'check', columns: [], expression: staticString(this.sourceCode, args[0]) ?? checkText(this.sourceCode, args[0]) });
          break;
        case 'timestamps':
          def.columns.push('created_at', 'updated_at');
          break;
        case 'dropColumn':
        case 'dropColumns':
        case 'renameColumn':
        case 'comment':
        case 'engine':
        case 'charset':
        case 'collate':
        case 'inherits':
          break;
        default: {
          const column = staticString(this.sourceCode, args[0]);
          if (column === undefined) break;
          def.columns.push(column);
          if (base.name === 'increments' || base.name === 'bigIncrements') {
            const opts = objectOf(args[1]);
            const pk = opts ? objectProp(opts, 'primaryKey') : undefined;
            if (!(pk?.type === AST_NODE_TYPES.Literal && pk.value === false)) def.primaryKey.push(column);
          }
          for (const link of links.slice(1)) {
            if (link.name === 'primary') def.primaryKey.push(column);
            else if (link.name === 'unique') def.constraints.push(named({ kind: 'unique', columns: [column] }, staticString(this.sourceCode, objectOf(link.call.arguments[0]) ? objectProp(objectOf(link.call.arguments[0])!, 'indexName') : link.call.arguments[0])));
            else if (link.name === 'index') {
              const index: SqlIndex = { columns: [column], unique: false };
              const name = staticString(this.sourceCode, link.call.arguments[0]);
              if (name !== undefined) index.name = name;
              def.indexes.push(index);
            } else if (link.name === 'references') {
              const fk: SqlConstraint = { kind: 'foreignKey', columns: [column] };
              const target = this.knexReference(links.slice(links.indexOf(link)));
              if (target) fk.references = target;
              def.constraints.push(fk);
            } else if (link.name.startsWith('check')) {
              def.constraints.push({ kind: 'check', columns: [column], expression: this.sourceCode.getText(link.call).replace(/^[\s\S]*?\.(check\w*\()/, '$1') });
            }
          }
        }
      }
    }
    this.out.push(finish(def));
  }

  /** `.references('id').inTable('users')` or `.references('users.id')`. */
  private knexReference(links: ChainLink[]): { table: string; columns: string[] } | undefined {
    const ref = links.find((l) => l.name === 'references');
    if (!ref) return undefined;
    const target = staticString(this.sourceCode, ref.call.arguments[0]);
    if (target === undefined) return undefined;
    const inTable = links.find((l) => l.name === 'inTable');
    const table = inTable ? staticString(this.sourceCode, inTable.call.arguments[0]) : undefined;
    if (table !== undefined) return { table, columns: [target] };
    return splitRef(target);
  }

  // ------------------------------------------------------------ SQL text

  private sqlString(node: TSESTree.Node): void {
    if (this.handled.has(node)) return;
    if (node.type !== AST_NODE_TYPES.BinaryExpression && node.parent?.type === AST_NODE_TYPES.BinaryExpression && node.parent.operator === '+') return;
    if (node.parent?.type === AST_NODE_TYPES.Property && node.parent.key === node) return;
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && !(mightBeSql(node.value) && /\bcreate\b/i.test(node.value))) {
      // what sqlTextOf + the checks below do for a plain string, without building its segments
      this.handled.add(node);
      return;
    }
    const sql = sqlTextOf(node, this.handled);
    if (!sql || !mightBeSql(sql.text) || !/\bcreate\b/i.test(sql.text)) return;
    const analysis = extractSql(sql.text);
    if (!analysis) return;
    for (const stmt of analysis.schema) {
      const lineEnd = sql.text.slice(stmt.start).search(/[\r\n]/);
      const end = lineEnd < 0 ? stmt.end : Math.min(stmt.end, stmt.start + lineEnd);
      const loc = mapSqlLoc(this.sourceCode, sql, stmt.start, end);
      const base = { node, via: 'sql' as const };
      const def: SchemaDefinition =
        stmt.kind === 'table'
          ? finish({
              ...base,
              kind: 'table',
              table: stmt.schema === undefined ? stmt.name : `${stmt.schema}.${stmt.name}`,
              columns: stmt.columns.map((c) => c.name),
              primaryKey: stmt.primaryKey,
              indexes: stmt.indexes,
              constraints: stmt.constraints,
            })
          : finish({
              ...base,
              kind: 'index',
              table: stmt.schema === undefined ? stmt.table : `${stmt.schema}.${stmt.table}`,
              columns: [],
              primaryKey: [],
              indexes: [stmt.index],
              constraints: [],
            });
      if (loc) def.loc = loc;
      this.out.push(def);
    }
  }
}

interface ChainLink {
  name: string;
  call: TSESTree.CallExpression;
}

/** `integer('id').primaryKey().references(…)` → [integer, primaryKey, references] (innermost first). */
function callChain(node: TSESTree.Node | undefined): ChainLink[] {
  const links: ChainLink[] = [];
  let current = unwrap(node);
  for (let guard = 0; guard < 60 && current?.type === AST_NODE_TYPES.CallExpression; guard++) {
    const callee = unwrap(current.callee);
    if (callee?.type === AST_NODE_TYPES.Identifier) {
      links.push({ name: callee.name, call: current });
      break;
    }
    if (callee?.type !== AST_NODE_TYPES.MemberExpression) break;
    const name = propertyName(callee.property, callee.computed);
    if (name === undefined) break;
    links.push({ name, call: current });
    current = unwrap(callee.object);
  }
  return links.reverse();
}

/** The calls chained on top of `call` (`createTable('t').addColumn(…).execute()` → addColumn, execute). */
function chainAbove(call: TSESTree.CallExpression): ChainLink[] {
  const links: ChainLink[] = [];
  let current: TSESTree.Node = call;
  for (let guard = 0; guard < 200; guard++) {
    let parent: TSESTree.Node | undefined = current.parent;
    while (parent && (parent.type === AST_NODE_TYPES.ChainExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
      current = parent;
      parent = parent.parent;
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
    const name = propertyName(parent.property, parent.computed);
    const next: TSESTree.Node = parent.parent;
    if (name === undefined || next.type !== AST_NODE_TYPES.CallExpression || next.callee !== parent) break;
    links.push({ name, call: next });
    current = next;
  }
  return links;
}

function callsIn(sourceCode: Readonly<TSESLint.SourceCode>, root: TSESTree.Node): TSESTree.CallExpression[] {
  const found: TSESTree.CallExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.CallExpression) found.push(node);
    forEachChild(sourceCode, node, visit);
  };
  visit(root);
  return found;
}

function objectOf(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  let n = unwrap(node);
  if (n && (n.type === AST_NODE_TYPES.ArrowFunctionExpression || n.type === AST_NODE_TYPES.FunctionExpression)) n = returned(n);
  return n?.type === AST_NODE_TYPES.ObjectExpression ? n : undefined;
}

function returned(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): TSESTree.Node | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return unwrap(fn.body);
  for (const stmt of fn.body.body) if (stmt.type === AST_NODE_TYPES.ReturnStatement) return unwrap(stmt.argument);
  return undefined;
}

/** The third argument of a drizzle table: `(t) => ({ a: index(…) })`, `(t) => [index(…)]`, or an object. */
function extraConfigItems(node: TSESTree.Node | undefined): TSESTree.Node[] {
  let n = unwrap(node);
  if (n && (n.type === AST_NODE_TYPES.ArrowFunctionExpression || n.type === AST_NODE_TYPES.FunctionExpression)) n = returned(n);
  if (!n) return [];
  if (n.type === AST_NODE_TYPES.ArrayExpression) return n.elements.filter((e): e is TSESTree.Expression => e !== null && e.type !== AST_NODE_TYPES.SpreadElement);
  if (n.type === AST_NODE_TYPES.ObjectExpression) return n.properties.flatMap((p) => (p.type === AST_NODE_TYPES.Property ? [p.value] : []));
  return [];
}

function objectProp(obj: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  for (const p of obj.properties) if (p.type === AST_NODE_TYPES.Property && propertyName(p.key, p.computed) === key) return p.value;
  return undefined;
}

function arrayProp(obj: TSESTree.ObjectExpression, key: string): TSESTree.Node[] {
  const v = unwrap(objectProp(obj, key));
  if (v?.type !== AST_NODE_TYPES.ArrayExpression) return [];
  return v.elements.filter((e): e is TSESTree.Expression => e !== null && e.type !== AST_NODE_TYPES.SpreadElement);
}

/** `'a'` or `['a', 'b']` → names. */
function strings(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | undefined): string[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type === AST_NODE_TYPES.ArrayExpression) {
    return n.elements.flatMap((e) => (e && e.type !== AST_NODE_TYPES.SpreadElement ? strings(sourceCode, e) : []));
  }
  const s = staticString(sourceCode, n);
  return s === undefined ? [] : [s];
}

/** The expression of a check: the SQL inside `sql\`…\``, a string, or the source text. */
function checkText(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | undefined): string {
  const n = unwrap(node);
  if (!n) return '';
  if (n.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    return n.quasi.quasis.map((q, i) => (q.value.cooked ?? q.value.raw) + (i < n.quasi.expressions.length ? sourceCode.getText(n.quasi.expressions[i]) : '')).join('').trim();
  }
  return staticString(sourceCode, n) ?? sourceCode.getText(n);
}

/** `person.id` → { table: 'person', columns: ['id'] }; `main.person.id` → table `main.person`. */
function splitRef(target: string): { table: string; columns: string[] } {
  const at = target.lastIndexOf('.');
  if (at < 0) return { table: target, columns: [] };
  return { table: target.slice(0, at), columns: [target.slice(at + 1)] };
}

function named(c: SqlConstraint, name: string | undefined): SqlConstraint {
  return name === undefined ? c : { ...c, name };
}
