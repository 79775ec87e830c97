/**
 * Click-event sessions in the database: assigned batch by batch while events load, recomputed only
 * for the users incremental placement cannot decide.
 *
 * @rationale Assign sessions in the batch transaction that inserts the events, from each user's latest
 *   committed session; recompute a user with `sessionize` only when an event arrives before that session
 *   why: click events arrive in time order per user almost always, so a new event joins, extends or
 *     follows the user's latest session and its id is known before the row is written: no second pass
 *     rewrites every event. Sessions are committed with the batch and the checkpoint, so a killed run
 *     resumes from exactly the sessions its committed events imply. A late event (before the latest
 *     session's start) may merge or split earlier sessions: its user goes to `session_rebuild` and is
 *     recomputed over all of its events at the end of the run (or the next run, after a kill).
 *     The result equals `sessionize` over all events whatever the batch boundaries (a property test
 *     checks it against the full rebuild).
 *   alternatives: rebuild every session after the load (rewrites every event row: about a fifth of the
 *     whole run); a SQL view with window functions (recomputed on every read, no stable rows)
 *   tradeoffs: one cached state per recently seen user (bounded, cleared when it grows past
 *     MAX_CACHED_USERS); a changed session gap or a database from before this scheme needs one full rebuild
 *
 * @lineage sessionize_events
 *   in: sqlite main.events
 *   in: sqlite main.sessions
 *   in: sqlite main.pipeline_state
 *   in: sqlite main.session_rebuild
 *   out: sqlite main.sessions mode=overwrite key=session_id
 *   out: sqlite main.events
 *   out: sqlite main.pipeline_state
 *   out: sqlite main.session_rebuild
 *   column: events.session_id from events.user_id, events.ts_ms
 */
import { applyGuess, planWithEnds, type SessionGuess } from '../transform/session-guess';
import { sessionize, type ClickEvent, type KnownSession, type OpenSession } from '../transform/sessionize';
import type { SqliteDb } from './database';

/** Users per read when recomputing: one query and one `sessionize` call per chunk instead of one per user. */
const USERS_PER_CHUNK = 1000;
/** Latest-session states kept in memory; past this the cache starts over (memory stays flat). */
export const MAX_CACHED_USERS = 200_000;

const STATE_GAP = 'sessions_gap_ms';
const STATE_STALE = 'sessions_stale';

/** A user's latest session, that they have none, or that their sessions wait for a recompute. */
type Known = KnownSession;

interface LatestRow {
  user_id: string;
  session_id: string;
  started_at: string;
  ended_at: string;
  event_count: number;
}

/** Sessions of one batch of new events, decided inside the batch transaction. */
export interface SessionPlan {
  /** session id per event of the batch (same order), `null` = left for the recompute */
  sessionIds: (string | null)[];
  sessions: OpenSession[];
  /** users to recompute at the end of the run */
  rebuild: Set<string>;
  /** latest state per user after the batch, remembered once the transaction committed */
  latest: Map<string, Known>;
  /** per session, an event of the batch at its start / end (-1 = none: the session began earlier) */
  startEvent: Int32Array;
  endEvent: Int32Array;
}

/** A new event as the tracker plans and writes it (a validated event row). */
export interface EventToPlan {
  readonly id: string;
  readonly userId: string;
  readonly tsMs: number;
  /** the time as ISO text (the same instant as tsMs) */
  readonly ts: string;
}

function setState(db: SqliteDb, key: string, value: string): void {
  db.prepare('INSERT INTO pipeline_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

function getState(db: SqliteDb, key: string): string | undefined {
  return db.prepare('SELECT value FROM pipeline_state WHERE key = ?').pluck().get(key) as string | undefined;
}

/** Decides and writes the sessions of each batch of new events; one per run, used by the Store. */
export class SessionTracker {
  /** committed state */
  private readonly known = new Map<string, Known>();
  /** state of batches written in the open transaction, not committed yet */
  private readonly staged = new Map<string, Known>();
  private readonly latestOf;
  private readonly pendingOf;
  private readonly upsertSession;
  private readonly markRebuild;
  /**
   * True while every user with events in the database is in the cache: the database had no events
   * and no recompute marks when this tracker started, and the cache has not been cleared since. A user
   * missing from the cache then has no sessions, and the database is not asked (on a new database that
   * was one query per batch for every user not seen before).
   */
  private cacheComplete: boolean;

  constructor(
    private readonly db: SqliteDb,
    readonly gapMs: number,
    /** latest-session states kept in memory; past this the cache starts over (tests use small ones) */
    private readonly maxCachedUsers = MAX_CACHED_USERS,
  ) {
    this.cacheComplete = db.prepare('SELECT (SELECT 1 FROM events LIMIT 1) IS NULL AND (SELECT 1 FROM session_rebuild LIMIT 1) IS NULL').pluck().get() === 1;
    // the latest session of each user is the session of their latest event (sessions are disjoint
    // in time); idx_events_user_ts finds that event without a scan
    this.latestOf = db.prepare(
      `SELECT s.user_id, s.session_id, s.started_at, s.ended_at, s.event_count
       FROM json_each(?) AS u
       JOIN sessions AS s ON s.session_id = (SELECT session_id FROM events WHERE user_id = u.value ORDER BY ts_ms DESC, event_id DESC LIMIT 1)`,
    );
    this.pendingOf = db.prepare('SELECT user_id FROM session_rebuild WHERE user_id IN (SELECT value FROM json_each(?))').pluck();
    this.upsertSession = db.prepare(
      `INSERT INTO sessions (session_id, user_id, started_at, ended_at, event_count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET ended_at = excluded.ended_at, event_count = excluded.event_count`,
    );
    this.markRebuild = db.prepare('INSERT INTO session_rebuild (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING');
  }

  /** Sessions for these new events from the known state (committed, or staged by an earlier batch of
   *  the open transaction); call inside the batch transaction. With the events reader's `guess` for
   *  these events (`from`: see applyGuess), only the users it assumed wrongly are planned here. */
  plan(events: readonly EventToPlan[], guess?: SessionGuess, from?: ArrayLike<number>): SessionPlan {
    // the users of the batch not in the cache: their latest session (if any) is read from the database
    const misses: string[] = [];
    const cached = (user: string) => this.staged.get(user) ?? this.known.get(user);
    const fromDb = new Map<string, Known>();
    const miss = (user: string) => {
      if (fromDb.has(user) || cached(user) !== undefined) return;
      misses.push(user);
      fromDb.set(user, 'none');
    };
    // a whole guessed batch names each user's first event; otherwise look at every event
    if (guess && from === undefined && guess.sessionOf.length === events.length) {
      for (const i of guess.userFirst) miss((events[i] as EventToPlan).userId);
    } else {
      for (const event of events) miss(event.userId);
    }
    if (misses.length > 0 && !this.cacheComplete) {
      const json = JSON.stringify(misses);
      for (const row of this.latestOf.all(json) as LatestRow[]) {
        fromDb.set(row.user_id, {
          sessionId: row.session_id,
          userId: row.user_id,
          startMs: Date.parse(row.started_at),
          endMs: Date.parse(row.ended_at),
          eventCount: row.event_count,
        });
      }
      for (const user of this.pendingOf.all(json) as string[]) fromDb.set(user, 'rebuild');
    }
    const lookup = (user: string): Known | undefined => (fromDb.size > 0 ? fromDb.get(user) : undefined) ?? cached(user);
    const guessed = guess ? applyGuess(lookup, events, guess, this.gapMs, from) : undefined;
    if (guessed) {
      const { rebuild, ...plan } = guessed;
      return { ...plan, rebuild: new Set(rebuild) };
    }
    const known = new Map<string, Known>();
    for (const event of events) if (!known.has(event.userId)) known.set(event.userId, lookup(event.userId) ?? 'none');
    const { rebuild, ...plan } = planWithEnds(known, events, this.gapMs);
    return { ...plan, rebuild: new Set(rebuild) };
  }

  /** A planned event did not insert (a duplicate written by someone else): recompute its user. */
  invalidate(plan: SessionPlan, userId: string): void {
    plan.rebuild.add(userId);
    plan.latest.set(userId, 'rebuild');
  }

  /** Writes the plan's sessions and recompute marks (inside the batch transaction); `events` are the
   *  batch's events, whose ISO text the session ends reuse. */
  write(plan: SessionPlan, events: readonly EventToPlan[]): void {
    // session ends are event times: their ISO text comes with the batch's event there, if there is one
    const iso = (ms: number, event: number | undefined): string => (event !== undefined && event !== -1 ? (events[event] as EventToPlan).ts : new Date(ms).toISOString());
    plan.sessions.forEach((s, i) => {
      if (plan.rebuild.has(s.userId)) return;
      const started = iso(s.startMs, plan.startEvent[i]);
      this.upsertSession.run(s.sessionId, s.userId, started, s.endMs === s.startMs ? started : iso(s.endMs, plan.endEvent[i]), s.eventCount);
    });
    for (const user of plan.rebuild) this.markRebuild.run(user);
  }

  /** The plan was written: later batches of the same transaction see its states. */
  stage(plan: SessionPlan): void {
    for (const [user, k] of plan.latest) this.staged.set(user, k);
  }

  /** The transaction committed: the staged states become the known ones. */
  commitStaged(): void {
    if (this.known.size + this.staged.size > this.maxCachedUsers) {
      this.known.clear();
      this.cacheComplete = false;
    }
    for (const [user, k] of this.staged) this.known.set(user, k);
    this.staged.clear();
  }

  /** The transaction rolled back: forget what it staged. */
  dropStaged(): void {
    this.staged.clear();
  }
}

/**
 * Before loading: a database whose sessions were built with another gap, or flagged stale by an
 * older version of this loader, gets one full rebuild so the batches can continue from it.
 */
export function prepareSessions(db: SqliteDb, gapMs: number): void {
  const storedGap = getState(db, STATE_GAP);
  const stale = getState(db, STATE_STALE) === '1';
  if (!stale && storedGap === String(gapMs)) return;
  const anyEvents = db.prepare('SELECT 1 FROM events LIMIT 1').get() !== undefined;
  if (anyEvents) rebuildSessions(db, gapMs);
  else setState(db, STATE_GAP, String(gapMs));
}

/** After loading: recomputes the users that got a late event; returns how many. */
export function finishSessions(db: SqliteDb, gapMs: number): number {
  const users = db.prepare('SELECT user_id FROM session_rebuild ORDER BY user_id').pluck().all() as string[];
  if (users.length === 0) return 0;
  const eventsOfUsers = db.prepare(
    'SELECT event_id AS eventId, user_id AS userId, ts_ms AS tsMs FROM events WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY user_id, ts_ms, event_id',
  );
  const dropSessions = db.prepare('DELETE FROM sessions WHERE user_id IN (SELECT value FROM json_each(?))');
  const done = db.prepare('DELETE FROM session_rebuild WHERE user_id IN (SELECT value FROM json_each(?))');
  const writer = sessionWriter(db);
  db.transaction(() => {
    for (let i = 0; i < users.length; i += USERS_PER_CHUNK) {
      const json = JSON.stringify(users.slice(i, i + USERS_PER_CHUNK));
      dropSessions.run(json);
      writer(eventsOfUsers.all(json) as ClickEvent[], gapMs);
      done.run(json);
    }
  })();
  return users.length;
}

/** `sessionize` over some users' events and write the result (events.session_id + sessions rows). */
function sessionWriter(db: SqliteDb): (events: ClickEvent[], gapMs: number) => number {
  const setSession = db.prepare('UPDATE events SET session_id = ? WHERE event_id = ? AND session_id IS NOT ?');
  const insertSession = db.prepare('INSERT INTO sessions (session_id, user_id, started_at, ended_at, event_count) VALUES (?, ?, ?, ?, ?)');
  return (events, gapMs) => {
    const { events: assigned, rejected } = sessionize(events, gapMs);
    if (rejected.length > 0) {
      throw new Error(`event ${rejected[0]?.eventId ?? ''} has no finite ts_ms (the loader only stores validated times); delete it and rerun`);
    }
    let sessions = 0;
    let start = 0;
    for (let i = 0; i < assigned.length; i += 1) {
      const event = assigned[i];
      if (!event) continue;
      setSession.run(event.sessionId, event.eventId, event.sessionId);
      // session ids embed the user, so a change of id also ends a session at a user boundary
      if (assigned[i + 1]?.sessionId !== event.sessionId) {
        const opened = assigned[start] ?? event;
        insertSession.run(event.sessionId, event.userId, new Date(opened.tsMs).toISOString(), new Date(event.tsMs).toISOString(), i - start + 1);
        sessions += 1;
        start = i + 1;
      }
    }
    return sessions;
  };
}

/** Rebuilds every session and `events.session_id` from scratch; returns the number of sessions. */
export function rebuildSessions(db: SqliteDb, gapMs: number): number {
  // user ids are validated non-empty, so every one sorts after ''
  const nextUsers = db.prepare('SELECT DISTINCT user_id FROM events WHERE user_id > ? ORDER BY user_id LIMIT ?').pluck();
  const eventsOfUsers = db.prepare(
    'SELECT event_id AS eventId, user_id AS userId, ts_ms AS tsMs FROM events WHERE user_id BETWEEN ? AND ? ORDER BY user_id, ts_ms, event_id',
  );
  const writer = sessionWriter(db);
  const rebuild = db.transaction((): number => {
    db.prepare('DELETE FROM sessions').run();
    db.prepare('DELETE FROM session_rebuild').run();
    let sessions = 0;
    for (let after = ''; ; ) {
      const users = nextUsers.all(after, USERS_PER_CHUNK) as string[];
      const first = users[0];
      const last = users.at(-1);
      if (first === undefined || last === undefined) break;
      after = last;
      sessions += writer(eventsOfUsers.all(first, last) as ClickEvent[], gapMs);
    }
    setState(db, STATE_STALE, '0');
    setState(db, STATE_GAP, String(gapMs));
    return sessions;
  });
  return rebuild();
}
