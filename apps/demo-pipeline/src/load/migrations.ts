/**
 * The database schema, as ordered Kysely migrations.
 *
 * @rationale Kysely's Migrator with a static migration provider
 *   why: migrations are plain TypeScript in this module (no migrations folder to resolve at runtime,
 *     nothing to bundle), the Migrator records applied migrations and takes a lock, and the schema
 *     builder is typed; kysely 0.28 still runs on Node 20.
 *   alternatives: drizzle-kit (generates SQL files and needs its CLI at deploy time); hand-rolled
 *     `user_version` pragmas (no lock, no record of names)
 *   tradeoffs: queries on the hot path use prepared better-sqlite3 statements, not Kysely, because a
 *     batch must commit synchronously in one transaction
 */
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * @rationale Orders keyed by the export's own order_id, money as INTEGER cents
 *   why: the natural key makes loading idempotent (insert-or-ignore) and finds duplicates across
 *     batches and files; integer cents sum exactly.
 *   alternatives: a surrogate key (duplicates would need a separate unique index anyway)
 *   tradeoffs: a later correction with the same id is counted as a duplicate, not applied
 * @indexing Orders by category for the category summary; events by user and time for sessions
 *   index: idx_orders_category on orders(category, amount_cents)
 *   index: idx_events_user_ts on events(user_id, ts_ms, event_id)
 *   index: idx_quarantine_reason on quarantine(reason)
 *   index: idx_api_usage_run on api_usage(run_id)
 *   why: the summary groups orders by category and quarantine by reason; sessionisation reads each
 *     user's events in time order; usage is summed per run (idx_orders_category is dropped again in
 *     0002: the summary never read it)
 * @constraints Checks keep impossible values out of the tables
 *   check: orders.amount_cents is an integer, orders.currency has 3 letters
 *   unique: quarantine(source_sha256, record_index) so a resumed batch cannot quarantine a record twice
 *   why: the loader relies on these keys for idempotent reruns
 * @retention Rows live as long as the demo database file
 *   keep: until the .data folder is deleted
 *   basis: sample data only, no personal data beyond generated names
 */
const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('orders')
      .addColumn('order_id', 'text', (c) => c.primaryKey())
      .addColumn('customer_name', 'text', (c) => c.notNull())
      .addColumn('product', 'text', (c) => c.notNull())
      .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`typeof(amount_cents) = 'integer'`))
      .addColumn('currency', 'text', (c) => c.notNull().check(sql`length(currency) = 3`))
      .addColumn('ordered_at', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('category_source', 'text', (c) => c.notNull())
      .addColumn('source_sha256', 'text', (c) => c.notNull())
      .addColumn('source_index', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idx_orders_category').on('orders').columns(['category', 'amount_cents']).execute();

    await db.schema
      .createTable('events')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('ts', 'text', (c) => c.notNull())
      .addColumn('ts_ms', 'integer', (c) => c.notNull())
      .addColumn('session_id', 'text')
      .addColumn('source_sha256', 'text', (c) => c.notNull())
      .addColumn('source_index', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idx_events_user_ts').on('events').columns(['user_id', 'ts_ms', 'event_id']).execute();

    await db.schema
      .createTable('sessions')
      .addColumn('session_id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text', (c) => c.notNull())
      .addColumn('event_count', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('quarantine')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('source_sha256', 'text', (c) => c.notNull())
      .addColumn('source_file', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('record_index', 'integer', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addUniqueConstraint('uq_quarantine_record', ['source_sha256', 'record_index'])
      .execute();
    await db.schema.createIndex('idx_quarantine_reason').on('quarantine').column('reason').execute();

    await db.schema
      .createTable('checkpoint')
      .addColumn('source_sha256', 'text', (c) => c.primaryKey())
      .addColumn('source_file', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('records_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_loaded', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_quarantined', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('duplicates_skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('pipeline_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_usage')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('request_key', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('http_status', 'integer')
      .addColumn('error_type', 'text')
      .addColumn('error_message', 'text')
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('output_tokens', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cached_tokens', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cost_usd', 'real')
      .addColumn('price_version', 'text')
      .addColumn('retry_after_ms', 'integer')
      .addColumn('ratelimit_headers', 'text', (c) => c.notNull())
      .addColumn('attributes', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idx_api_usage_run').on('api_usage').column('run_id').execute();

    await db.schema
      .createTable('runs')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('inputs', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .execute();
  },
};

/**
 * @rationale Drop idx_orders_category; remember users whose sessions need a recompute in a table
 *   committed with the batch
 *   why: no query reads orders by category (the summary groups by currency and category source, and
 *     scans for that), yet every batch paid for inserting into an index in random order, which each
 *     commit rewrites page by page. Sessions are assigned while events load, from each user's latest
 *     session (found through `idx_events_user_ts`: the session of the user's latest event); a late
 *     event sends its user to `session_rebuild`, and a table written in the batch transaction
 *     survives a killed run, so the next run still recomputes that user.
 *   alternatives: a flag for "rebuild everything" (what 0001 did: every run rewrote every event row);
 *     an index on sessions(user_id, started_at) for the lookup (one more random-order index to write
 *     on every session, where the events index already answers it)
 *   tradeoffs: a user's latest session is two index lookups away instead of one
 * @constraints One recompute mark per user
 *   unique: session_rebuild(user_id) so a user marked by several batches is recomputed once
 *   why: marking is insert-or-ignore inside the batch transaction
 * @retention Marks live until the recompute at the end of the run deletes them
 *   keep: until the users' sessions are recomputed
 *   basis: bookkeeping only, no data of its own
 */
const dropCategoryIndexAddSessionRebuild: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('idx_orders_category').ifExists().execute();
    await db.schema.createTable('session_rebuild').addColumn('user_id', 'text', (c) => c.primaryKey()).execute();
  },
};

/**
 * @rationale Keep the summary's order totals (count and cents per category source and currency) in a
 *   table updated in each batch transaction, instead of scanning orders at the end of every run
 *   why: the end-of-run summary grouped the whole orders table (no index serves it): about half a
 *     second at a million rows, on the run's critical path after the last batch, growing with the
 *     table. Orders are insert-only, so adding each batch's loaded orders to a handful of total rows,
 *     in the transaction that inserts them, keeps the totals equal to the table (a test checks it after
 *     fresh, resumed and rerun loads); this migration fills them from the orders already loaded.
 *   alternatives: an index on (category_source, currency, amount_cents) (the scan becomes an index
 *     scan, still proportional to the table, and one more index written per order); a trigger (the
 *     same work per row inside SQLite, per order instead of per batch)
 *   tradeoffs: a tool that deletes or edits orders outside the pipeline must update the totals too
 * @constraints One total row per category source and currency
 *   unique: order_totals(category_source, currency) so each batch upserts its totals
 *   why: the loader adds each batch's totals to the existing row with an upsert
 * @retention Totals live as long as the orders they sum
 *   keep: as long as the orders table
 *   basis: derived from orders, no data of its own
 * @lineage migrate_order_totals
 *   in: sqlite main.orders
 *   out: sqlite main.order_totals
 */
const orderTotals: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('order_totals')
      .addColumn('category_source', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('orders', 'integer', (c) => c.notNull())
      .addColumn('amount_cents', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_order_totals', ['category_source', 'currency'])
      .execute();
    await sql`INSERT INTO order_totals (category_source, currency, orders, amount_cents)
      SELECT category_source, currency, count(*), sum(amount_cents) FROM orders GROUP BY category_source, currency`.execute(db);
  },
};

/** Applied in key order; never edit an applied migration, add a new one. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_incremental_sessions': dropCategoryIndexAddSessionRebuild,
  '0003_order_totals': orderTotals,
};
