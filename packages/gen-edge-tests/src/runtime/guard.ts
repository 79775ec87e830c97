/**
 * Hang guard: call a function under test so that an infinite loop or a never-settling promise
 * becomes a reported failure instead of a hung test run.
 *
 * @rationale One watchdog thread per process guards every call; node:vm's timeout only off the main thread
 *   why: each call runs in a microtask queued from a macrotask of its own; the watchdog worker is
 *     armed (a shared-memory store and notify) with the deadline and, when the main thread's heartbeat
 *     stops past it (a sync loop, or a busy loop after an `await`), asks V8 to terminate the running
 *     JavaScript through the inspector (`Runtime.terminateExecution` on a session connected to the main
 *     thread). V8 then drops the rest of that microtask checkpoint, which holds only the call and its
 *     own jobs; our timer (a later macrotask) reports the hang. Promises that never settle lose the
 *     race against that timer. `vm.Script#runInContext(ctx, { timeout })` did the same for sync loops
 *     but starts and joins a native watchdog thread per call: 70 % of a property's CPU (profiled:
 *     a 100-run valid-input property took 38 ms with it, 6 ms without).
 *   alternatives: vm timeout per call (kept as the fallback where the watchdog cannot run); run user
 *     functions in worker threads (they close over module state and cannot be moved); child processes
 *     (seconds per property); fast-check's `timeout` option (cannot stop sync loops)
 *   tradeoffs: a hang is reported about 250 ms after the deadline (the watchdog waits for the
 *     heartbeat to stall, so slow-but-yielding code is never terminated). The watchdog works on the
 *     process main thread only (vitest's default `forks` pool); under `--pool=threads` sync loops are
 *     stopped by the vm timeout but a busy loop after an `await` still blocks that test worker. A loop
 *     that awaits (timers, I/O) is caught by the promise race but keeps running in the background.
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
 *
 * On the process main thread every call is guarded by the one watchdog thread (arming it is a
 * store and a notify), not by `vm`'s `timeout` (which starts and joins a watchdog thread of its own
 * per call: 70 % of the CPU of a property run). Elsewhere (worker threads) the vm timeout is kept.
 */
export function callGuarded(fn: (...args: never[]) => unknown, args: readonly unknown[], timeoutMs: number): Promise<CallOutcome> {
  const dog = watchdog();
  return dog === null ? callWithVmTimeout(fn, args, timeoutMs) : callWatched(dog, fn, args, timeoutMs);
}

/**
 * The call runs in a microtask queued from a macrotask of its own: a loop there (before or after
 * the function's first `await`) is terminated by the watchdog, and V8 then drops only the rest of
 * that microtask checkpoint, which holds nothing but the call and the jobs it queued. The outcome of
 * a terminated call comes from our timer, a later macrotask.
 */
function callWatched(dog: Watchdog, fn: (...args: never[]) => unknown, args: readonly unknown[], timeoutMs: number): Promise<CallOutcome> {
  const start = performance.now();
  const elapsed = (): number => Math.round(performance.now() - start);
  const ms = Math.max(1, Math.round(timeoutMs));
  const watch = dog.arm(ms);
  let returned = false;
  let done = false;
  return new Promise<CallOutcome>((resolve) => {
    const finish = (outcome: CallOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      watch.disarm();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      // disarm first: the watchdog must never fire while our own code runs
      watch.disarm();
      const terminated = watch.terminated();
      const message = returned
        ? `returned a promise that did not settle within ${timeoutMs} ms${terminated ? ' (a busy loop after an await was terminated)' : ''}`
        : `did not return within ${timeoutMs} ms (synchronous loop terminated)`;
      finish({ kind: 'hung', error: new HangError(message), ms: elapsed() });
    }, ms);
    setImmediate(() => {
      queueMicrotask(() => {
        let value: unknown;
        try {
          value = (fn as (...a: unknown[]) => unknown)(...args);
        } catch (error) {
          finish({ kind: 'threw', error, ms: elapsed() });
          return;
        }
        returned = true;
        if (!isThenable(value)) {
          finish({ kind: 'returned', value, ms: elapsed() });
          return;
        }
        Promise.resolve(value).then(
          (v) => finish({ kind: 'returned', value: v, ms: elapsed() }),
          (error: unknown) => finish({ kind: 'threw', error, ms: elapsed() }),
        );
      });
    });
  });
}

/** Off the main thread: the synchronous part under `vm`'s timeout, the promise raced against a timer. */
export async function callWithVmTimeout(fn: (...args: never[]) => unknown, args: readonly unknown[], timeoutMs: number): Promise<CallOutcome> {
  const start = performance.now();
  const elapsed = (): number => Math.round(performance.now() - start);
  let value: unknown;
  let failure: { error: unknown } | undefined;
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
  const hang = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => {
      resolve({ kind: 'hung', error: new HangError(`returned a promise that did not settle within ${timeoutMs} ms`), ms: elapsed() });
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
