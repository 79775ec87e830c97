/**
 * What an enrichment provider is: orders in, one category per order out.
 *
 * @rationale One narrow interface for the offline rules and the AI providers
 *   why: the loader must not care where a category came from; it stores the category and its source
 *     (`rules`, `openai:gpt-4o-mini`, `rules-fallback`), so a run with an API outage still loads every
 *     order and says which ones were classified offline.
 *   alternatives: an SDK-shaped interface (would leak chat/message types into the pipeline)
 *   tradeoffs: batching many orders into one request is the provider's choice, not the pipeline's
 */
import type { Category } from './categories';

export interface EnrichItem {
  id: string;
  product: string;
}

export interface EnrichResult {
  category: Category;
  /** `rules`, `<provider>:<model>`, or `rules-fallback` when the API gave no usable answer */
  source: string;
}

export interface EnrichmentProvider {
  readonly name: string;
  readonly model: string;
  /**
   * true when `categorize` does no I/O and costs nothing (the rules): the loader may then keep a
   * transaction open across it. Otherwise (the default) the loader commits before every call, so a
   * crash never throws away answers that were paid for or the usage rows that account for them.
   */
  readonly offline?: boolean;
  /** one result per item id; never rejects for an API failure (falls back and says so) */
  categorize(items: readonly EnrichItem[]): Promise<Map<string, EnrichResult>>;
}

export type ProviderName = 'rules' | 'openai' | 'anthropic';
export const PROVIDER_NAMES: readonly ProviderName[] = ['rules', 'openai', 'anthropic'];
