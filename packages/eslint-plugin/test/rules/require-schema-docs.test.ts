import { insertAbove } from '../expect';
import { createRuleTester } from '../rule-tester';
import rule from '../../src/rules/require-schema-docs';

const ruleTester = createRuleTester();

const RATIONALE = ['@rationale staging_orders table shape', '  why: TODO the constraint or number that forced this design', '  alternatives: TODO what else was considered and why not'];

const drizzleImports = `import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';\n`;

const ordersTable = `export const orders = sqliteTable(
  'staging_orders',
  {
    id: integer('id').primaryKey(),
    customerId: integer('customer_id').references(() => customers.id),
    email: text('email').unique(),
  },
  (t) => [index('orders_by_customer').on(t.customerId), uniqueIndex('orders_email').on(t.email)],
);`;

const fullDoc = `/**
 * @rationale Orders are staged flat, one row per order line, before validation
 *   why: the CSV arrives denormalised and validation needs the raw row
 * @indexing Look orders up by customer and by e-mail
 *   index: orders_by_customer (customer_id)
 *   index: orders_email unique (email)
 *   why: the enrichment step reads all orders of a customer
 * @constraints Every order has a known customer and a unique e-mail
 *   fk: staging_orders.customer_id to customers.id
 *   unique: staging_orders.email
 *   why: rejects bad rows at insert time
 */`;

ruleTester.run('require-schema-docs', rule, {
  valid: [
    {
      name: 'drizzle table with @rationale, @indexing and @constraints on its export',
      code: `${drizzleImports}${fullDoc}\n${ordersTable}`,
    },
    {
      name: 'a table without indexes or constraints needs only @rationale (a primary key alone is not a constraint)',
      code: `${drizzleImports}/**\n * @rationale Key-value settings in one small table\n *   why: a handful of rows, read once at start-up\n */\nexport const kv = sqliteTable('kv', { k: text('k').primaryKey(), v: text('v') });`,
    },
    {
      name: 'DESIGN.md money example documents a SQL CREATE TABLE',
      code: `/**
 * @rationale Store money as INTEGER cents, not REAL
 *   why: SQLite REAL is binary floating point; summing a million rows drifts by whole cents.
 *   alternatives: TEXT decimals (slow to aggregate); REAL rounded on read
 *   tradeoffs: every reader divides by 100
 *   revisit: when we ingest 3-decimal currencies
 */
const CREATE_PAYMENTS = 'CREATE TABLE payments (id INTEGER PRIMARY KEY, amount_cents INTEGER NOT NULL)';`,
    },
    {
      name: 'a module-level block counts when the file defines exactly one table',
      code: `/**\n * @rationale Audit log rows are append-only, one per pipeline run\n *   why: runs are replayed from this table\n */\n\nimport { db } from './db';\n\ndb.exec('CREATE TABLE audit_log (run_id TEXT, at INTEGER)');`,
    },
    {
      name: 'the block on the enclosing migration function counts (kysely)',
      code: `/**
 * @rationale Pets belong to people; one row per pet
 *   why: the adoption report joins pets to owners
 */
export async function up(db: Kysely<unknown>) {
  await db.schema.createTable('pet').addColumn('id', 'integer', (col) => col.primaryKey()).execute();
}`,
    },
    {
      name: 'not a schema definition: prose and look-alike calls',
      code: `log('Create table rows from the CSV');\nconst t = renderTable('orders', {});`,
    },
    {
      name: 'export default of a documented drizzle table',
      code: `/**\n * @rationale One row per tenant, keyed by slug\n *   why: tenants are looked up by URL slug on every request\n */\nexport default pgTable('tenants', { slug: text('slug').primaryKey() });`,
    },
    {
      name: 'tabs and CRLF line endings',
      code: '/**\r\n\t* @rationale Settings live in one small table\r\n\t*   why: read once at start-up\r\n\t*/\r\nconst DDL = "CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT)";\r\n',
    },
    {
      name: 'unicode table and column names',
      code: `/**\n * @rationale Café orders keep the accented names the POS exports\n *   why: the export cannot be changed\n */\nconst DDL = 'CREATE TABLE "café_orders" ("prix_€" INTEGER)';`,
    },
    {
      name: 'requireIndexing / requireConstraints off',
      code: `${drizzleImports}/**\n * @rationale Orders staged flat before validation\n *   why: the CSV arrives denormalised\n */\n${ordersTable}`,
      options: [{ requireIndexing: false, requireConstraints: false }],
    },
    {
      name: 'requireRetention on and @retention present',
      code: `/**\n * @rationale Raw events, one row per webhook delivery\n *   why: replays need the exact payload\n * @retention Raw events are kept 90 days\n *   keep: 90d\n */\nconst DDL = \`CREATE TABLE raw_events (id TEXT PRIMARY KEY, payload TEXT)\`;`,
      options: [{ requireRetention: true }],
    },
  ],
  invalid: [
    {
      name: 'drizzle table without any doc: rationale, indexing and constraints, each with a filled suggestion',
      code: `${drizzleImports}${ordersTable}`,
      errors: [
        {
          messageId: 'missingRationale',
          line: 2,
          column: 23,
          endLine: 3,
          data: { table: 'staging_orders', via: 'drizzle table' },
          suggestions: [{ messageId: 'addRationale', output: insertAbove(`${drizzleImports}${ordersTable}`, 2, RATIONALE) }],
        },
        {
          messageId: 'missingIndexing',
          line: 2,
          data: { what: 'Table', table: 'staging_orders', via: 'drizzle table', indexes: 'indexes orders_by_customer (customer_id), orders_email unique (email)', count: '2' },
          suggestions: [
            {
              messageId: 'addIndexing',
              output: insertAbove(`${drizzleImports}${ordersTable}`, 2, [
                '@indexing staging_orders indexes',
                '  index: orders_by_customer (customer_id)',
                '  index: orders_email unique (email)',
                '  queries: TODO the queries these indexes serve',
                '  why: TODO why these indexes and not others',
              ]),
            },
          ],
        },
        {
          messageId: 'missingConstraints',
          line: 2,
          data: { table: 'staging_orders', via: 'drizzle table', constraints: 'foreign key staging_orders.customer_id → customers.id, unique staging_orders.email', count: '2' },
          suggestions: [
            {
              messageId: 'addConstraints',
              output: insertAbove(`${drizzleImports}${ordersTable}`, 2, [
                '@constraints staging_orders integrity rules',
                '  fk: staging_orders.customer_id to customers.id',
                '  unique: staging_orders.email',
                '  enforcedBy: db',
                '  why: TODO why these rules are enforced in the database',
              ]),
            },
          ],
        },
      ],
    },
    {
      name: 'a @rationale exists: the missing @indexing is merged into the same comment',
      code: `/**\n * @rationale Lookups by e-mail\n *   why: login\n */\nconst DDL = 'CREATE INDEX users_email ON users (email)';\nconst T = 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)';`,
      errors: [
        {
          messageId: 'missingIndexing',
          line: 5,
          column: 14,
          data: { what: 'Index on', table: 'users', via: 'SQL CREATE INDEX', indexes: 'index users_email (email)', count: '1' },
          suggestions: [
            {
              messageId: 'addIndexing',
              output: `/**\n * @rationale Lookups by e-mail\n *   why: login\n *\n * @indexing users indexes\n *   index: users_email (email)\n *   queries: TODO the queries these indexes serve\n *   why: TODO why these indexes and not others\n */\nconst DDL = 'CREATE INDEX users_email ON users (email)';\nconst T = 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)';`,
            },
          ],
        },
        {
          messageId: 'missingRationale',
          line: 6,
          column: 12,
          suggestions: [
            {
              messageId: 'addRationale',
              output: `/**\n * @rationale Lookups by e-mail\n *   why: login\n */\nconst DDL = 'CREATE INDEX users_email ON users (email)';\n/**\n * @rationale users table shape\n *   why: TODO the constraint or number that forced this design\n *   alternatives: TODO what else was considered and why not\n */\nconst T = 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)';`,
            },
          ],
        },
      ],
    },
    {
      name: 'two tables in one SQL template: each reported at its own statement line; module block does not count for two tables',
      code: `/**\n * @rationale Schema of the demo\n *   why: small\n */\n\ndb.exec(\`\n  CREATE TABLE a (id INTEGER PRIMARY KEY);\n  CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));\n\`);`,
      errors: [
        { messageId: 'missingRationale', line: 7, column: 3, data: { table: 'a', via: 'SQL CREATE TABLE' }, suggestions: 1 as never },
        { messageId: 'missingRationale', line: 8, column: 3, data: { table: 'b', via: 'SQL CREATE TABLE' }, suggestions: 1 as never },
        { messageId: 'missingConstraints', line: 8, column: 3, suggestions: 1 as never },
      ],
    },
    {
      name: 'knex createTable inside a migration: the suggestion goes above the statement',
      code: `exports.up = async (knex) => {\n  await knex.schema.createTable('accounts', (table) => {\n    table.increments('id');\n    table.string('email').unique();\n  });\n};`,
      errors: [
        { messageId: 'missingRationale', line: 2, data: { table: 'accounts', via: 'knex createTable' }, suggestions: [{ messageId: 'addRationale', output: insertAbove(`exports.up = async (knex) => {\n  await knex.schema.createTable('accounts', (table) => {\n    table.increments('id');\n    table.string('email').unique();\n  });\n};`, 2, ['@rationale accounts table shape', '  why: TODO the constraint or number that forced this design', '  alternatives: TODO what else was considered and why not']) }] },
        { messageId: 'missingConstraints', line: 2, data: { table: 'accounts', via: 'knex createTable', constraints: 'unique accounts.email', count: '1' }, suggestions: 1 as never },
      ],
    },
    {
      name: 'kysely createIndex: a standalone index needs @indexing only, reported on the createIndex call',
      code: `export async function up(db) {\n  await db.schema.createIndex('pet_owner_idx').on('pet').column('owner_id').execute();\n}`,
      errors: [
        {
          messageId: 'missingIndexing',
          line: 2,
          data: { what: 'Index on', table: 'pet', via: 'kysely createIndex', indexes: 'index pet_owner_idx (owner_id)', count: '1' },
          suggestions: [
            {
              messageId: 'addIndexing',
              output: insertAbove(`export async function up(db) {\n  await db.schema.createIndex('pet_owner_idx').on('pet').column('owner_id').execute();\n}`, 2, [
                '@indexing pet indexes',
                '  index: pet_owner_idx (owner_id)',
                '  queries: TODO the queries these indexes serve',
                '  why: TODO why these indexes and not others',
              ]),
            },
          ],
        },
      ],
    },
    {
      name: 'the function returned by sqliteTableCreator and pgSchema().table are table definitions',
      code: `const table = sqliteTableCreator((name) => \`app_\${name}\`);\nexport const events = table('events', { id: integer('id') });\nconst billing = pgSchema('billing');\nexport const invoices = billing.table('invoices', { id: integer('id') });`,
      errors: [
        { messageId: 'missingRationale', line: 2, data: { table: 'events', via: 'drizzle table' }, suggestions: 1 as never },
        { messageId: 'missingRationale', line: 4, data: { table: 'invoices', via: 'drizzle table' }, suggestions: 1 as never },
      ],
    },
    {
      name: 'a comment on the wrong node does not count (it documents the statement above the table)',
      code: `/**\n * @rationale Orders come from the CSV inbox\n *   why: the partner only sends CSV\n */\nconst inbox = 'data/inbox';\nexport const kv = sqliteTable('kv', { k: text('k').primaryKey() });`,
      errors: [{ messageId: 'missingRationale', line: 6, suggestions: 1 as never }],
    },
    {
      name: 'CRLF file: the suggestion keeps CRLF line endings',
      code: "const DDL = 'CREATE TABLE t (id INTEGER PRIMARY KEY)';\r\n",
      errors: [
        {
          messageId: 'missingRationale',
          suggestions: [
            {
              messageId: 'addRationale',
              output: insertAbove("const DDL = 'CREATE TABLE t (id INTEGER PRIMARY KEY)';\r\n", 1, ['@rationale t table shape', '  why: TODO the constraint or number that forced this design', '  alternatives: TODO what else was considered and why not']),
            },
          ],
        },
      ],
    },
    {
      name: 'requireRetention: a documented table still needs @retention',
      code: `/**\n * @rationale Raw events, one row per webhook delivery\n *   why: replays need the exact payload\n */\nconst DDL = \`CREATE TABLE raw_events (id TEXT PRIMARY KEY, payload TEXT CHECK (length(payload) > 0))\`;`,
      options: [{ requireRetention: true, requireConstraints: false }],
      errors: [
        {
          messageId: 'missingRetention',
          line: 5,
          data: { table: 'raw_events', via: 'SQL CREATE TABLE' },
          suggestions: [
            {
              messageId: 'addRetention',
              output: `/**\n * @rationale Raw events, one row per webhook delivery\n *   why: replays need the exact payload\n *\n * @retention raw_events rows\n *   keep: TODO a duration like 90d, or forever\n *   why: TODO the business or legal reason for this period\n */\nconst DDL = \`CREATE TABLE raw_events (id TEXT PRIMARY KEY, payload TEXT CHECK (length(payload) > 0))\`;`,
            },
          ],
        },
      ],
    },
    {
      name: 'check constraints are copied into the suggestion',
      code: `const DDL = 'CREATE TABLE p (id INTEGER PRIMARY KEY, n INTEGER CHECK (n >= 0))';`,
      options: [{ requireRetention: false }],
      errors: [
        { messageId: 'missingRationale', suggestions: 1 as never },
        {
          messageId: 'missingConstraints',
          data: { table: 'p', via: 'SQL CREATE TABLE', constraints: 'check n >= 0', count: '1' },
          suggestions: [
            {
              messageId: 'addConstraints',
              output: insertAbove(`const DDL = 'CREATE TABLE p (id INTEGER PRIMARY KEY, n INTEGER CHECK (n >= 0))';`, 1, [
                '@constraints p integrity rules',
                '  check: n >= 0',
                '  enforcedBy: db',
                '  why: TODO why these rules are enforced in the database',
              ]),
            },
          ],
        },
      ],
    },
  ],
});
