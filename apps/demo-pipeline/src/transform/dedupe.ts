/**
 * Duplicate ids inside one batch of records.
 *
 * @rationale First occurrence wins, later ones are reported, never silently dropped
 *   why: the run summary must account for every row (read = loaded + quarantined + duplicates), so the
 *     duplicates are returned for counting; the first row is kept because exports append corrections
 *     as new files, not as later rows of the same file.
 *   alternatives: last wins (would need a second pass over the batch); DISTINCT in SQL (hides the count)
 *   tradeoffs: duplicates across batches are found by the loader's primary key, not here
 */

/** A record with a string id. */
export interface Identified {
  readonly id: string;
}

/** The kept records in input order and the duplicates in input order. */
export interface DedupeResult<T> {
  kept: T[];
  duplicates: T[];
}

/**
 * Splits records into the first occurrence of each id and the later duplicates, keeping input order.
 *
 * @lineage transform_dedupe_by_id
 *   in: file orders.csv
 *   in: file events.jsonl
 *   out: sqlite main.orders
 *   out: sqlite main.events
 * @throws {TypeError} when records is not an array of objects with a string id
 * @invariant output.kept.length + output.duplicates.length === input.length
 * @invariant new Set(output.kept.map((r) => r.id)).size === output.kept.length
 */
export function dedupeById<T extends Identified>(records: readonly T[]): DedupeResult<T> {
  const seen = new Set<string>();
  const kept: T[] = [];
  const duplicates: T[] = [];
  if (!Array.isArray(records)) throw new TypeError('dedupeById: records must be an array');
  records.forEach((record: T, index) => {
    if (typeof (record as Partial<Identified> | null)?.id !== 'string') {
      throw new TypeError(`dedupeById: records[${String(index)}] has no string id`);
    }
    if (seen.has(record.id)) {
      duplicates.push(record);
    } else {
      seen.add(record.id);
      kept.push(record);
    }
  });
  return { kept, duplicates };
}
