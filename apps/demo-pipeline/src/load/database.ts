/**
 * Opening the SQLite database: WAL, pragmas, migrations.
 *
 * @rationale better-sqlite3 in WAL mode with synchronous=NORMAL
 *   why: WAL lets the report read while a batch commits and makes each batch one fsync-free append;
 *     with NORMAL a committed transaction survives a killed process (the WAL is in the OS cache), which
 *     is the failure the checkpoint design must survive. better-sqlite3 is synchronous, so a batch and
 *     its checkpoint commit in one transaction with no interleaving.
 *   alternatives: node:sqlite (experimental on Node 20); synchronous=FULL (survives power loss too,
 *     several times slower per batch)
 *   tradeoffs: after a power loss (not a process kill) the last batches may be rolled back, and the
 *     checkpoint rolls back with them, so a rerun redoes them: nothing lost, nothing doubled
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { MIGRATIONS } from './migrations';

export type SqliteDb = Database.Database;

/**
 * The connection settings of every pipeline database (exported so the benchmark's bare-insert floor
 * runs with exactly the same ones). `cache_size` is 64 MiB instead of SQLite's 2 MiB: the indexes a
 * batch touches at random (orders by category, events by user, sessions by user) outgrow 2 MiB at
 * a few hundred thousand rows, and every miss is a read.
 */
export const SQLITE_PRAGMAS: readonly string[] = ['journal_mode = WAL', 'synchronous = NORMAL', 'cache_size = -65536', 'foreign_keys = ON', 'busy_timeout = 5000'];

/**
 * Opens (creating if needed) the database and brings its schema up to date.
 *
 * @lineage open_database
 *   out: sqlite main.kysely_migration
 */
export async function openDatabase(file: string): Promise<SqliteDb> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    db.close();
    throw new Error(
      `${file}: migration ${failed?.migrationName ?? ''} failed (${String(error)}): the file may belong to another tool; pass a new --db path`,
    );
  }
  // the Kysely instance only ran the migrations; closing it would close the shared connection
  return db;
}
