/**
 * Turns checker types into the plain `TypeModel` that the runtime interprets.
 *
 * @rationale Convert with the type checker's resolved types, not the syntax of type annotations
 *   why: aliases, generics, mapped types (`Readonly<T>`, `Record<K, V>`, `Partial<T>`), re-exported
 *     interfaces and option objects declared in a library's `.d.ts` are only fully known after the
 *     checker resolved them; syntax would need a second type system.
 *   alternatives: walk `TypeNode`s (misses aliases from libraries and every mapped type); typia-style
 *     compile-time transform (needs a build plugin in the user's project)
 *   tradeoffs: the checker flattens some source structure (an enum inside a union becomes its literal
 *     members), so a few shapes are rebuilt here (booleans, enums, brands)
 */
import type * as ts from 'typescript';
import { typescript } from '../typescript';
import type { ModelDefinitions, PropertyModel, TupleElementModel, TypeModel } from '../runtime/model';

/** `param`: the model generates inputs (functions cannot be generated); `return`: it checks outputs. */
export type ModelPosition = 'param' | 'return';

export interface ModelContext {
  checker: ts.TypeChecker;
  program: ts.Program;
  /** named definitions of recursive types, shared by every type of one generated file */
  defs: ModelDefinitions;
  /** `exactOptionalPropertyTypes` of the project: `x?: T` then does not accept `undefined` */
  exactOptional: boolean;
  /** types already stored in `defs` → their name, so every function of a file shares one definition */
  defined: Record<ModelPosition, Map<ts.Type, string>>;
  /** at most this many structured types per converted parameter or result (default MAX_STRUCTURED_TYPES) */
  maxStructuredTypes: number;
}

interface ConvertState {
  ctx: ModelContext;
  position: ModelPosition;
  /** types being converted right now (recursion detection) → the def name once one is needed */
  inProgress: Map<ts.Type, { name: string | undefined; recursive: boolean }>;
  /** structured types still allowed in this conversion (huge AST-like types stop here) */
  budget: { left: number };
}

/** At most this many structured types per converted parameter or result. */
export const MAX_STRUCTURED_TYPES = 2000;

export function createModelContext(program: ts.Program, defs: ModelDefinitions = {}): ModelContext {
  return {
    checker: program.getTypeChecker(),
    program,
    defs,
    exactOptional: program.getCompilerOptions().exactOptionalPropertyTypes === true,
    defined: { param: new Map(), return: new Map() },
    maxStructuredTypes: MAX_STRUCTURED_TYPES,
  };
}

/** Convert one checker type. Recursive types land in `ctx.defs` and come back as `ref` nodes. */
export function typeToModel(ctx: ModelContext, type: ts.Type, position: ModelPosition): TypeModel {
  return convert({ ctx, position, inProgress: new Map(), budget: { left: ctx.maxStructuredTypes } }, type);
}

interface UnsupportedAt {
  /** property names from the outside in */
  path: string[];
  reason: string;
}

function firstUnsupported(model: TypeModel, defs: ModelDefinitions, seen: Set<string>): UnsupportedAt | undefined {
  const within = (inner: TypeModel, segment?: string): UnsupportedAt | undefined => {
    const r = firstUnsupported(inner, defs, seen);
    return r && segment !== undefined ? { path: [segment, ...r.path], reason: r.reason } : r;
  };
  switch (model.kind) {
    case 'unsupported':
      return { path: [], reason: `${model.reason} (\`${model.text}\`)` };
    case 'templateLiteral':
      for (const part of model.parts) {
        const r = typeof part === 'string' ? undefined : within(part);
        if (r) return r;
      }
      return undefined;
    case 'union':
    case 'intersection':
      for (const m of model.members) {
        const r = within(m);
        if (r) return r;
      }
      return undefined;
    case 'object':
      for (const p of model.properties) {
        const r = within(p.type, p.name);
        if (r) return r;
      }
      return model.index ? within(model.index.value, '[key]') : undefined;
    case 'array':
    case 'set':
      return within(model.element, '[]');
    case 'tuple':
      for (const [i, e] of model.elements.entries()) {
        const r = within(e.type, `[${i}]`);
        if (r) return r;
      }
      return undefined;
    case 'map':
      return within(model.key, '[key]') ?? within(model.value, '[value]');
    case 'brand':
      return within(model.base);
    case 'promise':
      return within(model.inner);
    case 'ref': {
      if (seen.has(model.name)) return undefined;
      seen.add(model.name);
      const def = defs[model.name];
      return def ? within(def) : { path: [], reason: `missing definition ${model.name}` };
    }
    default:
      return undefined;
  }
}

/** `a.b.c`, `items[].price`; long paths keep their two outermost and last segments. */
function formatPath(path: string[]): string {
  const shown = path.length > 4 ? [...path.slice(0, 2), '…', ...path.slice(-1)] : path;
  return shown.reduce((out, seg) => (out === '' || seg.startsWith('[') || seg === '…' || out.endsWith('…') ? `${out}${seg}` : `${out}.${seg}`), '');
}

/**
 * The first `unsupported` node inside a model, as a readable reason
 * (`property order.lines[].callback: functions cannot be generated (\`() => void\`)`), or undefined.
 */
export function findUnsupported(model: TypeModel, defs: ModelDefinitions, seen = new Set<string>()): string | undefined {
  const r = firstUnsupported(model, defs, seen);
  if (!r) return undefined;
  return r.path.length === 0 ? r.reason : `property ${formatPath(r.path)}: ${r.reason}`;
}

/** Replace every `unsupported` node by `unknown` (used for return types: check what can be checked). */
export function relaxUnsupported(model: TypeModel): TypeModel {
  switch (model.kind) {
    case 'unsupported':
      return { kind: 'unknown' };
    case 'templateLiteral':
      return { ...model, parts: model.parts.map((p) => (typeof p === 'string' ? p : relaxUnsupported(p))) };
    case 'union':
    case 'intersection':
      return { ...model, members: model.members.map(relaxUnsupported) };
    case 'object':
      return {
        ...model,
        properties: model.properties.map((p) => ({ ...p, type: relaxUnsupported(p.type) })),
        ...(model.index ? { index: { key: model.index.key, value: relaxUnsupported(model.index.value) } } : {}),
      };
    case 'array':
      return { ...model, element: relaxUnsupported(model.element) };
    case 'set':
      return { ...model, element: relaxUnsupported(model.element) };
    case 'tuple':
      return { ...model, elements: model.elements.map((e) => ({ ...e, type: relaxUnsupported(e.type) })) };
    case 'map':
      return { ...model, key: relaxUnsupported(model.key), value: relaxUnsupported(model.value) };
    case 'brand':
      return { ...model, base: relaxUnsupported(model.base) };
    case 'promise':
      return { ...model, inner: relaxUnsupported(model.inner) };
    default:
      return model;
  }
}

const F = typescript.TypeFlags;

/** The `unsupported` reason of a function inside a return type (checked as `unknown`, never compared). */
export const FUNCTION_IN_RESULT = 'functions in results are not checked or compared';

function text(state: ConvertState, type: ts.Type): string {
  return state.ctx.checker.typeToString(type, undefined, typescript.TypeFormatFlags.NoTruncation);
}

function unsupported(state: ConvertState, type: ts.Type, reason: string): TypeModel {
  return { kind: 'unsupported', reason, text: text(state, type) };
}

function isFromDefaultLib(state: ConvertState, symbol: ts.Symbol | undefined): boolean {
  const decls = symbol?.declarations;
  if (!decls || decls.length === 0) return false;
  return decls.every((d) => {
    const sf = d.getSourceFile();
    return state.ctx.program.isSourceFileDefaultLibrary(sf) || /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/.test(sf.fileName);
  });
}

/** Declared name of a type (`Order`), when it has one worth showing. */
function declaredName(state: ConvertState, type: ts.Type): string | undefined {
  const alias = type.aliasSymbol?.name;
  // `Record`, `Partial`, `Readonly` … name the mapping, not the data: leave them unnamed
  if (alias && !alias.startsWith('__')) return isFromDefaultLib(state, type.aliasSymbol) ? undefined : alias;
  const sym = type.getSymbol();
  const name = sym?.name;
  if (name && !name.startsWith('__') && (sym.flags & (typescript.SymbolFlags.Interface | typescript.SymbolFlags.Class | typescript.SymbolFlags.TypeAlias)) !== 0) {
    return name;
  }
  return undefined;
}

function convert(state: ConvertState, type: ts.Type): TypeModel {
  const { checker } = state.ctx;
  const flags = type.flags;

  // Primitives and literals first: they never recurse.
  if (flags & F.Any) return { kind: 'any' };
  if (flags & F.Unknown) return { kind: 'unknown' };
  if (flags & F.Never) return { kind: 'never' };
  if (flags & F.Void) return { kind: 'void' };
  if (flags & F.Undefined) return { kind: 'undefined' };
  if (flags & F.Null) return { kind: 'null' };
  if (flags & F.EnumLiteral && !(flags & F.Union)) {
    // a single enum member used as a type (`Color.Red`)
    const value = (type as ts.LiteralType).value;
    if (typeof value === 'string' || typeof value === 'number') return { kind: 'literal', value };
  }
  if (flags & F.StringLiteral) return { kind: 'literal', value: (type as ts.StringLiteralType).value };
  if (flags & F.NumberLiteral) return { kind: 'literal', value: (type as ts.NumberLiteralType).value };
  if (flags & F.BigIntLiteral) {
    const v = (type as ts.BigIntLiteralType).value;
    return { kind: 'literal', value: `${v.negative ? '-' : ''}${v.base10Value}`, bigint: true };
  }
  if (flags & F.BooleanLiteral) {
    return { kind: 'literal', value: (type as unknown as { intrinsicName: string }).intrinsicName === 'true' };
  }
  if (flags & F.String) return { kind: 'string' };
  if (flags & F.Number) return { kind: 'number' };
  if (flags & F.BigInt) return { kind: 'bigint' };
  if (flags & F.Boolean) return { kind: 'boolean' };
  if (flags & (F.ESSymbol | F.UniqueESSymbol)) return unsupported(state, type, 'symbols cannot be generated');
  if (flags & F.TemplateLiteral) {
    const tl = type as ts.TemplateLiteralType;
    const parts: (string | TypeModel)[] = [];
    tl.texts.forEach((t, i) => {
      if (t !== '') parts.push(t);
      const hole = tl.types[i];
      if (hole) parts.push(convert(state, hole));
    });
    return { kind: 'templateLiteral', parts };
  }
  if (flags & F.StringMapping) return unsupported(state, type, 'string mapping types (Uppercase<…>) are not modelled');
  if (flags & F.TypeParameter) {
    // generics: instantiate at the constraint, or `unknown`
    const constraint = checker.getBaseConstraintOfType(type);
    if (!constraint || constraint === type || constraint.flags & F.Unknown) return { kind: 'unknown' };
    return convert(state, constraint);
  }
  if (flags & (F.Index | F.IndexedAccess | F.Conditional | F.Substitution)) {
    const constraint = checker.getBaseConstraintOfType(type);
    if (constraint && constraint !== type && !(constraint.flags & (F.Index | F.IndexedAccess | F.Conditional | F.Substitution))) {
      return convert(state, constraint);
    }
    return unsupported(state, type, 'unresolved generic type');
  }

  // Structured types can recurse.
  const known = state.ctx.defined[state.position].get(type);
  if (known) return { kind: 'ref', name: known };
  const running = state.inProgress.get(type);
  if (running) {
    running.recursive = true;
    running.name ??= uniqueDefName(state, declaredName(state, type) ?? 'Recursive');
    return { kind: 'ref', name: running.name };
  }
  if (--state.budget.left < 0) return unsupported(state, type, `type too large to generate (more than ${state.ctx.maxStructuredTypes} nested types)`);
  const entry: { name: string | undefined; recursive: boolean } = { name: undefined, recursive: false };
  state.inProgress.set(type, entry);
  let model: TypeModel;
  try {
    model = convertStructured(state, type);
  } finally {
    state.inProgress.delete(type);
  }
  if (entry.recursive && entry.name) {
    state.ctx.defs[entry.name] = model;
    state.ctx.defined[state.position].set(type, entry.name);
    return { kind: 'ref', name: entry.name };
  }
  return model;
}

function uniqueDefName(state: ConvertState, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_$]/g, '_');
  let name = clean;
  let i = 2;
  const taken = new Set<string>([...Object.keys(state.ctx.defs), ...[...state.inProgress.values()].map((e) => e.name ?? '')]);
  while (taken.has(name)) name = `${clean}${i++}`;
  return name;
}

function convertStructured(state: ConvertState, type: ts.Type): TypeModel {
  const flags = type.flags;
  if (flags & F.Union) return convertUnion(state, type as ts.UnionType);
  if (flags & F.Intersection) return convertIntersection(state, type as ts.IntersectionType);
  if (flags & F.NonPrimitive) {
    // `object`: any non-primitive; generate plain records
    return { kind: 'object', properties: [], index: { key: 'string', value: { kind: 'unknown' } } };
  }
  if (flags & F.Object) return convertObject(state, type as ts.ObjectType);
  return unsupported(state, type, 'type not modelled');
}

function convertUnion(state: ConvertState, type: ts.UnionType): TypeModel {
  const { checker } = state.ctx;
  // Whole enum: `enum Color { … }` used as a type.
  const enumSym = type.getSymbol();
  if (type.flags & F.EnumLiteral && enumSym && enumSym.flags & typescript.SymbolFlags.Enum) {
    return enumModel(state, enumSym) ?? unsupported(state, type, 'enum without constant values');
  }
  const members: TypeModel[] = [];
  let sawTrue = false;
  let sawFalse = false;
  const enumsSeen = new Map<ts.Symbol, number>();
  for (const m of type.types) {
    if (m.flags & F.BooleanLiteral) {
      const isTrue = (m as unknown as { intrinsicName: string }).intrinsicName === 'true';
      if (isTrue) sawTrue = true;
      else sawFalse = true;
      continue;
    }
    if (m.flags & F.EnumLiteral) {
      const parent = enumParent(checker, m);
      if (parent) {
        enumsSeen.set(parent, (enumsSeen.get(parent) ?? 0) + 1);
        continue;
      }
    }
    members.push(convert(state, m));
  }
  // booleans are `true | false` unions inside the checker: rebuild `boolean`
  if (sawTrue && sawFalse) members.unshift({ kind: 'boolean' });
  else if (sawTrue) members.unshift({ kind: 'literal', value: true });
  else if (sawFalse) members.unshift({ kind: 'literal', value: false });
  // enum members: a full enum becomes the enum node, a subset its literal values
  for (const [parent, count] of enumsSeen) {
    const full = enumModel(state, parent);
    if (full && full.kind === 'enum' && full.members.length === count) {
      members.unshift(full);
    } else {
      for (const m of type.types) {
        if (m.flags & F.EnumLiteral && enumParent(checker, m) === parent) {
          const v = (m as ts.LiteralType).value;
          if (typeof v === 'string' || typeof v === 'number') members.push({ kind: 'literal', value: v });
        }
      }
    }
  }
  // read like the declaration: `T | null | undefined`, not the checker's creation order
  const nullish = members.filter((m) => m.kind === 'null' || m.kind === 'undefined');
  const ordered = [...members.filter((m) => m.kind !== 'null' && m.kind !== 'undefined'), ...nullish];
  members.splice(0, members.length, ...ordered);
  if (members.length === 1 && members[0]) return members[0];
  const discriminant = findDiscriminant(state, type);
  return discriminant ? { kind: 'union', members, discriminant } : { kind: 'union', members };
}

function enumParent(checker: ts.TypeChecker, member: ts.Type): ts.Symbol | undefined {
  const base = checker.getBaseTypeOfLiteralType(member);
  const sym = base.getSymbol();
  if (sym && sym.flags & typescript.SymbolFlags.Enum) return sym;
  const own = member.getSymbol();
  const parent = own ? (own as unknown as { parent?: ts.Symbol }).parent : undefined;
  return parent && parent.flags & typescript.SymbolFlags.Enum ? parent : undefined;
}

function enumModel(state: ConvertState, sym: ts.Symbol): TypeModel | undefined {
  const { checker } = state.ctx;
  const members: { name: string; value: string | number }[] = [];
  for (const decl of sym.declarations ?? []) {
    if (!typescript.isEnumDeclaration(decl)) continue;
    for (const m of decl.members) {
      const value = checker.getConstantValue(m);
      if (value === undefined) return undefined;
      members.push({ name: m.name.getText(), value });
    }
  }
  if (members.length === 0) return undefined;
  return { kind: 'enum', name: sym.name, members };
}

/** The property every object member of the union has with a distinct literal type. */
function findDiscriminant(state: ConvertState, type: ts.UnionType): string | undefined {
  const { checker } = state.ctx;
  const objects = type.types.filter((m) => m.flags & F.Object || m.flags & F.Intersection);
  if (objects.length < 2 || objects.length !== type.types.filter((m) => !(m.flags & (F.Null | F.Undefined))).length) return undefined;
  const first = objects[0];
  if (!first) return undefined;
  for (const prop of checker.getPropertiesOfType(first)) {
    const values = new Set<unknown>();
    let ok = true;
    for (const m of objects) {
      const p = checker.getPropertyOfType(m, prop.name);
      if (!p) {
        ok = false;
        break;
      }
      const pt = checker.getTypeOfSymbol(p);
      if (!(pt.flags & (F.StringLiteral | F.NumberLiteral | F.BooleanLiteral | F.EnumLiteral))) {
        ok = false;
        break;
      }
      const v = pt.flags & F.BooleanLiteral ? checker.typeToString(pt) : (pt as ts.LiteralType).value;
      if (values.has(v)) {
        ok = false;
        break;
      }
      values.add(v);
    }
    if (ok) return prop.name;
  }
  return undefined;
}

function isPrimitiveLike(t: ts.Type): boolean {
  return (t.flags & (F.StringLike | F.NumberLike | F.BigIntLike | F.BooleanLike)) !== 0;
}

function convertIntersection(state: ConvertState, type: ts.IntersectionType): TypeModel {
  const { checker } = state.ctx;
  const primitives = type.types.filter(isPrimitiveLike);
  const objects = type.types.filter((t) => !isPrimitiveLike(t));
  // Branded primitive: `string & { __brand: 'OrderId' }`
  if (primitives.length === 1 && primitives[0] && objects.length >= 1) {
    const base = convert(state, primitives[0]);
    return { kind: 'brand', base, brand: brandName(state, type, objects) };
  }
  // Intersections of object types: the checker merges the properties for us.
  if (primitives.length === 0 && objects.every((o) => o.flags & F.Object)) {
    return objectFromProperties(state, type, checker.getPropertiesOfType(type), declaredName(state, type));
  }
  return { kind: 'intersection', members: type.types.map((m) => convert(state, m)) };
}

function brandName(state: ConvertState, type: ts.Type, objects: ts.Type[]): string {
  const { checker } = state.ctx;
  if (type.aliasSymbol) return type.aliasSymbol.name;
  for (const o of objects) {
    for (const p of checker.getPropertiesOfType(o)) {
      const pt = checker.getTypeOfSymbol(p);
      if (pt.flags & F.StringLiteral) return (pt as ts.StringLiteralType).value;
    }
  }
  for (const o of objects) {
    const first = checker.getPropertiesOfType(o)[0];
    if (first) return first.name.replace(/^__@/, '').replace(/@\d+$/, '');
  }
  return 'brand';
}

function libName(state: ConvertState, type: ts.Type): string | undefined {
  const sym = type.getSymbol();
  // named lib interfaces and classes (`Date`, `Map`); mapped types from lib (`Record<…>`) are `__type`
  if (sym && !sym.name.startsWith('__') && isFromDefaultLib(state, sym)) return sym.name;
  return undefined;
}

function convertObject(state: ConvertState, type: ts.ObjectType): TypeModel {
  const { checker } = state.ctx;
  if (checker.isTupleType(type)) return convertTuple(state, type as ts.TupleTypeReference);
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    const target = (type as ts.TypeReference).target;
    const readonly = target.getSymbol()?.name === 'ReadonlyArray';
    return { kind: 'array', element: element ? convert(state, element) : { kind: 'unknown' }, readonly };
  }
  if (checker.getSignaturesOfType(type, typescript.SignatureKind.Call).length > 0 || checker.getSignaturesOfType(type, typescript.SignatureKind.Construct).length > 0) {
    // results: kept as `unsupported` so the caller knows (a function in a result is not compared)
    return unsupported(state, type, state.position === 'param' ? 'functions cannot be generated' : FUNCTION_IN_RESULT);
  }
  const lib = libName(state, type);
  if (lib) {
    const args = type.flags & F.Object && (type.objectFlags & typescript.ObjectFlags.Reference) ? checker.getTypeArguments(type as ts.TypeReference) : [];
    const arg = (i: number): TypeModel => {
      const a = args[i];
      return a ? convert(state, a) : { kind: 'unknown' };
    };
    switch (lib) {
      case 'Date':
        return { kind: 'date' };
      case 'Map':
      case 'ReadonlyMap':
        return { kind: 'map', key: arg(0), value: arg(1) };
      case 'Set':
      case 'ReadonlySet':
        return { kind: 'set', element: arg(0) };
      case 'Promise':
      case 'PromiseLike':
        return { kind: 'promise', inner: arg(0) };
      case 'Object':
        return { kind: 'object', properties: [], index: { key: 'string', value: { kind: 'unknown' } } };
      default:
        if (state.position === 'param') return unsupported(state, type, `built-in ${lib} values are not generated`);
        return { kind: 'unknown' };
    }
  }
  const sym = type.getSymbol();
  if (sym && sym.flags & typescript.SymbolFlags.Class && state.position === 'param') {
    const hidden = checker.getPropertiesOfType(type).some((p) => {
      const d = p.valueDeclaration;
      if (!d) return false;
      if (typescript.isPropertyDeclaration(d) || typescript.isMethodDeclaration(d) || typescript.isGetAccessor(d)) {
        if (typescript.isPrivateIdentifier(d.name)) return true;
        const mods = typescript.getCombinedModifierFlags(d);
        return (mods & (typescript.ModifierFlags.Private | typescript.ModifierFlags.Protected)) !== 0;
      }
      return false;
    });
    // a class can also hide #private fields that are not listed as properties
    const hasHash = (sym.declarations ?? []).some(
      (d) => typescript.isClassLike(d) && d.members.some((m) => m.name !== undefined && typescript.isPrivateIdentifier(m.name)),
    );
    if (hidden || hasHash) return unsupported(state, type, `class ${sym.name} has private state`);
  }
  return objectFromProperties(state, type, checker.getPropertiesOfType(type), declaredName(state, type));
}

function convertTuple(state: ConvertState, type: ts.TupleTypeReference): TypeModel {
  const { checker } = state.ctx;
  const target = type.target;
  const args = checker.getTypeArguments(type);
  const elements: TupleElementModel[] = args.map((a, i) => {
    const f = target.elementFlags[i] ?? typescript.ElementFlags.Required;
    const rest = (f & typescript.ElementFlags.Variable) !== 0;
    let elementType = a;
    if (f & typescript.ElementFlags.Variadic && checker.isArrayType(a)) elementType = checker.getTypeArguments(a as ts.TypeReference)[0] ?? a;
    let model = convert(state, elementType);
    if (f & typescript.ElementFlags.Optional) model = stripUndefined(model, state.ctx.exactOptional);
    return { type: model, optional: (f & typescript.ElementFlags.Optional) !== 0, rest };
  });
  return { kind: 'tuple', elements, readonly: target.readonly };
}

/** `x?: T` reads back as `T | undefined`; under exactOptionalPropertyTypes the `undefined` is not allowed. */
function stripUndefined(model: TypeModel, exact: boolean): TypeModel {
  if (!exact || model.kind !== 'union') return model;
  const members = model.members.filter((m) => m.kind !== 'undefined');
  if (members.length === model.members.length) return model;
  if (members.length === 1 && members[0]) return members[0];
  return { ...model, members };
}

function declaredAllowsUndefined(decl: ts.Declaration | undefined): boolean {
  if (!decl) return false;
  const typeNode = (decl as { type?: ts.TypeNode }).type;
  if (!typeNode) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (n.kind === typescript.SyntaxKind.UndefinedKeyword) found = true;
    else if (!found) typescript.forEachChild(n, visit);
  };
  visit(typeNode);
  return found;
}

function objectFromProperties(state: ConvertState, type: ts.Type, props: readonly ts.Symbol[], name: string | undefined): TypeModel {
  const { checker } = state.ctx;
  const properties: PropertyModel[] = [];
  for (const p of props) {
    // symbol-keyed properties (`[Symbol.iterator]`) cannot be written as object literal keys of data
    if (p.name.startsWith('__@')) continue;
    const optional = (p.flags & typescript.SymbolFlags.Optional) !== 0;
    let ptype = convert(state, checker.getTypeOfSymbol(p));
    if (optional && state.ctx.exactOptional && !declaredAllowsUndefined(p.valueDeclaration)) {
      ptype = stripUndefined(ptype, true);
    }
    const decl = p.valueDeclaration ?? p.declarations?.[0];
    const checkFlags = (p as unknown as { links?: { checkFlags?: number } }).links?.checkFlags ?? 0;
    const readonly =
      (decl !== undefined && (typescript.getCombinedModifierFlags(decl) & typescript.ModifierFlags.Readonly) !== 0) ||
      (checkFlags & 8) !== 0; // CheckFlags.Readonly: set on properties of mapped types like Readonly<T>
    properties.push({ name: p.name, type: ptype, optional, readonly });
  }
  const model: Extract<TypeModel, { kind: 'object' }> = { kind: 'object', properties };
  if (name) model.name = name;
  for (const info of checker.getIndexInfosOfType(type)) {
    const keyFlags = info.keyType.flags;
    const key = keyFlags & F.String ? 'string' : keyFlags & F.Number ? 'number' : undefined;
    if (!key) continue;
    if (model.index && model.index.key === 'string') continue; // a string index covers number keys
    model.index = { key, value: convert(state, info.type) };
  }
  return model;
}

function renameRefs(model: TypeModel, from: string, to: string): TypeModel {
  return JSON.parse(JSON.stringify(model), (key, value: unknown) =>
    value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'ref' && (value as { name?: unknown }).name === from
      ? { kind: 'ref', name: to }
      : value,
  ) as TypeModel;
}

/**
 * Merge definitions that differ only by name (`Tree2` converted for a return type is the same as
 * `Tree` converted for a parameter): rewrites `models` and `defs` in place, returns the new models.
 */
export function mergeDuplicateDefs(models: TypeModel[], defs: ModelDefinitions): TypeModel[] {
  let out = models;
  let changed = true;
  while (changed) {
    changed = false;
    const names = Object.keys(defs).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    outer: for (const keep of names) {
      for (const drop of names) {
        if (drop === keep || !drop.startsWith(keep) || !/^\d+$/.test(drop.slice(keep.length))) continue;
        const a = defs[keep];
        const b = defs[drop];
        if (!a || !b) continue;
        if (JSON.stringify(renameRefs(b, drop, keep)) !== JSON.stringify(a)) continue;
        delete defs[drop];
        for (const n of Object.keys(defs)) {
          const d = defs[n];
          if (d) defs[n] = renameRefs(d, drop, keep);
        }
        out = out.map((m) => renameRefs(m, drop, keep));
        changed = true;
        break outer;
      }
    }
  }
  return out;
}
