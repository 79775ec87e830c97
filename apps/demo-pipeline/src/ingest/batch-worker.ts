/**
 * The worker-thread side of `IngestWorker`: validates the inputs it is asked for, one at a time, and
 * hands batches to the loader at most WORKER_AHEAD ahead of what the loader has taken.
 */
import { parentPort } from 'node:worker_threads';
import { serializeError, toWire, validatedBatches, WORKER_AHEAD, type ToWorker, type WorkerMessage } from './batches';

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
const send = (message: WorkerMessage) => port.postMessage(message);

for (;;) {
  const next = queue.shift();
  if (next === undefined) {
    await new Promise<void>((resolve) => (wake = resolve));
    continue;
  }
  if (next.type !== 'start') continue;
  try {
    for await (const batch of validatedBatches(next.source)) {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits -= 1;
      send({ type: 'batch', batch: toWire(batch) });
    }
    send({ type: 'end' });
  } catch (error) {
    send({ type: 'error', error: serializeError(error) });
  }
}
