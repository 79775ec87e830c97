/**
 * Streaming CSV reader for order exports.
 *
 * @rationale Papa Parse's core parser over our own read stream, one ordered sequence of good and bad records
 *   why: RFC 4180 quoting (`"1,234.50"`, quotes inside names, line breaks in fields) is where
 *     hand-written splitters fail. Papa Parse's `Parser` parses a chunk and stops before its last,
 *     possibly incomplete record (`ignoreLastRow`), reporting each record's end offset; we keep the
 *     unparsed tail for the next chunk, so every record comes with its exact raw text and start line,
 *     and an unclosed quote at the end of the file is reported on its own record
 *     (`MissingQuotes`) instead of failing the file. It parses this export about 5× faster than
 *     csv-parse with `raw` and `info` on (0.1 s vs 0.6 s per 100,000 rows on this machine), which
 *     is most of the pipeline's reading time.
 *   alternatives: csv-parse (what this reader used first: correct, but its raw/info bookkeeping
 *     dominated ingest); Papa Parse's own stream mode (no access to the text, so no raw records);
 *     splitting lines (breaks on quoted commas and line breaks)
 *   tradeoffs: the line ending is taken from the first line (`\r\n` or `\n`); a stray `\r` before a
 *     `\n` is still dropped from the last field. A quote inside an unquoted field is kept as text
 *     (Papa Parse is lenient there) and the record is judged by validation. An unclosed quote, or text
 *     after a closing quote (`"Ada"x`), swallows the rest of the file into one record, which is
 *     quarantined with its raw text, never dropped (csv-parse had the same failure mode)
 *
 * @lineage ingest_orders_csv
 *   in: file orders.csv
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { InputError, READ_CHUNK_BYTES, type SourceUnit } from './source';

/** The order export's columns; extra columns are ignored. */
export const ORDER_COLUMNS = ['order_id', 'customer_name', 'product', 'amount', 'currency', 'ordered_at'] as const;

/** One record as the parser found it, before it is checked against the header. */
interface CsvRecord {
  fields: string[];
  /** the record's text without its line ending */
  raw: string;
  /** 1-based line where the record starts */
  line: number;
  /** a Papa Parse error code (`MissingQuotes`, `InvalidQuotes`), if the record is malformed */
  error: { code: string; message: string } | undefined;
}

interface PapaStep {
  /** the one record of this step */
  data: string[][];
  errors: { code: string; message: string }[];
  meta: { cursor: number };
}

function newlineOf(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  if (lf === -1) return text.includes('\r') ? '\r' : '\n';
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** Line breaks in `text[from, to)`. */
function countLines(text: string, newline: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf(newline, from); at !== -1 && at + newline.length <= to; at = text.indexOf(newline, at + newline.length)) n += 1;
  return n;
}

/**
 * Splits `text` into records. With `final` false the last record may be incomplete and is not
 * returned; `consumed` says how much of `text` the returned records cover.
 */
function parseChunk(text: string, newline: '\r\n' | '\n' | '\r', firstLine: number, final: boolean): { records: CsvRecord[]; consumed: number; nextLine: number } {
  const records: CsvRecord[] = [];
  let start = 0;
  let line = firstLine;
  const parser = new Papa.Parser({
    delimiter: ',',
    newline,
    quoteChar: '"',
    escapeChar: '"',
    step: (step: PapaStep) => {
      const end = step.meta.cursor;
      let raw = text.slice(start, end);
      if (raw.endsWith(newline)) raw = raw.slice(0, -newline.length);
      const fields = step.data[0] ?? [];
      if (newline === '\n' && raw.endsWith('\r')) {
        raw = raw.slice(0, -1);
        const last = fields.length - 1;
        const value = fields[last];
        if (value?.endsWith('\r')) fields[last] = value.slice(0, -1);
      }
      // blank lines are not records
      if (raw !== '') {
        const error = step.errors[0];
        records.push({ fields, raw, line, error: error ? { code: error.code, message: error.message } : undefined });
      }
      line += countLines(text, newline, start, end);
      start = end;
    },
  });
  const result = parser.parse(text, 0, !final) as { meta: { cursor: number } };
  return { records, consumed: final ? text.length : result.meta.cursor, nextLine: line };
}

/** The records of a CSV file in order, a chunk's worth at a time; the BOM is dropped. */
async function* csvRecords(file: string): AsyncGenerator<CsvRecord[]> {
  let pending = '';
  let line = 1;
  let newline: '\r\n' | '\n' | '\r' | undefined;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = pending + chunk;
    if (newline === undefined) {
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      // wait for the first line break (or the end) to know the line ending
      if (!/[\r\n]/.test(text)) {
        pending = text;
        continue;
      }
      newline = newlineOf(text);
    }
    const { records, consumed, nextLine } = parseChunk(text, newline, line, false);
    pending = text.slice(consumed);
    line = nextLine;
    if (records.length > 0) yield records;
  }
  if (pending.startsWith('\uFEFF') && newline === undefined) pending = pending.slice(1);
  if (pending !== '') yield parseChunk(pending, newline ?? newlineOf(pending), line, true).records;
}

/**
 * Yields every record of an orders CSV in file order; records with index < `skip` are parsed but not
 * yielded (resume after a checkpoint).
 */
export async function* readOrdersCsv(file: string, skip = 0): AsyncGenerator<SourceUnit> {
  for await (const units of readOrdersCsvChunks(file, skip)) yield* units;
}

/**
 * `readOrdersCsv` a chunk of the file at a time (thousands of records per step instead of one: the
 * per-record await costs more than parsing a record).
 */
export async function* readOrdersCsvChunks(file: string, skip = 0): AsyncGenerator<SourceUnit[]> {
  let header: string[] | undefined;
  let columnIndex: number[] = [];
  let index = 0;
  let lastLine = 1;
  try {
    for await (const records of csvRecords(file)) {
      const units: SourceUnit[] = [];
      for (const record of records) {
        const unit = toUnit(record);
        if (unit) units.push(unit);
      }
      if (units.length > 0) yield units;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, lastLine, `cannot read CSV after this line (${String(error)}): check the file encoding and delimiter`);
  }
  if (!header) throw new InputError(file, 1, 'the file is empty: an orders CSV starts with a header line');

  function toUnit(record: CsvRecord): SourceUnit | undefined {
    lastLine = record.line;
    if (!header) {
      header = record.fields.map((h) => h.trim());
      columnIndex = ORDER_COLUMNS.map((c) => header?.indexOf(c) ?? -1);
      const missing = ORDER_COLUMNS.filter((_, i) => columnIndex[i] === -1);
      if (missing.length > 0) {
        throw new InputError(file, record.line, `the header lacks ${missing.join(', ')}: the first line must name the columns ${ORDER_COLUMNS.join(',')}`);
      }
      return undefined;
    }
    const i = index++;
    if (i < skip) return undefined;
    if (record.error) {
      const truncated = record.error.code === 'MissingQuotes';
      return {
        ok: false,
        index: i,
        line: record.line,
        raw: record.raw,
        reason: truncated ? 'truncated record (unclosed quote)' : `unparseable CSV (${record.error.code})`,
        detail: `${file}:${String(record.line)}: ${record.error.message}`,
      };
    }
    if (record.fields.length < header.length) {
      return {
        ok: false,
        index: i,
        line: record.line,
        raw: record.raw,
        reason: 'truncated record (too few fields)',
        detail: `${file}:${String(record.line)}: expected ${String(header.length)} fields, got ${String(record.fields.length)}`,
      };
    }
    const values: Record<string, unknown> = {};
    for (let c = 0; c < ORDER_COLUMNS.length; c += 1) values[ORDER_COLUMNS[c] as string] = record.fields[columnIndex[c] ?? -1];
    return { ok: true, index: i, line: record.line, raw: record.raw, values };
  }
}
