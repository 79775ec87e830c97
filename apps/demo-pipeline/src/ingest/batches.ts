/**
 * Validated batches of one input: read → validate, in record order, ready for the loader.
 *
 * @rationale One generator that turns an input into validated batches, run in a worker thread by default
 *   why: reading, parsing and validating are pure CPU work on each record; the loader's SQLite writes
 *     are CPU work on the main thread. In a worker the two overlap on two cores, and the hand-off is a
 *     batch (thousands of records) at a time, so the message cost is small next to the work. The same
 *     generator runs in-thread (`ingestWorker: false`, tests, debugging), so both paths give the same
 *     batches by construction.
 *   alternatives: parse on the main thread (the loader waits for the parser and the parser for the
 *     loader); a worker per stage (more hand-offs than cores here)
 *   tradeoffs: a worker holds up to WORKER_AHEAD batches it has validated but the loader has not
 *     committed; they are redone after a kill like any uncommitted batch
 */
import { Worker } from 'node:worker_threads';
import settings from '../node-flags.json' with { type: 'json' };
import { dedupeById } from '../transform/dedupe';
import type { SessionGuess } from '../transform/session-guess';
import type { EventRow, OrderRow } from '../validate/schemas';
import { validateEvent, validateOrder, type QuarantineEntry } from '../validate/validate-record';
import { readEventsJsonlChunks } from './read-events-jsonl';
import { readOrdersCsvChunks } from './read-orders-csv';
import { InputError, type SourceKind } from './source';

/** The records `[fromIndex, fromIndex + count)` of an input, validated. */
export interface ValidatedBatch {
  fromIndex: number;
  /** records in this batch, good and bad */
  count: number;
  orders: (OrderRow & { index: number })[];
  events: (EventRow & { index: number })[];
  quarantine: QuarantineEntry[];
  /** valid records dropped because an earlier record of this batch has the same id */
  duplicates: number;
  /** the input's last batch (possibly empty): committing it completes the input */
  done: boolean;
  /** the reader thread's session plan for `events` (when asked for with `sessionGapMs`) */
  sessionGuess?: SessionGuess | undefined;
}

export interface BatchOptions {
  file: string;
  kind: SourceKind;
  /** records already committed: read, not yielded */
  skip: number;
  batchSize: number;
  /** in a worker thread, also guess the sessions of each batch of events with this gap (see session-guess.ts) */
  sessionGapMs?: number;
}

/**
 * The first batch of an input read from its start is this small, so the loader starts while the
 * reader's code is still warming up (the first 10,000 records took ~0.5 s to arrive, then ~0.1 s each).
 * Only from record 0: a resumed input keeps the boundaries an uninterrupted run had.
 */
export const FIRST_BATCH = 1000;

/**
 * Validated batches of `batchSize` records in record order (the first of an input read from its start
 * FIRST_BATCH at most), the last one marked `done`.
 *
 * @lineage validate_batches
 *   in: file orders.csv
 *   in: file events.jsonl
 */
export async function* validatedBatches(options: BatchOptions): AsyncGenerator<ValidatedBatch> {
  const { file, kind, skip, batchSize } = options;
  const chunks = kind === 'orders' ? readOrdersCsvChunks(file, skip) : readEventsJsonlChunks(file, skip);
  const empty = (fromIndex: number): ValidatedBatch => ({ fromIndex, count: 0, orders: [], events: [], quarantine: [], duplicates: 0, done: false });
  // duplicates inside a batch are dropped here, off the loader's thread; the first occurrence wins
  const finish = (b: ValidatedBatch): ValidatedBatch => {
    const orders = dedupeById(b.orders);
    const events = dedupeById(b.events);
    return { ...b, orders: orders.kept, events: events.kept, duplicates: orders.duplicates.length + events.duplicates.length };
  };
  let batch = empty(skip);
  for await (const units of chunks) {
    for (const unit of units) {
      const expected = batch.fromIndex + batch.count;
      if (unit.index !== expected) {
        throw new Error(`${file}: record ${String(unit.index)} arrived out of order (expected ${String(expected)}); this is a bug in the reader`);
      }
      batch.count += 1;
      if (kind === 'orders') {
        const result = validateOrder(unit);
        // the row is the schema's fresh output object: adding the index is cheaper than copying it
        if (result.ok) batch.orders.push(Object.assign(result.row, { index: result.index }));
        else batch.quarantine.push(result.entry);
      } else {
        const result = validateEvent(unit);
        if (result.ok) batch.events.push(Object.assign(result.row, { index: result.index }));
        else batch.quarantine.push(result.entry);
      }
      if (batch.count >= (batch.fromIndex === 0 ? Math.min(batchSize, FIRST_BATCH) : batchSize)) {
        yield finish(batch);
        batch = empty(expected + 1);
      }
    }
  }
  batch.done = true;
  yield finish(batch);
}

/**
 * The Node flags the pipeline's process should run with (bin/pipeguard-demo.js passes them; the
 * benchmark too): a young generation sized for batches in flight (see src/node-flags.json). The
 * ingest workers get the same size through `resourceLimits` whatever the process was started with.
 */
export const NODE_FLAGS: readonly string[] = [`--max-semi-space-size=${String(settings.semiSpaceMb)}`];

/** V8's young generation is three semi-spaces (two for copying, one for large new objects). */
const WORKER_YOUNG_GENERATION_MB = 3 * settings.semiSpaceMb;

/** Batches a worker may have validated beyond the one the loader is committing. */
export const WORKER_AHEAD = 2;

/** An error crossing the thread boundary (structured clone keeps neither class nor extra fields reliably). */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  input?: { file: string; line: number | undefined; detail: string };
}

export type WorkerMessage = { type: 'batch'; batch: WireBatch } | { type: 'end' } | { type: 'error'; error: SerializedError };

type Columns<T> = { [K in keyof T]: T[K][] };
type OrderOut = ValidatedBatch['orders'][number];
type EventOut = ValidatedBatch['events'][number];

/**
 * A batch as it crosses to the loader: rows as columns. Structured clone writes every property name
 * of every object it copies and rebuilds objects the slow, generic way; one array per column is
 * about half the copying, and the loader rebuilds the rows with object literals (fast).
 */
export type WireBatch = Omit<ValidatedBatch, 'orders' | 'events'> & { orders: Columns<OrderOut>; events: Columns<EventOut> };

export function toWire(batch: ValidatedBatch): WireBatch {
  const o = batch.orders;
  const e = batch.events;
  return {
    ...batch,
    orders: {
      id: o.map((r) => r.id),
      customerName: o.map((r) => r.customerName),
      product: o.map((r) => r.product),
      amountCents: o.map((r) => r.amountCents),
      currency: o.map((r) => r.currency),
      orderedAt: o.map((r) => r.orderedAt),
      index: o.map((r) => r.index),
    },
    events: {
      id: e.map((r) => r.id),
      userId: e.map((r) => r.userId),
      type: e.map((r) => r.type),
      url: e.map((r) => r.url),
      ts: e.map((r) => r.ts),
      tsMs: e.map((r) => r.tsMs),
      index: e.map((r) => r.index),
    },
  };
}

export function fromWire(wire: WireBatch): ValidatedBatch {
  const o = wire.orders;
  const e = wire.events;
  const orders: OrderOut[] = new Array<OrderOut>(o.id.length);
  for (let i = 0; i < orders.length; i += 1) {
    orders[i] = {
      id: o.id[i] as string,
      customerName: o.customerName[i] as string,
      product: o.product[i] as string,
      amountCents: o.amountCents[i] as number,
      currency: o.currency[i] as string,
      orderedAt: o.orderedAt[i] as string,
      index: o.index[i] as number,
    };
  }
  const events: EventOut[] = new Array<EventOut>(e.id.length);
  for (let i = 0; i < events.length; i += 1) {
    events[i] = {
      id: e.id[i] as string,
      userId: e.userId[i] as string,
      type: e.type[i] as EventOut['type'],
      url: e.url[i] as string | null,
      ts: e.ts[i] as string,
      tsMs: e.tsMs[i] as number,
      index: e.index[i] as number,
    };
  }
  return { ...wire, orders, events };
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof InputError) {
    return { name: error.name, message: error.message, stack: error.stack, input: { file: error.file, line: error.line, detail: error.detail } };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error), stack: undefined };
}

function deserializeError(e: SerializedError): Error {
  const error = e.input ? new InputError(e.input.file, e.input.line, e.input.detail) : new Error(e.message);
  if (!e.input) error.name = e.name;
  if (e.stack !== undefined) error.stack = e.stack;
  return error;
}

/** What the loader sends the worker: validate an input, or one more batch of credit. */
export type ToWorker = { type: 'start'; source: BatchOptions } | { type: 'more' };

/**
 * One worker thread that runs `validatedBatches` for one input after another: the same batches,
 * produced while the caller commits the previous ones. Close it when done.
 */
export class IngestWorker {
  private readonly worker: Worker;
  private readonly inbox: WorkerMessage[] = [];
  private failure: Error | undefined;
  private exitCode: number | undefined;
  private wake: (() => void) | undefined;
  private busy = false;
  /** inputs sent to the worker, in order, whose batches have not all been taken */
  private readonly queued: BatchOptions[] = [];

  /** `entry`: the worker's code bundled as one file (see worker-bundle.ts); default `batch-worker.mjs`,
   *  which loads the TypeScript sources through tsx */
  constructor(entry: URL = new URL('./batch-worker.mjs', import.meta.url)) {
    this.worker = new Worker(entry, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    const notify = () => {
      const w = this.wake;
      this.wake = undefined;
      w?.();
    };
    this.worker.on('message', (message: WorkerMessage) => {
      this.inbox.push(message);
      notify();
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      notify();
    });
    this.worker.on('exit', (code) => {
      this.exitCode = code;
      notify();
    });
  }

  /**
   * Lets the worker start on an input before its batches are asked for (it begins as soon as it is
   * done with the inputs queued before). `batches()` must then take the inputs in the same order.
   */
  queue(source: BatchOptions): void {
    this.queued.push(source);
    this.send({ type: 'start', source });
  }

  /** The validated batches of one input. Stopping early (break, return, throw) makes the worker unusable: close it. */
  async *batches(source: BatchOptions): AsyncGenerator<ValidatedBatch> {
    if (this.busy) throw new Error('IngestWorker.batches: one input at a time (finish or close the previous one)');
    if (this.queued.length === 0) this.queue(source);
    if (this.queued[0] !== source) throw new Error(`IngestWorker.batches: ${source.file} asked for out of the queued order (next is ${this.queued[0]?.file ?? 'none'})`);
    this.queued.shift();
    this.busy = true;
    for (;;) {
      const message = this.inbox.shift();
      if (message === undefined) {
        if (this.failure) throw this.failure;
        if (this.exitCode !== undefined) {
          throw new Error(`${source.file}: the ingest worker stopped (exit code ${String(this.exitCode)}) before the end of the input; rerun with --no-ingest-worker to see the error in-thread`);
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (message.type === 'end') break;
      if (message.type === 'error') {
        this.busy = false;
        throw deserializeError(message.error);
      }
      // ask for the next batch before the caller works on this one: that is the overlap
      this.send({ type: 'more' });
      yield fromWire(message.batch);
    }
    this.busy = false;
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
