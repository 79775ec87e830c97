import { describe, expect, it } from 'vitest';
import { t } from '../../src/runtime/index';
import type { TypeModel } from '../../src/runtime/index';

describe('t builders return exactly the model node', () => {
  it('primitives', () => {
    expect([t.string(), t.number(), t.boolean(), t.bigint(), t.null(), t.undefined(), t.void(), t.unknown(), t.any(), t.never(), t.date()]).toEqual([
      { kind: 'string' }, { kind: 'number' }, { kind: 'boolean' }, { kind: 'bigint' }, { kind: 'null' }, { kind: 'undefined' },
      { kind: 'void' }, { kind: 'unknown' }, { kind: 'any' }, { kind: 'never' }, { kind: 'date' },
    ]);
  });

  it('literals, including bigint literals as decimal strings', () => {
    expect(t.literal('paid')).toStrictEqual({ kind: 'literal', value: 'paid' });
    expect(t.literal(0)).toStrictEqual({ kind: 'literal', value: 0 });
    expect(t.literal(10n)).toStrictEqual({ kind: 'literal', value: '10', bigint: true });
    expect(t.literal('10', { bigint: true })).toStrictEqual({ kind: 'literal', value: '10', bigint: true });
  });

  it('object with required, optional and readonly properties, name and index', () => {
    const node = t.object(
      { id: t.string(), note: t.prop(t.string(), { optional: true }), tag: t.prop(t.number(), { readonly: true }), x: t.optional(t.null()) },
      { name: 'Order', index: { key: 'string', value: t.unknown() } },
    );
    const expected: TypeModel = {
      kind: 'object',
      name: 'Order',
      properties: [
        { name: 'id', type: { kind: 'string' }, optional: false, readonly: false },
        { name: 'note', type: { kind: 'string' }, optional: true, readonly: false },
        { name: 'tag', type: { kind: 'number' }, optional: false, readonly: true },
        { name: 'x', type: { kind: 'null' }, optional: true, readonly: false },
      ],
      index: { key: 'string', value: { kind: 'unknown' } },
    };
    expect(node).toStrictEqual(expected);
    expect(JSON.parse(JSON.stringify(node))).toStrictEqual(expected);
  });

  it('a computed __proto__ key declares a property, not a prototype', () => {
    const node = t.object({ ['__proto__']: t.string() });
    expect(node.properties.map((p) => p.name)).toEqual(['__proto__']);
  });

  it('record, array, tuple with optional and rest elements', () => {
    expect(t.record(t.number())).toStrictEqual({ kind: 'object', properties: [], index: { key: 'string', value: { kind: 'number' } } });
    expect(t.array(t.string(), { readonly: true })).toStrictEqual({ kind: 'array', element: { kind: 'string' }, readonly: true });
    expect(t.tuple([t.string(), t.element(t.number(), { optional: true }), t.element(t.boolean(), { rest: true })])).toStrictEqual({
      kind: 'tuple',
      readonly: false,
      elements: [
        { type: { kind: 'string' }, optional: false, rest: false },
        { type: { kind: 'number' }, optional: true, rest: false },
        { type: { kind: 'boolean' }, optional: false, rest: true },
      ],
    });
  });

  it('union with and without discriminant, intersection, template literal', () => {
    expect(t.union([t.string(), t.null()])).toStrictEqual({ kind: 'union', members: [{ kind: 'string' }, { kind: 'null' }] });
    expect(t.union([], { discriminant: 'kind' })).toStrictEqual({ kind: 'union', members: [], discriminant: 'kind' });
    expect(t.intersection([t.string()])).toStrictEqual({ kind: 'intersection', members: [{ kind: 'string' }] });
    expect(t.templateLiteral(['order-', t.number()])).toStrictEqual({ kind: 'templateLiteral', parts: ['order-', { kind: 'number' }] });
  });

  it('map, set, enum (record and list forms), brand, ref, promise, unsupported, defs', () => {
    expect(t.map(t.string(), t.number())).toStrictEqual({ kind: 'map', key: { kind: 'string' }, value: { kind: 'number' } });
    expect(t.set(t.string())).toStrictEqual({ kind: 'set', element: { kind: 'string' } });
    const members = [{ name: 'Paid', value: 'paid' }, { name: 'Two', value: 2 }];
    expect(t.enum('Status', { Paid: 'paid', Two: 2 })).toStrictEqual({ kind: 'enum', name: 'Status', members });
    expect(t.enum('Status', members)).toStrictEqual({ kind: 'enum', name: 'Status', members });
    expect(t.brand(t.string(), 'OrderId')).toStrictEqual({ kind: 'brand', base: { kind: 'string' }, brand: 'OrderId' });
    expect(t.ref('Tree')).toStrictEqual({ kind: 'ref', name: 'Tree' });
    expect(t.promise(t.number())).toStrictEqual({ kind: 'promise', inner: { kind: 'number' } });
    expect(t.unsupported('function type', '() => void')).toStrictEqual({ kind: 'unsupported', reason: 'function type', text: '() => void' });
    expect(t.defs({ Tree: t.ref('Tree') })).toStrictEqual({ Tree: { kind: 'ref', name: 'Tree' } });
  });
});
