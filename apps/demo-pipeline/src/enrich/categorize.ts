/**
 * The offline `rules` enrichment: a product name → one of a fixed set of categories.
 *
 * @rationale Keep an offline keyword classifier as the default provider
 *   why: `pnpm demo` and CI must run with no API key and no network; the AI providers answer with the
 *     same category set, so switching providers changes accuracy, not the schema.
 *   alternatives: a local model (a download far bigger than the demo); no default (the demo would need a key)
 *   tradeoffs: keyword rules miss what they have no word for; those land in `other`
 */

import type { Category } from './categories';

const KEYWORDS: readonly (readonly [Category, readonly string[]])[] = [
  ['electronics', ['phone', 'laptop', 'cable', 'charger', 'headphone', 'monitor', 'keyboard', 'mouse', 'camera', 'usb']],
  ['books', ['book', 'novel', 'guide', 'handbook', 'manual', 'atlas', 'poems']],
  ['clothing', ['shirt', 'jacket', 'sock', 'shoe', 'dress', 'hat', 'scarf', 'jeans', 'sweater']],
  ['home', ['lamp', 'chair', 'table', 'mug', 'pillow', 'towel', 'candle', 'vase', 'pan']],
  ['grocery', ['coffee', 'tea', 'rice', 'olive', 'chocolate', 'pasta', 'honey', 'flour']],
  ['toys', ['puzzle', 'lego', 'doll', 'kite', 'yo-yo', 'toy', 'board game']],
];

/**
 * The first category whose keyword appears in the product name (case-insensitive), else `other`.
 *
 * @lineage transform_categorize_rules
 *   in: file orders.csv
 *   out: sqlite main.orders
 *   column: orders.category from orders.product desc="keyword rules"
 * @invariant typeof output === 'string' && output === output.toLowerCase()
 */
export function categorizeByRules(product: string): Category {
  if (typeof product !== 'string') return 'other';
  const text = product.toLowerCase();
  for (const [category, words] of KEYWORDS) {
    if (words.some((word) => text.includes(word))) return category;
  }
  return 'other';
}
