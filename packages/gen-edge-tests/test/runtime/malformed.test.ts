import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canMalform, conforms, malformed, t } from '../../src/runtime/index';
import type { Malformed, TypeModel } from '../../src/runtime/index';

const Order = t.object(
  {
    id: t.string(),
    amount: t.number(),
    note: t.optional(t.string()),
    items: t.array(t.object({ sku: t.string(), qty: t.number() })),
    createdAt: t.date(),
  },
  { name: 'Order' },
);
const Payment = t.union(
  [t.object({ kind: t.literal('sale'), amount: t.number() }), t.object({ kind: t.literal('refund'), reason: t.string() })],
  { discriminant: 'kind' },
);

function sample(model: TypeModel, path: string, runs = 300, seed = 1): Malformed[] {
  return fc.sample(malformed(model, {}, path), { seed, numRuns: runs });
}

describe('malformed: labelled values outside the type', () => {
  const models: Record<string, TypeModel> = {
    Order,
    Payment,
    'string | number': t.union([t.string(), t.number()]),
    'nullable number': t.union([t.number(), t.null()]),
    'tuple [string, number]': t.tuple([t.string(), t.number()]),
    'Map<string, number>': t.map(t.string(), t.number()),
    'Set<Date>': t.set(t.date()),
    'record of numbers': t.record(t.number()),
    enum: t.enum('Status', { Paid: 'paid' }),
    'template literal': t.templateLiteral(['order-', t.number()]),
    bigint: t.bigint(),
    boolean: t.boolean(),
    literal: t.literal('paid'),
  };
  for (const [name, model] of Object.entries(models)) {
    it(`every value of ${name} is outside the type, except the documented "extra key" variant`, () => {
      for (const m of sample(model, 'input', 200)) {
        if (m.violation.startsWith('extra key')) continue;
        expect(conforms(model, m.value), m.violation).not.toEqual([]);
      }
    });
  }

  it('labels name the field and what it violates', () => {
    const labels = new Set(sample(Order, 'order', 1500).map((m) => m.violation));
    expect(labels).toContain('null in non-null field order.amount');
    expect(labels).toContain('undefined in required field order.id');
    expect(labels).toContain('missing required key id at order');
    expect(labels).toContain('string "42" where number expected at order.amount');
    expect(labels).toContain('number 42 where string expected at order.id');
    expect(labels).toContain('object where { sku: string; qty: number }[] expected at order.items');
    expect(labels).toContain('string "2024-01-01T00:00:00Z" where Date expected at order.createdAt');
    expect(labels).toContain('null where Order expected at order');
    expect([...labels].some((l) => l.startsWith('extra key'))).toBe(true);
    expect([...labels].some((l) => /^null in non-null field order\.items\[\d+\]\.qty$/.test(l))).toBe(true);
  });

  it('wrong tag in a discriminated union', () => {
    const wrong = sample(Payment, 'payment', 400).filter((m) => m.violation.startsWith('wrong tag'));
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.map((m) => m.violation)).toContain("wrong tag 'unknown' in union at payment.kind");
    for (const m of wrong) expect(['sale', 'refund']).not.toContain((m.value as { kind: unknown }).kind);
  });

  it('"42" is never offered for string | number (the union admits it)', () => {
    for (const m of sample(t.union([t.string(), t.number()]), 'x', 200)) expect(m.value).not.toBe('42');
  });

  it('null is never offered where the type admits null', () => {
    for (const m of sample(t.union([t.number(), t.null()]), 'x', 200)) expect(m.value).not.toBeNull();
  });

  it('values are fresh per run', () => {
    const values = sample(Order, 'order', 50).map((m) => m.value).filter((v) => typeof v === 'object' && v !== null);
    expect(new Set(values).size).toBe(values.length);
  });

  it('unknown and any have nothing outside them', () => {
    expect(canMalform(t.unknown())).toBe(false);
    expect(canMalform(t.any())).toBe(false);
    expect(canMalform(t.number())).toBe(true);
    expect(() => malformed(t.unknown())).toThrow(/no value is outside type unknown/);
  });
});
