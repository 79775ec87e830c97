/**
 * The plain type model shared by the compile-time side (TS type → model → emitted code) and the
 * runtime (model → fast-check arbitraries, malformed variants, conformance checks).
 *
 * @rationale A JSON-serialisable type model is the one contract between the generator and the runtime
 *   why: generated suites must start fast, so the runtime never imports TypeScript; the compile-time
 *     side turns checker types into this model and emits it as readable builder calls (`t.object({…})`)
 *     that the runtime interprets.
 *   alternatives: emit raw fast-check code per type (unreadable, no shared conformance checker);
 *     call the type checker at test time (slow, needs the user's TypeScript)
 *   tradeoffs: every TS type feature needs a model node; unsupported ones become `unsupported` and
 *     the function is skipped with the reason
 */

export interface PropertyModel {
  name: string;
  type: TypeModel;
  /** `name?:` (may be absent) — different from `name: T | undefined` (present, may be undefined) */
  optional: boolean;
  readonly: boolean;
}

export interface TupleElementModel {
  type: TypeModel;
  optional: boolean;
  /** `...rest: T[]` element; `type` is then the element type */
  rest: boolean;
}

export type TypeModel =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'bigint' }
  | { kind: 'null' }
  | { kind: 'undefined' }
  | { kind: 'void' }
  | { kind: 'unknown' }
  | { kind: 'any' }
  | { kind: 'never' }
  /** bigint literals are written as decimal strings with `bigint: true` */
  | { kind: 'literal'; value: string | number | boolean; bigint?: boolean }
  /** `${number}-${string}`: literal text parts and typed holes, in order */
  | { kind: 'templateLiteral'; parts: (string | TypeModel)[] }
  /** `discriminant` names the tag property when every member is an object with a literal there */
  | { kind: 'union'; members: TypeModel[]; discriminant?: string }
  | { kind: 'intersection'; members: TypeModel[] }
  | {
      kind: 'object';
      /** declared name (`Order`) when the type has one, for labels and counterexample printing */
      name?: string;
      properties: PropertyModel[];
      /** `[key: string]: V` / `Record<string, V>` */
      index?: { key: 'string' | 'number'; value: TypeModel };
    }
  | { kind: 'array'; element: TypeModel; readonly: boolean }
  | { kind: 'tuple'; elements: TupleElementModel[]; readonly: boolean }
  | { kind: 'date' }
  | { kind: 'map'; key: TypeModel; value: TypeModel }
  | { kind: 'set'; element: TypeModel }
  | { kind: 'enum'; name: string; members: { name: string; value: string | number }[] }
  /** `string & { __brand: 'OrderId' }`: values of `base`; the brand exists only in types */
  | { kind: 'brand'; base: TypeModel; brand: string }
  /** a reference to a named definition in `ModelDefinitions` (recursive types, depth-limited) */
  | { kind: 'ref'; name: string }
  /** return types only: the awaited value */
  | { kind: 'promise'; inner: TypeModel }
  /** a type the model cannot express; `reason` is shown to users when a function is skipped */
  | { kind: 'unsupported'; reason: string; text: string };

/** Named definitions that `ref` nodes point at. */
export type ModelDefinitions = Record<string, TypeModel>;

export type TypeModelKind = TypeModel['kind'];
