/**
 * The shape every record must have before it may be loaded.
 *
 * @rationale zod 4 schemas whose transforms call the pure transform functions
 *   why: "valid" for an amount or a date means "the transform can normalise it"; running the same
 *     function in the schema means a record is either fully normalised or quarantined with a reason,
 *     never half-loaded. zod gives path + message per problem, which become the quarantine reason.
 *   alternatives: hand-written checks (no uniform reasons); valibot/arktype (fine too, zod is the
 *     de-facto standard our users know)
 *   tradeoffs: messages are stable text without the offending value (which goes to `detail`), so
 *     quarantine reasons group well in the summary
 */
import { z } from 'zod';
import { parseAmountToCents } from '../transform/money';
import { normalizeName } from '../transform/names';
import { epochMsToIsoUtc, toIsoUtc } from '../transform/time';

/** CSV exports write missing values as these. */
const NULL_MARKERS = new Set(['', 'null', 'NULL', '\\N', 'N/A', 'n/a']);

/**
 * The record with null markers in these text fields read as missing (what every `text()` field
 * means). Done once per record before the schema runs: a zod `preprocess` layer per field cost more
 * than the rest of the field's validation.
 *
 * @lineage validate_null_markers
 *   in: file orders.csv
 *   in: file events.jsonl
 */
export function withoutNullMarkers(values: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const field of fields) {
    const v = values[field];
    if (typeof v === 'string' && NULL_MARKERS.has(v.trim())) {
      out ??= { ...values };
      out[field] = undefined;
    }
  }
  return out ?? values;
}

/** The fields of each record kind that are `text()`: null markers there mean missing. */
export const ORDER_TEXT_FIELDS = ['order_id', 'customer_name', 'product', 'amount', 'currency', 'ordered_at'] as const;
export const EVENT_TEXT_FIELDS = ['event_id', 'user_id'] as const;

const text = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? `${what} is missing` : `${what} must be text`) });

const id = (what: string) => text(what).trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, `${what} must be 1–64 letters, digits or _ . : -`);

export const OrderSchema = z
  .object({
    order_id: id('order_id'),
    customer_name: text('customer_name')
      .transform(normalizeName)
      .pipe(z.string().min(1, 'customer_name is blank')),
    product: text('product').trim().min(1, 'product is blank'),
    amount: text('amount').transform((raw, ctx) => {
      const cents = parseAmountToCents(raw);
      if (cents === null) {
        ctx.addIssue({ code: 'custom', message: 'amount is not a decimal amount with at most 2 decimals', input: raw });
        return z.NEVER;
      }
      return cents;
    }),
    currency: text('currency').trim().toUpperCase().regex(/^[A-Z]{3}$/, 'currency must be a 3-letter ISO 4217 code'),
    ordered_at: text('ordered_at').transform((raw, ctx) => {
      const iso = toIsoUtc(raw);
      if (iso === null) {
        ctx.addIssue({ code: 'custom', message: 'ordered_at is not a real date or date-time', input: raw });
        return z.NEVER;
      }
      return iso;
    }),
  })
  .transform((o) => ({
    id: o.order_id,
    customerName: o.customer_name,
    product: o.product,
    amountCents: o.amount,
    currency: o.currency,
    orderedAt: o.ordered_at,
  }));

export type OrderRow = z.output<typeof OrderSchema>;

export const EVENT_TYPES = ['click', 'view', 'add_to_cart'] as const;

export const EventSchema = z
  .object({
    event_id: id('event_id'),
    user_id: id('user_id'),
    type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(', ')}` }),
    url: z.string({ error: 'url must be text' }).max(2048, 'url is longer than 2048 characters').nullish(),
    ts: z.union([z.string(), z.number()], { error: 'ts must be an ISO date-time or epoch milliseconds' }).transform((raw, ctx) => {
      const iso = typeof raw === 'number' ? epochMsToIsoUtc(raw) : toIsoUtc(raw);
      if (iso === null) {
        ctx.addIssue({ code: 'custom', message: 'ts is not a real date-time', input: raw });
        return z.NEVER;
      }
      return iso;
    }),
  })
  .transform((e) => ({
    id: e.event_id,
    userId: e.user_id,
    type: e.type,
    url: e.url ?? null,
    ts: e.ts,
    tsMs: Date.parse(e.ts),
  }));

export type EventRow = z.output<typeof EventSchema>;
