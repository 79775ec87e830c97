/**
 * Sessions assigned batch by batch must equal sessionize over all events, whatever the batch
 * boundaries, late events and duplicates: checked against the full rebuild on the same database.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../src/load/database';
import { finishSessions, prepareSessions, rebuildSessions } from '../src/load/sessions';
import { Store, type EventToLoad } from '../src/load/store';
import { continueSessions, sessionize, type ClickEvent, type OpenSession } from '../src/transform/sessionize';

const GAP = 10;

function event(eventId: string, userId: string, tsMs: number, index = 0): EventToLoad {
  return { id: eventId, userId, type: 'click', url: null, ts: new Date(tsMs).toISOString(), tsMs, index };
}

async function freshDb(gap = GAP): Promise<{ db: SqliteDb; store: Store }> {
  const db = await openDatabase(':memory:');
  prepareSessions(db, gap);
  const store = new Store(db, gap);
  store.checkpointFor('sha', '/in/events.jsonl', 'events', 1);
  return { db, store };
}

function load(store: Store, batches: EventToLoad[][], from = 0): void {
  let done = from;
  for (const events of batches) {
    store.commitBatch({ sourceSha256: 'sha', sourceFile: '/in/events.jsonl', kind: 'events', fromIndex: done, toIndex: done + events.length, orders: [], events, quarantine: [], duplicates: 0, completed: false });
    done += events.length;
  }
}

function snapshot(db: SqliteDb): { events: unknown[]; sessions: unknown[]; pending: unknown[] } {
  return {
    events: db.prepare('SELECT event_id, session_id FROM events ORDER BY event_id').all(),
    sessions: db.prepare('SELECT * FROM sessions ORDER BY session_id').all(),
    pending: db.prepare('SELECT * FROM session_rebuild').all(),
  };
}

describe('continueSessions', () => {
  const open = (startMs: number, endMs: number, eventCount = 2): OpenSession => ({ sessionId: `u#${String(startMs)}`, userId: 'u', startMs, endMs, eventCount });
  const latest = (s: OpenSession, user = 'u') => new Map([[user, s]]);
  const at = (tsMs: number, eventId = `e${String(tsMs)}`): ClickEvent => ({ eventId, userId: 'u', tsMs });

  it('an event inside the latest session joins it without moving its ends', () => {
    const out = continueSessions(latest(open(100, 120)), [at(110)], GAP);
    expect(out.sessionIds).toEqual(['u#100']);
    expect(out.sessions).toEqual([{ ...open(100, 120), eventCount: 3 }]);
  });
  it('exactly the gap after the end extends the session; one more starts a new one', () => {
    expect(continueSessions(latest(open(100, 120)), [at(130)], GAP).sessions).toEqual([{ ...open(100, 130), eventCount: 3 }]);
    const out = continueSessions(latest(open(100, 120)), [at(131)], GAP);
    expect(out.sessionIds).toEqual(['u#131']);
    expect(out.sessions).toEqual([{ sessionId: 'u#131', userId: 'u', startMs: 131, endMs: 131, eventCount: 1 }]);
  });
  it('an event before the latest start leaves the user to the recompute and places none of its events', () => {
    const out = continueSessions(latest(open(100, 120)), [at(125), at(99)], GAP);
    expect(out).toEqual({ sessionIds: [null, null], sessions: [], outOfOrder: ['u'] });
  });
  it('an event at the latest start joins (ties sort by id, the session id stays)', () => {
    expect(continueSessions(latest(open(100, 120)), [at(100, 'a')], GAP).sessionIds).toEqual(['u#100']);
  });
  it.each([
    ['start after end', open(130, 120)],
    ['NaN start', open(Number.NaN, 120)],
    ['no events', open(100, 120, 0)],
    // found by gen-edge-tests at --runs 3000: the id was passed through into the result
    ['a session id that is not text', { ...open(100, 120), sessionId: true as unknown as string }],
    ['another user\'s session', { ...open(100, 120), userId: 'someone else' }],
  ])('a latest session that is not a real one (%s) sends the user to the recompute', (_name, bad) => {
    expect(continueSessions(latest(bad), [at(200)], GAP).outOfOrder).toEqual(['u']);
  });
  it('events with no finite time are not placed and not reported as out of order', () => {
    const out = continueSessions(new Map(), [at(Number.NaN), at(5)], GAP);
    expect(out.sessionIds).toEqual([null, 'u#5']);
    expect(out.outOfOrder).toEqual([]);
  });
  it.each([Number.NaN, -1])('gap %s throws RangeError', (gap) => {
    expect(() => continueSessions(new Map(), [], gap)).toThrow(RangeError);
  });
  it('latest must be a Map (a plain object would read "__proto__" users off the prototype)', () => {
    expect(() => continueSessions({} as never, [], GAP)).toThrow(TypeError);
  });

  const events = fc.array(
    fc.record({ eventId: fc.string({ minLength: 1, maxLength: 3 }), userId: fc.constantFrom('a', 'b', '__proto__'), tsMs: fc.integer({ min: 0, max: 200 }) }),
    { maxLength: 40 },
  );
  it('from nothing known it gives the same session of every event as sessionize', () => {
    fc.assert(
      fc.property(events, fc.integer({ min: 0, max: 30 }), (list, gap) => {
        const out = continueSessions(new Map(), list, gap);
        const tuple = (e: ClickEvent, sessionId: string | null) => JSON.stringify([e.eventId, e.userId, e.tsMs, sessionId]);
        const expected = sessionize(list, gap).events.map((e) => tuple(e, e.sessionId)).sort();
        expect(list.map((e, i) => tuple(e, out.sessionIds[i] ?? null)).sort()).toEqual(expected);
        expect(out.outOfOrder).toEqual([]);
      }),
    );
  });
});

describe('sessions in the database', () => {
  it('batch by batch equals the full rebuild, for any batch boundaries, late events and duplicates', async () => {
    const user = fc.constantFrom('u1', 'u2', 'u3');
    const scenario = fc.record({
      events: fc.array(fc.record({ userId: user, tsMs: fc.integer({ min: 0, max: 300 }) }), { minLength: 1, maxLength: 60 }),
      // mostly in time order (the common case), sometimes shuffled (late events)
      shuffle: fc.boolean(),
      // ids repeat across and inside batches: a repeated id does not insert (its user is recomputed)
      duplicates: fc.boolean(),
      cuts: fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 10 }),
      gap: fc.integer({ min: 0, max: 40 }),
      // a second loader (a later run) takes over after this many batches, and the cache of latest
      // sessions may be tiny (it starts over when full): both make the tracker ask the database
      restartAfter: fc.option(fc.nat({ max: 6 })),
      cacheSize: fc.constantFrom(undefined, 1, 2),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ events, shuffle, duplicates, cuts, gap, restartAfter, cacheSize }) => {
        const rows = events.map((e, i) => event(`E${String(duplicates ? i % 7 : i).padStart(3, '0')}`, e.userId, e.tsMs, i));
        if (!shuffle) rows.sort((a, b) => a.tsMs - b.tsMs);
        const batches: EventToLoad[][] = [];
        for (let i = 0, c = 0; i < rows.length; c += 1) {
          const size = cuts[c % cuts.length] ?? 1;
          batches.push(rows.slice(i, i + size));
          i += size;
        }
        const { db } = await freshDb(gap);
        const split = restartAfter ?? batches.length;
        load(new Store(db, gap, undefined, cacheSize), batches.slice(0, split));
        load(new Store(db, gap, undefined, cacheSize), batches.slice(split), batches.slice(0, split).reduce((n, b) => n + b.length, 0));
        finishSessions(db, gap);
        const incremental = snapshot(db);
        rebuildSessions(db, gap);
        expect(incremental).toEqual(snapshot(db));
        expect(incremental.pending).toEqual([]);
        db.close();
      }),
      { numRuns: 300 },
    );
  });

  it('a user forgotten by a full cache is looked up again: its next event joins the session in the database', async () => {
    const { db } = await freshDb(40);
    // a cache of one user starts over at every commit here: u1 is forgotten while u2 loads
    load(new Store(db, 40, undefined, 1), [[event('a', 'u1', 0)], [event('b', 'u2', 1)], [event('c', 'u1', 2)]]);
    expect(db.prepare('SELECT session_id, event_count FROM sessions ORDER BY session_id').all()).toEqual([
      { session_id: 'u1#0', event_count: 2 },
      { session_id: 'u2#1', event_count: 1 },
    ]);
    db.close();
  });

  it('a later run over a database with events looks up the users it has not seen', async () => {
    const { db, store } = await freshDb(40);
    load(store, [[event('a', 'u1', 0)]]);
    load(new Store(db, 40), [[event('b', 'u1', 30)]], 1);
    expect(db.prepare('SELECT session_id, event_count FROM sessions').all()).toEqual([{ session_id: 'u1#0', event_count: 2 }]);
    db.close();
  });

  it('a late event marks its user for the recompute, in the same transaction as the batch', async () => {
    const { db, store } = await freshDb();
    load(store, [[event('a', 'u', 100), event('b', 'u', 105)], [event('c', 'u', 50, 2)]]);
    expect(db.prepare('SELECT user_id FROM session_rebuild').pluck().all()).toEqual(['u']);
    expect(db.prepare('SELECT session_id FROM events WHERE event_id = ?').pluck().get('c')).toBeNull();
    expect(finishSessions(db, GAP)).toBe(1);
    expect(db.prepare('SELECT session_id, event_count FROM sessions ORDER BY session_id').all()).toEqual([
      { session_id: 'u#100', event_count: 2 },
      { session_id: 'u#50', event_count: 1 },
    ]);
    expect(db.prepare('SELECT count(*) FROM session_rebuild').pluck().get()).toBe(0);
    db.close();
  });

  it('a user waiting for the recompute gets no incremental sessions from later batches', async () => {
    const { db, store } = await freshDb();
    load(store, [[event('a', 'u', 100)], [event('b', 'u', 50, 1)], [event('c', 'u', 300, 2)]]);
    expect(db.prepare('SELECT event_id, session_id FROM events ORDER BY event_id').all()).toEqual([
      { event_id: 'a', session_id: 'u#100' },
      { event_id: 'b', session_id: null },
      { event_id: 'c', session_id: null },
    ]);
    finishSessions(db, GAP);
    expect(db.prepare('SELECT session_id FROM sessions ORDER BY session_id').pluck().all()).toEqual(['u#100', 'u#300', 'u#50']);
    db.close();
  });

  it('a new tracker (a resumed run) continues from the committed sessions', async () => {
    const { db, store } = await freshDb();
    load(store, [[event('a', 'u', 100)]]);
    const resumed = new Store(db, GAP);
    resumed.commitBatch({ sourceSha256: 'sha', sourceFile: '/in/events.jsonl', kind: 'events', fromIndex: 1, toIndex: 2, orders: [], events: [event('b', 'u', 108, 1)], quarantine: [], duplicates: 0, completed: false });
    expect(db.prepare('SELECT session_id, ended_at, event_count FROM sessions').all()).toEqual([{ session_id: 'u#100', ended_at: new Date(108).toISOString(), event_count: 2 }]);
    db.close();
  });

  it('a failed batch leaves no trace in the tracker: the next batch sees only committed sessions', async () => {
    const { db, store } = await freshDb();
    load(store, [[event('a', 'u', 100)]]);
    // a wrong guard makes the checkpoint update fail and the whole batch roll back
    expect(() =>
      store.commitBatch({ sourceSha256: 'sha', sourceFile: '/in/events.jsonl', kind: 'events', fromIndex: 99, toIndex: 100, orders: [], events: [event('b', 'u', 105, 1)], quarantine: [], duplicates: 0, completed: false }),
    ).toThrow(/checkpoint moved/);
    store.commitBatch({ sourceSha256: 'sha', sourceFile: '/in/events.jsonl', kind: 'events', fromIndex: 1, toIndex: 2, orders: [], events: [event('c', 'u', 200, 1)], quarantine: [], duplicates: 0, completed: false });
    expect(db.prepare('SELECT session_id, event_count FROM sessions ORDER BY session_id').all()).toEqual([
      { session_id: 'u#100', event_count: 1 },
      { session_id: 'u#200', event_count: 1 },
    ]);
    db.close();
  });

  it('a changed gap rebuilds every session once before loading', async () => {
    const { db, store } = await freshDb(GAP);
    load(store, [[event('a', 'u', 100), event('b', 'u', 150)]]);
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(2);
    prepareSessions(db, 100);
    expect(db.prepare('SELECT session_id, event_count FROM sessions').all()).toEqual([{ session_id: 'u#100', event_count: 2 }]);
    expect(db.prepare("SELECT value FROM pipeline_state WHERE key = 'sessions_gap_ms'").pluck().get()).toBe('100');
    db.close();
  });

  it('a database flagged stale by the earlier loader is rebuilt once', async () => {
    const { db, store } = await freshDb();
    load(store, [[event('a', 'u', 100)]]);
    db.prepare("UPDATE events SET session_id = NULL").run();
    db.prepare("INSERT INTO pipeline_state (key, value) VALUES ('sessions_stale', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    prepareSessions(db, GAP);
    expect(db.prepare('SELECT session_id FROM events').pluck().get()).toBe('u#100');
    expect(db.prepare("SELECT value FROM pipeline_state WHERE key = 'sessions_stale'").pluck().get()).toBe('0');
    db.close();
  });
});
