/**
 * Hang guard: call a function under test so that an infinite loop or a never-settling promise
 * becomes a reported failure instead of a hung test run.
 *
 * @rationale Run synchronous calls through node:vm with a timeout, race promises against a timer
 *   why: `vm.Script#runInContext(ctx, { timeout })` terminates the running JavaScript (V8
 *     TerminateExecution is isolate-wide) even when the loop is inside a function from the outer
 *     context, so a `while (true)` in user code ends after `timeoutMs` with a catchable error; promises
 *     that never settle are raced against a timer that is cleared when they do.
 *   alternatives: worker threads (user functions close over module state and cannot be moved);
 *     child processes (seconds per property); fast-check's `timeout` option (cannot stop sync loops)
 *   tradeoffs: a busy loop that starts AFTER an `await` runs in a microtask outside the vm call and
 *     cannot be interrupted in-process: it is documented as a limitation. A loop that awaits
 *     (timers, I/O) is caught by the promise race but keeps running in the background.
 */
import vm from 'node:vm';
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
  const slot = context as Slot;
  slot.__fn = fn;
  slot.__args = args;
  try {
    value = script.runInContext(context, { timeout: Math.max(1, Math.round(timeoutMs)) });
  } catch (error) {
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return { kind: 'hung', error: new HangError(`did not return within ${timeoutMs} ms (synchronous loop terminated)`), ms: elapsed() };
    }
    return { kind: 'threw', error, ms: elapsed() };
  } finally {
    slot.__fn = undefined;
    slot.__args = undefined;
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
