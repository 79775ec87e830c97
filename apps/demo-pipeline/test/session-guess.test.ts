/**
 * The reader's guessed session plans, checked and completed by the loader (`applyGuess`), must equal
 * planning on the loader (`planSessions`) exactly: same ids, sessions in the same order, same
 * recompute list and states, whatever the reader got wrong (resumed runs, invalidated users, a
 * forgotten state, late events, times that are not finite).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyGuess, guessSessions, type GuessEvent } from '../src/transform/session-guess';
import { isSessionIdOf, planSessions, sessionize, type KnownSession, type OpenSession } from '../src/transform/sessionize';

const GAP = 10;

const ev = (id: string, userId: string, tsMs: number): GuessEvent => ({ id, userId, tsMs });
const click = (events: readonly GuessEvent[]) => events.map((e) => ({ eventId: e.id, userId: e.userId, tsMs: e.tsMs }));

/** Loader-side state after a plan, as the SessionTracker keeps it. */
function advance(state: Map<string, KnownSession>, latest: ReadonlyMap<string, KnownSession>): void {
  for (const [user, k] of latest) state.set(user, k);
}

/** `dropped`: indexes of events the loader found already loaded (the reader planned them all). */
function expectSamePlan(known: ReadonlyMap<string, KnownSession>, all: GuessEvent[], reader: Map<string, KnownSession>, dropped: ReadonlySet<number> = new Set()) {
  const guess = guessSessions(reader, all, GAP);
  const from = all.map((_, i) => i).filter((i) => !dropped.has(i));
  const events = from.map((i) => all[i] as GuessEvent);
  const guessed = applyGuess(known, events, guess, GAP, dropped.size > 0 ? from : undefined);
  const planned = planSessions(known, click(events), GAP);
  expect(guessed).toBeDefined();
  const { startEvent, endEvent, ...plan } = guessed as NonNullable<typeof guessed>;
  expect(plan).toEqual(planned);
  expect([...plan.latest.keys()]).toEqual([...planned.latest.keys()]);
  // each session's start/end event, when given, is an event of the batch at that time
  plan.sessions.forEach((s, i) => {
    const start = startEvent[i] as number;
    const end = endEvent[i] as number;
    if (start !== -1) expect(events[start]?.tsMs).toBe(s.startMs);
    if (end !== -1) expect(events[end]?.tsMs).toBe(s.endMs);
  });
  return planned;
}

describe('applyGuess', () => {
  it('takes the whole guess when the reader assumed what the loader knows', () => {
    const reader = new Map<string, KnownSession>();
    const known = new Map<string, KnownSession>();
    const first = [ev('e1', 'a', 100), ev('e2', 'b', 101), ev('e3', 'a', 105)];
    advance(known, expectSamePlan(known, first, reader).latest);
    const second = [ev('e4', 'a', 112), ev('e5', 'b', 200)];
    const plan = expectSamePlan(known, second, reader);
    expect(plan.sessionIds).toEqual(['a#100', 'b#200']);
  });

  it('replans a user whose state the reader could not know (a resumed run)', () => {
    const known = new Map<string, KnownSession>([['a', { sessionId: 'a#90', userId: 'a', startMs: 90, endMs: 95, eventCount: 2 }]]);
    // the reader starts empty: it assumes 'a' has no sessions and would start a#100
    const plan = expectSamePlan(known, [ev('e1', 'a', 100), ev('e2', 'b', 100)], new Map());
    expect(plan.sessionIds).toEqual(['a#90', 'b#100']);
  });

  it('a user the loader sent to the recompute (a duplicate that did not insert) gets nothing placed', () => {
    const reader = new Map<string, KnownSession>();
    const known = new Map<string, KnownSession>();
    advance(known, expectSamePlan(known, [ev('e1', 'a', 100)], reader).latest);
    known.set('a', 'rebuild');
    const plan = expectSamePlan(known, [ev('e2', 'a', 101), ev('e3', 'c', 5)], reader);
    expect(plan.sessionIds).toEqual([null, 'c#5']);
    expect(plan.rebuild).toEqual(['a']);
  });

  it('a late event and a time that is not finite send their users to the recompute on both sides', () => {
    const reader = new Map<string, KnownSession>();
    const known = new Map<string, KnownSession>();
    advance(known, expectSamePlan(known, [ev('e1', 'a', 100), ev('e2', 'b', 100)], reader).latest);
    const plan = expectSamePlan(known, [ev('e3', 'a', 50), ev('e4', 'b', Number.NaN), ev('e5', 'b', 103)], reader);
    expect(plan.rebuild).toEqual(['a', 'b']);
  });

  it('replans the users of events the loader dropped (already loaded) and takes the rest', () => {
    const reader = new Map<string, KnownSession>();
    const known = new Map<string, KnownSession>();
    advance(known, expectSamePlan(known, [ev('e1', 'a', 100), ev('e2', 'b', 100)], reader).latest);
    // e1 again (a replayed event) was dropped by the loader; the reader counted it into a's session
    const plan = expectSamePlan(known, [ev('e1', 'a', 100), ev('e3', 'a', 105), ev('e4', 'b', 103)], reader, new Set([0]));
    expect(plan.sessionIds).toEqual(['a#100', 'b#100']);
    expect(plan.sessions.map((s) => [s.sessionId, s.eventCount])).toEqual([['a#100', 2], ['b#100', 2]]);
  });

  it('refuses a guess made for other events', () => {
    const guess = guessSessions(new Map(), [ev('e1', 'a', 1), ev('e2', 'a', 2)], GAP);
    expect(applyGuess(new Map(), [ev('e1', 'a', 1)], guess, GAP)).toBeUndefined();
  });

  it('equals planning on the loader for random batches, resumed states, invalidations and forgotten states', () => {
    const user = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const time = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) });
    const batch = fc.array(fc.record({ user, dt: time }), { maxLength: 12 });
    const prior = fc.dictionary(
      user,
      fc.oneof(
        fc.constant('rebuild' as const),
        fc.record({ start: fc.integer({ min: 0, max: 40 }), len: fc.integer({ min: 0, max: 15 }), count: fc.integer({ min: 1, max: 4 }) }),
      ),
    );
    fc.assert(
      fc.property(
        prior,
        fc.array(fc.record({ events: batch, drop: fc.array(fc.nat(11), { maxLength: 3 }), invalidate: fc.option(user, { freq: 4 }), forget: fc.boolean(), skew: fc.option(fc.tuple(user, fc.constantFrom('start', 'end', 'count', 'id')), { freq: 3 }) }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (start, batches, readerKnowsPrior) => {
          const known = new Map<string, KnownSession>();
          for (const [u, p] of Object.entries(start)) {
            known.set(u, p === 'rebuild' ? p : ({ sessionId: `${u}#${String(p.start)}`, userId: u, startMs: p.start, endMs: p.start + p.len, eventCount: p.count } satisfies OpenSession));
          }
          const reader = new Map<string, KnownSession>(readerKnowsPrior ? known : []);
          let clock = 0;
          let n = 0;
          for (const { events: raw, drop, invalidate, forget, skew } of batches) {
            // times mostly move forward per batch, sometimes back (late events)
            const events = raw.map(({ user: u, dt }) => ev(`e${String(n++)}`, u, Number.isFinite(dt) ? clock + dt - 10 : dt));
            clock += 20;
            if (forget) reader.clear();
            // the reader's state off in one field (say, a session it extended that the loader did not)
            const skewed = skew ? reader.get(skew[0]) : undefined;
            if (skew && typeof skewed === 'object') {
              const [u, field] = skew;
              const { startMs, endMs, eventCount } = skewed;
              if (field === 'start') reader.set(u, { ...skewed, startMs: startMs - 1, sessionId: `${u}#${String(startMs - 1)}` });
              if (field === 'end') reader.set(u, { ...skewed, endMs: endMs + 1 });
              if (field === 'count') reader.set(u, { ...skewed, eventCount: eventCount + 1 });
            }
            // a latest session of the loader with an id this code would not give (an older database,
            // say): the reader's own states always have such ids, so the loader checks its side
            const loaderSide = skew?.[1] === 'id' ? known.get(skew[0]) : undefined;
            if (skew && typeof loaderSide === 'object') known.set(skew[0], { ...loaderSide, sessionId: `${skew[0]}#x` });
            const planned = expectSamePlan(known, events, reader, new Set(drop.filter((i) => i < events.length)));
            advance(known, planned.latest);
            if (invalidate !== null) known.set(invalidate, 'rebuild');
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('isSessionIdOf', () => {
  it.each([
    ['u#100', 'u', 100, true],
    ['u#0', 'u', 0, true],
    ['u#0100', 'u', 100, false],
    ['ab#1', 'a', 1, false],
    ['u#', 'u', 0, false],
    ['u#1e3', 'u', 1000, false],
    ['u#-10', 'u', -10, true],
    ['u#1.5', 'u', 1.5, true],
    ['u#9007199254740993', 'u', 9007199254740992, false],
  ])('%s is the id of a session of %s starting at %d: %s', (id, user, start, expected) => {
    expect(isSessionIdOf(id, user, start)).toBe(expected);
  });
  it('agrees with the ids sessionize gives, and rejects any other text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.double()), fc.string({ maxLength: 24 }), (user, start, other) => {
        const id = sessionize([{ eventId: 'e', userId: user, tsMs: start }], 1).events[0]?.sessionId;
        if (id !== undefined) expect(isSessionIdOf(id, user, start)).toBe(true);
        expect(isSessionIdOf(other, user, start)).toBe(other === id || (id === undefined && other === `${user}#${String(start)}`));
      }),
    );
  });
});
