/** Every kind's spec, by kind and by tag. */
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

export function fieldSpecFor(kind: BlockKind): KindSpec {
  return FIELD_SPECS[kind];
}

export function keySpecFor(kind: BlockKind, key: string): KeySpec | undefined {
  return FIELD_SPECS[kind].keys.find((k) => k.key === key);
}

export type { KeySpec, KindSpec, ValueParser, ValueResult } from './spec';
