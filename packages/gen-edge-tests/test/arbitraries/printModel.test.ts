import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { printDefs, printModel, propertyKey, quote } from '../../src/arbitraries/printModel';
import { t } from '../../src/runtime/builders';
import type { TypeModel } from '../../src/runtime/model';

/** Evaluate printed builder code with the runtime's real `t`: printing must round-trip. */
function evaluate(code: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating our own printed builder calls is the point
  const build = new Function('t', `return (${code});`) as (builders: typeof t) => unknown;
  return build(t);
}

const S: TypeModel = { kind: 'string' };
const N: TypeModel = { kind: 'number' };

const named: [string, TypeModel, string][] = [
  ['string', S, 't.string()'],
  ['null', { kind: 'null' }, 't.null()'],
  ['string literal with quotes', { kind: 'literal', value: "it's" }, "t.literal('it\\'s')"],
  ['negative zero literal', { kind: 'literal', value: -0 }, 't.literal(-0)'],
  ['bigint literal', { kind: 'literal', value: '-12', bigint: true }, 't.literal(-12n)'],
  ['template literal', { kind: 'templateLiteral', parts: ['order-', N] }, "t.templateLiteral(['order-', t.number()])"],
  ['discriminated union', { kind: 'union', members: [S, N], discriminant: 'kind' }, "t.union([t.string(), t.number()], { discriminant: 'kind' })"],
  [
    'object with optional and readonly props',
    {
      kind: 'object',
      name: 'Order',
      properties: [
        { name: 'id', type: S, optional: false, readonly: true },
        { name: 'note', type: S, optional: true, readonly: false },
      ],
    },
    "t.object({\n  id: t.prop(t.string(), { readonly: true }),\n  note: t.prop(t.string(), { optional: true }),\n}, { name: 'Order' })",
  ],
  ['record', { kind: 'object', properties: [], index: { key: 'string', value: N } }, 't.record(t.number())'],
  ['number-keyed record', { kind: 'object', properties: [], index: { key: 'number', value: S } }, "t.record(t.string(), { key: 'number' })"],
  [
    '__proto__ and non-identifier keys',
    {
      kind: 'object',
      properties: [
        { name: '__proto__', type: S, optional: false, readonly: false },
        { name: 'first-name', type: S, optional: false, readonly: false },
      ],
    },
    "t.object({ ['__proto__']: t.string(), 'first-name': t.string() })",
  ],
  ['readonly array', { kind: 'array', element: S, readonly: true }, 't.array(t.string(), { readonly: true })'],
  [
    'tuple with optional and rest',
    {
      kind: 'tuple',
      elements: [
        { type: S, optional: false, rest: false },
        { type: N, optional: true, rest: false },
        { type: N, optional: false, rest: true },
      ],
      readonly: true,
    },
    "t.tuple([\n  t.string(),\n  t.element(t.number(), { optional: true }),\n  t.element(t.number(), { rest: true }),\n], { readonly: true })",
  ],
  ['enum', { kind: 'enum', name: 'Level', members: [{ name: 'Low', value: 1 }, { name: 'High', value: 5 }] }, "t.enum('Level', { Low: 1, High: 5 })"],
  ['brand', { kind: 'brand', base: S, brand: 'OrderId' }, "t.brand(t.string(), 'OrderId')"],
  ['map of sets', { kind: 'map', key: S, value: { kind: 'set', element: { kind: 'date' } } }, 't.map(t.string(), t.set(t.date()))'],
  ['promise', { kind: 'promise', inner: { kind: 'void' } }, 't.promise(t.void())'],
  ['ref', { kind: 'ref', name: 'Tree' }, "t.ref('Tree')"],
  ['unsupported', { kind: 'unsupported', reason: 'functions cannot be generated', text: '() => void' }, "t.unsupported('functions cannot be generated', '() => void')"],
];

describe('printModel', () => {
  for (const [name, model, code] of named) {
    it(`prints ${name}`, () => {
      expect(printModel(model)).toBe(code);
      expect(evaluate(code)).toEqual(model);
    });
  }

  it('breaks long models over lines with two-space indentation', () => {
    const wide: TypeModel = {
      kind: 'object',
      name: 'Customer',
      properties: ['firstName', 'lastName', 'email', 'phone', 'street', 'city'].map((name) => ({ name, type: S, optional: false, readonly: false })),
    };
    const code = printModel(wide);
    expect(code).toBe(
      [
        't.object({',
        '  firstName: t.string(),',
        '  lastName: t.string(),',
        '  email: t.string(),',
        '  phone: t.string(),',
        '  street: t.string(),',
        '  city: t.string(),',
        "}, { name: 'Customer' })",
      ].join('\n'),
    );
    expect(evaluate(code)).toEqual(wide);
  });

  it('escapes unicode that would be invisible or invalid in source', () => {
    expect(quote('a\u200Bb')).toBe("'a\u200Bb'");
    expect(quote('\uFEFF\u2028\n\\')).toBe("'\\ufeff\\u2028\\n\\\\'");
    expect(quote('\uD800')).toBe("'\\ud800'");
    expect(propertyKey('valid_name$')).toBe('valid_name$');
    expect(propertyKey('1st')).toBe("'1st'");
  });

  it('prints definitions sorted by name', () => {
    const code = printDefs({ B: S, A: { kind: 'array', element: { kind: 'ref', name: 'A' }, readonly: false } });
    expect(code).toBe("t.defs({\n  A: t.array(t.ref('A')),\n  B: t.string(),\n})");
    expect(evaluate(code)).toEqual({ A: { kind: 'array', element: { kind: 'ref', name: 'A' }, readonly: false }, B: S });
  });

  it('property: evaluating the printed code with the real builders gives the model back', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_-]{0,8}$/);
    const arb = fc.letrec<{ m: TypeModel }>((tie) => ({
      m: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom<TypeModel>(S, N, { kind: 'boolean' }, { kind: 'null' }, { kind: 'undefined' }, { kind: 'date' }),
        fc.oneof(fc.string(), fc.double(), fc.boolean()).map((value): TypeModel => ({ kind: 'literal', value })),
        fc.array(tie('m'), { minLength: 1, maxLength: 3 }).map((members): TypeModel => ({ kind: 'union', members })),
        fc.record({ element: tie('m'), readonly: fc.boolean() }).map(({ element, readonly }): TypeModel => ({ kind: 'array', element, readonly })),
        fc
          .uniqueArray(fc.record({ name: key, type: tie('m'), optional: fc.boolean(), readonly: fc.boolean() }), { selector: (p) => p.name, maxLength: 4 })
          .map((properties): TypeModel => ({ kind: 'object', properties })),
        fc.record({ base: tie('m'), brand: fc.string() }).map(({ base, brand }): TypeModel => ({ kind: 'brand', base, brand })),
      ),
    })).m;
    fc.assert(
      fc.property(arb, (m) => {
        expect(evaluate(printModel(m))).toEqual(m);
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });
});
