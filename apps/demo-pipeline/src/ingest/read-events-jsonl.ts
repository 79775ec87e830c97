/**
 * Streaming JSONL reader for click events.
 *
 * @rationale node:readline over a read stream, one JSON.parse per line
 *   why: JSONL needs no parser library: a line is a record. readline streams with constant memory,
 *     handles CRLF, and a line that does not parse (a truncated last line, a half-written record) is
 *     reported with its line number and raw text instead of stopping the file.
 *   alternatives: ndjson / split2 packages (the same thing with a dependency); reading the whole file
 *     (memory grows with the input)
 *   tradeoffs: blank lines are not records and are not counted
 *
 * @lineage ingest_events_jsonl
 *   in: file events.jsonl
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError, type SourceUnit } from './source';

/**
 * Yields every non-blank line of a JSONL file as a record in file order; records with index < `skip`
 * are read but not yielded (resume after a checkpoint).
 */
export async function* readEventsJsonl(file: string, skip = 0): AsyncGenerator<SourceUnit> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let index = 0;
  try {
    for await (const text of lines) {
      lineNo += 1;
      const line = lineNo === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text;
      if (line.trim() === '') continue;
      const i = index++;
      if (i < skip) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        yield {
          ok: false,
          index: i,
          line: lineNo,
          raw: line,
          reason: 'invalid JSON (truncated or malformed line)',
          detail: `${file}:${String(lineNo)}: ${(error as Error).message}`,
        };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield {
          ok: false,
          index: i,
          line: lineNo,
          raw: line,
          reason: 'not a JSON object',
          detail: `${file}:${String(lineNo)}: each line must be one JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
        };
        continue;
      }
      yield { ok: true, index: i, line: lineNo, raw: line, values: value as Record<string, unknown> };
    }
  } catch (error) {
    throw new InputError(file, lineNo, `cannot read JSONL after this line (${String(error)}): check the file is UTF-8 text`);
  }
}
