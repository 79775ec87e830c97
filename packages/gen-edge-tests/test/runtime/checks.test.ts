import { describe, expect, it } from 'vitest';
import {
  checkDeterministic,
  checkIdempotent,
  checkInvariant,
  checkMalformed,
  checkNoMutation,
  checkRoundtrip,
  checkValidInput,
  t,
} from '../../src/runtime/index';
import type { FunctionUnderTest, TypeModel } from '../../src/runtime/index';

const o = { seed: 1234, runs: 100, timeoutMs: 300 };

function fut(name: string, fn: FunctionUnderTest['fn'], params: TypeModel[], returns: TypeModel, extra: Partial<FunctionUnderTest> = {}): FunctionUnderTest {
  return { name, source: `src/planted.ts:${name.length}`, fn, params, paramNames: params.map((_, i) => ['input', 'second', 'third'][i] ?? `p${i}`), returns, async: false, ...extra };
}

async function failure(p: Promise<void>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the property to fail');
}

class ValidationError extends Error {
  override name = 'ValidationError';
}

const numbers = t.array(t.number());

describe('checkValidInput', () => {
  it('reduce on an empty array is a crash, with the readable counterexample, seed and path', async () => {
    const max = fut('maxAmount', ((xs: number[]) => xs.reduce((a, b) => Math.max(a, b))), [numbers], t.number());
    const message = await failure(checkValidInput(max, o));
    expect(message).toContain('[gen-edge-tests] property "valid input" failed for maxAmount (src/planted.ts:9)');
    expect(message).toContain('crashed (engine: reduce on an empty array): TypeError: Reduce of empty array with no initial value');
    expect(message).toContain('const input = [];');
    expect(message).toContain('maxAmount(input);');
    expect(message).toMatch(/seed: 1234, path: "[\d:]+"/);
  });
  it('the fixed twin passes', async () => {
    const max = fut('maxAmountFixed', ((xs: number[]) => xs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY)), [numbers], t.number());
    await checkValidInput(max, o);
  });
  it('NaN propagation (average of an empty list) is a leak', async () => {
    const avg = fut('average', ((xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length), [numbers], t.number());
    expect(await failure(checkValidInput(avg, o))).toContain('NaN leaked into result although no input contained NaN or Infinity');
    const fixed = fut('averageFixed', ((xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length)), [numbers], t.number());
    await checkValidInput(fixed, o);
  });
  it('Invalid Date toISOString is a crash', async () => {
    const iso = fut('isoDay', ((d: Date) => d.toISOString().slice(0, 10)), [t.date()], t.string());
    const message = await failure(checkValidInput(iso, o));
    expect(message).toContain('RangeError: Invalid time value');
    expect(message).toContain('const input = new Date(NaN);');
  });
  it('a wrong result type names the path', async () => {
    const label = fut('label', ((s: string) => ({ paid: 'Paid', open: 'Open' } as Record<string, string>)[s]), [t.union([t.literal('paid'), t.literal('open'), t.literal('refunded')])], t.string());
    const message = await failure(checkValidInput(label, o));
    expect(message).toContain('result does not conform to string:');
    expect(message).toContain('expected string at result, got undefined');
  });
  it('an Invalid Date made from garbage text leaks; a validating parser passes', async () => {
    const parse = fut('parseDay', ((s: string) => new Date(s)), [t.string()], t.date());
    expect(await failure(checkValidInput(parse, o))).toContain('Invalid Date leaked into result although no input contained an Invalid Date');
    const strict = (s: string): Date => {
      const d = new Date(s);
      if (Number.isNaN(d.getTime())) throw new ValidationError(`not a date: ${s}`);
      return d;
    };
    await checkValidInput(fut('parseDayFixed', strict, [t.string()], t.date(), { expectedErrors: ['ValidationError'] }), o);
  });
  it('"undefined" text leaks', async () => {
    const greet = fut('greet', ((p: { name?: string }) => `Hello ${p.name}`), [t.object({ name: t.optional(t.string()) })], t.string());
    expect(await failure(checkValidInput(greet, o))).toContain('the text "undefined" leaked into result');
  });
  it('undeclared own errors fail on valid input; declared ones pass', async () => {
    const parse = (s: string): number => {
      const n = Number(s);
      if (Number.isNaN(n)) throw new ValidationError(`not a number: ${s}`);
      return n;
    };
    const undeclared = fut('parseAmount', parse, [t.string()], t.number());
    expect(await failure(checkValidInput(undeclared, o))).toContain('threw an undeclared error on valid input: ValidationError: not a number');
    await checkValidInput({ ...undeclared, expectedErrors: ['ValidationError'] }, o);
  });
  it('a synchronous hang fails within a few timeouts with the input', async () => {
    const pages = (total: number, size: number): number => {
      let n = 0;
      for (let left = total; left > 0; left -= size) n++;
      return n;
    };
    const start = Date.now();
    const message = await failure(checkValidInput(fut('countPages', pages, [t.number(), t.number()], t.number()), o));
    expect(message).toContain('hang: the call did not return within 300 ms (synchronous loop terminated)');
    expect(message).toMatch(/const input = .*;\n\s+const second = .*;\n\s+countPages\(input, second\);/);
    expect(Date.now() - start).toBeLessThan(10 * o.timeoutMs + 5_000);
  });
  it('an async hang (a promise that never settles) fails too', async () => {
    const drain = (items: string[]): Promise<number> =>
      new Promise((resolve) => {
        if (items.length > 0) resolve(items.length);
      });
    const start = Date.now();
    const message = await failure(checkValidInput(fut('drain', drain, [t.array(t.string())], t.promise(t.number()), { async: true }), o));
    expect(message).toContain('returned a promise that did not settle within 300 ms');
    expect(message).toContain('const input = [];');
    expect(Date.now() - start).toBeLessThan(10 * o.timeoutMs + 5_000);
  });
  it('async results are awaited before checking', async () => {
    const ok = fut('double', (async (n: number) => Promise.resolve(n * 2)), [t.number()], t.promise(t.number()), { async: true });
    await checkValidInput(ok, o);
    const bad = fut('stringify', (async (n: number) => Promise.resolve(String(n))), [t.number()], t.promise(t.number()), { async: true });
    expect(await failure(checkValidInput(bad, o))).toContain('expected number at result');
  });
  it('a failure replays with the printed path', async () => {
    const max = fut('maxAmount', ((xs: number[]) => xs.reduce((a, b) => Math.max(a, b))), [numbers], t.number());
    const message = await failure(checkValidInput(max, o));
    const path = /path: "([\d:]+)"/.exec(message)?.[1];
    expect(path).toBeDefined();
    const replay = await failure(checkValidInput(max, { ...o, path: path ?? '' }));
    expect(replay).toContain('const input = [];');
    expect(replay).toContain('found after 1 run(s)');
  });
});

describe('checkDeterministic', () => {
  it('Math.random ids fail; a hash passes; NaN results count as equal', async () => {
    const id = fut('batchId', ((p: string) => `${p}-${Math.random().toString(36).slice(2)}`), [t.string()], t.string());
    const message = await failure(checkDeterministic(id, o));
    expect(message).toContain('two calls with equal inputs gave different results');
    expect(message).toContain('@nondeterministic');
    await checkDeterministic(fut('half', ((n: number) => n / 2), [t.number()], t.number()), o);
  });
  it('Date.now() based results are caught (clock runs put the calls a millisecond apart)', async () => {
    const stamp = fut('stamp', ((p: string) => `${p}@${Date.now()}`), [t.string()], t.string());
    expect(await failure(checkDeterministic(stamp, o))).toContain('different results');
  });
  it('new Date() based results are caught with a single run (the first run is a clock run)', async () => {
    const stamp = fut('stampDate', ((p: string) => ({ p, at: new Date() })), [t.string()], t.object({ p: t.string(), at: t.date() }));
    const message = await failure(checkDeterministic(stamp, { ...o, runs: 1 }));
    expect(message).toContain('different results');
    expect(message).toContain('found after 1 run(s)');
  });
  it('on a clock run the second call starts in a later millisecond than the first ended', async () => {
    const log: number[] = [];
    const echo = fut('echo', ((p: string) => {
      log.push(Date.now());
      return p;
    }), [t.string()], t.string());
    for (let i = 0; i < 20; i++) {
      log.length = 0;
      await checkDeterministic(echo, { ...o, runs: 1 });
      expect(log).toHaveLength(2);
      expect(log[1]).toBeGreaterThan(log[0] ?? Number.POSITIVE_INFINITY);
    }
  });
  it('a clock-based failure replays from its printed seed and path', async () => {
    const stamp = fut('stampAsync', ((p: string) => Promise.resolve(`${p}@${Date.now()}`)), [t.string()], t.promise(t.string()), { async: true });
    const message = await failure(checkDeterministic(stamp, o));
    const path = /path: "([^"]+)"/.exec(message)?.[1];
    expect(path).toBeDefined();
    const replay = await failure(checkDeterministic(stamp, { ...o, path: path ?? '' }));
    expect(replay).toContain('different results');
    expect(replay).toContain('found after 1 run(s)');
  });
  it('a function that mutates its input is not blamed for nondeterminism', async () => {
    const sortInPlace = fut('sortInPlace', ((xs: number[]) => xs.sort((a, b) => a - b)), [numbers], numbers);
    await checkDeterministic(sortInPlace, o);
  });
});

describe('checkNoMutation', () => {
  it('sort in place is caught with the path of the change; a copy passes', async () => {
    const sortInPlace = fut('sortAmounts', ((xs: number[]) => xs.sort((a, b) => a - b)), [numbers], numbers);
    const message = await failure(checkNoMutation(sortInPlace, o));
    expect(message).toMatch(/mutated its input 'input': input\[\d+\]: .* vs .* \(after vs before the call\)/);
    await checkNoMutation(fut('sortAmountsFixed', ((xs: number[]) => [...xs].sort((a, b) => a - b)), [numbers], numbers), o);
  });
  it('deleting a key and touching a Date are mutations', async () => {
    const model = t.object({ at: t.date(), note: t.optional(t.string()) });
    const touch = fut('touch', ((r: { at: Date }) => r.at.setUTCHours(0)), [model], t.number());
    expect(await failure(checkNoMutation(touch, o))).toContain("mutated its input 'input': input.at");
  });
});

describe('checkMalformed', () => {
  const Order = t.object({ id: t.string(), amount: t.number() }, { name: 'Order' });
  const cents = (order: { amount: number }): number => Math.round(order.amount * 100);
  const validated = (order: { amount: unknown }): number => {
    if (typeof order !== 'object' || order === null || typeof order.amount !== 'number') throw new ValidationError('amount must be a number');
    return Math.round(order.amount * 100);
  };
  it('strict: an engine crash on malformed input fails with the violation label', async () => {
    const message = await failure(checkMalformed(fut('toCents', cents, [Order], t.number()), { ...o, mode: 'strict' }));
    expect(message).toContain('malformed input: ');
    expect(message).toContain('crashed on malformed input (engine: property access on undefined/null)');
    expect(message).toMatch(/\/\/ (null|undefined) where Order expected at input/);
  });
  it('strict: a validating twin passes (its own errors are fine)', async () => {
    await checkMalformed(fut('toCentsFixed', validated, [Order], t.number()), { ...o, mode: 'strict' });
  });
  it('lenient: crashes pass, non-conforming results fail', async () => {
    await checkMalformed(fut('toCents', cents, [Order], t.number()), { ...o, mode: 'lenient' });
    const echo = fut('echoId', ((order: { id: string }) => (order === null || order === undefined ? '' : order.id)), [Order], t.string());
    expect(await failure(checkMalformed(echo, { ...o, mode: 'lenient' }))).toContain('returned a non-conforming result on malformed input');
  });
  it('unknown-only parameters have nothing to check', async () => {
    await checkMalformed(fut('anything', (() => 1), [t.unknown()], t.number()), { ...o, mode: 'strict' });
  });
});

describe('skips are not failures', () => {
  it('a function that rejects half its inputs with its own error still gets every run checked at 3000 runs', async () => {
    // rejects negative numbers (RangeError, declared); the invariant holds for every other input
    const sqrt = fut(
      'sqrtOrThrow',
      ((x: number) => {
        if (!(x >= 0)) throw new RangeError('negative');
        return Math.sqrt(x);
      }),
      [t.number()],
      t.number(),
      { expectedErrors: ['RangeError'] },
    );
    // before the fix the first skip started the shrink budget, and after 100 skips every later input
    // was skipped as well: "too many inputs were skipped"
    await checkInvariant(sqrt, (args, output) => (output as number) >= 0 || Number.isNaN(args[0]), 'output ≥ 0', { ...o, runs: 3000 });
  });
});

describe('checkRoundtrip, checkIdempotent, checkInvariant', () => {
  const Rec = t.object({ id: t.string(), tags: t.array(t.string()) });
  const encode = (r: { id: string; tags: string[] }): string => `${r.id}|${r.tags.join(',')}`;
  const decode = (s: string): { id: string; tags: string[] } => {
    const [id = '', tags = ''] = s.split('|');
    return { id, tags: tags.split(',') };
  };
  it('a separator-based encoding breaks the roundtrip; JSON passes', async () => {
    const a = fut('encodeRecord', encode, [Rec], t.string());
    const b = fut('decodeRecord', decode, [t.string()], Rec);
    const message = await failure(checkRoundtrip(a, b, o));
    expect(message).toContain('property "roundtrip with decodeRecord" failed for encodeRecord');
    expect(message).toContain('decodeRecord(encodeRecord(x)) is not x');
    const a2 = fut('encodeJson', JSON.stringify as FunctionUnderTest['fn'], [Rec], t.string());
    const b2 = fut('decodeJson', ((s: string) => JSON.parse(s) as unknown), [t.string()], Rec);
    await checkRoundtrip(a2, b2, o);
  });
  it('a missing partner is a clear error', async () => {
    expect(await failure(checkRoundtrip(fut('encodeX', encode as FunctionUnderTest['fn'], [Rec], t.string()), undefined, o))).toMatch(/roundtrip partner of encodeX/);
  });
  it('idempotence: trim is idempotent, appending is not', async () => {
    await checkIdempotent(fut('trim', ((s: string) => s.trim()), [t.string()], t.string()), o);
    expect(await failure(checkIdempotent(fut('addSuffix', ((s: string) => `${s}!`), [t.string()], t.string()), o))).toContain('f(f(x)) differs from f(x)');
  });
  it('invariants over args and output', async () => {
    const clamp = fut('clamp', ((n: number) => Math.min(100, Math.max(0, n))), [t.number()], t.number());
    await checkInvariant(clamp, (args, output) => Number.isNaN(args[0]) || ((output as number) >= 0 && (output as number) <= 100), 'output within 0..100', o);
    const message = await failure(checkInvariant(clamp, (_args, output) => (output as number) > 0, 'output > 0', o));
    expect(message).toContain('invariant `output > 0` does not hold');
  });
});

describe('printed counterexamples replay', () => {
  /** Evaluate the printed `const …;` lines of a failure and return the arguments they build. */
  function replayArgs(message: string, names: string[]): unknown[] {
    const block = message.slice(message.indexOf('counterexample'), message.indexOf('\n  seed:'));
    const code = block
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .filter((l) => !l.startsWith('//') && !/^[\w$]+\(.*\);$/.test(l))
      .join('\n');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point is to run the printed TypeScript literal
    return (new Function(`${code}\nreturn [${names.join(', ')}];`) as () => unknown[])();
  }

  it('the printed input makes the function fail the same way again', async () => {
    const cases: [FunctionUnderTest, RegExp][] = [
      [fut('maxAmount', (xs: number[]) => xs.reduce((a, b) => Math.max(a, b)), [numbers], t.number()), /Reduce of empty array/],
      [fut('isoDay', (d: Date) => d.toISOString(), [t.date()], t.string()), /Invalid time value/],
      [
        fut('city', (o: { customer: { city: string } | null }) => o.customer!.city.trim(), [t.object({ customer: t.union([t.object({ city: t.string() }), t.null()]) })], t.string()),
        /Cannot read properties of null/,
      ],
      [fut('firstChar', (s: string) => s.codePointAt(0)!.toString(16), [t.string()], t.string()), /Cannot read properties of undefined/],
    ];
    for (const [f, expected] of cases) {
      const message = await failure(checkValidInput(f, o));
      const args = replayArgs(message, f.paramNames.slice());
      expect(() => (f.fn as (...a: unknown[]) => unknown)(...args), message).toThrow(expected);
    }
  });
});
