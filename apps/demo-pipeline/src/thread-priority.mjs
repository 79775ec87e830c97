/**
 * Lowers the scheduling priority of the calling thread (Linux), so the loader's thread wins the cores.
 *
 * @rationale The reader threads and the WAL checkpointer run at a lower priority (nice +10) than the
 *   loader's thread
 *   why: on two cores the loader, two readers, V8's collector threads and the WAL checkpointer all
 *     want CPU at once, and the loader is the run's critical path: every moment it waits for a core
 *     the whole run waits. The readers work ahead of it (batches queued), so they can give way; when
 *     they fall behind the loader idles and they get the cores back; the checkpointer's copies can wait
 *     too (the loader restarts the log itself past WAL_RESTART_BYTES). At 1M records the same run took
 *     0.8–1.0 s less wall time with the readers at nice 10, and another ~0.25 s with the checkpointer
 *     at nice 10 (two interleaved pairs each, same machine).
 *   alternatives: fewer threads (parsing back on the loader's thread, slower); os.setPriority on the
 *     whole process (changes nothing between its threads)
 *   tradeoffs: Linux only (a thread is a task with its own nice value there; elsewhere this does
 *     nothing); raising niceness needs no privileges, lowering it back would
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The niceness of the readers and the checkpointer (0 = normal, 19 = lowest). */
export const BACKGROUND_NICENESS = 10;

/**
 * Sets the niceness of the calling thread; false when the platform has no per-thread priority.
 * @param {number} niceness
 * @returns {boolean}
 */
export function lowerThreadPriority(niceness) {
  try {
    // /proc/thread-self → "<pid>/task/<tid>": the thread's own id, which setpriority() accepts
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}
