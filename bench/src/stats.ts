/** Small statistics helpers: medians over repeated runs, never means (one slow outlier would skew them). */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Ratio that is null (not NaN/Infinity) when it cannot be computed; JSON has no NaN. */
export function ratio(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return null;
  return round(numerator / denominator, 3);
}

/**
 * `numerators[i] / denominators[i]` for each index both lists have: the ratio of two runs made next to
 * each other (same round, same minute), so the spread of these ratios shows how much one ratio moves on
 * this machine, which the ratio of two medians hides. Pairs that cannot be divided are left out.
 */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(numerators.length, denominators.length); i++) {
    const r = ratio(numerators[i] as number, denominators[i] as number);
    if (r !== null) out.push(r);
  }
  return out;
}

/** `low–high (n pairs)` of paired ratios for the terminal and the docs; `n/a` for none. */
export function formatSpread(values: readonly number[]): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  const low = (sorted[0] as number).toFixed(3);
  const high = (sorted[sorted.length - 1] as number).toFixed(3);
  return `${low === high ? low : `${low}–${high}`} (${values.length} ${values.length === 1 ? 'pair' : 'pairs'})`;
}

/** `, all above 1.1`, `, all at or below 1.1` or `, on both sides of 1.1`: where paired ratios fall against a ≤ goal. */
export function aboveOrBelow(values: readonly number[], goal: number): string {
  if (values.length === 0) return '';
  if (values.every((v) => v > goal)) return `, all above ${goal}`;
  if (values.every((v) => v <= goal)) return `, all at or below ${goal}`;
  return `, on both sides of ${goal}`;
}
