import rule from '../../src/rules/valid-doc-blocks';
import { createRuleTester } from '../rule-tester';

const ruleTester = createRuleTester();

const SEED = `/**
 * Customer Data Aggregation Pipeline
 *
 * WHY THIS ARCHITECTURE:
 * - Chose Apache Spark for distributed processing because daily volume exceeds 10TB
 * - Implemented CDC (Change Data Capture) to minimize data movement costs
 *
 * DESIGN DECISIONS:
 * - Partitioned by date + customer_region for optimal query performance
 * - Added checkpointing every 1000 records to enable fast failure recovery
 *
 * DATA FLOW:
 * 1. Raw events → Kafka (for buffering and replay capability)
 * 2. Kafka → Spark Streaming (for real-time aggregation)
 * 3. Spark → Delta Lake (for ACID compliance and time travel)
 */`;

ruleTester.run('valid-doc-blocks', rule, {
  valid: [
    {
      name: 'DESIGN.md @rationale example',
      code: `/**
 * @rationale Store money as INTEGER cents, not REAL
 *   why: SQLite REAL is binary floating point; summing a million rows drifts by whole cents.
 *   alternatives: TEXT decimals (slow to aggregate); REAL rounded on read
 *   tradeoffs: every reader divides by 100
 *   revisit: when we ingest 3-decimal currencies
 */
export const CENTS = 100;`,
    },
    {
      name: 'DESIGN.md @lineage example',
      code: `/**
 * @lineage validate_orders
 *   in: file data/inbox/orders.csv
 *   out: sqlite main.staging_orders mode=append key=order_id
 *   out: sqlite main.rejected_rows
 *   column: staging_orders.amount_cents from orders.amount desc="round(amount*100)"
 */
export function validateOrders() {}`,
    },
    {
      name: 'DESIGN.md @rateLimit example',
      code: `/**
 * @rateLimit anthropic.messages
 *   limit: 50 req/min, 40000 inputTokens/min
 *   concurrency: 4
 *   retry: retries=3 on=408,409,429,5xx,network
 *   backoff: exponential initial=500ms factor=2 max=8s jitter=full
 *   retryAfter: honor max=60s
 *   timeout: attempt=60s total=5m
 *   idempotent: no reason="upserted on order_id, so a retry cannot duplicate"
 *   sdkRetries: 0
 *   onExhausted: deadLetter table=main.enrichment_failures
 */
export async function enrich() {}`,
    },
    { name: 'seed-style Customer Data Aggregation block', code: `${SEED}\nexport {};` },
    { name: 'an empty doc comment has nothing to check', code: '/** */\nexport const x = 1;' },
    { name: 'ordinary JSDoc without pipeguard tags', code: '/**\n * Adds numbers.\n * @param a first\n * @returns the sum\n */\nexport function add(a: number) { return a; }' },
    { name: 'line and block comments are not doc comments', code: '// @rateLimit x\n/* @lineage */\nexport {};' },
    {
      name: 'rateLimitRequired narrows the required fields',
      code: `/**
 * @rateLimit partner.api
 *   limit: 10 req/s
 */
export {};`,
      options: [{ rateLimitRequired: ['limit'] }],
    },
    {
      name: 'minWords: a short head is enough when minWords is lowered',
      code: '/**\n * @rationale Use cents everywhere\n */\nexport {};',
      options: [{ minWords: 3 }],
    },
    {
      name: 'a namespace alias from settings is a valid namespace',
      code: '/**\n * @lineage load\n *   out: $warehouse analytics.orders\n */\nexport function load() {}',
      settings: { pipeguard: { namespaceAliases: { $warehouse: 'postgres://wh:5432' } } },
    },
  ],
  invalid: [
    {
      name: 'unknown key: reported on the key, with a rename suggestion',
      code: `/**
 * @rateLimit openai.chat
 *   limit: 50 req/min
 *   retyr: retries=2 on=429
 *   timeout: attempt=30s
 */
export async function ask() {}`,
      errors: [
        { messageId: 'invalidBlock', line: 2, column: 4, data: { code: 'missing-field', message: '`@rateLimit openai.chat` has no `retry:`: add an indented line `retry: retries=3 on=408,429,5xx,network`' }, suggestions: [] },
        {
          messageId: 'invalidBlock',
          line: 4,
          column: 6,
          data: {
            code: 'unknown-key',
            message: 'Unknown key `retyr:` in `@rateLimit openai.chat`; did you mean `retry:`? Known keys: limit, concurrency, retry, backoff, retryAfter, timeout, idempotent, sdkRetries, onExhausted.',
          },
          suggestions: [
            {
              messageId: 'renameKey',
              data: { key: 'retyr', suggestion: 'retry' },
              output: `/**
 * @rateLimit openai.chat
 *   limit: 50 req/min
 *   retry: retries=2 on=429
 *   timeout: attempt=30s
 */
export async function ask() {}`,
            },
          ],
        },
      ],
    },
    {
      name: 'placeholders left in a suggested template are reported on their lines',
      code: `/**
 * @rateLimit fetch
 *   limit: TODO req/min from your plan or the provider dashboard
 *   retry: retries=0
 *   timeout: TODO fetch has no timeout by default
 */
export async function load() {}`,
      errors: [
        { messageId: 'invalidBlock', line: 3, column: 13, suggestions: [] },
        { messageId: 'invalidBlock', line: 5, column: 15, suggestions: [] },
      ],
    },
    {
      name: 'rationale head too short without why',
      code: '/**\n * @rationale Short head\n */\nexport {};',
      errors: [{ messageId: 'invalidBlock', line: 2, column: 15, suggestions: [] }],
    },
    {
      name: 'a block on the wrong node is still validated (every block anywhere)',
      code: 'const x = 1;\n/**\n * @lineage load\n *   out: TODO\n */\nexport { x };',
      errors: [{ messageId: 'invalidBlock', line: 4, suggestions: [] }],
    },
    {
      name: 'CRLF line endings: positions stay exact',
      code: '/**\r\n * @rateLimit api\r\n *   limit: 5 req/min\r\n *   retry: retries=0\r\n *   timeout: soon\r\n */\r\nexport {};\r\n',
      errors: [{ messageId: 'invalidBlock', line: 5, column: 15, suggestions: [] }],
    },
    {
      name: 'tabs and unicode before the block keep columns in UTF-16 units',
      code: 'export class Ünïcode {\n\t/**\n\t * Café ☕ stage\n\t * @rationale Short 🚀\n\t */\n\trun() {}\n}',
      errors: [{ messageId: 'invalidBlock', line: 4, suggestions: [] }],
    },
    {
      name: 'TSX file',
      code: '/**\n * @rationale Tiny\n */\nexport const App = () => <div>ok</div>;',
      filename: 'app.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [{ messageId: 'invalidBlock', line: 2, suggestions: [] }],
    },
  ],
});
