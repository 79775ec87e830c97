/**
 * The `t` namespace: builder calls that generated test files use to spell a type model.
 *
 * @rationale Generated files describe types with small builder calls that return plain model nodes
 *   why: a generated suite must be readable by the person whose test failed; `t.object({ id:
 *     t.string(), amount: t.number() }, { name: 'Order' })` reads like the type it came from, while the
 *     value it returns is exactly the JSON-able `TypeModel` node the runtime interprets.
 *   alternatives: emit the raw model object literal (correct but noisy: every node spells `kind`);
 *     emit fast-check code per type (no shared conformance checker, unreadable)
 *   tradeoffs: the emitter and this file must agree on spelling; every builder is a pure function so
 *     the agreement is checked by unit tests that compare builder output with literal model nodes
 */
import type { ModelDefinitions, PropertyModel, TupleElementModel, TypeModel } from './model';

/** The model node of one kind, e.g. `NodeOf<'object'>`. */
export type NodeOf<K extends TypeModel['kind']> = Extract<TypeModel, { kind: K }>;

const PROP = Symbol.for('gen-edge-tests.prop');
const ELEMENT = Symbol.for('gen-edge-tests.element');

/** A property with modifiers, made by `t.prop(type, { optional, readonly })`. */
export interface PropSpec {
  readonly [PROP]: true;
  readonly type: TypeModel;
  readonly optional: boolean;
  readonly readonly: boolean;
}

/** A tuple element with modifiers, made by `t.element(type, { optional, rest })`. */
export interface ElementSpec {
  readonly [ELEMENT]: true;
  readonly type: TypeModel;
  readonly optional: boolean;
  readonly rest: boolean;
}

function isPropSpec(value: TypeModel | PropSpec): value is PropSpec {
  return (value as Partial<PropSpec>)[PROP] === true;
}

function isElementSpec(value: TypeModel | ElementSpec): value is ElementSpec {
  return (value as Partial<ElementSpec>)[ELEMENT] === true;
}

export interface ObjectOptions {
  name?: string;
  index?: { key: 'string' | 'number'; value: TypeModel };
}

/**
 * Builders, one per `TypeModel` kind. Each returns exactly the model node (plain data), so
 * `t.array(t.string())` deep-equals `{ kind: 'array', element: { kind: 'string' }, readonly: false }`.
 *
 * Property keys that JavaScript treats specially must be written as computed keys in generated code:
 * `t.object({ ['__proto__']: t.string() })` — a plain `__proto__:` key in an object literal would set
 * the prototype instead of declaring a property. Integer-like keys (`'0'`, `'1'`) are reordered by
 * JavaScript before other keys; that changes only the order of `properties`, never the meaning.
 */
export const t = {
  string: (): NodeOf<'string'> => ({ kind: 'string' }),
  number: (): NodeOf<'number'> => ({ kind: 'number' }),
  boolean: (): NodeOf<'boolean'> => ({ kind: 'boolean' }),
  bigint: (): NodeOf<'bigint'> => ({ kind: 'bigint' }),
  null: (): NodeOf<'null'> => ({ kind: 'null' }),
  undefined: (): NodeOf<'undefined'> => ({ kind: 'undefined' }),
  void: (): NodeOf<'void'> => ({ kind: 'void' }),
  unknown: (): NodeOf<'unknown'> => ({ kind: 'unknown' }),
  any: (): NodeOf<'any'> => ({ kind: 'any' }),
  never: (): NodeOf<'never'> => ({ kind: 'never' }),

  /** `t.literal('paid')`, `t.literal(0)`, `t.literal(true)`, `t.literal(10n)` (bigint kept as a decimal string). */
  literal(value: string | number | boolean | bigint, options?: { bigint?: boolean }): NodeOf<'literal'> {
    if (typeof value === 'bigint') return { kind: 'literal', value: value.toString(), bigint: true };
    return options?.bigint === true ? { kind: 'literal', value, bigint: true } : { kind: 'literal', value };
  },

  /** `` `order-${number}` `` → `t.templateLiteral(['order-', t.number()])` */
  templateLiteral: (parts: readonly (string | TypeModel)[]): NodeOf<'templateLiteral'> => ({
    kind: 'templateLiteral',
    parts: [...parts],
  }),

  union(members: readonly TypeModel[], options?: { discriminant?: string }): NodeOf<'union'> {
    return options?.discriminant === undefined
      ? { kind: 'union', members: [...members] }
      : { kind: 'union', members: [...members], discriminant: options.discriminant };
  },

  intersection: (members: readonly TypeModel[]): NodeOf<'intersection'> => ({
    kind: 'intersection',
    members: [...members],
  }),

  /** A property with modifiers inside `t.object({ … })`; plain types mean required and mutable. */
  prop(type: TypeModel, options?: { optional?: boolean; readonly?: boolean }): PropSpec {
    return { [PROP]: true, type, optional: options?.optional ?? false, readonly: options?.readonly ?? false };
  },

  /** Shorthand for `t.prop(type, { optional: true })`. */
  optional(type: TypeModel): PropSpec {
    return { [PROP]: true, type, optional: true, readonly: false };
  },

  object(properties: Readonly<Record<string, TypeModel | PropSpec>>, options?: ObjectOptions): NodeOf<'object'> {
    const props: PropertyModel[] = Object.entries(properties).map(([name, spec]) =>
      isPropSpec(spec)
        ? { name, type: spec.type, optional: spec.optional, readonly: spec.readonly }
        : { name, type: spec, optional: false, readonly: false },
    );
    const node: NodeOf<'object'> = { kind: 'object', properties: props };
    if (options?.name !== undefined) node.name = options.name;
    if (options?.index !== undefined) node.index = { key: options.index.key, value: options.index.value };
    return node;
  },

  /** `Record<string, V>` / `{ [key: string]: V }` without declared properties. */
  record(value: TypeModel, options?: { key?: 'string' | 'number'; name?: string }): NodeOf<'object'> {
    const node: NodeOf<'object'> = { kind: 'object', properties: [], index: { key: options?.key ?? 'string', value } };
    if (options?.name !== undefined) node.name = options.name;
    return node;
  },

  array: (element: TypeModel, options?: { readonly?: boolean }): NodeOf<'array'> => ({
    kind: 'array',
    element,
    readonly: options?.readonly ?? false,
  }),

  /** A tuple element with modifiers inside `t.tuple([…])`. */
  element(type: TypeModel, options?: { optional?: boolean; rest?: boolean }): ElementSpec {
    return { [ELEMENT]: true, type, optional: options?.optional ?? false, rest: options?.rest ?? false };
  },

  tuple(elements: readonly (TypeModel | ElementSpec)[], options?: { readonly?: boolean }): NodeOf<'tuple'> {
    const list: TupleElementModel[] = elements.map((e) =>
      isElementSpec(e) ? { type: e.type, optional: e.optional, rest: e.rest } : { type: e, optional: false, rest: false },
    );
    return { kind: 'tuple', elements: list, readonly: options?.readonly ?? false };
  },

  date: (): NodeOf<'date'> => ({ kind: 'date' }),
  map: (key: TypeModel, value: TypeModel): NodeOf<'map'> => ({ kind: 'map', key, value }),
  set: (element: TypeModel): NodeOf<'set'> => ({ kind: 'set', element }),

  /** `t.enum('Status', { Paid: 'paid', Open: 'open' })` or with a `[{ name, value }]` list. */
  enum(
    name: string,
    members: Readonly<Record<string, string | number>> | readonly { name: string; value: string | number }[],
  ): NodeOf<'enum'> {
    const list = Array.isArray(members)
      ? (members as readonly { name: string; value: string | number }[]).map((m) => ({ name: m.name, value: m.value }))
      : Object.entries(members as Readonly<Record<string, string | number>>).map(([n, value]) => ({ name: n, value }));
    return { kind: 'enum', name, members: list };
  },

  brand: (base: TypeModel, brand: string): NodeOf<'brand'> => ({ kind: 'brand', base, brand }),
  ref: (name: string): NodeOf<'ref'> => ({ kind: 'ref', name }),
  promise: (inner: TypeModel): NodeOf<'promise'> => ({ kind: 'promise', inner }),
  unsupported: (reason: string, text: string): NodeOf<'unsupported'> => ({ kind: 'unsupported', reason, text }),

  /** Named definitions for `t.ref(name)`: `const defs = t.defs({ Tree: t.object({ … }) })`. */
  defs: (definitions: Readonly<Record<string, TypeModel>>): ModelDefinitions => ({ ...definitions }),
} as const;
