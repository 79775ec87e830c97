/**
 * Streaming CSV reader for order exports.
 *
 * @rationale csv-parse in a stream pipeline, one ordered sequence of good and bad records
 *   why: RFC 4180 quoting (`"1,234.50"`, quotes inside names, line breaks in fields) is where
 *     hand-written splitters fail; csv-parse streams, strips the BOM, and with
 *     `skip_records_with_error` reports a broken record (unclosed quote, truncated last line) through
 *     `on_skip` instead of failing the whole file. Both callbacks run in parse order, so a sequence
 *     number taken in each puts skipped records back in their place.
 *   alternatives: papaparse (browser-first, no Node stream pipeline); splitting lines (breaks on quoted commas)
 *   tradeoffs: after an invalid closing quote csv-parse may swallow following lines into the same
 *     skipped record; they are quarantined together with their raw text, never dropped
 *
 * @lineage ingest_orders_csv
 *   in: file orders.csv
 */
import { createReadStream } from 'node:fs';
import { parse, type CsvError, type Options } from 'csv-parse';
import { InputError, type SourceUnit } from './source';

/** The order export's columns; extra columns are ignored. */
export const ORDER_COLUMNS = ['order_id', 'customer_name', 'product', 'amount', 'currency', 'ordered_at'] as const;

interface Parsed {
  seq: number;
  fields: string[];
  raw: string;
  line: number;
}
interface Skipped {
  seq: number;
  error: CsvError | undefined;
  raw: string;
}

function trimRaw(raw: string): string {
  return raw.replace(/\r?\n$/, '');
}

/**
 * Yields every record of an orders CSV in file order; records with index < `skip` are parsed but not
 * yielded (resume after a checkpoint).
 */
export async function* readOrdersCsv(file: string, skip = 0): AsyncGenerator<SourceUnit> {
  const skipped: Skipped[] = [];
  let seq = 0;
  // with `raw` on, csv-parse hands on_record `{ record, raw }` and the record's info (line number) as
  // the second argument; `info: true` would build that info object a second time per record
  const options: Options<Parsed, { record: string[]; raw: string }> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: ({ record, raw }, info) => ({ seq: seq++, fields: record, raw, line: info.lines }),
    on_skip: (error: CsvError | undefined, raw: string | undefined): undefined => {
      skipped.push({ seq: seq++, error, raw: raw ?? '' });
      return undefined;
    },
  };
  const parser = createReadStream(file).pipe(parse(options as unknown as Options));
  parser.on('error', () => undefined); // surfaced by the iterator below
  let header: string[] | undefined;
  let columnIndex: number[] = [];
  let index = 0;
  let lastLine = 1;
  const fromSkip = (s: Skipped): SourceUnit => {
    const errorLine: unknown = s.error?.lines;
    const line = typeof errorLine === 'number' ? errorLine : lastLine;
    const code = s.error?.code ?? 'CSV_ERROR';
    const truncated = code === 'CSV_QUOTE_NOT_CLOSED';
    return {
      ok: false,
      index: index++,
      line,
      raw: trimRaw(s.raw),
      reason: truncated ? 'truncated record (unclosed quote)' : `unparseable CSV (${code})`,
      detail: `${file}:${String(line)}: ${s.error?.message ?? code}`,
    };
  };
  try {
    for await (const record of parser as AsyncIterable<Parsed>) {
      while (skipped.length > 0 && (skipped[0]?.seq ?? Infinity) < record.seq) {
        const unit = fromSkip(skipped.shift() as Skipped);
        if (unit.index >= skip) yield unit;
      }
      lastLine = record.line;
      if (!header) {
        header = record.fields.map((h) => h.trim());
        columnIndex = ORDER_COLUMNS.map((c) => header?.indexOf(c) ?? -1);
        const missing = ORDER_COLUMNS.filter((_, i) => columnIndex[i] === -1);
        if (missing.length > 0) {
          throw new InputError(
            file,
            record.line,
            `the header lacks ${missing.join(', ')}: the first line must name the columns ${ORDER_COLUMNS.join(',')}`,
          );
        }
        continue;
      }
      const i = index++;
      if (i < skip) continue;
      if (record.fields.length < header.length) {
        yield {
          ok: false,
          index: i,
          line: record.line,
          raw: trimRaw(record.raw),
          reason: 'truncated record (too few fields)',
          detail: `${file}:${String(record.line)}: expected ${String(header.length)} fields, got ${String(record.fields.length)}`,
        };
        continue;
      }
      const values: Record<string, unknown> = {};
      ORDER_COLUMNS.forEach((column, c) => {
        values[column] = record.fields[columnIndex[c] ?? -1];
      });
      yield { ok: true, index: i, line: record.line, raw: trimRaw(record.raw), values };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, lastLine, `cannot read CSV after this line (${String(error)}): check the file encoding and delimiter`);
  }
  for (const s of skipped) {
    const unit = fromSkip(s);
    if (unit.index >= skip) yield unit;
  }
  if (!header) throw new InputError(file, 1, 'the file is empty: an orders CSV starts with a header line');
}
