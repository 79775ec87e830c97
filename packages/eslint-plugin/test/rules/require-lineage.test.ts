import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/require-lineage';
import type { MessageIds, Options } from '../../src/rules/require-lineage';
import { insertAbove } from '../expect';
import { createRuleTester } from '../rule-tester';

const ruleTester = createRuleTester();

const PIPELINE = 'src/pipeline/orders.ts';

const SEED = `/**
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
 */`;

const TODO_IO = ['  in: TODO namespace dataset this step reads', '  out: TODO namespace dataset this step writes'];

type Case = InvalidTestCase<MessageIds, Options>;

/** One report with one suggestion that inserts `block` above `insertLine` (default: the report's line). */
function invalid(
  name: string,
  code: string,
  report: { messageId: MessageIds; line: number; insertLine?: number; block: string[]; data?: Record<string, string> },
  extra: Partial<Case> = {},
): Case {
  return {
    name,
    code,
    filename: PIPELINE,
    ...extra,
    errors: [
      {
        messageId: report.messageId,
        line: report.line,
        ...(report.data ? { data: report.data } : {}),
        suggestions: [{ messageId: 'addLineage', output: insertAbove(code, report.insertLine ?? report.line, report.block) }],
      },
    ],
  };
}

ruleTester.run('require-lineage', rule, {
  valid: [
    {
      name: 'a drizzle table with an extra-config callback is not a wrapped step',
      filename: PIPELINE,
      code: `import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
export const customers = sqliteTable('customers', { email: text('email') }, (t) => [index('by_email').on(t.email)]);`,
    },
    {
      name: 'Object.prototype method names (toString, toLocaleString) are not query builders',
      filename: 'lib/format.ts',
      code: `export function n(value: number) { return value.toLocaleString('en-US'); }
export function s(chunks: Buffer[]) { return Buffer.concat(chunks).toString('utf8'); }`,
    },
    {
      name: 'a table name computed at run time cannot be declared and is not required',
      filename: 'lib/copy.ts',
      code: `export function count(db: { prepare(sql: string): unknown }, table: string) {
  return db.prepare(\`SELECT count(*) FROM \${table}\`);
}`,
    },
    {
      name: 'a schema built with a builder chain holding callbacks is not a wrapped step',
      filename: PIPELINE,
      code: `import { z } from 'zod';
export const OrderSchema = z.object({ id: z.string() }).transform((o) => ({ ...o, id: o.id.trim() }));`,
    },
    {
      name: 'a wrapped step whose variable carries @lineage',
      filename: PIPELINE,
      code: `const wrap = <T>(f: T) => f;
/**
 * @lineage step
 *   in: file data/x.csv
 */
export const step = wrap(async (rows: unknown[]) => rows);`,
    },
    {
      name: 'top-level script code covered by a module-level @lineage',
      filename: 'scripts/backfill.ts',
      code: `/**
 * @lineage backfill
 *   in: file data/backfill.csv
 */
import { readFileSync } from 'node:fs';
export const rows = readFileSync('data/backfill.csv', 'utf8');`,
    },
    {
      name: 'DESIGN.md @lineage on an exported pipeline step',
      filename: PIPELINE,
      code: `/**
 * @lineage validate_orders
 *   in: file data/inbox/orders.csv
 *   out: sqlite main.staging_orders mode=append key=order_id
 */
export function validateOrders(rows: unknown[]) { return rows; }`,
    },
    {
      name: 'seed-style DATA FLOW at module level covers the module',
      filename: PIPELINE,
      code: `${SEED}
import { x } from './x';
export function aggregate() { return x; }
export class Aggregator { run() { return 1; } }`,
    },
    {
      name: 'module-level @lineage covers every step',
      filename: PIPELINE,
      code: `/**
 * @lineage orders
 *   in: file data/orders.csv
 */

export const a = () => 1;
export function b() { return 2; }`,
    },
    { name: 'not a pipeline module and no dataset access', filename: 'src/util/math.ts', code: 'export function add(a: number, b: number) { return a + b; }' },
    {
      name: 'pipeline module: private helpers, constructors, getters and private methods need nothing',
      filename: PIPELINE,
      code: `/**
 * @lineage orders_stage
 *   in: file data/orders.csv
 */
export class OrdersStage {
  constructor(private readonly n: number) {}
  get size() { return this.n; }
  private helper() { return 1; }
  #secret() { return 2; }
}
function helper() { return 3; }
export const VALUE = helper();`,
    },
    {
      name: 'class-level @lineage covers public methods',
      filename: PIPELINE,
      code: `/**
 * @lineage orders_stage
 *   in: file data/orders.csv
 */
export class OrdersStage { run() { return 1; } }`,
    },
    {
      name: 'the files option replaces the default globs',
      filename: PIPELINE,
      code: 'export function step() { return 1; }',
      options: [{ files: ['src/etl-v2/**'] }],
    },
    {
      name: 'settings.pipeguard.pipelineFiles replaces the default globs',
      filename: PIPELINE,
      code: 'export function step() { return 1; }',
      settings: { pipeguard: { pipelineFiles: ['jobs-v2/**'] } },
    },
    {
      name: 'datasets: false only checks pipeline modules',
      filename: 'src/db.ts',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
export function save() { db.prepare('INSERT INTO orders (id) VALUES (1)').run(); }`,
      options: [{ datasets: false }],
    },
    {
      name: 'a dataset-reading function with @lineage on its variable declaration',
      filename: 'src/db.ts',
      code: `import { readFileSync } from 'node:fs';
/**
 * @lineage load_orders
 *   in: file data/orders.csv
 */
export const load = () => readFileSync('data/orders.csv', 'utf8');`,
    },
    {
      name: 'overload signatures carry the block for the implementation',
      filename: PIPELINE,
      code: `/**
 * @lineage parse
 *   in: file data/orders.csv
 */
export function parse(x: string): string;
export function parse(x: number): string;
export function parse(x: string | number) { return String(x); }`,
    },
  ],
  invalid: [
    {
      name: 'top-level script code that reads and writes datasets needs a module-level @lineage',
      filename: 'scripts/backfill.ts',
      code: `import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
const db = new Database('app.db');
const rows = readFileSync('data/backfill.csv', 'utf8');
db.prepare('INSERT INTO orders (raw) VALUES (?)').run(rows);`,
      errors: [
        {
          messageId: 'missingLineageModule',
          line: 4,
          data: { file: 'scripts/backfill.ts', accesses: 'reads `file data/backfill.csv` and writes `orders`', job: 'backfill' },
          suggestions: [
            {
              messageId: 'addLineage',
              output: `/**
 * @lineage backfill
 *   in: file data/backfill.csv
 *   out: sqlite orders
 */

import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
const db = new Database('app.db');
const rows = readFileSync('data/backfill.csv', 'utf8');
db.prepare('INSERT INTO orders (raw) VALUES (?)').run(rows);`,
            },
          ],
        },
      ],
    },
    invalid(
      'exported pipeline function without @lineage',
      'export function transformOrders(rows: unknown[]) { return rows; }',
      {
        messageId: 'missingLineageStep',
        line: 1,
        block: ['@lineage transformOrders', ...TODO_IO],
        data: { what: 'function', name: 'transformOrders', file: PIPELINE, job: 'transformOrders' },
      },
    ),
    invalid(
      'better-sqlite3 write: the template lists the table',
      `import Database from 'better-sqlite3';
const db = new Database('app.db');
export function save(id: number) {
  db.prepare('INSERT INTO main.staging_orders (id) VALUES (?)').run(id);
}`,
      {
        messageId: 'missingLineageDatasets',
        line: 3,
        block: ['@lineage save', '  out: sqlite main.staging_orders'],
        data: { What: 'Function', name: 'save', accesses: 'writes `main.staging_orders`', job: 'save' },
      },
      { filename: 'src/db/save.ts' },
    ),
    invalid(
      'fs read and SQL write in one function, anywhere in the repo',
      `import { readFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
const db = new Database('app.db');
export async function importOrders() {
  const text = await readFile('data/inbox/orders.csv', 'utf8');
  db.prepare('INSERT INTO orders (raw) VALUES (?)').run(text);
}`,
      {
        messageId: 'missingLineageDatasets',
        line: 4,
        block: ['@lineage importOrders', '  in: file data/inbox/orders.csv', '  out: sqlite orders'],
        data: { What: 'Function', name: 'importOrders', accesses: 'reads `file data/inbox/orders.csv` and writes `orders`', job: 'importOrders' },
      },
      { filename: 'lib/import.ts' },
    ),
    invalid(
      'namespace alias from settings is used for SQL datasets',
      `export function report(db: { prepare(sql: string): unknown }) {
  return db.prepare('SELECT * FROM orders JOIN customers ON customers.id = orders.customer_id');
}`,
      {
        messageId: 'missingLineageDatasets',
        line: 1,
        block: ['@lineage report', '  in: $warehouse orders', '  in: $warehouse customers'],
      },
      { filename: 'lib/report.ts', settings: { pipeguard: { namespaceAliases: { $warehouse: 'postgres://wh' } } } },
    ),
    {
      name: 'public method of an exported class in a pipeline module, merged into its doc comment',
      filename: PIPELINE,
      code: `export class OrdersStage {
  /** Runs the stage. */
  run() { return 1; }
}`,
      errors: [
        {
          messageId: 'missingLineageStep',
          line: 3,
          data: { what: 'method', name: 'run', file: PIPELINE, job: 'OrdersStage.run' },
          suggestions: [
            {
              messageId: 'addLineage',
              output: `export class OrdersStage {
  /**
   * Runs the stage.
   *
   * @lineage OrdersStage.run
   *   in: TODO namespace dataset this step reads
   *   out: TODO namespace dataset this step writes
   */
  run() { return 1; }
}`,
            },
          ],
        },
      ],
    },
    invalid(
      'export default function in a pipeline module',
      'export default function (rows: unknown[]) { return rows; }',
      { messageId: 'missingLineageStep', line: 1, block: ['@lineage default', ...TODO_IO] },
      { filename: 'src/jobs/nightly.ts' },
    ),
    invalid(
      'a function exported through export { … } in a *.job.ts file',
      `function nightly() { return 1; }
export { nightly };`,
      { messageId: 'missingLineageStep', line: 1, block: ['@lineage nightly', ...TODO_IO] },
      { filename: 'src/nightly.job.ts' },
    ),
    invalid(
      'a method of a class exported through export { }',
      `class Loader {
  load() { return 1; }
}
export { Loader };`,
      { messageId: 'missingLineageStep', line: 2, block: ['@lineage Loader.load', ...TODO_IO] },
    ),
    invalid(
      'an exported step wrapped in a higher-order call: the variable carries the block',
      `const wrap = <T>(f: T) => f;
export const step = wrap(async (rows: unknown[]) => rows);`,
      { messageId: 'missingLineageStep', line: 2, block: ['@lineage step', ...TODO_IO], data: { what: 'function', name: 'step', file: PIPELINE, job: 'step' } },
    ),
    invalid(
      'a step wrapped after a name literal: trace(\'name\', fn)',
      `const trace = <T>(_name: string, f: T) => f;
export const load = trace('load', async () => 1);`,
      { messageId: 'missingLineageStep', line: 2, block: ['@lineage load', ...TODO_IO] },
    ),
    invalid(
      'drizzle insert and select().from',
      `import { drizzle } from 'drizzle-orm/better-sqlite3';
import { orders, customers } from './schema';
const db = drizzle('app.db');
export async function copyOrders() {
  const rows = await db.select().from(customers);
  await db.insert(orders).values(rows);
}`,
      { messageId: 'missingLineageDatasets', line: 4, block: ['@lineage copyOrders', '  in: db customers', '  out: db orders'] },
      { filename: 'lib/copy.ts' },
    ),
    invalid(
      'kysely selectFrom and insertInto',
      `import type { Kysely } from 'kysely';
export async function archive(db: Kysely<any>) {
  const old = await db.selectFrom('orders').selectAll().execute();
  await db.insertInto('orders_archive').values(old).execute();
}`,
      { messageId: 'missingLineageDatasets', line: 2, block: ['@lineage archive', '  in: db orders', '  out: db orders_archive'] },
      { filename: 'lib/archive.ts' },
    ),
    invalid(
      'knex table calls',
      `import knex from 'knex';
const db = knex({ client: 'sqlite3' });
export async function purge() {
  await db('sessions').where('expired', true).del();
}`,
      { messageId: 'missingLineageDatasets', line: 3, block: ['@lineage purge', '  out: db sessions'] },
      { filename: 'lib/purge.ts' },
    ),
    invalid(
      'SQL UPDATE and DELETE in template literals, fs write stream',
      `import { createWriteStream } from 'node:fs';
export function close(db: { exec(sql: string): void }) {
  db.exec(\`UPDATE accounts SET closed = 1\`);
  db.exec(\`DELETE FROM sessions\`);
  createWriteStream('out/closed.log').end('done');
}`,
      { messageId: 'missingLineageDatasets', line: 2, block: ['@lineage close', '  out: sqlite accounts', '  out: sqlite sessions', '  out: file out/closed.log'] },
      { filename: 'lib/close.ts' },
    ),
    invalid(
      'a @lineage on the previous statement (wrong node) does not count',
      `/**
 * @lineage other
 *   in: file x.csv
 */
export const other = 1;
export const step = () => other;`,
      { messageId: 'missingLineageStep', line: 6, block: ['@lineage step', ...TODO_IO] },
    ),
  ],
});
