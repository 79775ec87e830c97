/**
 * Building blocks of the generated lint corpus: pipeline-shaped TypeScript sections.
 *
 * @rationale Compose files from a handful of realistic section templates picked by a seeded RNG
 *   why: the lint benchmark must exercise every detection path of the plugin (external API calls,
 *     SQL strings, drizzle tables, kysely queries, fs streams, transforms, stage classes) and both
 *     documented and undocumented code, in proportions close to a real pipeline repository, while
 *     staying byte-identical for a given seed.
 *   alternatives: copy a real pipeline repository (licence and size not under our control; nothing
 *     pipeline-shaped is installed here); one fixed file repeated 2,000 times (caches would flatter us)
 *   tradeoffs: the code is plausible rather than runnable; it only needs to parse and type-check
 */
import type { Rng } from '../rng';

/** How a section is documented. `bad` = a pipeguard block with mistakes (placeholders, missing fields). */
export type DocStyle = 'pipeguard' | 'jsdoc' | 'none' | 'bad';

export interface Section {
  imports: string[];
  body: string;
}

export interface SectionContext {
  rng: Rng;
  /** unique suffix for names in this file (`_17_3`) */
  id: string;
  domain: string;
  doc: DocStyle;
}

export const DOMAINS = [
  'orders',
  'customers',
  'events',
  'invoices',
  'payments',
  'shipments',
  'products',
  'sessions',
  'refunds',
  'inventory',
  'clicks',
  'subscriptions',
] as const;

const FIELDS = ['id', 'customer_id', 'amount_cents', 'currency', 'status', 'created_at', 'region', 'sku', 'quantity', 'email'];

function pascal(name: string): string {
  return name
    .split(/[_\s-]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function jsdoc(lines: string[], params: string[] = [], returns?: string): string {
  const out = ['/**', ...lines.map((l) => ` * ${l}`)];
  for (const p of params) out.push(` * @param ${p} - the ${p} to process`);
  if (returns) out.push(` * @returns ${returns}`);
  out.push(' */');
  return out.join('\n');
}

function rateLimitBlock(ctx: SectionContext, api: string, params: string[]): string {
  if (ctx.doc === 'none') return '';
  if (ctx.doc === 'jsdoc') return jsdoc([`Calls ${api} for ${ctx.domain}.`], params, 'the API response');
  if (ctx.doc === 'bad') {
    return ['/**', ` * @rateLimit ${api}`, ' *   limit: TODO', ' *   retrys: 3', ' */'].join('\n');
  }
  const rpm = ctx.rng.pick([30, 50, 60, 120, 600]);
  return [
    '/**',
    ` * @rateLimit ${api}`,
    ` *   limit: ${rpm} req/min`,
    ` *   concurrency: ${ctx.rng.int(1, 8)}`,
    ' *   retry: retries=3 on=408,429,5xx,network',
    ' *   backoff: exponential initial=500ms factor=2 max=8s jitter=full',
    ' *   timeout: attempt=30s total=2m',
    ' *   sdkRetries: 0',
    ' */',
  ].join('\n');
}

function lineageBlock(ctx: SectionContext, job: string, inputs: string[], outputs: string[], params: string[]): string {
  if (ctx.doc === 'none') return '';
  if (ctx.doc === 'jsdoc') return jsdoc([`Moves ${ctx.domain} rows.`], params, 'nothing');
  if (ctx.doc === 'bad') return ['/**', ` * @lineage ${job}`, ' *   inn: sqlite main.xxx', ' */'].join('\n');
  return [
    '/**',
    ` * @lineage ${job}`,
    ...inputs.map((i) => ` *   in: ${i}`),
    ...outputs.map((o) => ` *   out: ${o}`),
    ' */',
  ].join('\n');
}

function rationaleBlock(ctx: SectionContext, head: string, extra: string[] = []): string {
  if (ctx.doc === 'none') return '';
  if (ctx.doc === 'jsdoc') return jsdoc([head + '.']);
  if (ctx.doc === 'bad') return ['/**', ' * @rationale TBD', ' */'].join('\n');
  return [
    '/**',
    ` * @rationale ${head}`,
    ` *   why: ${ctx.domain} volume grows about ${ctx.rng.int(2, 40)}% a month and readers need stable keys`,
    ' *   alternatives: a document store (no joins); one wide table (slow updates)',
    ...extra.map((e) => ` * ${e}`),
    ' */',
  ].join('\n');
}

/** A call to an external HTTP or AI API (openai, anthropic, axios, absolute fetch, relative fetch). */
export function apiSection(ctx: SectionContext): Section {
  const { rng, id, domain } = ctx;
  const kind = rng.pick(['openai', 'anthropic', 'axios', 'fetch', 'fetchRelative', 'openaiMethod'] as const);
  const fn = `enrich${pascal(domain)}${id}`;
  switch (kind) {
    case 'openai':
      return {
        imports: ["import OpenAI from 'openai';"],
        body: `${rateLimitBlock(ctx, 'openai.chat', ['text'])}
export async function ${fn}(text: string): Promise<string> {
  const client = new OpenAI({ maxRetries: ${rng.int(0, 3)}, timeout: ${rng.int(10, 60)}_000 });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`Classify this ${domain} record: \${text}\` }],
  });
  return completion.choices[0]?.message.content ?? 'unknown';
}`,
      };
    case 'anthropic':
      return {
        imports: ["import Anthropic from '@anthropic-ai/sdk';"],
        body: `const anthropic${id} = new Anthropic({ maxRetries: 0 });

${rateLimitBlock(ctx, 'anthropic.messages', ['prompt'])}
export async function ${fn}(prompt: string): Promise<number> {
  const message = await anthropic${id}.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: ${rng.pick([64, 256, 1024])},
    messages: [{ role: 'user', content: prompt }],
  });
  return message.usage.output_tokens;
}`,
      };
    case 'axios':
      return {
        imports: ["import axios from 'axios';"],
        body: `${rateLimitBlock(ctx, `${domain}.api`, ['page'])}
export async function ${fn}(page: number): Promise<unknown[]> {
  const response = await axios.get<unknown[]>('https://api.example.com/v${rng.int(1, 3)}/${domain}', {
    params: { page, limit: ${rng.pick([50, 100, 500])} },
    timeout: ${rng.int(1, 30)}_000,
  });
  return response.data;
}`,
      };
    case 'fetch':
      return {
        imports: [],
        body: `${rateLimitBlock(ctx, `${domain}.webhook`, ['payload'])}
export async function ${fn}(payload: Record<string, unknown>): Promise<number> {
  const res = await fetch('https://hooks.example.com/${domain}/${id}', {
    method: 'POST',
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(${rng.int(2, 20)}_000),
  });
  return res.status;
}`,
      };
    case 'fetchRelative':
      return {
        imports: [],
        body: `/** Same-origin call: no rate-limit block is needed. */
export async function ${fn}(): Promise<unknown> {
  const res = await fetch('/api/${domain}/summary');
  return res.json();
}`,
      };
    case 'openaiMethod':
      return {
        imports: ["import OpenAI from 'openai';"],
        body: `export class ${pascal(domain)}Classifier${id} {
  private readonly client = new OpenAI({ maxRetries: 0 });

  ${rateLimitBlock(ctx, 'openai.embeddings', ['input']).split('\n').join('\n  ')}
  async embed(input: string[]): Promise<number[][]> {
    const result = await this.client.embeddings.create({ model: 'text-embedding-3-small', input });
    return result.data.map((d) => d.embedding);
  }
}`,
      };
  }
}

/** better-sqlite3 statements built from SQL strings. */
export function sqlSection(ctx: SectionContext): Section {
  const { rng, id, domain } = ctx;
  const fields = FIELDS.slice(0, rng.int(3, FIELDS.length));
  const table = `${domain}_${rng.pick(['staging', 'clean', 'daily', 'raw'])}`;
  const fn = `load${pascal(domain)}${id}`;
  const source = `${domain}_raw`;
  return {
    imports: ["import type { Database } from 'better-sqlite3';"],
    body: `${lineageBlock(ctx, `load_${domain}${id}`, [`sqlite main.${source}`], [`sqlite main.${table} mode=append`], ['db', 'since'])}
export function ${fn}(db: Database, since: string): number {
  const rows = db.prepare('SELECT ${fields.join(', ')} FROM ${source} WHERE created_at > ?').all(since) as Record<string, unknown>[];
  const insert = db.prepare(
    'INSERT INTO ${table} (${fields.join(', ')}) VALUES (${fields.map(() => '?').join(', ')}) ON CONFLICT(id) DO NOTHING',
  );
  const tx = db.transaction((batch: Record<string, unknown>[]) => {
    for (const row of batch) insert.run(${fields.map((f) => `row['${f}']`).join(', ')});
  });
  tx(rows);
  return rows.length;
}`,
  };
}

/** A drizzle table definition with indexes and constraints. */
export function drizzleSection(ctx: SectionContext): Section {
  const { rng, id, domain } = ctx;
  const name = `${domain}${id}`;
  const withIndex = rng.chance(0.6);
  const withFk = rng.chance(0.4);
  const extra: string[] = [];
  if (ctx.doc === 'pipeguard' && withIndex) extra.push(`@indexing ${domain}_created_idx on created_at`, `  why: daily reports scan by date`);
  if (ctx.doc === 'pipeguard' && withFk) extra.push(`@constraints customer_id references customers.id`, `  why: orphans break billing`);
  return {
    imports: ["import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';"],
    body: `${rationaleBlock(ctx, `Keep ${domain} in one narrow table keyed by id`, extra)}
export const ${name} = sqliteTable(
  '${domain}_${id.replace(/^_/, '')}',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')${withFk ? ".references(() => customers.id)" : ''}.notNull(),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: ['new', 'paid', 'void'] }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
  },${withIndex ? `\n  (t) => [index('${domain}${id}_created_idx').on(t.createdAt)],` : ''}
);`,
  };
}

/** kysely query builder reads and writes. */
export function kyselySection(ctx: SectionContext): Section {
  const { rng, id, domain } = ctx;
  const fn = `sync${pascal(domain)}${id}`;
  const target = `${domain}_summary`;
  return {
    imports: ["import type { Kysely } from 'kysely';"],
    body: `${lineageBlock(ctx, `sync_${domain}${id}`, [`sqlite main.${domain}`], [`sqlite main.${target}`], ['db'])}
export async function ${fn}(db: Kysely<Record<string, Record<string, unknown>>>): Promise<number> {
  const rows = await db.selectFrom('${domain}').selectAll().where('status', '=', '${rng.pick(['paid', 'new', 'void'])}').execute();
  if (rows.length === 0) return 0;
  await db.insertInto('${target}').values(rows.map((r) => ({ ...r, synced_at: Date.now() }))).execute();
  return rows.length;
}`,
  };
}

/** A CREATE TABLE / CREATE INDEX migration in a template literal. */
export function migrationSection(ctx: SectionContext): Section {
  const { rng, id, domain } = ctx;
  const table = `${domain}_v${rng.int(1, 9)}`;
  const extra: string[] = [];
  if (ctx.doc === 'pipeguard') extra.push(`@indexing ${table}_region_idx on region`, '  why: reports group by region', `@constraints unique id, check amount_cents >= 0`, '  why: refunds are separate rows');
  return {
    imports: [],
    body: `${rationaleBlock(ctx, `Store ${domain} money as INTEGER cents`, extra)}
export const migration${id} = \`
  CREATE TABLE IF NOT EXISTS ${table} (
    id TEXT PRIMARY KEY,
    region TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ${table}_region_idx ON ${table} (region);
\`;`,
  };
}

/** A pure exported transform over a record type. */
export function transformSection(ctx: SectionContext): Section {
  const { rng, id, domain } = ctx;
  const type = `${pascal(domain)}Row${id}`;
  const fn = rng.pick(['normalize', 'clean', 'toCents', 'dedupe', 'bucket']) + pascal(domain) + id;
  const doc =
    ctx.doc === 'none'
      ? ''
      : ctx.doc === 'jsdoc'
        ? jsdoc([`Normalises a ${domain} row.`], ['row'], 'the normalised row')
        : ctx.doc === 'bad'
          ? '/**\n * @lineage\n *   out: ...\n */'
          : `/**\n * @lineage ${fn.toLowerCase()}\n *   in: memory ${domain}_rows\n *   out: memory ${domain}_clean\n *   column: ${domain}_clean.amount_cents from ${domain}_rows.amount\n * @invariant output.amountCents >= 0\n */`;
  return {
    imports: [],
    body: `export interface ${type} {
  id: string;
  amount: string | number;
  currency?: string;
  createdAt: string;
  tags: readonly string[];
}

${doc}
export function ${fn}(row: ${type}): { id: string; amountCents: number; currency: string; createdAt: string } {
  const raw = typeof row.amount === 'number' ? row.amount : Number(row.amount.replace(/,/g, ''));
  const amountCents = Number.isFinite(raw) ? Math.max(0, Math.round(raw * 100)) : 0;
  const date = new Date(row.createdAt);
  return {
    id: row.id.trim(),
    amountCents,
    currency: (row.currency ?? '${rng.pick(['EUR', 'USD', 'GBP'])}').toUpperCase(),
    createdAt: Number.isNaN(date.getTime()) ? '1970-01-01T00:00:00.000Z' : date.toISOString(),
  };
}`,
  };
}

/** fs streams: reading an inbox file and writing an export. */
export function fsSection(ctx: SectionContext): Section {
  const { id, domain } = ctx;
  const fn = `export${pascal(domain)}${id}`;
  return {
    imports: ["import { createReadStream, createWriteStream } from 'node:fs';", "import { pipeline } from 'node:stream/promises';"],
    body: `${lineageBlock(ctx, `export_${domain}${id}`, [`file data/inbox/${domain}.csv`], [`file data/out/${domain}.csv`], [])}
export async function ${fn}(): Promise<void> {
  await pipeline(createReadStream('data/inbox/${domain}.csv'), createWriteStream('data/out/${domain}.csv'));
}`,
  };
}

/** A class implementing a pipeline stage. */
export function stageSection(ctx: SectionContext): Section {
  const { rng, id, domain } = ctx;
  const name = `${pascal(domain)}Stage${id}`;
  return {
    imports: [],
    body: `interface Stage${id}<I, O> {
  readonly name: string;
  run(input: I[]): Promise<O[]>;
}

${rationaleBlock(ctx, `Batch ${domain} in groups of ${rng.pick([100, 500, 1000])} to bound memory`)}
export class ${name} implements Stage${id}<Record<string, unknown>, Record<string, unknown>> {
  readonly name = '${domain}-stage';
  private seen = new Set<string>();

  async run(input: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (const record of input) {
      const key = String(record['id'] ?? '');
      if (key === '' || this.seen.has(key)) continue;
      this.seen.add(key);
      out.push({ ...record, stage: this.name });
    }
    return Promise.resolve(out);
  }
}`,
  };
}

/** A plain utility (the code around the pipeline that needs no doc block). */
export function utilSection(ctx: SectionContext): Section {
  const { rng, id } = ctx;
  return {
    imports: [],
    body: `const LIMIT${id} = ${rng.int(10, 10_000)};

export function chunk${id}<T>(items: readonly T[], size = LIMIT${id}): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function parseBool${id}(value: string | undefined): boolean {
  switch ((value ?? '').trim().toLowerCase()) {
    case '1':
    case 'true':
    case 'yes':
      return true;
    default:
      return false;
  }
}`,
  };
}

/** A module-level header block in one of the accepted styles, or none. */
export function moduleHeader(ctx: SectionContext, title: string): string {
  const { rng, domain } = ctx;
  switch (ctx.doc) {
    case 'none':
      return '';
    case 'jsdoc':
      return `/**\n * @file ${title}\n * @module ${domain}\n */\n`;
    case 'bad':
      return `/**\n * ${title}\n *\n * @rationale ...\n */\n`;
    case 'pipeguard':
      return rng.chance(0.5)
        ? `/**\n * ${title}\n *\n * @rationale Process ${domain} in one streaming pass\n *   why: files reach ${rng.int(1, 50)} GB; holding them in memory fails\n *   alternatives: load then transform in SQL (two passes)\n */\n`
        : `/**\n * ${title}\n *\n * WHY THIS ARCHITECTURE:\n * - Chose SQLite because the ${domain} volume fits one machine\n * - Streams rows so memory stays flat\n *\n * DATA FLOW:\n * 1. ${domain}.csv → validate (reject malformed rows)\n * 2. validate → ${domain}_clean (SQLite)\n */\n`;
  }
}

export const SECTION_KINDS = {
  api: apiSection,
  sql: sqlSection,
  drizzle: drizzleSection,
  kysely: kyselySection,
  migration: migrationSection,
  transform: transformSection,
  fs: fsSection,
  stage: stageSection,
  util: utilSection,
} as const;

export type SectionKind = keyof typeof SECTION_KINDS;
