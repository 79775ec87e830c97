/**
 * The worker-thread side of `IngestWorker`: validates the inputs it is asked for, one at a time, and
 * hands batches to the loader at most WORKER_AHEAD ahead of what the loader has taken.
 */
import { parentPort } from 'node:worker_threads';
import { guessSessions, guessBuffers } from '../transform/session-guess';
import type { KnownSession } from '../transform/sessionize';
import { MAX_CACHED_USERS } from '../load/sessions';
import { BACKGROUND_NICENESS, lowerThreadPriority } from '../thread-priority.mjs';
import { serializeError, toWire, validatedBatches, WORKER_AHEAD, type ToWorker, type WorkerMessage } from './batches';

// the loader's thread is the critical path: this reader gives way when the cores are busy
lowerThreadPriority(BACKGROUND_NICENESS);

const port = parentPort;
if (!port) throw new Error('batch-worker.ts runs as a worker thread: start it through IngestWorker');

// shared by every input: the worker stays at most WORKER_AHEAD batches ahead of the loader, also
// across the boundary between two inputs (it starts the next one while the loader finishes the last)
let credits = WORKER_AHEAD;
let wake: (() => void) | undefined;
const queue: ToWorker[] = [];
const notify = () => {
  const w = wake;
  wake = undefined;
  w?.();
};
port.on('message', (message: ToWorker) => {
  if (message.type === 'more') credits += 1;
  else queue.push(message);
  notify();
});
/** `transfer`: buffers handed over instead of copied (the guess's typed arrays) */
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** What this reader planned for each user so far, across its inputs (the loader takes them in the same
 *  order); bounded like the loader's cache. */
const sessionState = new Map<string, KnownSession>();

for (;;) {
  const next = queue.shift();
  if (next === undefined) {
    await new Promise<void>((resolve) => (wake = resolve));
    continue;
  }
  if (next.type !== 'start') continue;
  try {
    const gapMs = next.source.sessionGapMs;
    for await (const batch of validatedBatches(next.source)) {
      // the session plan is made here, off the loader's thread, while the loader works on the previous batch
      const guess = gapMs !== undefined && batch.events.length > 0 ? guessSessions(sessionState, batch.events, gapMs, MAX_CACHED_USERS) : undefined;
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits -= 1;
      send({ type: 'batch', batch: toWire(guess ? { ...batch, sessionGuess: guess } : batch) }, guess ? guessBuffers(guess) : []);
    }
    send({ type: 'end' });
  } catch (error) {
    send({ type: 'error', error: serializeError(error) });
  }
}
