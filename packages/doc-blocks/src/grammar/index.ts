/** Every kind's spec, by kind and by tag. */
import { closest, distance } from 'fastest-levenshtein';
import type { BlockKind } from '../types';
import { constraintsSpec } from './constraints';
import {
  edgeTestsSpec,
  idempotentSpec,
  invariantSpec,
  nondeterministicSpec,
  roundtripSpec,
  throwsSpec,
  transformSpec,
} from './generator';
import { indexingSpec } from './indexing';
import { lineageSpec } from './lineage';
import { normalizationSpec } from './normalization';
import { rateLimitSpec } from './rateLimit';
import { rationaleSpec } from './rationale';
import { retentionSpec } from './retention';
import type { KeySpec, KindSpec } from './spec';

export const FIELD_SPECS: Readonly<Record<BlockKind, KindSpec>> = {
  rationale: rationaleSpec,
  lineage: lineageSpec,
  rateLimit: rateLimitSpec,
  indexing: indexingSpec,
  constraints: constraintsSpec,
  normalization: normalizationSpec,
  retention: retentionSpec,
  invariant: invariantSpec,
  transform: transformSpec,
  idempotent: idempotentSpec,
  roundtrip: roundtripSpec,
  throws: throwsSpec,
  nondeterministic: nondeterministicSpec,
  edgeTests: edgeTestsSpec,
};

/** Every block kind, in documentation order. */
export const BLOCK_KINDS: readonly BlockKind[] = Object.keys(FIELD_SPECS) as BlockKind[];

/** `rateLimit` → `@rateLimit`. */
export const TAG_FOR_KIND: Readonly<Record<BlockKind, string>> = Object.fromEntries(
  BLOCK_KINDS.map((k) => [k, FIELD_SPECS[k].tag]),
) as Record<BlockKind, string>;

const KIND_BY_TAG = new Map<string, BlockKind>(BLOCK_KINDS.map((k) => [FIELD_SPECS[k].tag, k]));
const KIND_BY_LOWER_TAG = new Map<string, BlockKind>(BLOCK_KINDS.map((k) => [FIELD_SPECS[k].tag.toLowerCase(), k]));

/** `@rateLimit` → `rateLimit`; undefined for tags that are not pipeguard's. */
export function kindForTag(tag: string): BlockKind | undefined {
  return KIND_BY_TAG.get(tag);
}

/** A tag that differs from a pipeguard tag only in letter case (`@ratelimit`). */
export function kindForTagIgnoringCase(tag: string): BlockKind | undefined {
  return KIND_BY_LOWER_TAG.get(tag.toLowerCase());
}

/** Standard TSDoc / JSDoc / TypeDoc tags: never reported as misspelt pipeguard tags. */
const STANDARD_TAGS = new Set(
  (
    'alpha beta deprecated decorator defaultValue default eventProperty example experimental inheritDoc internal label link ' +
    'override packageDocumentation param privateRemarks public readonly remarks returns return sealed see throws typeParam ' +
    'virtual author category module property prop template type typedef callback since version license abstract access async ' +
    'augments extends class constant const constructs enum event exports external file fires function func generator global ' +
    'hideconstructor ignore implements inner instance interface kind lends listens member memberof mixes mixin name namespace ' +
    'private protected requires static summary this todo tutorial variation yields group hidden document import'
  )
    .split(' ')
    .map((t) => `@${t.toLowerCase()}`),
);

/** The pipeguard tag a non-standard tag is probably a misspelling of (within 2 edits), if any. */
export function misspeltTag(tag: string): string | undefined {
  const lower = tag.toLowerCase();
  if (STANDARD_TAGS.has(lower)) return undefined;
  const tags = BLOCK_KINDS.map((k) => FIELD_SPECS[k].tag);
  const best = closest(lower, tags.map((t) => t.toLowerCase()));
  if (distance(lower, best) > 2) return undefined;
  return tags.find((t) => t.toLowerCase() === best);
}

export function fieldSpecFor(kind: BlockKind): KindSpec {
  return FIELD_SPECS[kind];
}

export function keySpecFor(kind: BlockKind, key: string): KeySpec | undefined {
  return FIELD_SPECS[kind].keys.find((k) => k.key === key);
}

export type { KeySpec, KindSpec, ValueParser, ValueResult } from './spec';
