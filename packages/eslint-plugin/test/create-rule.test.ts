import { describe, expect, it, vi } from 'vitest';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule, sameJson } from '../src/util/createRule.js';

type Options = [{ a?: number; list?: string[]; nested?: { x?: boolean } }];

/** A rule that records the options its `create` receives, one call per "file". */
function recordingRule() {
  const seen: Readonly<Options>[] = [];
  const rule = createRule<Options, 'm'>({
    name: 'recording',
    meta: {
      type: 'suggestion',
      docs: { description: 'test rule' },
      messages: { m: 'm' },
      schema: [{ type: 'object', additionalProperties: true }],
      defaultOptions: [{ a: 1, list: [], nested: { x: false } }],
    },
    create(_context, options) {
      seen.push(options);
      return {};
    },
  });
  const run = (options: unknown[]) => rule.create({ options } as unknown as TSESLint.RuleContext<'m', Options>);
  return { rule, seen, run };
}

describe('createRule: default options merged once per options value', () => {
  it('merges the defaults like RuleCreator (user values win, nested objects merged)', () => {
    const { seen, run } = recordingRule();
    run([{ a: 5, nested: { y: 1 } }]);
    expect(seen[0]).toEqual([{ a: 5, list: [], nested: { x: false, y: 1 } }]);
    run([]);
    expect(seen[1]).toEqual([{ a: 1, list: [], nested: { x: false } }]);
  });

  it('equal options (a new array each file, as ESLint passes them) share one merged value; different options do not', () => {
    const { seen, run } = recordingRule();
    run([{ a: 2 }]);
    run([{ a: 2 }]);
    run([{ a: 3 }]);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[2]?.[0].a).toBe(3);
  });

  it('the same options array (ESLint passes meta.defaultOptions itself when the config sets none) is looked up without building a JSON key', () => {
    const { seen, run } = recordingRule();
    const given = [{ a: 4 }];
    run(given);
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      run(given);
      run(given);
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);
    // a fresh array with the same text still finds the merged value by its key
    run([{ a: 4 }]);
    expect(seen[3]).toBe(seen[0]);
  });

  it('a fresh array equal to the previous file\'s (a config that sets options) is served without a JSON key or a WeakMap entry', () => {
    const { seen, run } = recordingRule();
    run([{ a: 4, list: ['x'], nested: { x: true } }]);
    const stringify = vi.spyOn(JSON, 'stringify');
    const weakSet = vi.spyOn(WeakMap.prototype, 'set');
    try {
      run([{ a: 4, list: ['x'], nested: { x: true } }]);
      run([{ nested: { x: true }, list: ['x'], a: 4 }]);
      // counted before any expect() (vitest's own bookkeeping uses WeakMaps too)
      const calls = { stringify: stringify.mock.calls.length, weakSet: weakSet.mock.calls.length };
      expect(calls).toEqual({ stringify: 0, weakSet: 0 });
    } finally {
      stringify.mockRestore();
      weakSet.mockRestore();
    }
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);
  });

  it('alternating options arrays (A, B, A) each get their own merged value, not the previous file\'s', () => {
    const { seen, run } = recordingRule();
    const a = [{ a: 1 }];
    const b = [{ a: 2 }];
    run(a);
    run(b);
    run(a);
    run(a);
    run(b);
    expect(seen.map((options) => options?.[0].a)).toEqual([1, 2, 1, 1, 2]);
    expect(seen[2]).toBe(seen[0]);
    expect(seen[4]).toBe(seen[1]);
  });

  it('the shared value is frozen, so no file can change what the next one sees', () => {
    const { seen, run } = recordingRule();
    run([{ a: 2 }]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(Object.isFrozen(seen[0]?.[0])).toBe(true);
    expect(() => {
      (seen[0]?.[0] as { a?: number }).a = 9;
    }).toThrow(TypeError);
  });

  it('keeps what RuleCreator adds (docs url, name, meta)', () => {
    const { rule } = recordingRule();
    expect(rule.meta.docs?.url).toMatch(/docs\/rules\/recording\.md$/);
    expect(rule.name).toBe('recording');
  });
});

describe('sameJson: option values compared the way a config writes them', () => {
  const pattern = /x/;
  it.each([
    ['equal nested values, keys in another order', [{ a: 1, b: [1, { c: 'x' }] }], [{ b: [1, { c: 'x' }], a: 1 }], true],
    ['an empty array and an empty object', [], {}, false],
    ['a missing key against an undefined one', { a: undefined }, { b: undefined }, false],
    ['arrays of other lengths', [1, 2], [1, 2, 3], false],
    ['null against an object', null, {}, false],
    ['two equal RegExps (not plain data: only identity counts)', /x/, /x/, false],
    ['one RegExp against itself', pattern, pattern, true],
    ['NaN against NaN (JSON has no NaN: not equal)', Number.NaN, Number.NaN, false],
    ['a class instance against a plain object with the same fields', new (class { a = 1; })(), { a: 1 }, false],
  ])('%s', (_name, a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
  });
});
