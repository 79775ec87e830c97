/**
 * Hang guard: call a function under test so that an infinite loop or a never-settling promise
 * becomes a reported failure instead of a hung test run.
 *
 * @rationale Run synchronous calls through node:vm with a timeout, race promises against a timer,
 *   and stop busy loops after an `await` with a watchdog thread
 *   why: `vm.Script#runInContext(ctx, { timeout })` terminates the running JavaScript (V8
 *     TerminateExecution is isolate-wide) even when the loop is inside a function from the outer
 *     context, so a `while (true)` in user code ends after `timeoutMs` with a catchable error; promises
 *     that never settle are raced against a timer that is cleared when they do. A busy loop that starts
 *     after an `await` runs in a microtask outside any vm call and blocks the timer too: a watchdog
 *     worker thread sees the main thread's heartbeat stop while a guarded promise is past its deadline
 *     and asks V8 to terminate the running JavaScript through the inspector protocol
 *     (`Runtime.terminateExecution` on a session connected to the main thread).
 *   alternatives: run user functions in worker threads (they close over module state and cannot be
 *     moved); child processes (seconds per property); fast-check's `timeout` option (cannot stop
 *     sync loops)
 *   tradeoffs: the watchdog works on the process main thread only (vitest's default `forks` pool);
 *     under `--pool=threads` a busy loop after an `await` still blocks that test worker. A loop that
 *     awaits (timers, I/O) is caught by the promise race but keeps running in the background.
 */
import vm from 'node:vm';
import { isMainThread, Worker } from 'node:worker_threads';
import { HangError } from './classify';

export type CallOutcome =
  | { kind: 'returned'; value: unknown; ms: number }
  | { kind: 'threw'; error: unknown; ms: number }
  | { kind: 'hung'; error: HangError; ms: number };

interface Slot {
  __fn: unknown;
  __args: unknown;
}

const context = vm.createContext({ __fn: undefined, __args: undefined } satisfies Slot);
const script = new vm.Script('__fn.apply(undefined, __args)', { filename: 'gen-edge-tests-hang-guard.vm' });

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Call `fn(...args)`; a synchronous run longer than `timeoutMs` is terminated, a returned promise
 * that does not settle within what is left of `timeoutMs` is abandoned. Never throws.
 */
export async function callGuarded(fn: (...args: never[]) => unknown, args: readonly unknown[], timeoutMs: number): Promise<CallOutcome> {
  const start = performance.now();
  const elapsed = (): number => Math.round(performance.now() - start);
  let value: unknown;
  let failure: { error: unknown } | undefined;
  // Call from a macrotask of its own, after resolving the promise we wait on: our continuation is
  // queued BEFORE the function's first `await` continuation, so if the watchdog has to terminate a
  // busy loop in that continuation (V8 then drops the rest of that microtask checkpoint), only the
  // function's own jobs are lost, never ours or the test runner's.
  await new Promise<void>((resolve) => {
    setImmediate(() => {
      resolve();
      const slot = context as Slot;
      slot.__fn = fn;
      slot.__args = args;
      try {
        value = script.runInContext(context, { timeout: Math.max(1, Math.round(timeoutMs)) });
      } catch (error) {
        failure = { error };
      } finally {
        slot.__fn = undefined;
        slot.__args = undefined;
      }
    });
  });
  if (failure !== undefined) {
    const { error } = failure;
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return { kind: 'hung', error: new HangError(`did not return within ${timeoutMs} ms (synchronous loop terminated)`), ms: elapsed() };
    }
    return { kind: 'threw', error, ms: elapsed() };
  }
  if (!isThenable(value)) return { kind: 'returned', value, ms: elapsed() };
  const left = Math.max(1, timeoutMs - elapsed());
  let timer: NodeJS.Timeout | undefined;
  const watch = watchdog()?.arm(left);
  const hang = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => {
      // disarm first: the watchdog must never fire while our own code runs
      watch?.disarm();
      const how = watch?.terminated() === true ? ' (a busy loop after an await was terminated)' : '';
      resolve({ kind: 'hung', error: new HangError(`returned a promise that did not settle within ${timeoutMs} ms${how}`), ms: elapsed() });
    }, left);
  });
  const settled = Promise.resolve(value).then(
    (v): CallOutcome => ({ kind: 'returned', value: v, ms: elapsed() }),
    (error: unknown): CallOutcome => ({ kind: 'threw', error, ms: elapsed() }),
  );
  try {
    return await Promise.race([settled, hang]);
  } finally {
    clearTimeout(timer);
    watch?.disarm();
  }
}

/**
 * The watchdog thread: waits until armed, sleeps until the deadline, then checks the main thread's
 * heartbeat; if the heartbeat (every 20 ms) has not moved for 250 ms, the main thread is stuck in JavaScript
 * (a busy loop in a microtask) and is terminated through the inspector.
 * Shared slots: 0 = armed generation (0 = idle), 1 = heartbeat, 2 = terminated generation,
 * 3 = deadline in ms since the watchdog's time origin (written by the main thread as Date.now()).
 */
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const inspector = require('node:inspector');
const state = new Int32Array(workerData.state);
const deadline = new Float64Array(workerData.deadline);
let session;
const STALL_MS = 250;
for (;;) {
  Atomics.wait(state, 0, 0);
  const generation = Atomics.load(state, 0);
  if (generation === 0) continue;
  const wait = deadline[0] - Date.now();
  if (wait > 0 && Atomics.wait(state, 0, generation, wait) !== 'timed-out') continue;
  const beat = Atomics.load(state, 1);
  if (Atomics.wait(state, 0, generation, STALL_MS) !== 'timed-out') continue;
  if (Atomics.load(state, 1) !== beat || Atomics.load(state, 0) !== generation) continue;
  try {
    if (!session) { session = new inspector.Session(); session.connectToMainThread(); }
    Atomics.store(state, 2, generation);
    session.post('Runtime.terminateExecution');
  } catch { /* no inspector: nothing more to do */ }
  // wait for the main thread to disarm before watching again
  while (Atomics.load(state, 0) === generation) Atomics.wait(state, 0, generation, 50);
}
`;

interface Watch {
  terminated(): boolean;
  disarm(): void;
}

interface Watchdog {
  arm(ms: number): Watch;
}

/**
 * One watchdog per process, kept on globalThis: a test runner that reuses the process for several
 * test files loads this module once per file, and each copy must not start a thread of its own.
 */
const WATCHDOG_KEY = Symbol.for('gen-edge-tests.watchdog');
const holder = globalThis as { [WATCHDOG_KEY]?: Watchdog | null };
let watchdogInstance: Watchdog | null | undefined = holder[WATCHDOG_KEY];

function watchdog(): Watchdog | null {
  if (watchdogInstance !== undefined) return watchdogInstance;
  watchdogInstance = holder[WATCHDOG_KEY] = createWatchdog();
  return watchdogInstance;
}

function createWatchdog(): Watchdog | null {
  if (!isMainThread) return null;
  try {
    const stateBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 4);
    const deadlineBuffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
    const state = new Int32Array(stateBuffer);
    const deadline = new Float64Array(deadlineBuffer);
    const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { state: stateBuffer, deadline: deadlineBuffer } });
    worker.unref();
    let broken = false;
    worker.on('error', () => {
      broken = true;
    });
    let generation = 0;
    return {
      arm(ms: number): Watch {
        if (broken) return { terminated: () => false, disarm: () => undefined };
        generation = (generation % 1_000_000) + 1;
        const mine = generation;
        deadline[0] = Date.now() + ms;
        const heartbeat = setInterval(() => Atomics.add(state, 1, 1), 20);
        heartbeat.unref();
        Atomics.store(state, 2, 0);
        Atomics.store(state, 0, mine);
        Atomics.notify(state, 0);
        return {
          terminated: () => Atomics.load(state, 2) === mine,
          disarm: () => {
            clearInterval(heartbeat);
            Atomics.store(state, 0, 0);
            Atomics.notify(state, 0);
          },
        };
      },
    };
  } catch {
    return null;
  }
}
