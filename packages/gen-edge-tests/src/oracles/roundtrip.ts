/**
 * Finds roundtrip pairs: `b(a(x))` should give back `x`.
 *
 * @rationale Pair by names and by types, and require the types to fit either way
 *   why: name pairs (`serializeOrder`/`parseOrder`, `toCents`/`fromCents`) say which side is the
 *     encoder; type pairs (`A → B` beside `B → A` in one module) find inverses nobody named
 *     consistently. Checking assignability with the checker keeps `toString`/`fromEntries`-style
 *     coincidences out, and same-type pairs (`number → number`) are never paired by type alone.
 *   alternatives: names only, like Hypothesis's ghostwriter (misses type pairs, pairs unrelated
 *     functions that share a prefix)
 *   tradeoffs: a type pair has no natural direction; the structured side is taken as the encoder
 *     (`parse(serialize(order))`), because `serialize(parse(text))` rarely holds for arbitrary text
 */
import type * as ts from 'typescript';
import { typescript } from '../typescript';

export interface RoundtripCandidate {
  /** the key the caller uses to identify the function (its display name) */
  name: string;
  /** single-parameter functions only take part in automatic pairing */
  param: ts.Type | undefined;
  paramCount: number;
  /** the awaited return type */
  returns: ts.Type;
  /** `@roundtrip other` names */
  declared: string[];
  source: string;
}

export interface RoundtripPair {
  /** encoder: called with the generated input */
  a: string;
  /** decoder: called with the encoder's result */
  b: string;
  why: string;
}

export interface RoundtripResult {
  pairs: RoundtripPair[];
  warnings: string[];
}

/** encoder prefix → decoder prefix */
const NAME_PAIRS: [string, string][] = [
  ['stringify', 'parse'],
  ['serialize', 'deserialize'],
  ['serialize', 'parse'],
  ['format', 'parse'],
  ['encode', 'decode'],
  ['to', 'from'],
  ['compress', 'decompress'],
  ['encrypt', 'decrypt'],
  ['escape', 'unescape'],
  ['pack', 'unpack'],
  ['marshal', 'unmarshal'],
  ['dump', 'load'],
];

function splitPrefix(name: string, prefix: string): string | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  // `toCents` / `encode` / `encode_v2`, but not `total` or `formation`
  if (rest === '' || /^[A-Z_$0-9]/.test(rest)) return rest;
  return undefined;
}

function isTextual(type: ts.Type): boolean {
  return (type.flags & (typescript.TypeFlags.StringLike)) !== 0;
}

export function findRoundtrips(checker: ts.TypeChecker, candidates: readonly RoundtripCandidate[]): RoundtripResult {
  const byName = new Map(candidates.map((c) => [c.name, c]));
  const pairs: RoundtripPair[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (a: string, b: string, why: string): void => {
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push({ a, b, why });
  };
  const fits = (a: RoundtripCandidate, b: RoundtripCandidate): boolean =>
    a.paramCount === 1 && b.paramCount >= 1 && b.param !== undefined && checker.isTypeAssignableTo(a.returns, b.param);

  // 1. declared with @roundtrip
  for (const c of candidates) {
    for (const other of c.declared) {
      const partner = byName.get(other);
      if (!partner) {
        warnings.push(`${c.source} ${c.name}: @roundtrip names \`${other}\`, which is not an exported function found in the scanned files; export it or fix the name.`);
        continue;
      }
      add(c.name, partner.name, `@roundtrip ${other}`);
    }
  }
  // 2. by names
  for (const a of candidates) {
    for (const [enc, dec] of NAME_PAIRS) {
      const rest = splitPrefix(a.name, enc);
      if (rest === undefined) continue;
      const b = byName.get(`${dec}${rest}`);
      if (b && b !== a && fits(a, b) && b.param && a.param && checker.isTypeAssignableTo(b.returns, a.param)) {
        add(a.name, b.name, `names ${enc}/${dec}`);
      }
    }
  }
  // 3. by types: A → B beside B → A, A and B different, one partner only
  const single = candidates.filter((c) => c.paramCount === 1 && c.param !== undefined);
  const same = (x: ts.Type, y: ts.Type): boolean => checker.isTypeAssignableTo(x, y) && checker.isTypeAssignableTo(y, x);
  for (let i = 0; i < single.length; i++) {
    const a = single[i];
    const aParam = a?.param;
    if (!a || !aParam) continue;
    if (same(aParam, a.returns)) continue;
    const partnersOf = (x: RoundtripCandidate, xParam: ts.Type): RoundtripCandidate[] =>
      single.filter((y) => y !== x && y.param !== undefined && same(y.param, x.returns) && same(y.returns, xParam));
    const partners = partnersOf(a, aParam);
    if (partners.length !== 1) continue;
    const b = partners[0];
    // unambiguous both ways: `b` must have `a` as its only partner too
    if (!b?.param || partnersOf(b, b.param).length !== 1) continue;
    if (seen.has(`${b.name}\u0000${a.name}`) || seen.has(`${a.name}\u0000${b.name}`)) continue;
    // the structured side encodes: parse(serialize(order)), not serialize(parse(text))
    const aEncodes = isTextual(aParam) === isTextual(b.param) ? candidates.indexOf(a) < candidates.indexOf(b) : !isTextual(aParam);
    if (aEncodes) add(a.name, b.name, 'types A → B beside B → A');
    else add(b.name, a.name, 'types A → B beside B → A');
  }
  return { pairs, warnings };
}
