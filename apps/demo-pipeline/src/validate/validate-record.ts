/**
 * One record in, either a normalised row or a quarantine entry out.
 *
 * @rationale Every rejected record keeps its raw text, its line and one stable reason
 *   why: nothing may be dropped silently; an operator fixing an export needs the line number and the
 *     original text, and the summary groups by reason, so the reason excludes the offending value.
 *   alternatives: log and skip (the count no longer adds up); fail the run (one bad row blocks a million good ones)
 *   tradeoffs: only the first problem of a record becomes its reason; all problems go to `detail`
 */
import type { z } from 'zod';
import type { SourceUnit } from '../ingest/source';
import { EVENT_TEXT_FIELDS, EventSchema, ORDER_TEXT_FIELDS, OrderSchema, withoutNullMarkers, type EventRow, type OrderRow } from './schemas';

/** A record that may not be loaded. */
export interface QuarantineEntry {
  index: number;
  line: number;
  reason: string;
  detail: string;
  raw: string;
}

export type Validated<T> = { ok: true; index: number; line: number; row: T } | { ok: false; entry: QuarantineEntry };

function describe(error: z.ZodError, raw: unknown): { reason: string; detail: string } {
  const issues = error.issues.map((issue) => {
    const field = issue.path.join('.');
    const message = issue.message.startsWith(field) || field === '' ? issue.message : `${field}: ${issue.message}`;
    const value = issue.path.length > 0 && typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[String(issue.path[0])] : undefined;
    return { message, value };
  });
  const first = issues[0];
  return {
    reason: first?.message ?? 'invalid record',
    detail: issues.map((i) => (i.value === undefined ? i.message : `${i.message} (got ${JSON.stringify(i.value)})`)).join('; '),
  };
}

/**
 * Validates an order record.
 *
 * @lineage validate_orders
 *   in: file orders.csv
 *   out: sqlite main.orders
 *   out: sqlite main.quarantine
 */
export function validateOrder(unit: SourceUnit): Validated<OrderRow> {
  return validateWith(OrderSchema, unit, ORDER_TEXT_FIELDS);
}

/**
 * Validates a click-event record.
 *
 * @lineage validate_events
 *   in: file events.jsonl
 *   out: sqlite main.events
 *   out: sqlite main.quarantine
 */
export function validateEvent(unit: SourceUnit): Validated<EventRow> {
  return validateWith(EventSchema, unit, EVENT_TEXT_FIELDS);
}

function validateWith<T>(schema: z.ZodType<T>, unit: SourceUnit, textFields: readonly string[]): Validated<T> {
  if (!unit.ok) {
    return { ok: false, entry: { index: unit.index, line: unit.line, reason: unit.reason, detail: unit.detail, raw: unit.raw } };
  }
  const result = schema.safeParse(withoutNullMarkers(unit.values, textFields));
  if (result.success) return { ok: true, index: unit.index, line: unit.line, row: result.data };
  const { reason, detail } = describe(result.error, unit.values);
  return { ok: false, entry: { index: unit.index, line: unit.line, reason, detail, raw: unit.raw } };
}
