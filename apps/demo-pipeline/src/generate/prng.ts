/**
 * @rationale A tiny seeded PRNG (mulberry32) instead of Math.random or a library
 *   why: `generate --seed S` must write byte-identical files on every machine and Node version, and
 *     the generator draws millions of numbers, so the generator must be fast and fully specified.
 *   alternatives: Math.random (not seedable); fast-check's random (a test dependency at runtime)
 *   tradeoffs: 32-bit state, plenty for sample data, not for cryptography
 */

/** A deterministic random source. */
export interface Random {
  /** float in [0, 1) */
  next(): number;
  /** integer in [min, max] */
  int(min: number, max: number): number;
  /** one element of a non-empty list */
  pick<T>(items: readonly T[]): T;
  /** true with the given probability */
  chance(probability: number): boolean;
}

/** mulberry32 seeded with a 32-bit integer. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick: empty list');
      return item;
    },
    chance: (probability) => next() < probability,
  };
}
