import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categorizeByRules } from '../src/enrich/categorize';
import { dedupeById } from '../src/transform/dedupe';
import { formatCents, parseAmountToCents } from '../src/transform/money';
import { normalizeName } from '../src/transform/names';
import { DEFAULT_SESSION_GAP_MS, sessionize } from '../src/transform/sessionize';
import { epochMsToIsoUtc, toIsoUtc } from '../src/transform/time';

describe('parseAmountToCents', () => {
  it.each([
    ['12.99', 1299],
    ['"1,234.50" without quotes', null],
    ['1,234.50', 123450],
    ['1,234,567.8', 123456780],
    ['$7.5', 750],
    ['-5.00', -500],
    ['+0.99', 99],
    ['  42 ', 4200],
    ['0', 0],
    ['-0.00', 0],
    ['1234.10', 123410],
  ])('%s → %s', (raw, cents) => {
    expect(parseAmountToCents(raw)).toBe(cents);
  });
  it('-0 never comes out (Object.is)', () => expect(Object.is(parseAmountToCents('-0'), 0)).toBe(true));
  it.each(['', 'twelve', '12,34', '1.2.3', '19.999', '.5', '1,23.00', 'NaN', 'Infinity', '1e3', '٣'])('rejects %j', (raw) => {
    expect(parseAmountToCents(raw)).toBeNull();
  });
  it('rejects amounts beyond Number.MAX_SAFE_INTEGER cents instead of losing precision', () => {
    expect(parseAmountToCents('90071992547409.91')).toBe(9007199254740991);
    expect(parseAmountToCents('90071992547409.92')).toBeNull();
  });
  it('does not throw on a non-string (malformed record)', () => {
    expect(parseAmountToCents(12 as unknown as string)).toBeNull();
  });
  it('formatCents is its inverse on whole cents', () => {
    for (const cents of [0, 5, -5, 99, 100, 123450, -123450, Number.MAX_SAFE_INTEGER]) {
      expect(parseAmountToCents(formatCents(cents))).toBe(cents);
    }
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });
});

describe('toIsoUtc', () => {
  it.each([
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['2024-03-01T09:15:00Z', '2024-03-01T09:15:00.000Z'],
    ['2024-03-02T10:00:00+02:00', '2024-03-02T08:00:00.000Z'],
    ['2024-03-02 14:30', '2024-03-02T14:30:00.000Z'],
    ['2024-02-29T23:30:00-01:00', '2024-03-01T00:30:00.000Z'],
    ['2024-03-01T00:00:00.123456Z', '2024-03-01T00:00:00.123Z'],
    ['2024-03-01t09:00:00z', '2024-03-01T09:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(toIsoUtc(raw)).toBe(iso);
  });
  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-04-31T10:00:00Z', '', 'yesterday', '2024-03-01T24:00', '2024-03-01T10:60', '2024-03-01T10:00:00+24:00', '9999-12-31T23:00:00-05:00', '0000-01-01T00:30:00+01:00'])(
    'rejects %j (no rollover, no years outside 0000–9999)',
    (raw) => {
      expect(toIsoUtc(raw)).toBeNull();
    },
  );
  it('is idempotent on its own output', () => {
    const once = toIsoUtc('2024-03-02T10:00:00+02:00');
    expect(toIsoUtc(once ?? '')).toBe(once);
  });
  it('epochMsToIsoUtc', () => {
    expect(epochMsToIsoUtc(1709283600000)).toBe('2024-03-01T09:00:00.000Z');
    expect(epochMsToIsoUtc(Number.NaN)).toBeNull();
    expect(epochMsToIsoUtc(1.5)).toBeNull();
    expect(epochMsToIsoUtc(8.64e15 + 1)).toBeNull();
    expect(epochMsToIsoUtc(-62198755200001)).toBeNull(); // before year 0000
  });
});

describe('dedupeById', () => {
  it('keeps the first occurrence and returns later ones as duplicates, in order', () => {
    const rows = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 3 }, { id: '__proto__', n: 4 }, { id: '__proto__', n: 5 }];
    const { kept, duplicates } = dedupeById(rows);
    expect(kept.map((r) => r.n)).toEqual([1, 2, 4]);
    expect(duplicates.map((r) => r.n)).toEqual([3, 5]);
  });
  it('empty in, empty out', () => expect(dedupeById([])).toEqual({ kept: [], duplicates: [] }));
  it.each([[null], [[null]], [[{}]], [[{ id: 1 }]]])('malformed %j throws TypeError instead of keeping id-less records', (records) => {
    expect(() => dedupeById(records as never)).toThrow(TypeError);
  });
});

describe('sessionize', () => {
  const t = (min: number) => Date.UTC(2024, 2, 1) + min * 60_000;
  it('splits on gaps longer than the gap, per user, and sorts by user, time, id', () => {
    const out = sessionize(
      [
        { eventId: 'e3', userId: 'u1', tsMs: t(95) },
        { eventId: 'e1', userId: 'u1', tsMs: t(0) },
        { eventId: 'e2', userId: 'u1', tsMs: t(30) },
        { eventId: 'e4', userId: 'u0', tsMs: t(1) },
      ],
      DEFAULT_SESSION_GAP_MS,
    );
    expect(out.rejected).toEqual([]);
    expect(out.events.map((e) => [e.eventId, e.sessionId, e.indexInSession])).toEqual([
      ['e4', `u0#${String(t(1))}`, 0],
      ['e1', `u1#${String(t(0))}`, 0],
      ['e2', `u1#${String(t(0))}`, 1], // exactly the gap: same session
      ['e3', `u1#${String(t(95))}`, 0],
    ]);
  });
  it('gap 0 puts only simultaneous events together', () => {
    const out = sessionize([{ eventId: 'a', userId: 'u', tsMs: 5 }, { eventId: 'b', userId: 'u', tsMs: 5 }, { eventId: 'c', userId: 'u', tsMs: 6 }], 0);
    expect(out.events.map((e) => e.indexInSession)).toEqual([0, 1, 0]);
  });
  it('does not mutate its input', () => {
    const input = [{ eventId: 'b', userId: 'u', tsMs: 2 }, { eventId: 'a', userId: 'u', tsMs: 1 }];
    const copy = structuredClone(input);
    sessionize(input, 10);
    expect(input).toEqual(copy);
  });
  it.each([Number.NaN, -1, Number.NEGATIVE_INFINITY])('gap %s throws RangeError', (gap) => {
    expect(() => sessionize([], gap)).toThrow(RangeError);
  });
  it('gap Infinity: one session per user', () => {
    const out = sessionize([{ eventId: 'a', userId: 'u', tsMs: 0 }, { eventId: 'b', userId: 'u', tsMs: 1e12 }], Number.POSITIVE_INFINITY);
    expect(new Set(out.events.map((e) => e.sessionId)).size).toBe(1);
  });
  it('events with NaN or infinite times come back rejected, never dropped', () => {
    const bad = { eventId: 'x', userId: 'u', tsMs: Number.NaN };
    const out = sessionize([bad, { eventId: 'y', userId: 'u', tsMs: 1 }, { eventId: 'z', userId: 'u', tsMs: Number.POSITIVE_INFINITY }], 10);
    expect(out.rejected.map((e) => e.eventId)).toEqual(['x', 'z']);
    expect(out.events.map((e) => e.eventId)).toEqual(['y']);
  });
  it.each([[null], [[null]], [[{ eventId: 'a', tsMs: 1 }]]])('malformed events %j throw TypeError', (events) => {
    expect(() => sessionize(events as never, 1)).toThrow(TypeError);
  });
  it('-0 and 0 give the same session id', () => {
    expect(sessionize([{ eventId: 'a', userId: 'u', tsMs: -0 }], 1).events[0]?.sessionId).toBe('u#0');
  });
});

describe('normalizeName', () => {
  it.each([
    ['  Ada   Lovelace ', 'Ada Lovelace'],
    ['Jose\u0301 Garci\u0301a', 'José García'],
    ['e\u0007\u0301', 'é'],
    ['Tab\there', 'Tab here'],
    ['李小龙', '李小龙'],
    ['Kowalski 🐧', 'Kowalski 🐧'],
    ['\u0085\u200B', '\u200B'],
    ['   ', ''],
  ])('%j → %j', (raw, name) => {
    expect(normalizeName(raw)).toBe(name);
    expect(normalizeName(normalizeName(raw))).toBe(name);
  });
});

describe('categorizeByRules', () => {
  it.each([
    ['USB-C cable', 'electronics'],
    ['Paperback NOVEL', 'books'],
    ['Board game "Ticket"', 'toys'],
    ['Gift card', 'other'],
    ['', 'other'],
  ])('%j → %s', (product, category) => expect(categorizeByRules(product)).toBe(category));
});

describe('toIsoUtc fast path', () => {
  // padding with a space sends the same text through the general parser (the fast path takes only exact forms)
  const general = (raw: string) => toIsoUtc(` ${raw} `);
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const canonicalShaped = fc
    .tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(19), two(39), fc.option(fc.tuple(two(29), two(69), two(69), fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')))))
    .map(([y, mo, d, t]) => (t ? `${y}-${mo}-${d}T${t[0]}:${t[1]}:${t[2]}.${t[3]}Z` : `${y}-${mo}-${d}`));
  it('gives the general parser\'s answer on every date and date-time of the output form, valid or not', () => {
    fc.assert(
      fc.property(canonicalShaped, (raw) => {
        expect(toIsoUtc(raw)).toBe(general(raw));
      }),
      { numRuns: 2000 },
    );
  });
  it.each([
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['2023-02-29T00:00:00.000Z', null],
    ['2024-04-31', null],
    ['2024-12-31', '2024-12-31T00:00:00.000Z'],
    ['0000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z'],
    ['2024-01-01T24:00:00.000Z', null],
    ['2024-01-01T00:00:60.000Z', null],
    ['2024-01-01t00:00:00.000z', '2024-01-01T00:00:00.000Z'],
  ])('%s → %s', (raw, iso) => expect(toIsoUtc(raw)).toBe(iso));
});
