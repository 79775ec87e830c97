/**
 * Short type texts (`Order`, `number[]`, `'paid' | 'open'`) for labels and conformance issues.
 */
import type { ModelDefinitions, TypeModel } from './model';

export function describeType(model: TypeModel, depth = 0): string {
  switch (model.kind) {
    case 'literal':
      if (model.bigint === true) return `${String(model.value)}n`;
      return typeof model.value === 'string' ? `'${model.value}'` : String(model.value);
    case 'templateLiteral':
      return '`' + model.parts.map((p) => (typeof p === 'string' ? p : '${' + describeType(p, depth + 1) + '}')).join('') + '`';
    case 'union': {
      const shown = model.members.slice(0, 6).map((m) => describeType(m, depth + 1));
      return shown.join(' | ') + (model.members.length > 6 ? ' | …' : '');
    }
    case 'intersection':
      return model.members.map((m) => wrap(m, depth)).join(' & ');
    case 'object': {
      if (model.name !== undefined) return model.name;
      if (depth > 1) return '{…}';
      const props = model.properties.slice(0, 5).map((p) => `${p.readonly ? 'readonly ' : ''}${p.name}${p.optional ? '?' : ''}: ${describeType(p.type, depth + 1)}`);
      if (model.properties.length > 5) props.push('…');
      if (model.index) props.push(`[key: ${model.index.key}]: ${describeType(model.index.value, depth + 1)}`);
      return props.length === 0 ? '{}' : `{ ${props.join('; ')} }`;
    }
    case 'array':
      return `${model.readonly ? 'readonly ' : ''}${wrap(model.element, depth)}[]`;
    case 'tuple':
      return `${model.readonly ? 'readonly ' : ''}[${model.elements
        .map((e) => (e.rest ? `...${wrap(e.type, depth)}[]` : `${describeType(e.type, depth + 1)}${e.optional ? '?' : ''}`))
        .join(', ')}]`;
    case 'date':
      return 'Date';
    case 'map':
      return `Map<${describeType(model.key, depth + 1)}, ${describeType(model.value, depth + 1)}>`;
    case 'set':
      return `Set<${describeType(model.element, depth + 1)}>`;
    case 'enum':
      return model.name;
    case 'brand':
      return model.brand;
    case 'ref':
      return model.name;
    case 'promise':
      return `Promise<${describeType(model.inner, depth + 1)}>`;
    case 'unsupported':
      return model.text;
    default:
      return model.kind;
  }
}

function wrap(model: TypeModel, depth: number): string {
  const text = describeType(model, depth + 1);
  return model.kind === 'union' || model.kind === 'intersection' ? `(${text})` : text;
}

/** Follow `ref` nodes (and brands) to the structural node; throws on a missing definition. */
export function resolve(model: TypeModel, defs: ModelDefinitions): TypeModel {
  let current = model;
  for (let i = 0; i < 100 && (current.kind === 'ref' || current.kind === 'brand'); i++) {
    if (current.kind === 'brand') current = current.base;
    else {
      const next = defs[current.name];
      if (next === undefined) throw new Error(`gen-edge-tests runtime: type reference "${current.name}" has no entry in defs; regenerate the test file`);
      current = next;
    }
  }
  return current;
}

function acceptsKind(model: TypeModel, defs: ModelDefinitions, kind: 'null' | 'undefined', seen: Set<string>): boolean {
  switch (model.kind) {
    case 'unknown':
    case 'any':
      return true;
    case 'void':
    case 'undefined':
      return kind === 'undefined';
    case 'null':
      return kind === 'null';
    case 'union':
      return model.members.some((m) => acceptsKind(m, defs, kind, seen));
    case 'intersection':
      return model.members.length > 0 && model.members.every((m) => acceptsKind(m, defs, kind, seen));
    case 'brand':
      return acceptsKind(model.base, defs, kind, seen);
    case 'promise':
      return acceptsKind(model.inner, defs, kind, seen);
    case 'unsupported':
      return true;
    case 'ref': {
      if (seen.has(model.name)) return false;
      const def = defs[model.name];
      return def === undefined ? true : acceptsKind(def, defs, kind, new Set([...seen, model.name]));
    }
    default:
      return false;
  }
}

/** Does the type admit `undefined` (unknown, any, void, undefined, or a union with one of them)? */
export function acceptsUndefined(model: TypeModel, defs: ModelDefinitions = {}): boolean {
  return acceptsKind(model, defs, 'undefined', new Set());
}

/** Does the type admit `null`? */
export function acceptsNull(model: TypeModel, defs: ModelDefinitions = {}): boolean {
  return acceptsKind(model, defs, 'null', new Set());
}
