/**
 * Deterministic pseudo-random numbers for the corpus generators.
 *
 * @rationale A 20-line seeded PRNG instead of Math.random or a library
 *   why: every generated corpus must be byte-identical for the same seed on every machine, so two
 *     benchmark runs (or two commits) lint and generate exactly the same files.
 *   alternatives: fast-check's pure-rand (an indirect dependency we would import by a private path);
 *     seedrandom (one more dependency for the same 10 lines)
 *   tradeoffs: mulberry32 is not cryptographic and has a 2^32 period, far more than we draw
 */

/** mulberry32: small, fast, well-distributed 32-bit generator. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** A stable 32-bit FNV-1a hash of a string, used to order files deterministically. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
