import { describe, expect, it } from 'vitest';
import { isPlaceholder, parseDocComment, validateDoc } from '../src/index';
import type { Diagnostic, ValidateOptions } from '../src/index';

const codes = (text: string, options?: ValidateOptions): string[] => validateDoc(parseDocComment(text), options).map((d) => d.code);
const diags = (text: string, options?: ValidateOptions): Diagnostic[] => validateDoc(parseDocComment(text), options);
const c = (...lines: string[]): string => ['/**', ...lines.map((l) => ` * ${l}`), ' */'].join('\n');

describe('validateDoc', () => {
  it('DESIGN.md examples are clean', () => {
    expect(
      codes(c('@rationale Store money as INTEGER cents, not REAL', '  why: SQLite REAL is binary floating point; sums drift.', '  alternatives: TEXT decimals', '  tradeoffs: readers divide by 100', '  revisit: 3-decimal currencies')),
    ).toEqual([]);
    expect(
      codes(c('@lineage validate_orders', '  in: file data/inbox/orders.csv', '  out: sqlite main.staging_orders mode=append key=order_id', '  column: staging_orders.amount_cents from orders.amount desc="round(amount*100)"')),
    ).toEqual([]);
    expect(
      codes(
        c(
          '@rateLimit anthropic.messages',
          '  limit: 50 req/min, 40000 inputTokens/min',
          '  concurrency: 4',
          '  retry: retries=3 on=408,409,429,5xx,network',
          '  backoff: exponential initial=500ms factor=2 max=8s jitter=full',
          '  retryAfter: honor max=60s',
          '  timeout: attempt=60s total=5m',
          '  idempotent: no reason="upserted on order_id, so a retry cannot duplicate"',
          '  sdkRetries: 0',
          '  onExhausted: deadLetter table=main.enrichment_failures',
        ),
      ),
    ).toEqual([]);
  });

  it('the seed section style passes', () => {
    const seed = c(
      'Customer Data Aggregation Pipeline',
      '',
      'WHY THIS ARCHITECTURE:',
      '- Chose Apache Spark for distributed processing because daily volume exceeds 10TB',
      '- Implemented CDC (Change Data Capture) to minimize data movement costs',
      '',
      'DESIGN DECISIONS:',
      '- Partitioned by date + customer_region for optimal query performance',
      '- Added checkpointing every 1000 records to enable fast failure recovery',
      '',
      'DATA FLOW:',
      '1. Raw events → Kafka (for buffering and replay capability)',
      '2. Kafka → Spark Streaming (for real-time aggregation)',
      '3. Spark → Delta Lake (for ACID compliance and time travel)',
    );
    expect(codes(seed)).toEqual([]);
  });

  it('missing head', () => {
    const d = diags(c('@lineage', '  in: file a.csv'));
    expect(d.map((x) => x.code)).toEqual(['missing-head']);
    expect(d[0]?.message).toContain('@lineage validate_orders');
    expect(d[0]?.loc.start.line).toBe(2);
  });

  it('missing required rateLimit fields say what to write', () => {
    const d = diags(c('@rateLimit openai.chat', '  limit: 10 req/s'));
    expect(d.map((x) => [x.code, x.key])).toEqual([
      ['missing-field', 'retry'],
      ['missing-field', 'timeout'],
    ]);
    expect(d[1]?.message).toContain('add an indented line `timeout: attempt=30s total=2m`');
    expect(codes(c('@rateLimit openai.chat', '  limit: 10 req/s'), { rateLimitRequired: ['limit'] })).toEqual([]);
  });

  it('unknown key with did-you-mean', () => {
    const d = diags(c('@rationale Short head', '  whyy: because it is'));
    const unknown = d.find((x) => x.code === 'unknown-key');
    expect(unknown?.suggestion).toBe('why');
    expect(unknown?.message).toContain('did you mean `why:`');
    expect(unknown?.severity).toBe('warning');
    expect(unknown?.loc.start.line).toBe(3);
    // the misspelt why does not count as a why
    expect(d.map((x) => x.code)).toContain('rationale-too-short');
    expect(diags(c('@rateLimit a.b', '  retires: retries=1 on=429', '  limit: 1 req/s', '  timeout: 1s')).find((x) => x.code === 'unknown-key')?.suggestion).toBe('retry');
    expect(diags(c('@rateLimit a.b', '  zzzzzzzz: 1'))[0]?.suggestion).toBeUndefined();
  });

  it('duplicate non-repeatable field; repeatable `out:` is fine', () => {
    const d = diags(c('@rateLimit a.b', '  limit: 1 req/s', '  retry: retries=0', '  timeout: 1s', '  timeout: 2s'));
    expect(d.map((x) => x.code)).toEqual(['duplicate-field']);
    expect(d[0]?.message).toContain('first on line 5');
    expect(d[0]?.loc.start.line).toBe(6);
    expect(codes(c('@lineage j', '  out: sqlite a', '  out: sqlite b'))).toEqual([]);
  });

  it('placeholders never count', () => {
    for (const value of ['TODO', 'TBD', '...', '…', '<fill in>', 'xxx', 'fill in', 'describe why']) {
      const d = diags(c('@rationale Use a queue', `  why: ${value}`));
      expect(d.map((x) => x.code), value).toEqual(['placeholder', 'rationale-too-short']);
    }
    expect(codes(c('@rationale TODO'))).toEqual(['placeholder']);
    expect(codes(c('@rationale Use a queue', '  why: see ticket ABC'), { placeholderPhrases: ['see ticket'] })).toContain('placeholder');
  });

  it('rationale head shorter than minWords without why', () => {
    expect(codes(c('@rationale Use SQLite'))).toEqual(['rationale-too-short']);
    expect(codes(c('@rationale Use SQLite because the whole dataset fits on one disk'))).toEqual([]);
    expect(codes(c('@rationale Use SQLite'), { minWords: 2 })).toEqual([]);
  });

  it.each([
    ['timeout: attempt=30 total=2m', 'bad-duration'],
    ['timeout: soon', 'bad-duration'],
    ['limit: 50 requests/min', 'bad-unit'],
    ['limit: 50 req/fortnight', 'bad-window'],
    ['limit: fifty req/min', 'bad-rate'],
    ['retry: retries=3 on=429,banana', 'bad-status-list'],
    ['retry: retries=three', 'bad-retries'],
    ['retry: on=429', 'bad-retries'],
    ['retry: retries=2', 'retry-without-on'],
    ['backoff: exponentially', 'bad-backoff'],
    ['backoff: exponential initial=fast', 'bad-duration'],
    ['retryAfter: maybe', 'bad-retry-after'],
    ['idempotent: perhaps', 'bad-idempotent'],
    ['concurrency: 0', 'bad-integer'],
    ['sdkRetries: -1', 'bad-integer'],
  ])('malformed rateLimit value `%s` → %s', (line, code) => {
    const fields = ['limit: 1 req/s', 'retry: retries=0', 'timeout: 1s'].filter((f) => f.split(':')[0] !== line.split(':')[0]);
    const d = diags(c('@rateLimit api.x', ...[...fields, line].map((l) => `  ${l}`)));
    expect(d.map((x) => x.code)).toEqual([code]);
    expect(d[0]?.key).toBe(line.split(':')[0]);
    expect(d[0]?.message).toMatch(/write|add|use/);
  });

  it.each([
    ['in: file', 'bad-dataset'],
    ['in: 9bad name', 'bad-dataset'],
    ['out: sqlite main.t mode', 'bad-dataset'],
    ['column: a.b', 'bad-column'],
    ['column: a.b from', 'bad-column'],
  ])('malformed lineage value `%s` → %s', (line, code) => {
    expect(codes(c('@lineage job', '  in: file a.csv', `  ${line}`))).toEqual([code]);
  });

  it('column datasets must be datasets of the block', () => {
    const base = ['@lineage j', '  in: file data/inbox/orders.csv', '  out: sqlite main.staging_orders'];
    const on = { checkColumnDatasets: true };
    expect(codes(c(...base, '  column: staging_orders.a from orders.b'), on)).toEqual([]);
    expect(codes(c(...base, '  column: a from b'), on)).toEqual([]);
    expect(codes(c(...base, '  column: staging.a from customers.b, orders.c'))).toEqual([]); // opt-in
    const d = diags(c(...base, '  column: staging.a from customers.b, orders.c'), on);
    expect(d.map((x) => x.code)).toEqual(['unknown-column-dataset', 'unknown-column-dataset']);
    expect(d[0]?.message).toContain('`staging`');
    expect(d[1]?.message).toContain('`customers.b`');
  });

  it('job names and API names', () => {
    expect(codes(c('@lineage load orders', '  in: file a'))).toEqual(['bad-job-name']);
    expect(codes(c('@lineage load-orders.v2_x', '  in: file a'))).toEqual([]);
    expect(codes(c('@rateLimit open ai', '  limit: 1 req/s', '  retry: retries=0', '  timeout: 1s'))).toEqual(['bad-api-name']);
  });

  it('lineage without datasets', () => {
    expect(codes(c('@lineage job'))).toEqual(['missing-dataset']);
    expect(codes(c('DATA FLOW:', 'nothing here'))).toEqual(['missing-dataset']);
  });

  it('namespace aliases', () => {
    expect(codes(c('@lineage j', '  in: $warehouse orders'), { namespaceAliases: { sqlite: 'sqlite:///x.db' } })).toEqual(['unknown-namespace']);
    expect(codes(c('@lineage j', '  in: $warehouse orders'), { namespaceAliases: { warehouse: 'postgres://w' } })).toEqual([]);
  });

  it('generator tags', () => {
    expect(codes(c('@transform', '@idempotent', '@nondeterministic uses Date.now', '@edgeTests off', '@roundtrip parseOrder', '@throws {RangeError} when n < 0', '@invariant output.length <= input.length'))).toEqual([]);
    expect(codes(c('@edgeTests please'))).toEqual(['bad-edge-tests']);
    expect(codes(c('@roundtrip parse order'))).toEqual(['bad-roundtrip']);
    expect(codes(c('@throws {RangeError}'))).toEqual(['bad-throws']);
    expect(codes(c('@invariant'))).toEqual(['missing-head']);
    expect(codes(c('@invariant [...output].every((x) => x >= 0)'))).toEqual([]);
  });

  it('schema blocks', () => {
    expect(codes(c('@retention Raw events are kept for a while', '  keep: 90d', '  basis: contract'))).toEqual([]);
    expect(codes(c('@retention Raw events are kept for a while'))).toEqual(['missing-field']);
    expect(codes(c('@retention Raw events', '  keep: ninety days'))).toEqual(['bad-duration']);
    expect(codes(c('@retention Rows live as long as the demo database file', '  keep: until the .data folder is deleted'))).toEqual([]);
    expect(codes(c('@retention Orders are kept for seven years', '  keep: 7d after the order is closed'))).toEqual([]);
    expect(codes(c('@retention Kept forever for audit', '  keep: forever'))).toEqual([]);
    expect(codes(c('@indexing Index orders by customer', '  index: idx_orders_customer (customer_id)', '  why: the customer page'))).toEqual([]);
    expect(codes(c('@constraints FK to customers', '  fk: orders.customer_id to customers.id'))).toEqual(['missing-field']);
    expect(codes(c('@normalization Copy email', '  why: export reads orders without a join'))).toEqual([]);
  });

  it('a misspelt pipeguard tag is reported with a suggestion; standard tags are not', () => {
    const d = diags(c('@rationle Use a queue because bursts exceed the API rate', '@lineag job', '@param x the input', '@returns y', '@internal', '@example', '  foo()'));
    expect(d.map((x) => [x.code, x.loc.start.line])).toEqual([
      ['unknown-tag', 2],
      ['unknown-tag', 3],
    ]);
    expect(parseDocComment(c('@rationle x')).problems.map((p) => p.code)).toEqual(['unknown-tag']);
    expect(d[0]?.message).toContain('did you mean `@rationale`');
  });

  it('options.kinds limits validation', () => {
    expect(codes(c('@lineage', '@rationale x'), { kinds: ['rationale'] })).toEqual(['rationale-too-short']);
  });

  it('parse problems are diagnostics', () => {
    expect(codes('/** @ratelimit a.b')).toEqual(['unterminated-comment', 'tag-case', 'missing-field', 'missing-field', 'missing-field']);
  });

  it('never throws on a hand-broken doc', () => {
    const doc = parseDocComment(c('@rateLimit a.b'));
    (doc.blocks[0] as { fields: unknown }).fields = [{ key: 'limit', value: null, loc: null, valueLoc: null }];
    expect(() => validateDoc(doc)).not.toThrow();
    expect(validateDoc(doc).some((d) => d.code === 'internal-error')).toBe(true);
  });
});

describe('isPlaceholder', () => {
  it.each(['TODO', 'todo: write this', 'TBD', 'FIXME', '...', '…', '<fill in>', '<api>', 'xxx', 'XXXX', 'fill in', 'Describe why', 'n/a', '-'])('%s is a placeholder', (t) => {
    expect(isPlaceholder(t)).toBe(true);
  });
  it.each([
    '',
    'todos are tracked in Linear',
    'a < b and c > d',
    'SQLite REAL drifts',
    'x...y',
    '3 boxes',
    'mapped types (Readonly<T>, Record<K, V>) need the checker',
    'markers in code spans like `TODO`, `...` and `<fill in>` are quotations',
    'rejects `ON CONFLICT … DO UPDATE`',
  ])('%s is not a placeholder', (t) => {
    expect(isPlaceholder(t)).toBe(false);
  });
  it('code mode skips angle brackets and spreads', () => {
    expect(isPlaceholder('[ ... output]', { code: true })).toBe(false);
    expect(isPlaceholder('a<b> c', { code: true })).toBe(false);
  });
});
