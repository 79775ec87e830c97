/**
 * @rationale Progress goes to stderr, throttled; stdout is reserved for the summary
 *   why: `--json` promises exactly one JSON line on stdout, so anything a human watches while the run
 *     is going must use stderr; on a terminal the line is redrawn in place, in logs it is appended at
 *     most every `intervalMs`.
 *   tradeoffs: the last partial interval is always printed, so short runs still show one line
 */
import type { Writable } from 'node:stream';

export interface ProgressEvent {
  file: string;
  recordsDone: number;
  loaded: number;
  quarantined: number;
  duplicates: number;
  /** records per second over this run */
  rate: number;
  /** true for the last event of a file */
  done: boolean;
}

/** Prints progress events to a stream (stderr by default) at most every `intervalMs`. */
export function createProgressPrinter(stream: Writable & { isTTY?: boolean }, intervalMs: number): (e: ProgressEvent) => void {
  let last = 0;
  const numbers = new Intl.NumberFormat('en-US');
  const fmt = (n: number) => numbers.format(n);
  return (e) => {
    const now = Date.now();
    if (!e.done && now - last < intervalMs) return;
    last = now;
    const text = `${e.file}: ${fmt(e.recordsDone)} records (loaded ${fmt(e.loaded)}, quarantined ${fmt(e.quarantined)}, duplicates ${fmt(e.duplicates)}) ${fmt(Math.round(e.rate))} records/s${e.done ? ' done' : ''}`;
    if (stream.isTTY) stream.write(`\r\x1b[K${text}${e.done ? '\n' : ''}`);
    else stream.write(`${text}\n`);
  };
}
