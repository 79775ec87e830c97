import { describe, expect, it } from 'vitest';
import { conforms, leakOptionsFor, t } from '../../src/runtime/index';
import type { TypeModel } from '../../src/runtime/index';

const messages = (model: TypeModel, value: unknown, leaks = {}): string[] => conforms(model, value, {}, { path: 'result', leaks }).map((i) => i.message);

describe('conforms: the structural checker', () => {
  it('primitives, with the path, the expected type and the value', () => {
    expect(conforms(t.number(), '42', {}, { path: 'result' })).toEqual([
      { path: 'result', expected: 'number', got: '"42"', kind: 'type', message: 'expected number at result, got "42"' },
    ]);
    expect(messages(t.string(), 'x')).toEqual([]);
    expect(messages(t.number(), Number.NaN)).toEqual([]);
    expect(messages(t.bigint(), 1)).toHaveLength(1);
    expect(messages(t.null(), undefined)).toHaveLength(1);
  });
  it('undefined where a string was promised', () => {
    expect(messages(t.string(), undefined)).toEqual(['expected string at result, got undefined']);
  });
  it('missing required key vs optional key vs required key admitting undefined', () => {
    const model = t.object({ id: t.string(), note: t.optional(t.string()), maybe: t.union([t.number(), t.undefined()]) });
    expect(messages(model, {})).toEqual(['missing required key id at result']);
    expect(messages(model, { id: 'a' })).toEqual([]);
    expect(messages(model, { id: 'a', note: undefined })).toEqual(['expected string at result.note, got undefined']);
  });
  it('extra keys are allowed (structural typing); null-prototype objects are objects', () => {
    expect(messages(t.object({ id: t.string() }), { id: 'a', extra: 1 })).toEqual([]);
    expect(messages(t.object({ id: t.string() }), Object.assign(Object.create(null) as object, { id: 'a' }))).toEqual([]);
  });
  it('nested paths for arrays, records, maps and sets', () => {
    expect(messages(t.array(t.object({ qty: t.number() })), [{ qty: 1 }, { qty: 'x' }])).toEqual(['expected number at result[1].qty, got "x"']);
    expect(messages(t.record(t.number()), { a: 1, 'b c': null })).toEqual(['expected number at result["b c"], got null']);
    expect(messages(t.map(t.string(), t.number()), new Map([['k', 'v']]))).toEqual(['expected number at result.get("k"), got "v"']);
    expect(messages(t.set(t.number()), new Set(['v']))).toEqual(['expected number at result.values(), got "v"']);
  });
  it('holes count as undefined', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(messages(t.array(t.number()), [1, , 3])).toEqual(['hole (missing element) at result[1] where number expected']);
    // eslint-disable-next-line no-sparse-arrays
    expect(messages(t.array(t.union([t.number(), t.undefined()])), [1, , 3])).toEqual([]);
  });
  it('tuples: length and elements', () => {
    const model = t.tuple([t.string(), t.element(t.number(), { optional: true })]);
    expect(messages(model, ['a'])).toEqual([]);
    expect(messages(model, [])).toEqual(['expected 1 to 2 elements at result ([string, number?]), got 0']);
    expect(messages(model, ['a', 1, 2])).toHaveLength(1);
    expect(messages(t.tuple([t.string(), t.element(t.number(), { rest: true })]), ['a', 1, 2, 'x'])).toEqual(['expected number at result[3], got "x"']);
  });
  it('unions, discriminated unions report the member the tag selects, or a wrong tag', () => {
    const payment = t.union(
      [t.object({ kind: t.literal('sale'), amount: t.number() }), t.object({ kind: t.literal('refund'), reason: t.string() })],
      { discriminant: 'kind' },
    );
    expect(messages(payment, { kind: 'sale', amount: 1 })).toEqual([]);
    expect(messages(payment, { kind: 'sale', amount: '1' })).toEqual(['expected number at result.amount, got "1"']);
    expect(messages(payment, { kind: 'void' })).toEqual(["wrong tag \"void\" at result.kind: no member of { kind: 'sale'; amount: number } | { kind: 'refund'; reason: string } has it"]);
    expect(messages(t.union([t.string(), t.null()]), 1)).toEqual(['expected string | null at result, got 1']);
  });
  it('literals, enums, bigint literals, template literals', () => {
    expect(messages(t.literal('paid'), 'open')).toHaveLength(1);
    expect(messages(t.literal(10n), 10n)).toEqual([]);
    expect(messages(t.enum('S', { A: 'a', B: 2 }), 2)).toEqual([]);
    expect(messages(t.enum('S', { A: 'a' }), 'b')).toHaveLength(1);
    const tpl = t.templateLiteral(['order-', t.number(), '-', t.string()]);
    expect(messages(tpl, 'order-12-x')).toEqual([]);
    expect(messages(tpl, 'order-1.5e3-')).toEqual([]);
    expect(messages(tpl, 'order-x-1')).toHaveLength(1);
    expect(messages(tpl, 'order--1-')).toEqual([]); // hole "-1", then "-", then ""
    expect(messages(tpl, 'order--1')).toHaveLength(1); // no "-" after a number
  });
  it('dates, brands, intersections, never, unknown, void', () => {
    expect(messages(t.date(), '2024-01-01')).toHaveLength(1);
    expect(messages(t.date(), new Date(Number.NaN))).toEqual([]);
    expect(messages(t.intersection([t.string(), t.object({ __brand: t.literal('Id') })]), 'x')).toEqual([]);
    expect(messages(t.intersection([t.object({ a: t.string() }), t.object({ b: t.number() })]), { a: 'x' })).toEqual(['missing required key b at result']);
    expect(messages(t.never(), undefined)).toHaveLength(1);
    expect(messages(t.unknown(), Symbol('x'))).toEqual([]);
    expect(messages(t.void(), 1)).toEqual([]);
  });
  it('recursive types and cyclic values terminate', () => {
    const defs = { Node: t.object({ next: t.union([t.ref('Node'), t.null()]) }) };
    const a: { next: unknown } = { next: null };
    a.next = a;
    expect(conforms(t.ref('Node'), a, defs)).toEqual([]);
    expect(conforms(t.ref('Node'), { next: { next: 1 } }, defs)).toHaveLength(1);
  });
});

describe('conforms: leaks', () => {
  it('NaN in a number position is a leak only when the inputs had no NaN or Infinity', () => {
    expect(leakOptionsFor([[1, 2]]).nan).toBe(true);
    expect(leakOptionsFor([[1, Number.NaN]]).nan).toBe(false);
    expect(leakOptionsFor([{ a: Number.POSITIVE_INFINITY }]).nan).toBe(false);
    expect(messages(t.object({ avg: t.number() }), { avg: Number.NaN }, { nan: true })).toEqual([
      'NaN leaked into result.avg although no input contained NaN or Infinity',
    ]);
    expect(messages(t.number(), Number.NaN, { nan: false })).toEqual([]);
  });
  it('Invalid Date leaks', () => {
    expect(leakOptionsFor([new Date(Number.NaN)]).invalidDate).toBe(false);
    // invalid.getTime() is NaN: NaN and "NaN" may come from an Invalid Date input
    expect(leakOptionsFor([new Date(Number.NaN)])).toMatchObject({ nan: false, nanText: false });
    expect(leakOptionsFor([new Date(0)])).toMatchObject({ nan: true, nanText: true, invalidDate: true });
    // new Date(NaN) / new Date(Infinity) propagate; out-of-range finite numbers do not excuse an Invalid Date
    expect(leakOptionsFor([Number.NaN]).invalidDate).toBe(false);
    expect(leakOptionsFor([Number.NEGATIVE_INFINITY]).invalidDate).toBe(false);
    expect(leakOptionsFor([1e300, 'x']).invalidDate).toBe(true);
    expect(messages(t.date(), new Date(Number.NaN), { invalidDate: true })).toHaveLength(1);
  });
  it('"undefined" and "NaN" text in strings', () => {
    expect(messages(t.string(), 'Hello undefined', { undefinedText: true })).toEqual(['the text "undefined" leaked into result although no input contained it']);
    expect(messages(t.string(), 'total: NaN', { nanText: true })).toEqual(['the text "NaN" leaked into result although no input contained NaN']);
    expect(leakOptionsFor(['undefined']).undefinedText).toBe(false);
    // typeof / String() of an undefined input is legitimately "undefined"; an absent key is not an undefined input
    expect(leakOptionsFor([{ note: undefined }]).undefinedText).toBe(false);
    expect(leakOptionsFor([{}]).undefinedText).toBe(true);
    expect(leakOptionsFor([Number.NaN]).nanText).toBe(false);
    expect(leakOptionsFor(['x']).nanText).toBe(true);
    // a literal type that spells the text is not a leak position
    expect(messages(t.literal('undefined'), 'undefined', { undefinedText: true })).toEqual([]);
  });
  it('a union picks a member that conforms before reporting leaks', () => {
    expect(messages(t.union([t.number(), t.string()]), Number.NaN, { nan: true })).toHaveLength(1);
    expect(messages(t.union([t.number(), t.null()]), null, { nan: true })).toEqual([]);
  });
});
