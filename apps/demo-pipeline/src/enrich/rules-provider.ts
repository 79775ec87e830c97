/**
 * @rationale The default provider runs the pure keyword rules in-process
 *   why: no key, no network, deterministic: `pnpm demo` and the crash test need all three.
 *   tradeoffs: no api_usage rows are written, because no API is called
 */
import type { Category } from './categories';
import { categorizeByRules } from './categorize';
import type { EnrichItem, EnrichResult, EnrichmentProvider } from './provider';

/** Distinct product names remembered; past this the memo starts over (memory stays flat). */
const MAX_CACHED_PRODUCTS = 50_000;

/**
 * @lineage enrich_rules
 *   in: file orders.csv
 *   out: sqlite main.orders
 *   column: orders.category from orders.product desc="keyword rules"
 */
export class RulesProvider implements EnrichmentProvider {
  readonly name = 'rules';
  readonly model = 'keyword-rules-v1';
  readonly offline = true;

  /** one shared result per category (results are read, never changed): no object per order */
  private readonly results = new Map<string, EnrichResult>();

  /** product name → category: catalogues repeat product names, and the rules are a pure function */
  private readonly byProduct = new Map<string, Category>();

  categorize(items: readonly EnrichItem[]): Promise<Map<string, EnrichResult>> {
    const out = new Map<string, EnrichResult>();
    for (const item of items) {
      let category = this.byProduct.get(item.product);
      if (category === undefined) {
        category = categorizeByRules(item.product);
        if (this.byProduct.size >= MAX_CACHED_PRODUCTS) this.byProduct.clear();
        this.byProduct.set(item.product, category);
      }
      let result = this.results.get(category);
      if (!result) {
        result = Object.freeze({ category, source: 'rules' });
        this.results.set(category, result);
      }
      out.set(item.id, result);
    }
    return Promise.resolve(out);
  }
}
