/** `@indexing` — why a table has the indexes it has. */
import type { KindSpec } from './spec';
import { parseListValue } from './values';

export const indexingSpec: KindSpec = {
  kind: 'indexing',
  tag: '@indexing',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the indexing decision in one line',
  headExample: 'Index orders by customer and by day',
  multilineHead: true,
  summary: 'Which indexes a table has, which queries they serve, and what they cost on writes.',
  generator: false,
  required: ['why'],
  keys: [
    { key: 'index', repeatable: true, description: 'one index: name and columns', example: 'idx_orders_customer (customer_id, created_at)' },
    { key: 'queries', repeatable: true, description: 'the queries the indexes serve, comma-separated', example: 'orders of a customer by date, daily totals', parse: parseListValue },
    { key: 'why', description: 'why these indexes (and not others)', example: 'the customer page filters by customer_id and sorts by created_at' },
    { key: 'tradeoffs', description: 'write and storage cost', example: 'each insert updates two b-trees' },
  ],
};
