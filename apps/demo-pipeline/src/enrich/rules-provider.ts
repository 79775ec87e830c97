/**
 * @rationale The default provider runs the pure keyword rules in-process
 *   why: no key, no network, deterministic: `pnpm demo` and the crash test need all three.
 *   tradeoffs: no api_usage rows are written, because no API is called
 */
import { categorizeByRules } from './categorize';
import type { EnrichItem, EnrichResult, EnrichmentProvider } from './provider';

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

  categorize(items: readonly EnrichItem[]): Promise<Map<string, EnrichResult>> {
    return Promise.resolve(new Map(items.map((item) => [item.id, { category: categorizeByRules(item.product), source: 'rules' }])));
  }
}
