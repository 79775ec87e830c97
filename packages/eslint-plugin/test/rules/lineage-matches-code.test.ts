import { createRuleTester } from '../rule-tester';
import rule from '../../src/rules/lineage-matches-code';

const ruleTester = createRuleTester();

const VALIDATE_ORDERS = `/**
 * @lineage validate_orders
 *   in: file data/inbox/orders.csv
 *   out: sqlite main.staging_orders mode=append key=order_id
 *   out: sqlite main.rejected_rows
 *   column: staging_orders.amount_cents from orders.amount desc="round(amount*100)"
 */`;

ruleTester.run('lineage-matches-code', rule, {
  valid: [
    {
      name: 'DESIGN.md lineage example: the file read and both table writes are declared',
      code: `import fs from 'node:fs';
${VALIDATE_ORDERS}
export function validateOrders(db) {
  const input = fs.createReadStream('data/inbox/orders.csv');
  db.prepare('INSERT INTO staging_orders (order_id, amount_cents) VALUES (?, ?)').run(1, 2);
  db.prepare('INSERT INTO main.rejected_rows (line) VALUES (?)').run(3);
  return input;
}`,
    },
    {
      name: 'names match modulo schema prefix, case, underscores and a drizzle variable name',
      code: `/**
 * @lineage copy_orders
 *   in: sqlite Main.Orders
 *   out: sqlite stagingOrders
 */
export async function copyOrders(db, stagingOrders) {
  const rows = await db.select().from(orders);
  await db.insert(stagingOrders).values(rows);
}`,
    },
    {
      name: 'namespace aliases from settings resolve (a file alias still matches paths)',
      code: `import { readFile } from 'node:fs/promises';
/**
 * @lineage load
 *   in: inbox orders.csv
 */
export async function load() { return readFile('/srv/inbox/orders.csv'); }`,
      settings: { pipeguard: { namespaceAliases: { inbox: 'file:///srv/inbox' } } },
    },
    {
      name: 'declared globs match file paths',
      code: `import fs from 'fs';
/**
 * @lineage archive
 *   out: file archive/*.jsonl
 */
export function archive() { fs.writeFileSync('archive/2024-01.jsonl', ''); }`,
    },
    {
      name: 'no @lineage anywhere: nothing to compare (require-lineage reports missing blocks)',
      code: `export function f(db) { db.exec('DELETE FROM t'); }`,
    },
    {
      name: 'a module-level @lineage covers every function in the file',
      code: `/**
 * @lineage nightly
 *   in: sqlite events
 *   out: sqlite daily_totals
 */

export function a(db) { return db.prepare('SELECT * FROM events').all(); }
export function b(db) { db.prepare('INSERT INTO daily_totals SELECT day, count(*) FROM events GROUP BY day').run(); }`,
    },
    {
      name: 'the seed-style DATA FLOW block names stages, not datasets: not compared',
      code: `/**
 * Customer Data Aggregation Pipeline
 *
 * WHY THIS ARCHITECTURE:
 * - Chose Apache Spark for distributed processing because daily volume exceeds 10TB
 * - Implemented CDC (Change Data Capture) to minimize data movement costs
 *
 * DESIGN DECISIONS:
 * - Partitioned by date + customer_region for optimal query performance
 * - Added checkpointing every 1000 records to enable fast failure recovery
 *
 * DATA FLOW:
 * 1. Raw events → Kafka (for buffering and replay capability)
 * 2. Kafka → Spark Streaming (for real-time aggregation)
 * 3. Spark → Delta Lake (for ACID compliance and time travel)
 */

export function aggregate(db) { return db.prepare('SELECT * FROM raw_events').all(); }`,
    },
    {
      name: 'dynamic table names cannot be checked and are skipped',
      code: `/**
 * @lineage dyn
 *   in: sqlite known
 */
export function dyn(db, table) { return db.prepare(\`SELECT * FROM \${table}\`).all(); }`,
    },
    {
      name: 'a decorated method: the block above the decorator documents it',
      code: `class Jobs {
  /**
   * @lineage nightly_rollup
   *   in: sqlite events
   *   out: sqlite daily_totals
   */
  @scheduled('0 3 * * *')
  rollup(db) {
    db.prepare('INSERT INTO daily_totals SELECT day, count(*) FROM events GROUP BY day').run();
  }
}`,
    },
    {
      name: 'a TSX component that reads a table it declares',
      filename: 'page.tsx',
      code: `/**
 * @lineage orders_page
 *   in: sqlite orders
 */
export default function Page({ db }) {
  const rows = db.prepare('SELECT id FROM orders').all();
  return <ul>{rows.map((r) => <li key={r.id}>{r.id}</li>)}</ul>;
}`,
    },
    {
      name: 'ignore option',
      code: `/**
 * @lineage inspect
 *   in: sqlite events
 */
export function inspect(db) { db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(); return db.prepare('SELECT * FROM events').all(); }`,
      options: [{ ignore: ['sqlite_*'] }],
    },
    {
      name: 'reportUnused: every declared dataset is used',
      code: `${VALIDATE_ORDERS}
export function validateOrders(db, fs) {
  db.exec('INSERT INTO staging_orders VALUES (1)');
  db.exec('INSERT INTO rejected_rows VALUES (1)');
}`,
      options: [{ reportUnused: true, ignore: ['data/**'] }],
    },
  ],
  invalid: [
    {
      name: 'an undeclared write is reported on the table name inside the SQL, with a suggestion adding the out: line (schema prefix as the block writes it)',
      code: `${VALIDATE_ORDERS}
export function validateOrders(db) {
  db.prepare('INSERT INTO staging_orders (order_id) VALUES (?)').run(1);
  db.prepare('INSERT INTO audit_log (msg) VALUES (?)').run('x');
}`,
      errors: [
        {
          messageId: 'undeclaredWrite',
          line: 10,
          column: 27,
          endColumn: 36,
          data: { what: 'Table', name: 'audit_log', via: 'better-sqlite3', job: 'validate_orders', line: '2', suggested: 'out: sqlite main.audit_log' },
          suggestions: [
            {
              messageId: 'addDatasetLine',
              output: `/**
 * @lineage validate_orders
 *   in: file data/inbox/orders.csv
 *   out: sqlite main.staging_orders mode=append key=order_id
 *   out: sqlite main.rejected_rows
 *   out: sqlite main.audit_log
 *   column: staging_orders.amount_cents from orders.amount desc="round(amount*100)"
 */
export function validateOrders(db) {
  db.prepare('INSERT INTO staging_orders (order_id) VALUES (?)').run(1);
  db.prepare('INSERT INTO audit_log (msg) VALUES (?)').run('x');
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an undeclared read through kysely; the namespace comes from the block',
      code: `/**
 * @lineage enrich
 *   out: warehouse analytics.enriched
 */
export async function enrich(db) {
  const people = await db.selectFrom('person as p').selectAll().execute();
  await db.insertInto('analytics.enriched').values(people).execute();
}`,
      errors: [
        {
          messageId: 'undeclaredRead',
          line: 6,
          column: 38,
          data: { what: 'Table', name: 'person', via: 'kysely', job: 'enrich', line: '2', suggested: 'in: warehouse person' },
          suggestions: [
            {
              messageId: 'addDatasetLine',
              output: `/**
 * @lineage enrich
 *   out: warehouse analytics.enriched
 *   in: warehouse person
 */
export async function enrich(db) {
  const people = await db.selectFrom('person as p').selectAll().execute();
  await db.insertInto('analytics.enriched').values(people).execute();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'declared as in: but written: the mode matters',
      code: `/**
 * @lineage touch
 *   in: sqlite events
 */
function touch(db) { db.exec('DELETE FROM events WHERE old'); }`,
      errors: [{ messageId: 'undeclaredWrite', line: 5, data: { what: 'Table', name: 'events', via: 'better-sqlite3', job: 'touch', line: '2', suggested: 'out: sqlite events' }, suggestions: [{ messageId: 'addDatasetLine', output: `/**
 * @lineage touch
 *   in: sqlite events
 *   out: sqlite events
 */
function touch(db) { db.exec('DELETE FROM events WHERE old'); }` }] }],
    },
    {
      name: 'a different schema is a different table',
      code: `/**
 * @lineage copy
 *   in: sqlite archive.orders
 */
function copy(db) { return db.prepare('SELECT * FROM main.orders').all(); }`,
      errors: [{ messageId: 'undeclaredRead', data: { what: 'Table', name: 'main.orders', via: 'better-sqlite3', job: 'copy', line: '2', suggested: 'in: sqlite main.orders' }, suggestions: 1 as never }],
    },
    {
      name: 'fs writes and knex reads inside a callback are attributed to the covering block',
      code: `import { writeFile } from 'node:fs/promises';
import knex from 'knex';
const db = knex({});
/** @lineage export_users */
export async function exportUsers() {
  await db.transaction(async () => {
    const users = await db('users').select('*');
    await writeFile('out/users.json', JSON.stringify(users));
  });
}`,
      errors: [
        {
          messageId: 'undeclaredRead',
          line: 7,
          data: { what: 'Table', name: 'users', via: 'knex', job: 'export_users', line: '4', suggested: 'in: db users' },
          suggestions: [
            {
              messageId: 'addDatasetLine',
              output: `import { writeFile } from 'node:fs/promises';
import knex from 'knex';
const db = knex({});
/** @lineage export_users
 *   in: db users
 */
export async function exportUsers() {
  await db.transaction(async () => {
    const users = await db('users').select('*');
    await writeFile('out/users.json', JSON.stringify(users));
  });
}`,
            },
          ],
        },
        { messageId: 'undeclaredWrite', line: 8, data: { what: 'File', name: 'out/users.json', via: 'fs', job: 'export_users', line: '4', suggested: 'out: file out/users.json' }, suggestions: 1 as never },
      ],
    },
    {
      name: 'drizzle: the SQL name comes from the sqliteTable() call in the file',
      code: `import { sqliteTable, integer } from 'drizzle-orm/sqlite-core';
const stagingOrders = sqliteTable('staging_orders', { id: integer('id') });
/**
 * @lineage stage
 *   out: sqlite orders
 */
export async function stage(db) {
  await db.insert(stagingOrders).values({ id: 1 });
}`,
      errors: [{ messageId: 'undeclaredWrite', line: 8, column: 19, data: { what: 'Table', name: 'staging_orders', via: 'drizzle', job: 'stage', line: '4', suggested: 'out: sqlite staging_orders' }, suggestions: 1 as never }],
    },
    {
      name: 'CRLF and tab-indented comment: the added line keeps the comment style',
      code: '/**\r\n\t* @lineage crlf\r\n\t*   in: sqlite a\r\n\t*/\r\nfunction crlf(db) { return db.prepare("SELECT * FROM b").all(); }\r\n',
      errors: [
        {
          messageId: 'undeclaredRead',
          suggestions: [
            {
              messageId: 'addDatasetLine',
              output: '/**\r\n\t* @lineage crlf\r\n\t*   in: sqlite a\r\n\t*   in: sqlite b\r\n\t*/\r\nfunction crlf(db) { return db.prepare("SELECT * FROM b").all(); }\r\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a SQL constant defined at module level is reported at the call that uses it',
      code: `const LOAD = 'SELECT * FROM raw_events';
/**
 * @lineage load
 *   in: sqlite events
 */
export function load(db) { return db.prepare(LOAD).all(); }`,
      errors: [{ messageId: 'undeclaredRead', line: 6, column: 46, data: { what: 'Table', name: 'raw_events', via: 'better-sqlite3', job: 'load', line: '3', suggested: 'in: sqlite raw_events' }, suggestions: 1 as never }],
    },
    {
      name: 'a TSX component that reads an undeclared table',
      filename: 'page.tsx',
      code: `/**
 * @lineage orders_page
 *   in: sqlite orders
 */
export default function Page({ db }) {
  const rows = db.prepare('SELECT id FROM customers').all();
  return <ul>{rows.map((r) => <li key={r.id}>{r.id}</li>)}</ul>;
}`,
      errors: [{ messageId: 'undeclaredRead', line: 6, column: 43, data: { what: 'Table', name: 'customers', via: 'better-sqlite3', job: 'orders_page', line: '2', suggested: 'in: sqlite customers' }, suggestions: 1 as never }],
    },
    {
      name: 'reportUnused: a declared input that the code never reads is reported on its field line',
      code: `/**
 * @lineage load
 *   in: sqlite events
 *   in: sqlite customers
 */
export function load(db) { return db.prepare('SELECT * FROM events').all(); }`,
      options: [{ reportUnused: true }],
      errors: [{ messageId: 'unusedDataset', line: 4, column: 6, data: { field: 'in', dataset: 'sqlite customers', job: 'load', verb: 'reads' } }],
    },
  ],
});
