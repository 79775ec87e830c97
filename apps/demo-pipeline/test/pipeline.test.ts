import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { generateSample } from '../src/generate/generate-sample';
import { readEventsJsonl } from '../src/ingest/read-events-jsonl';
import { readOrdersCsv } from '../src/ingest/read-orders-csv';
import { runPipeline } from '../src/pipeline';
import { APP_DIR, digestDatabase } from './helpers/cli';
import { collect } from './helpers/collect';

const SAMPLE_ORDERS = join(APP_DIR, 'data/sample/orders.csv');
const SAMPLE_EVENTS = join(APP_DIR, 'data/sample/events.jsonl');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-pipe-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest', () => {
  it('the committed sample starts with a BOM and the reader strips it', async () => {
    expect(readFileSync(SAMPLE_ORDERS).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const units = await collect(readOrdersCsv(SAMPLE_ORDERS));
    const first = units[0];
    expect(first?.ok && first.values.order_id).toBe('O-1001');
  });
  it('a truncated last CSV line (unclosed quote) is a bad record with its line, not a crash', async () => {
    const units = await collect(readOrdersCsv(SAMPLE_ORDERS));
    const last = units.at(-1);
    expect(last).toMatchObject({ ok: false, reason: 'truncated record (unclosed quote)', raw: 'O-1019,"Trunc', line: 21 });
    expect(units.map((u) => u.index)).toEqual(units.map((_, i) => i));
  });
  it('a short CSV row is reported with expected and actual field counts', async () => {
    const units = await collect(readOrdersCsv(SAMPLE_ORDERS));
    expect(units.find((u) => !u.ok && u.reason.startsWith('truncated record (too few'))).toMatchObject({
      line: 18,
      detail: expect.stringContaining('orders.csv:18: expected 6 fields, got 5') as string,
    });
  });
  it('skip resumes at a record index and keeps indexes', async () => {
    const all = await collect(readOrdersCsv(SAMPLE_ORDERS));
    const rest = await collect(readOrdersCsv(SAMPLE_ORDERS, 7));
    expect(rest).toEqual(all.slice(7));
  });
  it('a CSV without the expected header fails naming the file, line 1 and the columns to write', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'id,name\n1,x\n');
    await expect(collect(readOrdersCsv(file))).rejects.toThrow(/bad\.csv:1: the header lacks order_id, customer_name, product, amount, currency, ordered_at: the first line must name the columns/);
  });
  it('JSONL: BOM stripped, blank lines not records, bad lines reported with line numbers', async () => {
    const units = await collect(readEventsJsonl(SAMPLE_EVENTS));
    expect(units).toHaveLength(16);
    expect(units[0]?.ok).toBe(true);
    const bad = units.filter((u) => !u.ok);
    expect(bad.map((u) => [u.line, !u.ok && u.reason])).toEqual([
      [13, 'not a JSON object'],
      [15, 'invalid JSON (truncated or malformed line)'],
      [17, 'invalid JSON (truncated or malformed line)'],
    ]);
  });
  it('CRLF JSONL lines parse', async () => {
    const file = join(dir, 'crlf.jsonl');
    writeFileSync(file, '{"a":1}\r\n{"a":2}\r\n');
    expect((await collect(readEventsJsonl(file))).map((u) => u.ok && u.values.a)).toEqual([1, 2]);
  });
});

describe('runPipeline on the committed sample', () => {
  it('accounts for every record and quarantines with reason, line and raw text', async () => {
    const db = join(dir, 'demo.db');
    const summary = await runPipeline({ inputs: [SAMPLE_ORDERS, SAMPLE_EVENTS], db, lineageDir: false });
    expect(summary).toMatchObject({
      rowsRead: 36,
      rowsLoaded: 14,
      rowsQuarantined: 20,
      duplicatesSkipped: 2,
      invariantHolds: true,
      apiCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
      db,
    });
    expect(summary.stages.load).toMatchObject({ orders: 7, events: 7, sessions: 5 });
    const sqlite = new Database(db, { readonly: true });
    const q = sqlite.prepare("SELECT line, reason, raw FROM quarantine WHERE raw LIKE 'O-1005,%'").get();
    expect(q).toEqual({ line: 6, reason: 'ordered_at is not a real date or date-time', raw: `O-1005,"O'Brien, Siobhán",Desk lamp,45.00,EUR,2024-02-30` });
    const grace = sqlite.prepare('SELECT * FROM orders WHERE order_id = ?').get('O-1002');
    expect(grace).toMatchObject({ amount_cents: 123450, ordered_at: '2024-03-01T00:00:00.000Z', category: 'books', category_source: 'rules' });
    expect(sqlite.prepare('SELECT customer_name FROM orders WHERE order_id = ?').pluck().get('O-1013')).toBe('Mateo Rossi');
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
  });

  it('a second run over the same inputs changes nothing and reports 0 new records', async () => {
    const db = join(dir, 'demo.db');
    await runPipeline({ inputs: [SAMPLE_ORDERS, SAMPLE_EVENTS], db, lineageDir: false });
    const before = digestDatabase(db);
    const again = await runPipeline({ inputs: [SAMPLE_ORDERS, SAMPLE_EVENTS], db, lineageDir: false });
    expect(again.thisRun).toEqual({ rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, duplicatesSkipped: 0 });
    expect(again.rowsRead).toBe(36);
    expect(digestDatabase(db)).toEqual(before);
  });

  it('an aborted run stops after a batch, keeps it, and the next run resumes to the same result', async () => {
    const gen = await generateSample({ rows: 3000, events: 500, seed: 3, outDir: dir });
    const inputs = [gen.ordersPath, gen.eventsPath];
    const full = join(dir, 'full.db');
    await runPipeline({ inputs, db: full, lineageDir: false, batchSize: 500 });
    const partial = join(dir, 'partial.db');
    const controller = new AbortController();
    const first = await runPipeline({
      inputs,
      db: partial,
      lineageDir: false,
      batchSize: 500,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.file === gen.ordersPath && p.recordsDone >= 1000) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    // the loader takes turns: orders 500, events 500, orders 1000 → stop (the events' last record, the
    // truncated line, is left)
    expect(first.rowsRead).toBe(1000 + 500);
    const second = await runPipeline({ inputs, db: partial, lineageDir: false, batchSize: 500 });
    expect(second.inputs.map((i) => i.resumedFrom)).toEqual([1000, 500]);
    expect(second.thisRun.rowsRead).toBe(3001 - 1000 + 1);
    expect(digestDatabase(partial)).toEqual(digestDatabase(full));
  });

  it('the summary totals kept per batch equal the orders table after fresh, resumed and overlapping loads', async () => {
    const gen = await generateSample({ rows: 3000, events: 0, seed: 5, outDir: dir });
    const db = join(dir, 'totals.db');
    const grouped = () => {
      const d = new Database(db, { readonly: true });
      try {
        return {
          scan: d.prepare('SELECT category_source, currency, count(*) AS orders, sum(amount_cents) AS amount_cents FROM orders GROUP BY 1, 2 ORDER BY 1, 2').all(),
          kept: d.prepare('SELECT category_source, currency, orders, amount_cents FROM order_totals ORDER BY 1, 2').all(),
        };
      } finally {
        d.close();
      }
    };
    const controller = new AbortController();
    await runPipeline({ inputs: [gen.ordersPath], db, lineageDir: false, batchSize: 500, signal: controller.signal, onProgress: (p) => p.recordsDone >= 1000 && controller.abort() });
    let totals = grouped();
    expect(totals.kept.length).toBeGreaterThan(0);
    expect(totals.kept).toEqual(totals.scan);
    const resumed = await runPipeline({ inputs: [gen.ordersPath], db, lineageDir: false, batchSize: 500 });
    totals = grouped();
    expect(totals.kept).toEqual(totals.scan);
    // a second export repeating half of the orders and adding new ones: the repeats are duplicates
    const lines = readFileSync(gen.ordersPath, 'utf8').split('\n');
    const overlap = join(dir, 'overlap.csv');
    writeFileSync(overlap, [lines[0], ...lines.slice(1, 1500), ...lines.slice(1, 40).map((l) => l.replace(/^([^,]+),/, '$1-new,'))].join('\n') + '\n');
    const more = await runPipeline({ inputs: [overlap], db, lineageDir: false });
    expect(more.thisRun.duplicatesSkipped).toBeGreaterThan(1000);
    totals = grouped();
    expect(totals.kept).toEqual(totals.scan);
    // the summary's revenue is the totals' (scan-based numbers, formatted the same way)
    const cents = (totals.scan as { currency: string; amount_cents: number }[]).reduce<Record<string, number>>((m, r) => ({ ...m, [r.currency]: (m[r.currency] ?? 0) + r.amount_cents }), {});
    expect(Object.keys(more.stages.load.revenueByCurrency).sort()).toEqual(Object.keys(cents).sort());
    expect(resumed.stages.enrich.bySource).not.toEqual({});
  });

  it('migration 0003 fills the totals from orders loaded before it', async () => {
    const db = join(dir, 'old.db');
    await runPipeline({ inputs: [SAMPLE_ORDERS], db, lineageDir: false });
    const d = new Database(db);
    const scan = d.prepare('SELECT category_source, currency, count(*) AS orders, sum(amount_cents) AS amount_cents FROM orders GROUP BY 1, 2 ORDER BY 1, 2').all();
    // back to the schema before 0003, as an older version of the loader left it
    d.exec("DROP TABLE order_totals; DELETE FROM kysely_migration WHERE name = '0003_order_totals'");
    d.close();
    const again = await runPipeline({ inputs: [SAMPLE_ORDERS], db, lineageDir: false });
    expect(again.thisRun.rowsRead).toBe(0);
    const after = new Database(db, { readonly: true });
    expect(after.prepare('SELECT category_source, currency, orders, amount_cents FROM order_totals ORDER BY 1, 2').all()).toEqual(scan);
    after.close();
    expect(scan.length).toBeGreaterThan(0);
  });

  it('the same bytes under another name are recognised as already loaded', async () => {
    const db = join(dir, 'demo.db');
    await runPipeline({ inputs: [SAMPLE_ORDERS], db, lineageDir: false });
    const copy = join(dir, 'renamed.csv');
    writeFileSync(copy, readFileSync(SAMPLE_ORDERS));
    const again = await runPipeline({ inputs: [copy], db, lineageDir: false });
    expect(again.thisRun.rowsRead).toBe(0);
  });

  it('an input given twice is counted once', async () => {
    const summary = await runPipeline({ inputs: [SAMPLE_ORDERS, SAMPLE_ORDERS], db: join(dir, 'twice.db'), lineageDir: false });
    expect(summary.inputs).toHaveLength(1);
    expect(summary.rowsRead).toBe(20);
  });

  it('an unknown input type is refused with what to pass instead', async () => {
    await expect(runPipeline({ inputs: ['x.parquet'], db: join(dir, 'x.db') })).rejects.toThrow(/x\.parquet: unknown input type "\.parquet": pass orders as \.csv/);
  });

  it('openai without a key or base URL is refused before anything runs', async () => {
    await expect(runPipeline({ inputs: [SAMPLE_ORDERS], db: join(dir, 'x.db'), provider: 'openai', env: {} })).rejects.toThrow(
      /set OPENAI_API_KEY .* or use --provider rules/,
    );
  });
});

describe('generateSample', () => {
  it('is byte-identical for the same seed and differs for another seed', async () => {
    const a = await generateSample({ rows: 2000, seed: 9, outDir: join(dir, 'a') });
    const b = await generateSample({ rows: 2000, seed: 9, outDir: join(dir, 'b') });
    const c = await generateSample({ rows: 2000, seed: 10, outDir: join(dir, 'c') });
    expect(readFileSync(a.ordersPath)).toEqual(readFileSync(b.ordersPath));
    expect(readFileSync(a.eventsPath)).toEqual(readFileSync(b.eventsPath));
    expect(readFileSync(a.ordersPath)).not.toEqual(readFileSync(c.ordersPath));
    expect(a.ugly).toEqual(b.ugly);
  });
  it('writes the ugly cases at about the requested rate', async () => {
    const gen = await generateSample({ rows: 20_000, events: 0, seed: 1, outDir: dir, uglyRate: 0.1 });
    const ugly = Object.entries(gen.ugly).filter(([k]) => k.startsWith('orders.')).reduce((s, [, v]) => s + v, 0);
    expect(ugly / 20_000).toBeGreaterThan(0.09);
    expect(ugly / 20_000).toBeLessThan(0.11);
    const text = readFileSync(gen.ordersPath, 'utf8');
    expect(text.startsWith('\uFEFForder_id,')).toBe(true);
    expect(text.endsWith('"Trunc')).toBe(true);
    expect(text).toContain('"1,');
  });
  it('rows 0 writes just the header and the truncated line', async () => {
    const gen = await generateSample({ rows: 0, seed: 1, outDir: dir });
    expect(readFileSync(gen.ordersPath, 'utf8').split('\n')).toHaveLength(2);
  });
});
