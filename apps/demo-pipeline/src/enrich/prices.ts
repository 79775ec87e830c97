/**
 * @rationale A versioned price table in code, and the version stored with every cost
 *   why: providers change prices; a cost in `api_usage` is only meaningful with the table it was
 *     computed from, and a stored version lets a report recompute old rows.
 *   alternatives: fetching prices at run time (no official price API); no cost (the issue asks for it)
 *   tradeoffs: unknown models get no cost (NULL) and a warning, never a guess
 *   revisit: when a provider changes prices: add a new version, keep the old one
 */

/** USD per one million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput: number;
}

export const PRICE_TABLE_VERSION = '2025-06-01';

/** Public list prices on PRICE_TABLE_VERSION (openai.com/api/pricing, anthropic.com/pricing). */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08 },
  'claude-3-7-sonnet': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-opus-4': { input: 15, output: 75, cachedInput: 1.5 },
};

/** The price of a model: exact name, else the longest table key the name starts with (dated snapshots). */
export function priceFor(model: string): ModelPrice | undefined {
  const exact = PRICES[model];
  if (exact) return exact;
  const key = Object.keys(PRICES)
    .filter((k) => model.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : PRICES[key];
}

/**
 * Cost in USD; `inputTokens` includes `cachedTokens` (OpenTelemetry GenAI convention).
 * `undefined` when the model is not in the table.
 */
export function costUsd(model: string, inputTokens: number, outputTokens: number, cachedTokens: number): number | undefined {
  const price = priceFor(model);
  if (!price) return undefined;
  const uncached = Math.max(0, inputTokens - cachedTokens);
  return (uncached * price.input + cachedTokens * price.cachedInput + outputTokens * price.output) / 1_000_000;
}
