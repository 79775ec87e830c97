/**
 * Deterministic sample data: `generate --rows N --seed S` → orders.csv + events.jsonl.
 *
 * @rationale Stream generated rows to disk in chunks, with ugly rows at a controlled rate
 *   why: benchmarks need millions of rows without holding them in memory, and the crash test compares
 *     two runs over byte-identical input, so the output depends only on rows, seed and uglyRate.
 *   alternatives: faker (large, locale data, not byte-stable across versions); fixed files (no scale)
 *   tradeoffs: the data is plausible, not realistic; distributions are uniform
 *
 * @lineage generate_sample
 *   out: file orders.csv
 *   out: file events.jsonl
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRandom, type Random } from './prng';

export interface GenerateOptions {
  /** order rows to write (events default to the same count) */
  rows: number;
  seed: number;
  outDir: string;
  /** click events to write; default = rows */
  events?: number;
  /** share of rows that carry one deliberate problem, 0–1; default 0.05 */
  uglyRate?: number;
  /** end both files with a truncated line (no newline, cut mid-record); default true */
  truncateLast?: boolean;
}

export interface GenerateResult {
  ordersPath: string;
  eventsPath: string;
  orderRows: number;
  eventRows: number;
  /** how many rows of each ugly kind were written */
  ugly: Record<string, number>;
}

const FIRST = ['Ada', 'Grace', 'Linus', 'Zoë', 'José', 'Ngozi', 'Søren', '李', 'Amélie', 'Đorđe', 'Priya', 'Ólafur', 'Chloé', 'Mateo'];
const LAST = ['Lovelace', 'Hopper', 'Ångström', 'Nakamura', 'Okafor', 'Müller', '小龙', 'Dvořák', 'García', "O'Brien", 'Kowalski'];
const PRODUCTS = [
  'USB-C cable', 'Laptop stand', 'Noise cancelling headphones', 'Paperback novel', 'Travel guide', 'Wool sweater',
  'Running shoe', 'Desk lamp', 'Ceramic mug', 'Ethiopian coffee', 'Green tea', 'Jigsaw puzzle', 'Kite', 'Gift card',
  'Phone charger', 'Scented candle', 'Olive oil', 'Denim jeans', 'Board game "Ticket"',
];
const CURRENCIES = ['EUR', 'USD', 'GBP'];
const EVENT_TYPES = ['click', 'view', 'add_to_cart'];
const BASE_MS = Date.UTC(2024, 2, 1);
const CHUNK_ROWS = 2000;
const THOUSANDS = new Intl.NumberFormat('en-US', { useGrouping: true, maximumFractionDigits: 0 });

const ORDER_UGLY = [
  'empty_name', 'null_amount', 'wrong_type_amount', 'bad_date', 'empty_date', 'duplicate_id', 'too_many_decimals',
  'short_row', 'bad_currency', 'nfd_name',
] as const;
const EVENT_UGLY = ['bad_ts', 'missing_user', 'wrong_type_user', 'bad_type', 'duplicate_id', 'invalid_json', 'epoch_ts'] as const;

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function amountText(random: Random): string {
  const cents = random.int(1, 250_000);
  const whole = Math.floor(cents / 100);
  const text = `${THOUSANDS.format(whole)}.${String(cents % 100).padStart(2, '0')}`;
  return whole >= 1000 && random.chance(0.5) ? text : text.replaceAll(',', '');
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

function* orderLines(options: Required<GenerateOptions>, random: Random, ugly: Record<string, number>): Generator<string> {
  const header = '\uFEFForder_id,customer_name,product,amount,currency,ordered_at\n';
  let chunk = header;
  for (let i = 0; i < options.rows; i += 1) {
    let id = `O${String(i + 1).padStart(9, '0')}`;
    let name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    let amount = amountText(random);
    let currency = random.pick(CURRENCIES);
    let orderedAt = random.chance(0.5)
      ? isoAt(BASE_MS + i * 60_000 + random.int(0, 59_999))
      : isoAt(BASE_MS + i * 60_000).slice(0, 10);
    const product = random.pick(PRODUCTS);
    let short = false;
    if (random.chance(options.uglyRate)) {
      const kind = random.pick(ORDER_UGLY);
      ugly[`orders.${kind}`] = (ugly[`orders.${kind}`] ?? 0) + 1;
      if (kind === 'empty_name') name = '   ';
      else if (kind === 'null_amount') amount = random.chance(0.5) ? 'NULL' : '';
      else if (kind === 'wrong_type_amount') amount = random.pick(['twelve', '12,34', '1.2.3', 'N/A']);
      else if (kind === 'bad_date') orderedAt = random.pick(['2024-02-30', '2023-02-29', '2024-13-01', '2024-04-31T10:00:00Z']);
      else if (kind === 'empty_date') orderedAt = '';
      else if (kind === 'duplicate_id' && i > 0) id = `O${String(random.int(1, i)).padStart(9, '0')}`;
      else if (kind === 'too_many_decimals') amount = '19.999';
      else if (kind === 'short_row') short = true;
      else if (kind === 'bad_currency') currency = random.pick(['euro', '', '€']);
      else if (kind === 'nfd_name') name = 'Jose\u0301  Garci\u0301a\u0007';
    }
    chunk += short
      ? `${id},${csvField(name)},${csvField(product)}\n`
      : `${id},${csvField(name)},${csvField(product)},${csvField(amount)},${currency},${orderedAt}\n`;
    if ((i + 1) % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (options.truncateLast) chunk += `O${String(options.rows + 1).padStart(9, '0')},"Trunc`;
  if (chunk) yield chunk;
}

function* eventLines(options: Required<GenerateOptions>, random: Random, ugly: Record<string, number>): Generator<string> {
  const users = Math.max(5, Math.floor(options.events / 20));
  let chunk = '\uFEFF';
  for (let i = 0; i < options.events; i += 1) {
    const record: Record<string, unknown> = {
      event_id: `E${String(i + 1).padStart(9, '0')}`,
      user_id: `U${String(random.int(1, users)).padStart(6, '0')}`,
      type: random.pick(EVENT_TYPES),
      url: `/p/${String(random.int(1, 500))}`,
      ts: isoAt(BASE_MS + i * 7_000 + random.int(0, 6_999)),
    };
    let line: string | undefined;
    if (random.chance(options.uglyRate)) {
      const kind = random.pick(EVENT_UGLY);
      ugly[`events.${kind}`] = (ugly[`events.${kind}`] ?? 0) + 1;
      if (kind === 'bad_ts') record.ts = random.pick(['2024-02-30T10:00:00Z', '', 'yesterday']);
      else if (kind === 'missing_user') delete record.user_id;
      else if (kind === 'wrong_type_user') record.user_id = random.int(1, 999);
      else if (kind === 'bad_type') record.type = null;
      else if (kind === 'duplicate_id' && i > 0) record.event_id = `E${String(random.int(1, i)).padStart(9, '0')}`;
      else if (kind === 'invalid_json') line = `{"event_id": "E${String(i + 1).padStart(9, '0')}", "user_id": `;
      else if (kind === 'epoch_ts') record.ts = BASE_MS + i * 7_000;
    }
    chunk += `${line ?? JSON.stringify(record)}\n`;
    if ((i + 1) % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (options.truncateLast) chunk += `{"event_id":"E${String(options.events + 1).padStart(9, '0')}","user_id":"U0`;
  if (chunk) yield chunk;
}

/** Writes orders.csv and events.jsonl into `outDir`; same options → byte-identical files. */
export async function generateSample(options: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isSafeInteger(options.rows) || options.rows < 0) {
    throw new RangeError(`--rows must be a whole number ≥ 0, got ${String(options.rows)}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`--seed must be a whole number, got ${String(options.seed)}`);
  const full: Required<GenerateOptions> = {
    events: options.rows,
    uglyRate: 0.05,
    truncateLast: true,
    ...options,
  };
  if (!(full.uglyRate >= 0 && full.uglyRate <= 1)) throw new RangeError(`--ugly-rate must be between 0 and 1, got ${String(full.uglyRate)}`);
  await mkdir(full.outDir, { recursive: true });
  const ugly: Record<string, number> = {};
  const ordersPath = join(full.outDir, 'orders.csv');
  const eventsPath = join(full.outDir, 'events.jsonl');
  // two independent streams from one seed, so changing --events does not change orders.csv
  await pipeline(Readable.from(orderLines(full, createRandom(full.seed), ugly)), createWriteStream(ordersPath));
  await pipeline(Readable.from(eventLines(full, createRandom(full.seed ^ 0x5bd1e995), ugly)), createWriteStream(eventsPath));
  return { ordersPath, eventsPath, orderRows: full.rows, eventRows: full.events, ugly };
}
