/**
 * Names typed by people: unicode forms, stray whitespace, control characters.
 *
 * @rationale Normalise to NFC and collapse whitespace before storing names
 *   why: `José` typed on macOS (NFD) and on Windows (NFC) must compare equal in SQL, and invisible
 *     control characters break CSV exports downstream.
 *   alternatives: NFKC (would fold `ﬁ` to `fi` and full-width digits, changing what people wrote)
 *   tradeoffs: a name made only of whitespace becomes empty and is quarantined by validation
 */

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Control characters removed, whitespace runs collapsed to one space, trimmed, then Unicode NFC.
 *
 * @lineage transform_normalize_name
 *   in: file orders.csv
 *   out: sqlite main.orders
 *   column: orders.customer_name from orders.customer_name desc="NFC, trimmed, single spaces"
 * @idempotent
 * @invariant output === output.trim()
 */
export function normalizeName(raw: string): string {
  if (typeof raw !== 'string') return '';
  // NFC last: removing a control character can bring a base letter and a combining mark together.
  return raw.replace(CONTROL, '').replace(/\s+/gu, ' ').trim().normalize('NFC');
}
