/**
 * Currency amounts as they arrive in CSV exports → integer cents.
 *
 * @rationale Parse amounts as decimal strings into INTEGER cents, never through floating point
 *   why: `Number("1234.10") * 100` is 123409.99999999999; money must survive a million-row sum exactly,
 *     so the digits are moved, not multiplied.
 *   alternatives: parseFloat then Math.round (drifts on some inputs); a decimal library (a dependency
 *     for two string operations)
 *   tradeoffs: more than two decimal places is rejected (quarantined) instead of rounded
 *   revisit: when an input carries 3-decimal currencies (KWD, BHD)
 */

/** `1,234.50`, `-12`, `$7.5`, `+0.99`: optional sign, optional `$`, thousands groups of 3, ≤ 2 decimals. */
const AMOUNT = /^([+-])?\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a currency amount written as text into integer cents; `null` when it is not an amount.
 *
 * @lineage transform_amount_to_cents
 *   in: file orders.csv
 *   out: sqlite main.orders
 *   column: orders.amount_cents from orders.amount desc="decimal string to integer cents, no float"
 * @invariant output === null || Number.isSafeInteger(output)
 * @invariant output !== 0 || Object.is(output, 0)
 */
export function parseAmountToCents(raw: string): number | null {
  if (typeof raw !== 'string') return null;
  const match = AMOUNT.exec(raw.trim());
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  const cents = BigInt(whole.replaceAll(',', '') + fraction.padEnd(2, '0'));
  if (cents > MAX_CENTS) return null;
  const value = Number(cents);
  if (value === 0) return 0;
  return sign === '-' ? -value : value;
}

/**
 * Formats integer cents as a plain decimal string (`123450` → `1234.50`, `-5` → `-0.05`).
 *
 * @lineage transform_format_cents
 *   in: sqlite main.orders
 *   out: file run-summary
 * @throws {RangeError} when cents is not a safe integer
 */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatCents: ${String(cents)} is not a whole number of cents`);
  const negative = cents < 0;
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
