import { describe, expect, it } from 'vitest';
import { callWithVmTimeout } from '../../src/runtime/guard';
import { callGuarded } from '../../src/runtime/index';

describe('callGuarded: the hang guard', () => {
  it('returns values and passes arguments', async () => {
    const outcome = await callGuarded((a: number, b: number) => a + b, [1, 2], 500);
    expect(outcome).toMatchObject({ kind: 'returned', value: 3 });
  });
  it('reports thrown errors as the original error object (same realm)', async () => {
    const outcome = await callGuarded(() => {
      throw new TypeError('boom');
    }, [], 500);
    expect(outcome.kind).toBe('threw');
    expect(outcome.kind === 'threw' && outcome.error instanceof TypeError).toBe(true);
  });
  it('terminates a synchronous infinite loop inside a function from the outer context', async () => {
    const start = Date.now();
    const outcome = await callGuarded((n: number) => {
      let i = 0;
      while (n > 0) i++;
      return i;
    }, [1], 200);
    const took = Date.now() - start;
    expect(outcome.kind).toBe('hung');
    expect(outcome.kind === 'hung' && outcome.error.message).toMatch(/did not return within 200 ms/);
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(5_000);
  });
  it('terminates the synchronous prefix of an async function', async () => {
    const outcome = await callGuarded(async (n: number) => {
      await Promise.resolve();
      return n;
    }, [1], 200);
    expect(outcome).toMatchObject({ kind: 'returned', value: 1 });
    // eslint-disable-next-line @typescript-eslint/require-await
    const loop = await callGuarded(async () => {
      for (;;) {
        /* spin before the first await */
      }
    }, [], 200);
    expect(loop.kind).toBe('hung');
  });
  it('abandons a promise that never settles', async () => {
    const start = Date.now();
    const outcome = await callGuarded(() => new Promise(() => undefined), [], 200);
    expect(outcome.kind).toBe('hung');
    expect(outcome.kind === 'hung' && outcome.error.message).toMatch(/did not settle within 200 ms/);
    expect(Date.now() - start).toBeLessThan(5_000);
  });
  it('terminates a busy loop that starts after an await (watchdog thread, main thread only)', async () => {
    const start = Date.now();
    const outcome = await callGuarded(async (n: number) => {
      await Promise.resolve();
      let x = n;
      while (x % 1 !== 0) x *= 10; // never ends for NaN
      return x;
    }, [Number.NaN], 300);
    expect(outcome.kind).toBe('hung');
    expect(outcome.kind === 'hung' && outcome.error.message).toMatch(/did not settle within 300 ms \(a busy loop after an await was terminated\)/);
    expect(Date.now() - start).toBeLessThan(5_000);
    // the process is still usable afterwards
    expect(await callGuarded(async () => Promise.resolve('ok'), [], 300)).toMatchObject({ kind: 'returned', value: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  it('does not terminate slow-but-yielding async work before the deadline', async () => {
    const outcome = await callGuarded(async () => {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      return 'done';
    }, [], 1_000);
    expect(outcome).toMatchObject({ kind: 'returned', value: 'done' });
  });
  it('reports rejections as thrown', async () => {
    const outcome = await callGuarded(() => Promise.reject(new Error('nope')), [], 200);
    expect(outcome.kind).toBe('threw');
  });
  it('catches unbounded recursion as a thrown RangeError, not a hang', async () => {
    const f = (n: number): number => f(n + 1) + 1;
    const outcome = await callGuarded(f, [0], 1_000);
    expect(outcome.kind).toBe('threw');
  });
  it('can run again after a termination', async () => {
    await callGuarded(() => {
      for (;;) {
        /* spin */
      }
    }, [], 50);
    expect(await callGuarded(() => 'ok', [], 50)).toMatchObject({ kind: 'returned', value: 'ok' });
  });
  it('many quick calls in a row stay correct (one watchdog armed and disarmed per call)', async () => {
    for (let i = 0; i < 500; i++) {
      expect(await callGuarded((n: number) => n * 2, [i], 200)).toMatchObject({ kind: 'returned', value: i * 2 });
    }
    const loop = await callGuarded(() => {
      for (;;) {
        /* spin */
      }
    }, [], 100);
    expect(loop.kind).toBe('hung');
  });
});

describe('callWithVmTimeout: the fallback off the main thread', () => {
  it('terminates a synchronous loop, abandons a never-settling promise, returns values', async () => {
    const loop = await callWithVmTimeout(() => {
      for (;;) {
        /* spin */
      }
    }, [], 100);
    expect(loop.kind === 'hung' && loop.error.message).toMatch(/did not return within 100 ms \(synchronous loop terminated\)/);
    const never = await callWithVmTimeout(() => new Promise(() => undefined), [], 100);
    expect(never.kind === 'hung' && never.error.message).toMatch(/did not settle within 100 ms/);
    expect(await callWithVmTimeout((a: number) => Promise.resolve(a + 1), [1], 100)).toMatchObject({ kind: 'returned', value: 2 });
    expect((await callWithVmTimeout(() => { throw new RangeError('r'); }, [], 100)).kind).toBe('threw');
  });
});
