/**
 * Batched, idempotent writes with a checkpoint committed in the same transaction.
 *
 * @rationale Checkpoint = count of records of an input (by content hash) whose effects are committed,
 *   written in the same SQLite transaction as those effects
 *   why: a process killed at any instant leaves either the whole batch and its new checkpoint or
 *     neither; a rerun parses the input again and skips the first `records_done` records, so nothing
 *     is lost and nothing is applied twice. Rows are insert-or-ignore on their natural key and
 *     quarantine rows are unique per (input, record), so even a replayed batch could not double.
 *     The checkpoint update is guarded by the expected previous value, so two processes on one
 *     database cannot both apply a batch.
 *   alternatives: byte offsets (need the CSV header and parser state at the offset; re-parsing
 *     skipped records costs about 1 s per million rows); a separate progress file (not atomic with
 *     the data)
 *   tradeoffs: resuming re-reads the input up to the checkpoint
 *
 * @rationale Several hand-offs share one transaction (up to `batchSize` records or 2 s); each
 *   hand-off is a savepoint inside it
 *   why: rows keyed by user (events by user, sessions) land all over their indexes, and every commit
 *     writes each index page its rows touched; at a million rows, a commit per 20,000 records wrote
 *     the same pages fifty times. Sharing a transaction keeps the hand-offs small (memory) and the
 *     commits few. A failing hand-off rolls the whole open transaction back, so the checkpoint and
 *     the rows stay together; session states of the open transaction are staged and become known only
 *     when it commits.
 *   alternatives: bigger hand-offs (memory grows with the commit interval); one transaction per input
 *     (a kill loses the whole input)
 *   tradeoffs: a kill loses up to one open transaction (≤ batchSize records, ≤ 2 s of work); the
 *     loader commits before every call to a provider that is not offline, so paid answers and their
 *     usage rows are never inside a transaction that could be lost
 *
 * @lineage load_batches
 *   in: file orders.csv
 *   in: file events.jsonl
 *   in: sqlite main.checkpoint
 *   in: sqlite main.orders
 *   in: sqlite main.events
 *   out: sqlite main.orders mode=append key=order_id
 *   out: sqlite main.order_totals
 *   out: sqlite main.events mode=append key=event_id
 *   out: sqlite main.quarantine mode=append
 *   out: sqlite main.checkpoint
 *   out: sqlite main.sessions
 *   out: sqlite main.session_rebuild
 */
import type { SourceKind } from '../ingest/source';
import type { EventRow, OrderRow } from '../validate/schemas';
import type { QuarantineEntry } from '../validate/validate-record';
import { performance } from 'node:perf_hooks';
import type { SqliteDb } from './database';
import type { SessionGuess } from '../transform/session-guess';
import { SessionTracker, type SessionPlan } from './sessions';

/** The committed progress of one input. */
export interface Checkpoint {
  sourceSha256: string;
  sourceFile: string;
  kind: SourceKind;
  bytes: number;
  recordsDone: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicatesSkipped: number;
  completed: boolean;
}

/** An order ready to load: the validated row plus its enrichment. */
export interface OrderToLoad extends OrderRow {
  category: string;
  categorySource: string;
  index: number;
}

export interface EventToLoad extends EventRow {
  index: number;
}

/** Everything one batch of one input changes. */
export interface BatchWrite {
  sourceSha256: string;
  sourceFile: string;
  kind: SourceKind;
  /** `records_done` before this batch (the guard) */
  fromIndex: number;
  /** `records_done` after this batch */
  toIndex: number;
  orders: OrderToLoad[];
  events: EventToLoad[];
  quarantine: QuarantineEntry[];
  /** duplicates already found inside the batch or against committed rows */
  duplicates: number;
  completed: boolean;
  /** the events reader's session plan (see session-guess.ts), if it made one; `from[j]` = the index
   *  in the reader's batch of `events[j]` when some were dropped */
  sessionGuess?: { guess: SessionGuess; from?: ArrayLike<number> | undefined } | undefined;
}

export interface BatchResult {
  loaded: number;
  duplicates: number;
  quarantined: number;
}

interface CheckpointRow {
  source_sha256: string;
  source_file: string;
  kind: string;
  bytes: number;
  records_done: number;
  rows_loaded: number;
  rows_quarantined: number;
  duplicates_skipped: number;
  completed: number;
}

/** Prepared statements over one connection; every statement takes parameters, none is built from data. */
export class Store {
  private readonly insertOrder;
  private readonly addOrderTotals;
  private readonly insertEvent;
  private readonly insertQuarantine;
  private readonly advanceCheckpoint;
  private readonly selectCheckpoint;
  private readonly insertCheckpoint;
  private readonly existingOrders;
  private readonly existingEvents;
  private readonly apply: (batch: BatchWrite) => { result: BatchResult; sessions: SessionPlan | undefined };
  private readonly sessions: SessionTracker;
  private readonly begin;
  private readonly end;
  private readonly undo;
  /** the open transaction: when it began and how many records it holds */
  private group: { startedAt: number; records: number } | undefined;

  constructor(
    readonly db: SqliteDb,
    sessionGapMs: number,
    /** called after every commit (the pipeline asks its WAL checkpointer to copy the new pages) */
    private readonly onCommit: () => void = () => undefined,
    /** users whose latest session is cached (default MAX_CACHED_USERS) */
    maxCachedUsers?: number,
  ) {
    this.sessions = new SessionTracker(db, sessionGapMs, maxCachedUsers);
    this.insertOrder = db.prepare(
      `INSERT INTO orders (order_id, customer_name, product, amount_cents, currency, ordered_at, category, category_source, source_sha256, source_index)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (order_id) DO NOTHING`,
    );
    this.addOrderTotals = db.prepare(
      `INSERT INTO order_totals (category_source, currency, orders, amount_cents) VALUES (?, ?, ?, ?)
       ON CONFLICT (category_source, currency) DO UPDATE SET orders = orders + excluded.orders, amount_cents = amount_cents + excluded.amount_cents`,
    );
    this.insertEvent = db.prepare(
      `INSERT INTO events (event_id, user_id, type, url, ts, ts_ms, session_id, source_sha256, source_index)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
    );
    this.insertQuarantine = db.prepare(
      `INSERT INTO quarantine (source_sha256, source_file, kind, record_index, line, reason, detail, raw)
       VALUES (@sha, @file, @kind, @index, @line, @reason, @detail, @raw)
       ON CONFLICT (source_sha256, record_index) DO NOTHING`,
    );
    this.advanceCheckpoint = db.prepare(
      `UPDATE checkpoint SET records_done = @toIndex, rows_loaded = rows_loaded + @loaded,
         rows_quarantined = rows_quarantined + @quarantined, duplicates_skipped = duplicates_skipped + @duplicates,
         completed = @completed
       WHERE source_sha256 = @sha AND records_done = @fromIndex AND completed = 0`,
    );
    this.selectCheckpoint = db.prepare('SELECT * FROM checkpoint WHERE source_sha256 = ?');
    this.insertCheckpoint = db.prepare(
      `INSERT INTO checkpoint (source_sha256, source_file, kind, bytes) VALUES (?, ?, ?, ?)
       ON CONFLICT (source_sha256) DO NOTHING`,
    );
    this.existingOrders = db.prepare('SELECT order_id AS id FROM orders WHERE order_id IN (SELECT value FROM json_each(?))').pluck();
    this.existingEvents = db.prepare('SELECT event_id AS id FROM events WHERE event_id IN (SELECT value FROM json_each(?))').pluck();
    // nested in the group's transaction, db.transaction() is a savepoint: a failing batch undoes itself
    this.apply = db.transaction((batch: BatchWrite) => this.applyBatch(batch));
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.end = db.prepare('COMMIT');
    this.undo = db.prepare('ROLLBACK');
  }

  /** The checkpoint of an input, creating an empty one the first time the input is seen. */
  checkpointFor(sourceSha256: string, sourceFile: string, kind: SourceKind, bytes: number): Checkpoint {
    this.insertCheckpoint.run(sourceSha256, sourceFile, kind, bytes);
    const row = this.selectCheckpoint.get(sourceSha256) as CheckpointRow;
    return {
      sourceSha256: row.source_sha256,
      sourceFile: row.source_file,
      kind: row.kind as SourceKind,
      bytes: row.bytes,
      recordsDone: row.records_done,
      rowsLoaded: row.rows_loaded,
      rowsQuarantined: row.rows_quarantined,
      duplicatesSkipped: row.duplicates_skipped,
      completed: row.completed === 1,
    };
  }

  /** Which of these ids are already loaded (orders or events). */
  existingIds(kind: SourceKind, ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const statement = kind === 'orders' ? this.existingOrders : this.existingEvents;
    return new Set(statement.all(JSON.stringify(ids)) as string[]);
  }

  /**
   * Writes a batch, its sessions and its checkpoint inside the open transaction (opening one): none of
   * it is durable until `commit()`. A failing batch rolls the whole open transaction back and rethrows.
   */
  writeBatch(batch: BatchWrite): BatchResult {
    if (!this.group) {
      this.begin.run();
      this.group = { startedAt: performance.now(), records: 0 };
    }
    try {
      const { result, sessions } = this.apply(batch);
      if (sessions) this.sessions.stage(sessions);
      this.group.records += batch.toIndex - batch.fromIndex;
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Records written since the last commit, and for how long the transaction has been open. */
  get pending(): { records: number; ms: number } {
    return this.group ? { records: this.group.records, ms: performance.now() - this.group.startedAt } : { records: 0, ms: 0 };
  }

  /** Makes every written batch durable (one commit for all of them). */
  commit(): void {
    if (!this.group) return;
    this.end.run();
    this.group = undefined;
    // only committed plans may become the tracker's known state
    this.sessions.commitStaged();
    this.onCommit();
  }

  /** Drops every batch written since the last commit. */
  rollback(): void {
    if (!this.group) return;
    if (this.db.inTransaction) this.undo.run();
    this.group = undefined;
    this.sessions.dropStaged();
  }

  /** `writeBatch` then `commit`: one batch, one transaction. */
  commitBatch(batch: BatchWrite): BatchResult {
    const result = this.writeBatch(batch);
    this.commit();
    return result;
  }

  private applyBatch(batch: BatchWrite): { result: BatchResult; sessions: SessionPlan | undefined } {
    let loaded = 0;
    let duplicates = batch.duplicates;
    const sha = batch.sourceSha256;
    // the summary's totals of the orders this batch loaded, by category source and currency
    const totals = new Map<string, { source: string; currency: string; orders: number; cents: number }>();
    for (const order of batch.orders) {
      const o = order;
      const { changes } = this.insertOrder.run(o.id, o.customerName, o.product, o.amountCents, o.currency, o.orderedAt, o.category, o.categorySource, sha, o.index);
      if (changes === 1) {
        loaded += 1;
        const key = `${o.categorySource}\u0000${o.currency}`;
        const total = totals.get(key);
        if (total) {
          total.orders += 1;
          total.cents += o.amountCents;
        } else {
          totals.set(key, { source: o.categorySource, currency: o.currency, orders: 1, cents: o.amountCents });
        }
      } else {
        duplicates += 1;
      }
    }
    for (const t of totals.values()) this.addOrderTotals.run(t.source, t.currency, t.orders, t.cents);
    const plan = batch.events.length > 0 ? this.sessions.plan(batch.events, batch.sessionGuess?.guess, batch.sessionGuess?.from) : undefined;
    batch.events.forEach((e, i) => {
      const { changes } = this.insertEvent.run(e.id, e.userId, e.type, e.url, e.ts, e.tsMs, plan?.sessionIds[i] ?? null, sha, e.index);
      if (changes === 1) {
        loaded += 1;
      } else {
        duplicates += 1;
        if (plan) this.sessions.invalidate(plan, e.userId);
      }
    });
    if (plan) this.sessions.write(plan, batch.events);
    for (const entry of batch.quarantine) {
      this.insertQuarantine.run({ ...entry, sha, file: batch.sourceFile, kind: batch.kind });
    }
    const quarantined = batch.quarantine.length;
    const { changes } = this.advanceCheckpoint.run({
      sha,
      fromIndex: batch.fromIndex,
      toIndex: batch.toIndex,
      loaded,
      quarantined,
      duplicates,
      completed: batch.completed ? 1 : 0,
    });
    if (changes !== 1) {
      // throwing inside the transaction rolls the whole batch back
      throw new Error(
        `${batch.sourceFile}: the checkpoint moved under this run (expected ${String(batch.fromIndex)} records done): another process is loading the same input into this database; run one at a time`,
      );
    }
    return { result: { loaded, duplicates, quarantined }, sessions: plan };
  }
}
