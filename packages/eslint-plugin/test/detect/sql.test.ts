import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSql, extractSql, SQL_HOLE } from '../../src/detect/sql.js';

const refs = (sql: string): string[] =>
  analyzeSql(sql).tables.map((t) => `${t.mode}:${t.schema === undefined ? '' : `${t.schema}.`}${t.name}${t.dynamic ? '?' : ''}`);

describe('analyzeSql: data access', () => {
  it('SELECT … FROM, joins and comma lists', () => {
    expect(refs('SELECT a.id FROM orders a JOIN customers c ON c.id = a.cid LEFT OUTER JOIN regions r ON true')).toEqual([
      'read:orders',
      'read:customers',
      'read:regions',
    ]);
    expect(refs('select * from a, b as bb, c where a.x = b.x')).toEqual(['read:a', 'read:b', 'read:c']);
  });
  it('INSERT / UPDATE / DELETE / REPLACE', () => {
    expect(refs('INSERT INTO staging_orders (id, amount) VALUES (?, ?)')).toEqual(['write:staging_orders']);
    expect(refs('INSERT INTO t(a,b) SELECT a, b FROM s')).toEqual(['write:t', 'read:s']);
    expect(refs('UPDATE orders SET status = $1 WHERE id = $2')).toEqual(['write:orders']);
    expect(refs('DELETE FROM main.orders WHERE id = :id')).toEqual(['write:main.orders']);
    expect(refs('REPLACE INTO kv (k, v) VALUES (?, ?)')).toEqual(['write:kv']);
    expect(refs('INSERT OR REPLACE INTO kv VALUES (1, 2)')).toEqual(['write:kv']);
    expect(refs('INSERT IGNORE INTO kv VALUES (1, 2)')).toEqual(['write:kv']);
    expect(refs('UPDATE OR IGNORE kv SET v = 1')).toEqual(['write:kv']);
  });
  it('upserts do not count DO UPDATE / ON DUPLICATE KEY UPDATE as tables', () => {
    expect(
      refs('INSERT INTO staging_orders (id, amount) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET amount = excluded.amount'),
    ).toEqual(['write:staging_orders']);
    expect(refs('INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)')).toEqual(['write:t']);
  });
  it('UPDATE … FROM and DELETE … USING (Postgres) read the other table', () => {
    expect(refs('UPDATE t SET v = s.v FROM s WHERE s.id = t.id')).toEqual(['write:t', 'read:s']);
    expect(refs('DELETE FROM t USING s WHERE s.id = t.id')).toEqual(['write:t', 'read:s']);
  });
  it('MERGE INTO … USING', () => {
    expect(refs('MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v')).toEqual([
      'write:target',
      'read:source',
    ]);
    expect(refs('MERGE INTO target USING (SELECT * FROM staged) s ON true WHEN NOT MATCHED THEN INSERT VALUES (1)')).toEqual([
      'write:target',
      'read:staged',
    ]);
  });
  it('COPY from and to', () => {
    expect(refs("COPY orders (id, amount) FROM STDIN WITH (FORMAT csv)")).toEqual(['write:orders']);
    expect(refs("COPY orders TO '/tmp/out.csv'")).toEqual(['read:orders']);
    expect(refs("COPY (SELECT * FROM orders WHERE x) TO STDOUT")).toEqual(['read:orders']);
  });
  it('TRUNCATE', () => {
    expect(refs('TRUNCATE TABLE a, b')).toEqual(['write:a', 'write:b']);
  });
  it('comments never hide or invent tables', () => {
    expect(refs('-- FROM ghost\nSELECT * /* FROM ghost2 */ FROM real_table # FROM ghost3')).toEqual(['read:real_table']);
  });
  it('string literals are not tables', () => {
    expect(refs("SELECT 'FROM ghost' AS x FROM t WHERE s = 'it''s FROM ghost'")).toEqual(['read:t']);
    expect(refs('SELECT $$ FROM ghost $$ FROM t')).toEqual(['read:t']);
  });
  it('quoted identifiers and schema.table', () => {
    expect(refs('SELECT * FROM "my schema"."Orders" o JOIN `db`.`items` i ON 1=1 JOIN [dbo].[Users] u ON 1=1')).toEqual([
      'read:my schema.Orders',
      'read:db.items',
      'read:dbo.Users',
    ]);
    expect(refs('SELECT * FROM "we""ird"')).toEqual(['read:we"ird']);
  });
  it('CTE names are not tables, but their bodies are read', () => {
    expect(
      refs('WITH recent AS (SELECT * FROM orders WHERE d > 1), big(x) AS (SELECT x FROM recent) SELECT * FROM big JOIN customers ON 1=1'),
    ).toEqual(['read:orders', 'read:customers']);
    expect(refs('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) INSERT INTO out_table SELECT n FROM t')).toEqual([
      'write:out_table',
    ]);
  });
  it('subqueries in WHERE / EXISTS / scalar positions', () => {
    expect(refs('SELECT * FROM a WHERE id IN (SELECT aid FROM b) AND EXISTS (SELECT 1 FROM c WHERE c.x = a.x)')).toEqual([
      'read:a',
      'read:b',
      'read:c',
    ]);
    expect(refs('SELECT COALESCE((SELECT max(v) FROM m), 0) FROM n')).toEqual(['read:m', 'read:n']);
    expect(refs('SELECT * FROM (SELECT * FROM inner_t) AS sub')).toEqual(['read:inner_t']);
  });
  it('FROM inside function calls is not a table (EXTRACT, SUBSTRING, TRIM, IS DISTINCT FROM)', () => {
    expect(
      refs("SELECT EXTRACT(YEAR FROM created), SUBSTRING(name FROM 2 FOR 3), TRIM(BOTH ' ' FROM x) FROM events WHERE a IS DISTINCT FROM b"),
    ).toEqual(['read:events']);
  });
  it('table functions are not tables', () => {
    expect(refs('SELECT * FROM generate_series(1, 10) g, json_each(?) j')).toEqual([]);
  });
  it('template holes: dynamic names are flagged, values are ignored', () => {
    expect(refs(`SELECT * FROM ${SQL_HOLE} WHERE id = ${SQL_HOLE}`)).toEqual(['read:${…}?']);
    expect(refs(`SELECT * FROM orders_${SQL_HOLE}`)).toEqual(['read:orders_${…}?']);
    expect(refs(`INSERT INTO ${SQL_HOLE}.orders (a) VALUES (${SQL_HOLE})`)).toEqual(['write:${…}.orders?']);
  });
  it('several statements', () => {
    const a = analyzeSql('BEGIN; INSERT INTO a VALUES (1); DELETE FROM b; COMMIT;');
    expect(a.statements).toEqual(['INSERT', 'DELETE']);
    expect(a.tables.map((t) => t.name)).toEqual(['a', 'b']);
  });
  it('FOR UPDATE and ON DELETE CASCADE are not writes', () => {
    expect(refs('SELECT * FROM jobs WHERE id = 1 FOR UPDATE')).toEqual(['read:jobs']);
  });
  it('CREATE TABLE AS and CREATE VIEW AS write', () => {
    expect(refs('CREATE TABLE daily AS SELECT * FROM events')).toEqual(['write:daily', 'read:events']);
    expect(refs('CREATE OR REPLACE VIEW v AS SELECT * FROM events')).toEqual(['write:v', 'read:events']);
  });
  it('offsets point at the table name', () => {
    const sql = 'SELECT * FROM  "Orders"';
    const [t] = analyzeSql(sql).tables;
    expect(sql.slice(t!.start, t!.end)).toBe('"Orders"');
  });
  it('never throws on garbage', () => {
    for (const s of ['', '(', ')))', 'SELECT', 'FROM', "'unterminated", '"unterminated', '[x', '/* open', 'WITH x AS (', 'INSERT INTO', 'CREATE TABLE t (a']) {
      expect(() => analyzeSql(s)).not.toThrow();
    }
  });
});

describe('analyzeSql: schema', () => {
  it('CREATE TABLE: columns, primary key, constraints, MySQL indexes', () => {
    const [def] = analyzeSql(`
      CREATE TABLE IF NOT EXISTS main.orders (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        email TEXT UNIQUE,
        amount_cents INTEGER CHECK (amount_cents >= 0),
        region TEXT,
        CONSTRAINT orders_region_fk FOREIGN KEY (region) REFERENCES regions (code),
        UNIQUE (customer_id, region),
        CHECK (region <> ''),
        INDEX by_region (region)
      )`).schema;
    expect(def).toMatchObject({
      kind: 'table',
      name: 'orders',
      schema: 'main',
      primaryKey: ['id'],
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'customer_id', type: 'INTEGER' },
        { name: 'email', type: 'TEXT' },
        { name: 'amount_cents', type: 'INTEGER' },
        { name: 'region', type: 'TEXT' },
      ],
      indexes: [{ name: 'by_region', columns: ['region'], unique: false }],
      constraints: [
        { kind: 'foreignKey', columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } },
        { kind: 'unique', columns: ['email'] },
        { kind: 'check', columns: ['amount_cents'], expression: 'amount_cents >= 0' },
        { kind: 'foreignKey', name: 'orders_region_fk', columns: ['region'], references: { table: 'regions', columns: ['code'] } },
        { kind: 'unique', columns: ['customer_id', 'region'] },
        { kind: 'check', columns: [], expression: "region <> ''" },
      ],
    });
  });
  it('a table-level PRIMARY KEY is recorded, not a constraint', () => {
    const [def] = analyzeSql('CREATE TABLE kv (k TEXT, v TEXT, PRIMARY KEY (k, v))').schema;
    expect(def).toMatchObject({ primaryKey: ['k', 'v'], constraints: [], indexes: [] });
  });
  it('CREATE TABLE is DDL, not data access', () => {
    expect(analyzeSql('CREATE TABLE t (a INT REFERENCES u(id))').tables).toEqual([]);
  });
  it('CREATE [UNIQUE] INDEX', () => {
    expect(analyzeSql('CREATE UNIQUE INDEX IF NOT EXISTS orders_email ON main.orders (lower(email), id DESC) WHERE x').schema).toEqual([
      expect.objectContaining({
        kind: 'index',
        table: 'orders',
        schema: 'main',
        index: { name: 'orders_email', columns: ['lower(email)', 'id'], unique: true },
      }),
    ]);
    expect(analyzeSql('CREATE INDEX CONCURRENTLY ON t USING btree (a)').schema).toEqual([
      expect.objectContaining({ kind: 'index', table: 't', index: { columns: ['a'], unique: false } }),
    ]);
  });
});

describe('extractSql: plausibility', () => {
  it.each([
    'Select a file from the list',
    'Update the config from disk',
    'update the config from disk',
    'delete the file from disk',
    'Insert coin into slot',
    'select the rows from the grid.',
    'With great power comes great responsibility',
    'create a new table',
    'copy the value',
  ])('prose is not SQL: %s', (text) => {
    expect(extractSql(text)).toBeUndefined();
  });
  it('real SQL passes in any case style', () => {
    expect(extractSql('select id from orders where id = ?')?.tables).toHaveLength(1);
    expect(extractSql('SELECT id FROM orders')?.tables).toHaveLength(1);
  });
  it('assumeSql accepts mixed-case text passed to a SQL sink', () => {
    expect(extractSql('Select id From orders', { assumeSql: true })?.tables).toHaveLength(1);
    expect(extractSql('Select id From orders')).toBeUndefined();
  });
  it('strings without SQL words are skipped cheaply', () => {
    expect(extractSql('hello world')).toBeUndefined();
  });
});

describe('analyzeSql: properties', () => {
  const sqlish = fc.array(
    fc.oneof(
      fc.constantFrom('SELECT', 'FROM', 'JOIN', 'WITH', 'AS', 'INSERT', 'INTO', 'UPDATE', 'SET', 'DELETE', 'MERGE', 'USING', 'COPY', 'CREATE', 'TABLE', 'INDEX', 'ON', 'UNIQUE', 'REFERENCES', 'CHECK', 'PRIMARY', 'KEY', '(', ')', ',', ';', '.', '*', '--', '/*', '*/', "'", '"', '`', '[', ']', '$$', '$1', '?', SQL_HOLE, '\n'),
      fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/),
    ),
    { maxLength: 40 },
  );

  it('never throws, on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        analyzeSql(text);
        extractSql(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on SQL-like token soup, and every table offset lies inside the text', () => {
    fc.assert(
      fc.property(sqlish, (tokens) => {
        const text = tokens.join(' ');
        const result = analyzeSql(text);
        for (const t of result.tables) {
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeLessThanOrEqual(text.length);
          expect(t.start).toBeLessThanOrEqual(t.end);
        }
      }),
      { numRuns: 500 },
    );
  });
});
