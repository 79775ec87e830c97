/** `@normalization` — why a column duplicates data held elsewhere, and how it is kept in sync. */
import type { KindSpec } from './spec';

export const normalizationSpec: KindSpec = {
  kind: 'normalization',
  tag: '@normalization',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the normal form or the denormalisation, in one line',
  headExample: 'orders.customer_email is copied from customers.email',
  multilineHead: true,
  summary: 'Where a table departs from normal form (duplicated columns), why, and how copies stay in sync.',
  generator: false,
  required: ['why'],
  keys: [
    { key: 'form', description: 'the normal form (`3NF`, `denormalized`, `star`)', example: 'denormalized' },
    { key: 'duplicates', repeatable: true, description: 'a duplicated column and its source', example: 'orders.customer_email from customers.email' },
    { key: 'sync', description: 'how the copy is kept consistent', example: 'rewritten by the nightly customer_sync job' },
    { key: 'why', description: 'why the data is duplicated', example: 'the export reads orders without a join' },
  ],
};
