import { describe, expect, it } from 'vitest';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Rule } from 'eslint';
import { findSchemaDefinitions } from '../../src/detect/schema-definitions.js';
import type { SchemaDefinition } from '../../src/detect/schema-definitions.js';
import { withRule } from './harness.js';

type Ctx = Parameters<typeof findSchemaDefinitions>[0];

function defs(code: string): (Omit<SchemaDefinition, 'node' | 'loc'> & { at: string })[] {
  return withRule(
    code,
    (context: Rule.RuleContext, node: Rule.Node) => {
      const n = node as unknown as TSESTree.Node;
      if (n.type !== AST_NODE_TYPES.Program) return [];
      return findSchemaDefinitions(context as unknown as Ctx).map(({ node: defNode, loc, ...rest }) => {
        const l = loc ?? defNode.loc;
        return { ...rest, at: `${l.start.line}:${l.start.column}` };
      });
    },
    ['Program'],
  );
}

describe('findSchemaDefinitions: drizzle', () => {
  it('sqliteTable with columns, inline constraints and an index callback (object form)', () => {
    const code = `import { sqliteTable, integer, text, index, uniqueIndex, check, foreignKey, primaryKey, unique } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
export const customers = sqliteTable('customers', { id: integer('id').primaryKey() });
export const orders = sqliteTable(
  'staging_orders',
  {
    id: integer('id').primaryKey(),
    customerId: integer('customer_id').references(() => customers.id),
    email: text('email').unique(),
    amountCents: integer('amount_cents'),
  },
  (t) => ({
    byCustomer: index('orders_by_customer').on(t.customerId, t.amountCents),
    byEmail: uniqueIndex('orders_email').on(t.email),
    positive: check('amount_positive', sql\`\${t.amountCents} >= 0\`),
  }),
);`;
    const [c, o] = defs(code);
    expect(c).toMatchObject({ via: 'drizzle', table: 'customers', primaryKey: ['id'], hasIndexes: false, hasConstraints: false, at: '3:25' });
    expect(o).toEqual({
      via: 'drizzle',
      kind: 'table',
      table: 'staging_orders',
      columns: ['id', 'customer_id', 'email', 'amount_cents'],
      primaryKey: ['id'],
      indexes: [
        { name: 'orders_by_customer', columns: ['customer_id', 'amount_cents'], unique: false },
        { name: 'orders_email', columns: ['email'], unique: true },
      ],
      constraints: [
        { kind: 'foreignKey', columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } },
        { kind: 'unique', columns: ['email'] },
        { kind: 'check', name: 'amount_positive', columns: [], expression: 't.amountCents >= 0' },
      ],
      hasIndexes: true,
      hasConstraints: true,
      at: '4:22',
    });
  });
  it('array form of the extra config, composite primaryKey, foreignKey() and unique()', () => {
    const code = `import { pgTable, integer, text, primaryKey, foreignKey, unique } from 'drizzle-orm/pg-core';
const regions = pgTable('regions', { code: text('code') });
const t = pgTable('links', { a: integer(), region: text() }, (t) => [
  primaryKey({ columns: [t.a, t.region] }),
  foreignKey({ name: 'links_region_fk', columns: [t.region], foreignColumns: [regions.code] }),
  unique('links_a').on(t.a),
]);`;
    expect(defs(code)[1]).toMatchObject({
      table: 'links',
      columns: ['a', 'region'],
      primaryKey: ['a', 'region'],
      indexes: [],
      constraints: [
        { kind: 'foreignKey', name: 'links_region_fk', columns: ['region'], references: { table: 'regions', columns: ['code'] } },
        { kind: 'unique', name: 'links_a', columns: ['a'] },
      ],
      hasConstraints: true,
    });
  });
  it('a primary key alone is not a constraint', () => {
    expect(defs(`const kv = mysqlTable('kv', { k: varchar('k').primaryKey(), v: text('v') });`)[0]).toMatchObject({
      hasConstraints: false,
      hasIndexes: false,
      primaryKey: ['k'],
    });
  });
  it('…TableCreator and pgSchema().table forms', () => {
    const code = `const table = sqliteTableCreator((name) => \`app_\${name}\`);
const events = table('events', { id: integer('id') });
const billing = pgSchema('billing');
const invoices = billing.table('invoices', { id: integer('id') });`;
    expect(defs(code).map((d) => `${d.table}@${d.at}`)).toEqual(['events@2:15', 'invoices@4:17']);
  });
  it('a function that merely ends in Table is not a definition', () => {
    expect(defs(`const x = renderTable('orders', {});`)).toEqual([]);
  });
});

describe('findSchemaDefinitions: kysely', () => {
  it('createTable chain with column builders and table constraints; createIndex', () => {
    const code = `export async function up(db) {
  await db.schema
    .createTable('pet')
    .ifNotExists()
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('owner_id', 'integer', (col) => col.references('person.id').onDelete('cascade').notNull())
    .addColumn('name', 'text', (col) => col.unique())
    .addColumn('age', 'integer', (col) => col.check(sql\`age >= 0\`))
    .addUniqueConstraint('pet_owner_name', ['owner_id', 'name'])
    .execute();
  await db.schema.createIndex('pet_owner_idx').on('pet').columns(['owner_id', 'name']).unique().execute();
}`;
    const [table, index] = defs(code);
    expect(table).toEqual({
      via: 'kysely',
      kind: 'table',
      table: 'pet',
      columns: ['id', 'owner_id', 'name', 'age'],
      primaryKey: ['id'],
      indexes: [],
      constraints: [
        { kind: 'foreignKey', columns: ['owner_id'], references: { table: 'person', columns: ['id'] } },
        { kind: 'unique', columns: ['name'] },
        { kind: 'check', columns: ['age'], expression: 'age >= 0' },
        { kind: 'unique', name: 'pet_owner_name', columns: ['owner_id', 'name'] },
      ],
      hasIndexes: false,
      hasConstraints: true,
      at: '2:8',
    });
    expect(index).toMatchObject({ via: 'kysely', kind: 'index', table: 'pet', indexes: [{ name: 'pet_owner_idx', columns: ['owner_id', 'name'], unique: true }], hasIndexes: true });
  });
});

describe('findSchemaDefinitions: knex', () => {
  it('createTable callback: columns, modifiers, table-level index/unique/foreign', () => {
    const code = `exports.up = (knex) => knex.schema.createTable('accounts', (table) => {
  table.increments('id');
  table.string('email').notNullable().unique();
  table.integer('user_id').unsigned().references('id').inTable('users');
  table.integer('age').checkPositive();
  table.string('region').index('accounts_region');
  table.index(['email', 'region'], 'accounts_email_region');
  table.foreign('region').references('regions.code');
  table.timestamps();
});`;
    expect(defs(code)[0]).toEqual({
      via: 'knex',
      kind: 'table',
      table: 'accounts',
      columns: ['id', 'email', 'user_id', 'age', 'region', 'created_at', 'updated_at'],
      primaryKey: ['id'],
      indexes: [
        { name: 'accounts_region', columns: ['region'], unique: false },
        { name: 'accounts_email_region', columns: ['email', 'region'], unique: false },
      ],
      constraints: [
        { kind: 'unique', columns: ['email'] },
        { kind: 'foreignKey', columns: ['user_id'], references: { table: 'users', columns: ['id'] } },
        { kind: 'check', columns: ['age'], expression: 'checkPositive()' },
        { kind: 'foreignKey', columns: ['region'], references: { table: 'regions', columns: ['code'] } },
      ],
      hasIndexes: true,
      hasConstraints: true,
      at: '1:23',
    });
  });
});

describe('findSchemaDefinitions: SQL strings', () => {
  it('CREATE TABLE and CREATE INDEX in one template literal, located at each statement', () => {
    const code = `db.exec(\`
  CREATE TABLE IF NOT EXISTS staging_orders (
    order_id TEXT PRIMARY KEY,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0)
  );
  CREATE INDEX staging_orders_by_day ON staging_orders (created_day);
\`);`;
    const [table, index] = defs(code);
    expect(table).toMatchObject({ via: 'sql', kind: 'table', table: 'staging_orders', primaryKey: ['order_id'], hasConstraints: true, hasIndexes: false, at: '2:2' });
    expect(index).toMatchObject({ via: 'sql', kind: 'index', table: 'staging_orders', hasIndexes: true, indexes: [{ name: 'staging_orders_by_day', columns: ['created_day'], unique: false }], at: '6:2' });
  });
  it('plain strings and concatenation (a table name from a variable shows as ${…})', () => {
    expect(defs(`const DDL = 'CREATE TABLE main.kv (k TEXT PRIMARY KEY, v TEXT)';\nconst X = 'CREATE UNIQUE INDEX kv_v ON ' + table + ' (v)';`).map((d) => `${d.kind}:${d.table}`)).toEqual([
      'table:main.kv',
      'index:${…}',
    ]);
  });
  it('prose mentioning create table is not a definition', () => {
    expect(defs(`log('Create table rows from the CSV');`)).toEqual([]);
  });
});
