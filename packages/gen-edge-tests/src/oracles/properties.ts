/**
 * Decides which properties (oracles) each function gets, and pins a seed per property.
 *
 * @rationale Emit a property only where it can fail
 *   why: a "does not mutate" test over numbers or a malformed-input test over `unknown` parameters
 *     can never fail; such tests only slow suites down and teach people to ignore them.
 *   alternatives: emit every property for every function (noise); let the runtime skip at test time
 *     (the generated file would claim tests it does not run)
 *   tradeoffs: the rules here must follow what the runtime can generate (see `canMutate`)
 */
import type { ModelDefinitions, TypeModel } from '../runtime/model';

export type MalformedMode = 'strict' | 'lenient' | 'off';

export type PlannedProperty =
  | { kind: 'valid' }
  | { kind: 'deterministic' }
  | { kind: 'noMutation' }
  | { kind: 'malformed'; mode: 'strict' | 'lenient' }
  | { kind: 'roundtrip'; partner: string; partnerExport: string; why: string }
  | { kind: 'idempotent' }
  | { kind: 'invariant'; expression: string };

/** Can a value of this type be mutated in place (so a mutation check can fail)? */
export function canMutate(model: TypeModel, defs: ModelDefinitions, seen = new Set<string>()): boolean {
  switch (model.kind) {
    case 'object':
    case 'array':
    case 'tuple':
    case 'map':
    case 'set':
    case 'date':
    case 'any':
    case 'unknown':
    case 'intersection':
      return true;
    case 'ref': {
      if (seen.has(model.name)) return false;
      seen.add(model.name);
      const def = defs[model.name];
      return def ? canMutate(def, defs, seen) : false;
    }
    case 'union':
      return model.members.some((m) => canMutate(m, defs, seen));
    case 'brand':
      return canMutate(model.base, defs, seen);
    default:
      return false;
  }
}

/**
 * Does the type have values outside it that the runtime can build? Not for `unknown`, `any`, `void`
 * (anything is accepted) — the same rule as the runtime's `canMalform`, seen through refs and brands.
 */
export function canBeMalformed(model: TypeModel, defs: ModelDefinitions = {}, seen = new Set<string>()): boolean {
  switch (model.kind) {
    case 'unknown':
    case 'any':
    case 'void':
    case 'never':
    case 'unsupported':
      return false;
    case 'brand':
      return canBeMalformed(model.base, defs, seen);
    case 'ref': {
      if (seen.has(model.name)) return true;
      seen.add(model.name);
      const def = defs[model.name];
      return def ? canBeMalformed(def, defs, seen) : false;
    }
    default:
      return true;
  }
}

export interface PropertyPlanInput {
  params: TypeModel[];
  defs: ModelDefinitions;
  nondeterministic: boolean;
  idempotent: boolean;
  invariants: string[];
  malformed: MalformedMode;
}

/** The standard properties in a fixed order; roundtrips are added by the caller. */
export function planProperties(input: PropertyPlanInput): PlannedProperty[] {
  const out: PlannedProperty[] = [{ kind: 'valid' }];
  if (!input.nondeterministic) out.push({ kind: 'deterministic' });
  if (input.params.some((p) => canMutate(p, input.defs))) out.push({ kind: 'noMutation' });
  if (input.malformed !== 'off' && input.params.some((p) => canBeMalformed(p, input.defs))) out.push({ kind: 'malformed', mode: input.malformed });
  if (input.idempotent && input.params.length >= 1) out.push({ kind: 'idempotent' });
  for (const expression of input.invariants) out.push({ kind: 'invariant', expression });
  return out;
}

/** The stable name of a property, used in the test title and in the seed. */
export function propertyKey(p: PlannedProperty): string {
  switch (p.kind) {
    case 'roundtrip':
      return `roundtrip:${p.partner}`;
    case 'invariant':
      return `invariant:${p.expression}`;
    case 'malformed':
      return `malformed:${p.mode}`;
    default:
      return p.kind;
  }
}

/** FNV-1a, 32 bit: a tiny stable hash, the same on every platform and Node version. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The pinned seed of one property of one function: derived from the source file, the function and
 * the property, so it never changes when other functions are added; `--seed` mixes in a base.
 */
export function seedFor(sourceFile: string, fnName: string, property: string, baseSeed?: number): number {
  const key = `${baseSeed === undefined ? '' : `${baseSeed}:`}${sourceFile}#${fnName}#${property}`;
  // fast-check seeds are 32-bit integers; keep them positive and readable
  return fnv1a(key) & 0x7fffffff;
}
