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

const text = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && NULL_MARKERS.has(v.trim()) ? undefined : v),
    z.string({ error: (issue) => (issue.input === undefined ? `${what} is missing` : `${what} must be text`) }),
  );

const id = (what: string) =>
  text(what).pipe(z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, `${what} must be 1–64 letters, digits or _ . : -`));

export const OrderSchema = z
  .object({
    order_id: id('order_id'),
    customer_name: text('customer_name')
      .transform(normalizeName)
      .pipe(z.string().min(1, 'customer_name is blank')),
    product: text('product').pipe(z.string().trim().min(1, 'product is blank')),
    amount: text('amount').transform((raw, ctx) => {
      const cents = parseAmountToCents(raw);
      if (cents === null) {
        ctx.addIssue({ code: 'custom', message: 'amount is not a decimal amount with at most 2 decimals', input: raw });
        return z.NEVER;
      }
      return cents;
    }),
    currency: text('currency').pipe(z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'currency must be a 3-letter ISO 4217 code')),
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
