/** `@rateLimit` — throttling, retries and timeouts of an external API, and `getRateLimitSpec`. */
import type {
  BackoffSpec,
  Block,
  IdempotentSpec,
  OnExhaustedSpec,
  Rate,
  RetryAfterSpec,
  RetrySpec,
  TimeoutSpec,
} from '../types';
import type { KindSpec } from './spec';
import {
  JOB_NAME_RE,
  integerParser,
  parseBackoffValue,
  parseIdempotentValue,
  parseOnExhaustedValue,
  parseRatesValue,
  parseRetryAfterValue,
  parseRetryValue,
  parseTimeoutValue,
} from './values';

export const rateLimitSpec: KindSpec = {
  kind: 'rateLimit',
  tag: '@rateLimit',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the API, as `service.endpoint` (letters, digits, `_ . -`)',
  headExample: 'anthropic.messages',
  multilineHead: false,
  checkHead: (head) =>
    JOB_NAME_RE.test(head)
      ? undefined
      : { code: 'bad-api-name', message: `\`${head}\` is not an API name: use letters, digits, \`_\`, \`.\` and \`-\`, e.g. \`openai.chat\`` },
  summary: 'How calls to an external API are throttled, retried, timed out and given up on.',
  generator: false,
  required: ['limit', 'retry', 'timeout'],
  keys: [
    { key: 'limit', description: 'comma-separated rates `N unit/window`', example: '50 req/min, 40000 inputTokens/min', parse: parseRatesValue },
    { key: 'concurrency', description: 'the most calls in flight at once', example: '4', parse: integerParser(1, 'concurrency: 4') },
    { key: 'retry', description: '`retries=N` after the first try, `on=` the statuses that are retried', example: 'retries=3 on=408,429,5xx,network', parse: parseRetryValue },
    { key: 'backoff', description: 'delay between retries', example: 'exponential initial=500ms factor=2 max=8s jitter=full', parse: parseBackoffValue },
    { key: 'retryAfter', description: 'whether a `Retry-After` header is honoured, and its cap', example: 'honor max=60s', parse: parseRetryAfterValue },
    { key: 'timeout', description: 'per attempt and overall', example: 'attempt=30s total=2m', parse: parseTimeoutValue },
    { key: 'idempotent', description: 'whether a retried call is safe, and why', example: 'no reason="upserted on order_id, so a retry cannot duplicate"', parse: parseIdempotentValue },
    { key: 'sdkRetries', description: "the SDK's own retries (set 0 when this block's retry policy is used instead)", example: '0', parse: integerParser(0, 'sdkRetries: 0') },
    { key: 'onExhausted', description: 'what happens when retries run out', example: 'deadLetter table=main.enrichment_failures', parse: parseOnExhaustedValue },
  ],
};

export interface RateLimitSpec {
  api: string;
  limits: Rate[];
  concurrency?: number;
  retry?: RetrySpec;
  backoff?: BackoffSpec;
  retryAfter?: RetryAfterSpec;
  timeout?: TimeoutSpec;
  idempotent?: IdempotentSpec;
  sdkRetries?: number;
  onExhausted?: OnExhaustedSpec;
}

/** The typed view of a `@rateLimit` block: every field that parsed (the first one when repeated). */
export function getRateLimitSpec(block: Block): RateLimitSpec {
  const spec: RateLimitSpec = { api: block.head, limits: [] };
  const done = new Set<string>();
  for (const f of block.fields) {
    const p = f.parsed;
    if (!p || done.has(f.key)) continue;
    done.add(f.key);
    if (f.key === 'limit' && p.kind === 'rates') spec.limits = p.value;
    else if (f.key === 'concurrency' && p.kind === 'integer') spec.concurrency = p.value;
    else if (f.key === 'sdkRetries' && p.kind === 'integer') spec.sdkRetries = p.value;
    else if (p.kind === 'retry') spec.retry = p.value;
    else if (p.kind === 'backoff') spec.backoff = p.value;
    else if (p.kind === 'retryAfter') spec.retryAfter = p.value;
    else if (p.kind === 'timeout') spec.timeout = p.value;
    else if (p.kind === 'idempotent') spec.idempotent = p.value;
    else if (p.kind === 'onExhausted') spec.onExhausted = p.value;
  }
  return spec;
}
