/**
 * Timestamps as they arrive (dates, local date-times, offsets) → one ISO 8601 UTC form.
 *
 * @rationale Validate calendar fields ourselves before building a Date
 *   why: `new Date('2024-02-30')` silently rolls over to March 1st; a bad date must be quarantined, not
 *     moved. Every accepted value is re-emitted as `YYYY-MM-DDTHH:MM:SS.sssZ`, so the output parses
 *     back to itself.
 *   alternatives: Date.parse alone (accepts rollovers and engine-specific formats); Temporal (not in Node 20)
 *   tradeoffs: a date-time without an offset is read as UTC, which the README states
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` and `YYYY-MM-DD`, the forms most exports write. */
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z)?$/;

/**
 * The fast path of `toIsoUtc` for input already in the output form (or a plain date): checks the
 * calendar and returns it without building a Date. `undefined` = not this form, take the general path.
 * Same result as the general path by construction (the edge tests compare the two on padded input).
 */
function canonicalIso(raw: string): string | null | undefined {
  if (raw.length !== 24 && raw.length !== 10) return undefined;
  const m = CANONICAL.exec(raw);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (m[4] === undefined) return `${raw}T00:00:00.000Z`;
  if (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[7]) > 59) return null;
  return raw;
}

/**
 * Normalises a timestamp to ISO 8601 UTC with milliseconds, or `null` when it is not a real instant.
 *
 * @lineage transform_timestamp_to_utc
 *   in: file orders.csv
 *   in: file events.jsonl
 *   out: sqlite main.orders
 *   out: sqlite main.events
 *   column: orders.ordered_at from orders.ordered_at desc="ISO 8601 UTC"
 * @idempotent
 * @invariant output === null || output.endsWith('Z')
 */
export function toIsoUtc(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const canonical = canonicalIso(raw);
  if (canonical !== undefined) return canonical;
  const m = TIMESTAMP.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  const ms = date.getTime();
  const iso = date.toISOString();
  if (!Number.isFinite(ms) || iso.length !== 24) return null; // year left 0000–9999 after the offset
  return iso;
}

/**
 * Epoch milliseconds → ISO 8601 UTC, or `null` outside years 0000–9999 or when not an integer.
 *
 * @lineage transform_epoch_to_utc
 *   in: file events.jsonl
 *   out: sqlite main.events
 *   column: events.ts from events.ts desc="epoch ms to ISO 8601 UTC"
 * @invariant output === null || output.endsWith('Z')
 */
export function epochMsToIsoUtc(ms: number): string | null {
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms)) return null;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString();
  return iso.length === 24 ? iso : null;
}
