/** `@constraints` — why a table has its foreign keys, unique and check constraints. */
import type { KindSpec } from './spec';

export const constraintsSpec: KindSpec = {
  kind: 'constraints',
  tag: '@constraints',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the integrity rule in one line',
  headExample: 'Every order belongs to a known customer and has a unique order_id',
  multilineHead: true,
  summary: 'Which integrity rules the database enforces (foreign keys, unique, check) and why there.',
  generator: false,
  required: ['why'],
  keys: [
    { key: 'fk', repeatable: true, description: 'a foreign key and its delete behaviour', example: 'orders.customer_id to customers.id on delete restrict' },
    { key: 'unique', repeatable: true, description: 'a unique constraint', example: 'orders.order_id' },
    { key: 'check', repeatable: true, description: 'a check constraint', example: 'amount_cents >= 0' },
    { key: 'enforcedBy', description: '`db`, `app` or `both`', example: 'db' },
    { key: 'why', description: 'why the rule is enforced (and enforced here)', example: 'rejected rows must fail loudly at insert, not in reports' },
  ],
};
