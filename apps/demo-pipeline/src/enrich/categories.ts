/** The categories every enrichment provider answers with. */
export const CATEGORIES = ['electronics', 'books', 'clothing', 'home', 'grocery', 'toys', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Type guard for provider answers. */
export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
