/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- these cases misuse `any` values on purpose to make the engine throw its own errors */
import { describe, expect, it } from 'vitest';
import { classifyError, HangError } from '../../src/runtime/index';

/** Run code and return what it throws: the messages come from the real engine, not from this test. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

class ValidationError extends Error {
  override name = 'ValidationError';
}

const anyValue = (v: unknown): any => v; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('classifyError: engine errors are crashes', () => {
  const crashes: Record<string, () => unknown> = {
    'Cannot read properties of undefined': () => anyValue(undefined).city,
    'Cannot read properties of null': () => anyValue(null).city,
    'Cannot set properties of undefined': () => {
      anyValue(undefined).x = 1;
    },
    'x is not a function': () => anyValue({}).toFixed(2),
    'is not iterable': () => [...anyValue(5)],
    'Cannot destructure': () => {
      const { a } = anyValue(null);
      return a;
    },
    'Reduce of empty array with no initial value': () => ([] as number[]).reduce((a, b) => a + b),
    'Invalid time value (toISOString of an Invalid Date)': () => new Date(Number.NaN).toISOString(),
    'Maximum call stack size exceeded': () => {
      const f = (n: number): number => f(n + 1) + 1;
      return f(0);
    },
    'Cannot convert … to a BigInt': () => BigInt('12x'),
    'cannot be converted to a BigInt (non-integer)': () => BigInt(1.5),
    'Cannot mix BigInt and other types': () => anyValue(1n) + 1,
    'Do not know how to serialize a BigInt': () => JSON.stringify({ a: 1n }),
    'toFixed() digits argument must be between 0 and 100': () => (1).toFixed(200),
    'Invalid count value (repeat)': () => 'a'.repeat(-1),
    'Invalid array length': () => new Array(-1),
    'Cannot convert undefined or null to object': () => Object.keys(anyValue(null)),
    'Converting circular structure to JSON': () => {
      const a: Record<string, unknown> = {};
      a.a = a;
      return JSON.stringify(a);
    },
    'JSON.parse of invalid text': () => JSON.parse('{oops'),
    'URI malformed': () => decodeURIComponent('%'),
    "Cannot use 'in' operator": () => 'a' in anyValue('text'),
    'Invalid regular expression': () => new RegExp(['('][0] ?? ''),
    'Node.js ERR_INVALID_ARG_TYPE': () => Buffer.from(anyValue(undefined)),
    'Invalid language tag (Intl)': () => new Intl.NumberFormat('not a locale!'),
  };
  for (const [name, fn] of Object.entries(crashes)) {
    it(name, () => {
      const c = classifyError(thrown(fn));
      expect(c.kind, `${c.name}: ${c.message}`).toBe('crash');
      expect(c.reason).toMatch(/^engine: /);
    });
  }
});

describe('classifyError: errors thrown on purpose', () => {
  it('a custom error class is own', () => {
    expect(classifyError(new ValidationError('amount must be a number')).kind).toBe('own');
  });
  it('a built-in TypeError with the user’s own message is own', () => {
    expect(classifyError(new TypeError('amount must be a number, got string')).kind).toBe('own');
    expect(classifyError(new RangeError('pageSize must be > 0')).kind).toBe('own');
  });
  it('thrown strings and plain objects are own', () => {
    expect(classifyError('bad input')).toMatchObject({ kind: 'own', name: 'string', message: 'bad input' });
    expect(classifyError({ name: 'HttpError', message: '404' })).toMatchObject({ kind: 'own', name: 'HttpError' });
  });
  it('declared names (from @throws / deliberate throws) are declared, even for engine errors', () => {
    expect(classifyError(new ValidationError('x'), ['ValidationError']).kind).toBe('declared');
    expect(classifyError(thrown(() => new Date(Number.NaN).toISOString()), ['RangeError']).kind).toBe('declared');
    expect(classifyError(thrown(() => JSON.parse('x')), ['TypeError']).kind).toBe('crash');
  });
  it('hangs are hangs', () => {
    expect(classifyError(new HangError('did not return')).kind).toBe('hang');
  });
});
