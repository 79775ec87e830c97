/**
 * Moves SQLite's WAL checkpoints off the loader's thread.
 *
 * @rationale Checkpoint the WAL from a second connection in a worker thread; the loader's connection
 *   never checkpoints itself (`wal_autocheckpoint = 0`)
 *   why: in WAL mode a commit appends pages to the log; copying them into the database file (a
 *     checkpoint) and its fsync ran inside the commit that crossed 1,000 pages, which at a million
 *     records was every commit: a second of the loader's time waiting on the disk. SQLite's documented
 *     alternative is to checkpoint from another thread; a PASSIVE checkpoint never blocks the writer,
 *     so the loader keeps writing while the copy and fsync happen beside it. Durability is unchanged:
 *     a committed transaction is in the log either way.
 *   alternatives: a bigger `wal_autocheckpoint` (fewer, longer stalls on the same thread); no
 *     checkpoints until the end (the log grows to the size of the whole load)
 *   tradeoffs: one more thread and connection per run; the loader still restarts the log itself
 *     when it passes WAL_RESTART_BYTES (a short stall: the pages are mostly copied by then); if the
 *     checkpointer cannot start, the connection checkpoints itself again and the run goes on
 *
 * @lineage wal_checkpoint
 *   in: file pipeline.db-wal
 *   out: file pipeline.db
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './database';

/** SQLite's default `wal_autocheckpoint`, restored when the checkpointer is not running. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * Past this size the loader restarts the log itself. The background checkpoints copy the pages, but
 * a log only starts over when a writer begins while it is fully copied, and the loader begins its
 * next transaction at once: without this the log grew to 400 MB over a million records. A restart
 * copies what the background checkpoint has not yet and fsyncs, on the loader's thread, and the
 * truncated log file then grows again from nothing: at 64 MiB that was 0.65 s of restarts and 1.2 s
 * of commits per million records, at 256 MiB 0.22 s and 0.74 s (main-thread wall time, same input).
 */
export const WAL_RESTART_BYTES = 256 * 1024 * 1024;

export class WalCheckpointer {
  private readonly worker: Worker;
  private failed: string | undefined;
  private readonly exited: Promise<void>;

  /** Starts checkpointing `file` beside `db`; `onProblem` hears (once) if it stops working. */
  constructor(
    private readonly db: SqliteDb,
    private readonly file: string,
    private readonly onProblem: (message: string) => void,
    private readonly restartBytes = WAL_RESTART_BYTES,
  ) {
    db.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(new URL('./checkpointer-worker.mjs', import.meta.url), { workerData: { file, busyTimeoutMs: 5000 } });
    this.worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'error') this.fail(`WAL checkpoint failed (${message.message ?? 'unknown'}): the loader checkpoints itself again`);
    });
    this.worker.on('error', (error) => this.fail(`the WAL checkpointer stopped (${error.message}): the loader checkpoints itself again`));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  private fail(message: string): void {
    if (this.failed !== undefined) return;
    this.failed = message;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${String(DEFAULT_AUTOCHECKPOINT_PAGES)}`);
    this.onProblem(message);
  }

  /** After a commit: copy what is in the log (requests while one runs are merged), and start the log
   *  over once it has grown past WAL_RESTART_BYTES. */
  request(): void {
    if (this.failed !== undefined) return;
    let size = 0;
    try {
      size = statSync(`${this.file}-wal`).size;
    } catch {
      // no log file yet
    }
    // TRUNCATE: restart and shrink the file, so its size says again how much is in it
    if (size > this.restartBytes) this.db.pragma('wal_checkpoint(TRUNCATE)');
    else this.worker.postMessage('checkpoint');
  }

  /** Finishes the last checkpoint request and closes the second connection. */
  async close(): Promise<void> {
    if (this.failed === undefined) this.worker.postMessage('close');
    else await this.worker.terminate();
    await this.exited;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${String(DEFAULT_AUTOCHECKPOINT_PAGES)}`);
  }
}
