/**
 * The orders CSV reader: named edge cases, chunk boundaries, and agreement with csv-parse (the
 * reader this one replaced) on a generated export with every kind of ugly row.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSample } from '../src/generate/generate-sample';
import { readOrdersCsv } from '../src/ingest/read-orders-csv';
import type { SourceUnit } from '../src/ingest/source';
import { collect } from './helpers/collect';

const HEADER = 'order_id,customer_name,product,amount,currency,ordered_at';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-csv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function read(text: string, name = 'o.csv'): Promise<SourceUnit[]> {
  const file = join(dir, name);
  writeFileSync(file, text);
  return collect(readOrdersCsv(file));
}

const summary = (units: SourceUnit[]) => units.map((u) => (u.ok ? [u.line, u.values.order_id, u.raw] : [u.line, u.reason, u.raw]));

describe('readOrdersCsv', () => {
  it('CRLF line endings: no \\r left in the last field or the raw text', async () => {
    const units = await read(`${HEADER}\r\nO1,Ada,Kite,1.00,EUR,2024-03-01\r\nO2,Bo,Kite,2.00,EUR,2024-03-02\r\n`);
    expect(units.map((u) => u.ok && u.values.ordered_at)).toEqual(['2024-03-01', '2024-03-02']);
    expect(units.map((u) => u.raw)).toEqual(['O1,Ada,Kite,1.00,EUR,2024-03-01', 'O2,Bo,Kite,2.00,EUR,2024-03-02']);
  });
  it('a line break inside quotes is one record; the next record has the right line number', async () => {
    const units = await read(`${HEADER}\nO1,"Ada\nLovelace",Kite,1.00,EUR,2024-03-01\nO2,Bo,Kite,2.00,EUR,2024-03-02\n`);
    expect(summary(units)).toEqual([
      [2, 'O1', 'O1,"Ada\nLovelace",Kite,1.00,EUR,2024-03-01'],
      [4, 'O2', 'O2,Bo,Kite,2.00,EUR,2024-03-02'],
    ]);
    expect(units[0]?.ok && units[0].values.customer_name).toBe('Ada\nLovelace');
  });
  it('blank lines are not records but count for line numbers', async () => {
    const units = await read(`${HEADER}\n\nO1,Ada,Kite,1.00,EUR,2024-03-01\n\n\nO2,Bo,Kite,2.00,EUR,2024-03-02`);
    expect(summary(units).map(([line, id]) => [line, id])).toEqual([
      [3, 'O1'],
      [6, 'O2'],
    ]);
    expect(units.map((u) => u.index)).toEqual([0, 1]);
  });
  it('doubled quotes inside a quoted field are one quote', async () => {
    const units = await read(`${HEADER}\nO1,Ada,"Candle, ""vanilla""",7.00,EUR,2024-03-05\n`);
    expect(units[0]?.ok && units[0].values.product).toBe('Candle, "vanilla"');
  });
  it('an unclosed quote in the middle swallows the rest of the file into one quarantined record', async () => {
    const units = await read(`${HEADER}\nO1,"Ada,Kite,1.00,EUR,2024-03-01\nO2,Bo,Kite,2.00,EUR,2024-03-02\n`);
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ ok: false, line: 2, reason: 'truncated record (unclosed quote)', raw: 'O1,"Ada,Kite,1.00,EUR,2024-03-01\nO2,Bo,Kite,2.00,EUR,2024-03-02' });
  });
  it('text after a closing quote: the parser looks for the quote\'s end, so the rest of the file is one quarantined record, raw text kept', async () => {
    const units = await read(`${HEADER}\nO1,"Ada"x,Kite,1.00,EUR,2024-03-01\nO2,Bo,Kite,2.00,EUR,2024-03-02\n`);
    expect(units).toEqual([
      {
        ok: false,
        index: 0,
        line: 2,
        reason: 'unparseable CSV (InvalidQuotes)',
        raw: 'O1,"Ada"x,Kite,1.00,EUR,2024-03-01\nO2,Bo,Kite,2.00,EUR,2024-03-02',
        detail: expect.stringMatching(/o\.csv:2: Trailing quote on quoted field is malformed$/) as string,
      },
    ]);
  });
  it('a quote inside an unquoted field is text; validation judges the value', async () => {
    const units = await read(`${HEADER}\nO1,Ada "the" Countess,Kite,1.00,EUR,2024-03-01\n`);
    expect(units[0]?.ok && units[0].values.customer_name).toBe('Ada "the" Countess');
  });
  it('a header only is zero records; an empty file and a BOM-only file are refused with what to write', async () => {
    expect(await read(`${HEADER}\n`)).toEqual([]);
    await expect(read('')).rejects.toThrow(/o\.csv:1: the file is empty: an orders CSV starts with a header line/);
    await expect(read('\uFEFF', 'bom.csv')).rejects.toThrow(/bom\.csv:1: the file is empty/);
  });
  it('columns in another order and extra columns are read by name', async () => {
    const units = await read('note,ordered_at,currency,amount,product,customer_name,order_id\nhi,2024-03-01,EUR,1.00,Kite,Ada,O1\n');
    expect(units[0]?.ok && units[0].values).toEqual({ order_id: 'O1', customer_name: 'Ada', product: 'Kite', amount: '1.00', currency: 'EUR', ordered_at: '2024-03-01' });
  });
  it('records spanning the 1 MiB read chunks come out whole, in order, with their lines', async () => {
    // ~3 MiB of records with quoted line breaks, so chunk boundaries fall inside quotes too
    const rows = Array.from({ length: 30_000 }, (_, i) => `O${String(i)},"Name ${String(i)}\nsecond line","Product, ""${String(i)}""",1.00,EUR,2024-03-01`);
    const units = await read(`${HEADER}\n${rows.join('\n')}\n`);
    expect(units).toHaveLength(30_000);
    expect(units.every((u, i) => u.ok && u.values.order_id === `O${String(i)}` && u.line === 2 + 2 * i && u.raw === rows[i])).toBe(true);
  });
  it('agrees with csv-parse on every record of a generated export with ugly rows', async () => {
    const gen = await generateSample({ rows: 20_000, events: 0, seed: 5, outDir: dir, uglyRate: 0.2 });
    const units = await collect(readOrdersCsv(gen.ordersPath));
    const { readFileSync } = await import('node:fs');
    const reference: string[][] = parse(readFileSync(gen.ordersPath), { bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true });
    const good = units.filter((u) => u.ok);
    // csv-parse skips the truncated last record; everything else is the same fields
    expect(good.map((u) => u.ok && Object.values(u.values))).toEqual(
      reference.slice(1).filter((r) => r.length >= 6).map((r) => r.slice(0, 6)),
    );
    expect(units.filter((u) => !u.ok).map((u) => !u.ok && u.reason).sort()).toEqual([
      ...Array.from({ length: units.filter((u) => !u.ok && u.reason.startsWith('truncated record (too few')).length }, () => 'truncated record (too few fields)'),
      'truncated record (unclosed quote)',
    ]);
  });
});
