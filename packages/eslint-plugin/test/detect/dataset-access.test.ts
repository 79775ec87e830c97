import { describe, expect, it } from 'vitest';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Rule } from 'eslint';
import { findDatasetAccess } from '../../src/detect/dataset-access.js';
import type { DatasetAccess } from '../../src/detect/dataset-access.js';
import { withRule } from './harness.js';

type Ctx = Parameters<typeof findDatasetAccess>[1];

/** `line:column` (ESLint style: 1-based line, 0-based column) of the n-th occurrence of `needle`. */
function pos(code: string, needle: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = code.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not in code`);
  }
  const before = code.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1]!.length}`;
}

/** `mode via name @line:col` for every access in the function named `run` (or top-level code if none). */
function accesses(code: string, fnName = 'run'): string[] {
  const found = withRule<DatasetAccess>(
    code,
    (context: Rule.RuleContext, node: Rule.Node) => {
      const n = node as unknown as TSESTree.Node;
      if (n.type === AST_NODE_TYPES.Program) return fnName === '<module>' ? [...findDatasetAccess(n, context as unknown as Ctx)] : [];
      const id = n.type === AST_NODE_TYPES.FunctionDeclaration ? n.id?.name : n.type === AST_NODE_TYPES.MethodDefinition && n.key.type === AST_NODE_TYPES.Identifier ? n.key.name : undefined;
      return id === fnName ? [...findDatasetAccess(n, context as unknown as Ctx)] : [];
    },
    ['Program', 'FunctionDeclaration', 'MethodDefinition'],
  );
  return found.map((a) => {
    const loc = a.loc ?? a.node.loc;
    const ns = a.dataset.namespace === undefined ? '' : `${a.dataset.namespace}:`;
    return `${a.mode} ${a.via} ${ns}${a.dataset.name}${a.dynamic === true ? ' (dynamic)' : ''} @${loc.start.line}:${loc.start.column}`;
  });
}

describe('findDatasetAccess: SQL text', () => {
  it('string literals with exact locations of table names', () => {
    expect(accesses(`function run(db) {\n  db.prepare('INSERT INTO staging_orders (id) VALUES (?)').run(1);\n}`)).toEqual([
      'write better-sqlite3 staging_orders @2:26',
    ]);
  });
  it('template literals: values in holes are ignored, names in holes are dynamic', () => {
    const code = 'function run(db, id, t) {\n  db.query(`SELECT * FROM orders o JOIN ${t} x ON 1=1 WHERE o.id = ${id}`);\n}';
    expect(accesses(code)).toEqual([`read sql orders @${pos(code, 'orders')}`, `read sql ${'${…}'} (dynamic) @${pos(code, 't}')}`]);
  });
  it('sql tagged templates count even in mixed case', () => {
    const code = 'function run(db) { return db.all(sql`Select * From main.events`); }';
    expect(accesses(code)).toEqual([`read sql main.events @${pos(code, 'main.')}`]);
  });
  it('string concatenation', () => {
    const code = `function run(db, w) { return db.exec('DELETE FROM ' + 'old_rows' + ' WHERE ' + w); }`;
    expect(accesses(code)).toEqual([`write better-sqlite3 old_rows @${pos(code, 'old_rows')}`]);
  });
  it('a SQL constant defined at module level and used in the function is attributed to the call', () => {
    expect(
      accesses(`const INSERT_ORDER = 'INSERT INTO orders (id) VALUES (?)';\nfunction run(db) {\n  db.prepare(INSERT_ORDER).run(1);\n}`),
    ).toEqual(['write better-sqlite3 orders @3:13']);
  });
  it('plain strings that read like SQL count without a sink; prose does not', () => {
    const code = `function run() { const q = "SELECT id FROM users"; log("Select a file from the list"); return q; }`;
    expect(accesses(code)).toEqual([`read sql users @${pos(code, 'users')}`]);
  });
  it('escaped strings still find tables but without an exact location', () => {
    expect(accesses(`function run(db) { db.exec("SELECT \\"x\\" FROM t1"); }`)).toEqual(['read better-sqlite3 t1 @1:27']);
  });
  it('object keys and literal types are not SQL', () => {
    expect(accesses(`function run() { const o = { 'SELECT * FROM t': 1 }; let x: 'SELECT * FROM t'; return [o, x]; }`)).toEqual([]);
  });
});

describe('findDatasetAccess: drizzle', () => {
  const schema = `import { sqliteTable, integer } from 'drizzle-orm/sqlite-core';\nimport { drizzle } from 'drizzle-orm/better-sqlite3';\nconst orders = sqliteTable('staging_orders', { id: integer('id') });\nconst db = drizzle(':memory:');\n`;
  it('insert / update / delete followed by their builders', () => {
    expect(
      accesses(`function run(db, users) {\n  db.insert(users).values({});\n  db.update(users).set({}).where(x);\n  db.delete(users).where(x);\n}`),
    ).toEqual(['write drizzle users @2:12', 'write drizzle users @3:12', 'write drizzle users @4:12']);
  });
  it('the SQL name comes from the sqliteTable() call when it is in the file', () => {
    expect(accesses(`${schema}function run() { return db.delete(orders); }`)).toEqual(['write drizzle staging_orders @5:34']);
  });
  it('select().from() and joins read', () => {
    const code = `function run(db, a, s) { return db.select().from(a).leftJoin(s.b, eq(a.id, s.b.id)); }`;
    expect(accesses(code)).toEqual([`read drizzle a @${pos(code, '(a)')}`.replace(/:(\d+)$/, (_, c: string) => `:${Number(c) + 1}`), `read drizzle b @${pos(code, 's.b')}`]);
  });
  it('relational queries: db.query.users.findMany()', () => {
    expect(accesses(`function run(db) { return db.query.users.findMany(); }`)).toEqual(['read drizzle users @1:35']);
  });
  it('Map/Set/Array methods are not drizzle', () => {
    expect(accesses(`function run(cache, key, xs) { cache.delete(key); cache.update(key); Array.from(xs); new Set(xs).delete(key); }`)).toEqual([]);
    // keyv-style `this.delete(key).then(…)`: a promise, not a drizzle builder
    expect(accesses(`class Store { run(key) { return this.delete(key).then(() => undefined); } delete(key) { return Promise.resolve(key); } }`)).toEqual([]);
  });
});

describe('findDatasetAccess: kysely', () => {
  it('selectFrom / insertInto / updateTable / deleteFrom / joins, aliases stripped', () => {
    expect(
      accesses(
        `async function run(db) {\n  await db.selectFrom('person as p').innerJoin('pet', 'pet.owner_id', 'p.id').selectAll().execute();\n  await db.insertInto('person').values({}).execute();\n  await db.updateTable('main.person').set({}).execute();\n  await db.deleteFrom('person').execute();\n  await db.selectFrom(['a', 'b as bb']).selectAll().execute();\n}`,
      ),
    ).toEqual([
      'read kysely person @2:22',
      'read kysely pet @2:47',
      'write kysely person @3:22',
      'write kysely main.person @4:23',
      'write kysely person @5:22',
      'read kysely a @6:23',
      'read kysely b @6:28',
    ]);
  });
  it('mergeInto … using reads the source', () => {
    const code = `function run(db) { return db.mergeInto('t').using('s', 's.id', 't.id').execute(); }`;
    expect(accesses(code)).toEqual([`write kysely t @${pos(code, "'t'")}`, `read kysely s @${pos(code, "'s'")}`]);
  });
  it('Object.prototype names are not kysely roots (`x.toString()`, `n.constructor(…)`)', () => {
    const code = `function run(x, n) { return [x.toString('a'), n.toLocaleString('en'), n.constructor('t'), x.hasOwnProperty('y')]; }`;
    expect(accesses(code)).toEqual([]);
  });
  it('CTE names declared with .with() are not tables', () => {
    const code = `function run(db) { return db.with('recent', (q) => q.selectFrom('orders').selectAll()).selectFrom('recent').selectAll(); }`;
    expect(accesses(code)).toEqual([`read kysely orders @${pos(code, "'orders'")}`]);
  });
});

describe('findDatasetAccess: knex', () => {
  it("knex('t') reads unless the chain writes", () => {
    expect(
      accesses(`import knex from 'knex';\nconst db = knex({});\nasync function run() {\n  await db('users').where({ id: 1 });\n  await db('users').insert({});\n  await db('old').where('x', 1).del();\n}`),
    ).toEqual(['read knex users @4:11', 'write knex users @5:11', 'write knex old @6:11']);
  });
  it('knex.from / select().from / into / join / table', () => {
    const code = `async function run(knex) {\n  await knex.select('a').from('users as u').join('contacts', 'u.id', 'contacts.uid');\n  await knex.insert({}).into('logs');\n  await knex.table('kv').update({});\n}`;
    expect(accesses(code)).toEqual([
      `read knex users @${pos(code, "'users")}`,
      `read knex contacts @${pos(code, "'contacts'")}`,
      `write knex logs @${pos(code, "'logs'")}`,
      `write knex kv @${pos(code, "'kv'")}`,
    ]);
  });
  it('a function named knex that is not the library is ignored', () => {
    expect(accesses(`import { knex } from './mine';\nfunction run() { other('users'); }`)).toEqual([]);
  });
});

describe('findDatasetAccess: fs', () => {
  it('streams and files with literal paths, through every import style', () => {
    expect(
      accesses(
        `import fs from 'node:fs';\nimport { writeFile } from 'node:fs/promises';\nimport * as path from 'node:path';\nconst OUT = 'data/out.jsonl';\nasync function run() {\n  fs.createReadStream('./data/inbox/orders.csv');\n  await writeFile(OUT, '');\n  await fs.promises.appendFile(path.join('logs', 'run.log'), 'x');\n  fs.copyFileSync('a.txt', 'b.txt');\n}`,
      ),
    ).toEqual([
      'read fs file:data/inbox/orders.csv @6:2',
      'write fs file:data/out.jsonl @7:8',
      'write fs file:logs/run.log @8:8',
      'read fs file:a.txt @9:2',
      'write fs file:b.txt @9:2',
    ]);
  });
  it('require() and fs/promises namespaces', () => {
    expect(
      accesses(`const fsp = require('fs').promises;\nconst { createWriteStream } = require('fs');\nasync function run() { await fsp.readFile('in.json'); createWriteStream('out.json'); }`),
    ).toEqual(['read fs file:in.json @3:29', 'write fs file:out.json @3:54']);
  });
  it('dynamic paths and look-alike functions are not reported', () => {
    expect(accesses(`import { readFile } from './my-fs';\nimport fs from 'fs';\nfunction run(p) { readFile('x.txt'); fs.readFile(p); fs.existsSync('x'); }`)).toEqual([]);
  });
});

describe('findDatasetAccess: scope of a function', () => {
  it('callbacks count; nested function declarations and classes do not', () => {
    expect(
      accesses(
        `function run(db) {\n  db.transaction(() => { db.exec('DELETE FROM a'); });\n  function inner() { db.exec('DELETE FROM b'); }\n  class K { m() { db.exec('DELETE FROM c'); } }\n}`,
      ),
    ).toEqual(['write better-sqlite3 a @2:46']);
  });
  it('methods', () => {
    const code = `class Stage { run(db) { db.exec('INSERT INTO t VALUES (1)'); } }`;
    expect(accesses(code)).toEqual([`write better-sqlite3 t @${pos(code, 't VALUES')}`]);
  });
  it('Program: only top-level code', () => {
    expect(accesses(`db.exec('INSERT INTO top VALUES (1)');\nfunction f() { db.exec('INSERT INTO nested VALUES (1)'); }`, '<module>')).toEqual([
      'write better-sqlite3 top @1:21',
    ]);
  });
});
