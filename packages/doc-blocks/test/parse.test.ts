import { describe, expect, it } from 'vitest';
import { getLineageSpec, getRateLimitSpec, getThrowsSpec, parseDocComment, validateDoc } from '../src/index';
import type { Block, Position } from '../src/index';

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

const RATIONALE = `/**
 * @rationale Store money as INTEGER cents, not REAL
 *   why: SQLite REAL is binary floating point; summing a million rows drifts by whole cents.
 *   alternatives: TEXT decimals (slow to aggregate); REAL rounded on read
 *   tradeoffs: every reader divides by 100
 *   revisit: when we ingest 3-decimal currencies
 */`;

const LINEAGE = `/**
 * @lineage validate_orders
 *   in: file data/inbox/orders.csv
 *   out: sqlite main.staging_orders mode=append key=order_id
 *   out: sqlite main.rejected_rows
 *   column: staging_orders.amount_cents from orders.amount desc="round(amount*100)"
 */`;

const RATE_LIMIT = `/**
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
 */`;

/** The text at a position, to check that positions point where they claim. */
const at = (text: string, p: Position, len: number): string => text.slice(p.offset, p.offset + len);

/** Independently compute line/column of an offset (CRLF, CR, LF). */
function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: breaks.length + 1, column: offset - lastBreak - 1 };
}

function expectConsistent(text: string, p: Position): void {
  expect({ line: p.line, column: p.column }).toEqual(lineCol(text, p.offset));
}

describe('parseDocComment: DESIGN.md examples', () => {
  it('@rationale example: head, four fields with positions', () => {
    const doc = parseDocComment(RATIONALE);
    expect(doc.blocks).toHaveLength(1);
    const b = doc.blocks[0] as Block;
    expect(b.kind).toBe('rationale');
    expect(b.style).toBe('tag');
    expect(b.tag).toBe('@rationale');
    expect(b.head).toBe('Store money as INTEGER cents, not REAL');
    expect(b.fields.map((f) => f.key)).toEqual(['why', 'alternatives', 'tradeoffs', 'revisit']);
    expect(b.loc.start).toEqual({ offset: 7, line: 2, column: 3 });
    expect(at(RATIONALE, b.loc.start, 10)).toBe('@rationale');
    expect(at(RATIONALE, b.headLoc.start, 5)).toBe('Store');
    const why = b.fields[0];
    expect(why?.loc.start.line).toBe(3);
    expect(why?.loc.start.column).toBe(5);
    expect(at(RATIONALE, why!.valueLoc.start, 6)).toBe('SQLite');
    expect(RATIONALE.slice(why!.valueLoc.start.offset, why!.valueLoc.end.offset)).toBe(why?.value);
    expect(b.blockLoc.end.line).toBe(6);
  });

  it('@lineage example: datasets, attributes and column lineage', () => {
    const doc = parseDocComment(LINEAGE);
    const spec = getLineageSpec(doc.blocks[0] as Block);
    expect(spec).toEqual({
      job: 'validate_orders',
      inputs: [{ namespace: 'file', name: 'data/inbox/orders.csv', attrs: {} }],
      outputs: [
        { namespace: 'sqlite', name: 'main.staging_orders', attrs: { mode: 'append', key: 'order_id' } },
        { namespace: 'sqlite', name: 'main.rejected_rows', attrs: {} },
      ],
      columns: [
        {
          targetDataset: 'staging_orders',
          targetField: 'amount_cents',
          sources: [{ dataset: 'orders', field: 'amount' }],
          attrs: { desc: 'round(amount*100)' },
        },
      ],
    });
  });

  it('@rateLimit example: every field parses', () => {
    const doc = parseDocComment(RATE_LIMIT);
    const b = doc.blocks[0] as Block;
    expect(b.fields.every((f) => f.parsed !== undefined)).toBe(true);
    expect(getRateLimitSpec(b)).toEqual({
      api: 'anthropic.messages',
      limits: [
        { amount: 50, unit: 'req', windowMs: 60_000 },
        { amount: 40_000, unit: 'inputTokens', windowMs: 60_000 },
      ],
      concurrency: 4,
      retry: { retries: 3, on: ['408', '409', '429', '5xx', 'network'] },
      backoff: { strategy: 'exponential', initialMs: 500, factor: 2, maxMs: 8000, jitter: 'full' },
      retryAfter: { honor: true, maxMs: 60_000 },
      timeout: { attemptMs: 60_000, totalMs: 300_000 },
      idempotent: { idempotent: false, reason: 'upserted on order_id, so a retry cannot duplicate' },
      sdkRetries: 0,
      onExhausted: { action: 'deadLetter', attrs: { table: 'main.enrichment_failures' } },
    });
  });

  it('seed section style: 4 rationale blocks and a lineage block with 3 steps', () => {
    const doc = parseDocComment(SEED);
    expect(doc.description).toBe('Customer Data Aggregation Pipeline');
    const rationale = doc.blocks.filter((b) => b.kind === 'rationale');
    expect(rationale.length).toBeGreaterThanOrEqual(2);
    expect(rationale.map((b) => b.tag)).toEqual([
      'WHY THIS ARCHITECTURE:',
      'WHY THIS ARCHITECTURE:',
      'DESIGN DECISIONS:',
      'DESIGN DECISIONS:',
    ]);
    expect(rationale.every((b) => b.style === 'section')).toBe(true);
    expect(rationale[0]?.head).toBe('Chose Apache Spark for distributed processing because daily volume exceeds 10TB');
    expect(at(SEED, rationale[0]!.headLoc.start, 5)).toBe('Chose');
    expect(rationale[0]?.headLoc.start.line).toBe(5);
    const lineage = doc.blocks.filter((b) => b.kind === 'lineage');
    expect(lineage).toHaveLength(1);
    expect(lineage[0]?.steps?.map((s) => [s.from, s.to, s.note])).toEqual([
      ['Raw events', 'Kafka', 'for buffering and replay capability'],
      ['Kafka', 'Spark Streaming', 'for real-time aggregation'],
      ['Spark', 'Delta Lake', 'for ACID compliance and time travel'],
    ]);
    expect(lineage[0]?.steps?.[2]?.loc.start.line).toBe(15);
    const spec = getLineageSpec(lineage[0] as Block);
    expect(spec.inputs.map((d) => d.name)).toEqual(['Raw events']);
    expect(spec.outputs.map((d) => d.name)).toEqual(['Delta Lake']);
    expect(doc.problems).toEqual([]);
  });
});

describe('parseDocComment: named edge cases', () => {
  it('empty comment', () => {
    for (const text of ['', '/***/', '/** */', '/**\n */', '/**/']) {
      const doc = parseDocComment(text);
      expect(doc).toEqual({ description: '', blocks: [], otherTags: [], problems: [] });
    }
  });

  it('only a tag', () => {
    const doc = parseDocComment('/** @transform */');
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0]).toMatchObject({ kind: 'transform', head: '', fields: [] });
    expect(doc.blocks[0]?.loc.start).toEqual({ offset: 4, line: 1, column: 4 });
    expect(doc.blocks[0]?.headLoc.start.offset).toBe(14);
  });

  it('inner text without the comment delimiters', () => {
    const doc = parseDocComment('@rationale Keep it\n  why: because');
    expect(doc.blocks[0]?.fields[0]?.value).toBe('because');
    expect(doc.blocks[0]?.loc.start).toEqual({ offset: 0, line: 1, column: 0 });
  });

  it('CRLF and lone CR line ends give the same blocks and correct positions', () => {
    for (const eol of ['\r\n', '\r']) {
      const text = RATE_LIMIT.replace(/\n/g, eol);
      const doc = parseDocComment(text);
      const lf = parseDocComment(RATE_LIMIT);
      expect(doc.blocks[0]?.fields.map((f) => [f.key, f.value])).toEqual(lf.blocks[0]?.fields.map((f) => [f.key, f.value]));
      for (const f of doc.blocks[0]?.fields ?? []) {
        expectConsistent(text, f.loc.start);
        expectConsistent(text, f.valueLoc.end);
        expect(text.slice(f.valueLoc.start.offset, f.valueLoc.end.offset)).toBe(f.value);
        expect(f.loc.start.line).toBe(lf.blocks[0]?.fields.find((g) => g.key === f.key)?.loc.start.line);
      }
    }
  });

  it('tabs as indentation', () => {
    const text = '/**\n *\t@lineage load\n *\t\tin: file a.csv\n *\t\tout: sqlite main.t\n */';
    const doc = parseDocComment(text);
    expect(doc.blocks[0]?.fields.map((f) => f.key)).toEqual(['in', 'out']);
    expect(doc.blocks[0]?.fields[0]?.loc.start.column).toBe(4); // " *\t\t" = 4 UTF-16 units
  });

  it('unicode (astral characters count as two UTF-16 units)', () => {
    const text = '/**\n * @rationale 🚀 Größe wählen 日本語\n *   why: ünïcödé 🎉 matters\n */';
    const doc = parseDocComment(text);
    const b = doc.blocks[0] as Block;
    expect(b.head).toBe('🚀 Größe wählen 日本語');
    expect(b.fields[0]?.value).toBe('ünïcödé 🎉 matters');
    expect(text.slice(b.headLoc.start.offset, b.headLoc.end.offset)).toBe(b.head);
    expect(text.slice(b.fields[0]!.valueLoc.start.offset, b.fields[0]!.valueLoc.end.offset)).toBe('ünïcödé 🎉 matters');
  });

  it('`*/` inside the text (inner text) is kept as text', () => {
    const doc = parseDocComment('@rationale Match */ in globs like src/**/*.ts\n  why: the glob a/**/b is common');
    expect(doc.blocks[0]?.head).toBe('Match */ in globs like src/**/*.ts');
    expect(doc.blocks[0]?.fields[0]?.value).toBe('the glob a/**/b is common');
  });

  it('unterminated comment is a problem, not an exception', () => {
    const doc = parseDocComment('/**\n * @lineage x\n *   in: file a');
    expect(doc.blocks[0]?.fields[0]?.value).toBe('file a');
    expect(doc.problems.map((p) => p.code)).toEqual(['unterminated-comment']);
  });

  // No wall-clock assertion (machines are noisy); the per-test timeout catches a quadratic parser.
  it('10,000-line comment parses', () => {
    const lines = ['/**', ' * @rationale Big', ' *   why: start'];
    for (let i = 0; i < 10_000; i++) lines.push(` *     continuation line ${i} of the why text`);
    lines.push(' */');
    const text = lines.join('\n');
    const doc = parseDocComment(text);
    expect(doc.blocks[0]?.fields[0]?.value.endsWith('continuation line 9999 of the why text')).toBe(true);
    expect(doc.blocks[0]?.blockLoc.end.line).toBe(10_003);
  }, 10_000);

  it('fields out of order keep their written order', () => {
    const doc = parseDocComment('/**\n * @rateLimit x.y\n *   timeout: attempt=1s\n *   limit: 1 req/s\n *   retry: retries=0\n */');
    expect(doc.blocks[0]?.fields.map((f) => f.key)).toEqual(['timeout', 'limit', 'retry']);
    expect(getRateLimitSpec(doc.blocks[0] as Block).retry).toEqual({ retries: 0, on: [] });
  });

  it('duplicate fields are all kept (validateDoc reports them)', () => {
    const doc = parseDocComment('/**\n * @rateLimit x.y\n *   timeout: attempt=1s\n *   timeout: attempt=2s\n */');
    expect(doc.blocks[0]?.fields.map((f) => f.value)).toEqual(['attempt=1s', 'attempt=2s']);
    expect(getRateLimitSpec(doc.blocks[0] as Block).timeout).toEqual({ attemptMs: 1000 });
  });

  it('a tag in the middle of prose', () => {
    const text = '/**\n * Loads orders from the inbox.\n * See the @lineage notes below.\n * @lineage load_orders\n *   in: file a.csv\n *\n * Trailing prose is not part of the block.\n * @param path where\n */';
    const doc = parseDocComment(text);
    expect(doc.description).toBe('Loads orders from the inbox.\nSee the @lineage notes below.');
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0]?.fields).toHaveLength(1);
    expect(doc.blocks[0]?.blockLoc.end.line).toBe(5);
    expect(doc.otherTags.map((t) => [t.tag, t.text])).toEqual([['@param', 'path where']]);
  });

  it('other tags end a block and keep their text', () => {
    const doc = parseDocComment('/**\n * @rationale A thing\n *   why: b\n * @returns the count\n *   of rows\n * @throws {RangeError} when n is negative\n */');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['rationale', 'throws']);
    expect(doc.otherTags).toEqual([expect.objectContaining({ tag: '@returns', text: 'the count\n  of rows' })]);
    expect(getThrowsSpec(doc.blocks[1] as Block)).toEqual({ errorName: 'RangeError', when: 'n is negative' });
  });

  it('continuation lines join the previous value; an unindented line continues a rationale head', () => {
    const text = '/**\n * @rationale One plain model shared by the plugin\n * and the generator\n *   why: both must agree\n *     on what a block means.\n */';
    const b = parseDocComment(text).blocks[0] as Block;
    expect(b.head).toBe('One plain model shared by the plugin and the generator');
    expect(b.fields[0]?.value).toBe('both must agree on what a block means.');
    expect(b.fields[0]?.valueLoc.end.line).toBe(5);
  });

  it('a deeper-indented `key:` line is a new field, not a continuation', () => {
    const b = parseDocComment('/**\n * @rateLimit a.b\n *   retry: retries=1 on=429\n *       timeout: attempt=1s\n *     and more\n */').blocks[0] as Block;
    expect(b.fields.map((f) => [f.key, f.value])).toEqual([
      ['retry', 'retries=1 on=429'],
      ['timeout', 'attempt=1s and more'],
    ]);
  });

  it('tag case mistakes are read as the tag and reported', () => {
    const doc = parseDocComment('/** @ratelimit x.y */');
    expect(doc.blocks[0]?.kind).toBe('rateLimit');
    expect(doc.problems[0]?.code).toBe('tag-case');
  });

  it('a DATA FLOW step without an arrow is a problem', () => {
    const doc = parseDocComment('/**\n * DATA FLOW:\n * 1. Raw events then Kafka\n * 2. Kafka -> Spark\n */');
    expect(doc.blocks[0]?.steps).toHaveLength(1);
    expect(doc.problems.map((p) => [p.code, p.loc.start.line])).toEqual([['bad-flow-step', 3]]);
  });

  it('tags inside a fenced code block in prose are not tags', () => {
    const doc = parseDocComment('/**\n * Example:\n * ```ts\n * @rationale not a tag\n * ```\n */');
    expect(doc.blocks).toEqual([]);
  });
});

describe('parseDocComment + validateDoc: pathological long lines stay linear', () => {
  const N = 50_000;
  const cases: Record<string, string> = {
    'spaces inside a flow step': `/**\n * DATA FLOW:\n * 1. a${' '.repeat(N)}b → c\n */`,
    'unbalanced parentheses in a step': `/**\n * DATA FLOW:\n * 1. a → b ${'( '.repeat(N)}\n */`,
    'many angle brackets': `/**\n * @rationale x\n *   why: ${' <a'.repeat(N)}\n */`,
    'many dots': `/**\n * @rationale ${'. '.repeat(N)}\n */`,
    'a long compound duration': `/**\n * @rateLimit a.b\n *   timeout: attempt=${'1s'.repeat(N)}x\n */`,
    'tabs and spaces': `/**\n * @rationale a${' \t'.repeat(N)}b\n */`,
    'unbalanced quotes': `/**\n * @lineage j\n *   in: file a ${'"'.repeat(N)}\n */`,
    'many column sources': `/**\n * @lineage j\n *   column: a from ${'b, '.repeat(N)}\n */`,
    'many backticks': `/**\n * @rationale x\n *   why: ${'`a '.repeat(N)}\n */`,
  };
  // A quadratic scan over 50,000 repeats takes minutes; linear takes milliseconds. The per-test timeout
  // tells them apart without asserting wall-clock numbers.
  it.each(Object.entries(cases))('%s', (_name, text) => {
    const doc = parseDocComment(text);
    expect(() => validateDoc(doc)).not.toThrow();
  }, 10_000);
});
