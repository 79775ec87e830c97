/**
 * Click events → sessions: a user's events belong to one session until a gap longer than `gapMs`.
 *
 * @rationale Session ids derived from the user and the session's first timestamp
 *   why: the same events must give the same session ids on every run and after a resumed run, so the
 *     id is a function of the data, not a counter or a random UUID.
 *   alternatives: SQL window functions (LAG) in SQLite (works, but untestable as a pure function);
 *     random UUIDs (reruns would change every id)
 *   tradeoffs: two users can never share a session id, and a user's id may not contain `#`-ambiguity
 *     issues because the timestamp is always the last segment
 */

/** One click event as the sessioniser needs it. */
export interface ClickEvent {
  readonly eventId: string;
  readonly userId: string;
  /** epoch milliseconds */
  readonly tsMs: number;
}

/** A click event with its session. */
export interface SessionizedEvent extends ClickEvent {
  sessionId: string;
  /** 0-based position of the event inside its session */
  indexInSession: number;
}

/** 30 minutes, the usual web-analytics inactivity gap. */
export const DEFAULT_SESSION_GAP_MS = 30 * 60 * 1000;

function compareEvents(a: ClickEvent, b: ClickEvent): number {
  if (a.userId !== b.userId) return a.userId < b.userId ? -1 : 1;
  if (a.tsMs !== b.tsMs) return a.tsMs - b.tsMs;
  if (a.eventId !== b.eventId) return a.eventId < b.eventId ? -1 : 1;
  return 0;
}

/** Sessionised events, plus the events that have no usable time (returned, never dropped). */
export interface SessionizeResult {
  events: SessionizedEvent[];
  rejected: ClickEvent[];
}

function checkEvent(event: unknown, index: number): asserts event is ClickEvent {
  const e = event as Partial<Record<keyof ClickEvent, unknown>> | null;
  if (typeof e !== 'object' || e === null || typeof e.eventId !== 'string' || typeof e.userId !== 'string' || typeof e.tsMs !== 'number') {
    throw new TypeError(`sessionize: events[${String(index)}] must be { eventId: string, userId: string, tsMs: number }`);
  }
}

/**
 * Assigns sessions: events sorted by user, time and id; a new session starts when the gap to the
 * user's previous event is greater than `gapMs` (`Infinity` = one session per user). Events whose
 * time is NaN or infinite cannot be placed and come back in `rejected`, in input order.
 *
 * @lineage transform_sessionize
 *   in: sqlite main.events
 *   out: sqlite main.sessions
 *   column: events.session_id from events.user_id, events.ts_ms desc="gap-based sessions"
 * @throws {RangeError} when gapMs is negative or NaN
 * @throws {TypeError} when events is not an array of click events
 * @invariant output.events.length + output.rejected.length === args[0].length
 * @invariant output.events.every((e) => e.indexInSession >= 0 && Number.isFinite(e.tsMs))
 */
export function sessionize(events: readonly ClickEvent[], gapMs: number): SessionizeResult {
  if (typeof gapMs !== 'number' || Number.isNaN(gapMs) || gapMs < 0) {
    throw new RangeError(`sessionize: gapMs must be a number ≥ 0, got ${String(gapMs)}`);
  }
  if (!Array.isArray(events)) throw new TypeError('sessionize: events must be an array');
  const placeable: ClickEvent[] = [];
  const rejected: ClickEvent[] = [];
  events.forEach((event: unknown, index) => {
    checkEvent(event, index);
    (Number.isFinite(event.tsMs) ? placeable : rejected).push(event);
  });
  const sorted = placeable.sort(compareEvents);
  const out: SessionizedEvent[] = [];
  let previous: ClickEvent | undefined;
  let sessionId = '';
  let index = 0;
  for (const event of sorted) {
    if (previous?.userId !== event.userId || event.tsMs - previous.tsMs > gapMs) {
      sessionId = sessionIdOf(event.userId, event.tsMs);
      index = 0;
    } else {
      index += 1;
    }
    out.push({ eventId: event.eventId, userId: event.userId, tsMs: event.tsMs, sessionId, indexInSession: index });
    previous = event;
  }
  return { events: out, rejected };
}

/** What the loader knows about a user's latest session (the one with the latest start). */
export interface OpenSession {
  readonly sessionId: string;
  readonly userId: string;
  /** epoch milliseconds of the session's first and last event */
  readonly startMs: number;
  readonly endMs: number;
  readonly eventCount: number;
}

/** New events placed after what is already known. */
export interface ContinueResult {
  /** the session of `events[i]`, or `null` when it could not be placed here (see `outOfOrder`, non-finite times) */
  sessionIds: (string | null)[];
  /** every session created or changed by these events, in its new state, each once; a user's sessions
   *  in start order (the last one is the user's latest) */
  sessions: OpenSession[];
  /** users with an event before the start of their latest known session (or a latest session that is not a
   *  valid one): incremental placement cannot decide their sessions, so they need `sessionize` over all their
   *  events; none of their events is placed here */
  outOfOrder: string[];
}

function sessionIdOf(userId: string, tsMs: number): string {
  return `${userId}#${String(tsMs === 0 ? 0 : tsMs)}`;
}

/**
 * True when `open` is a latest session `continueSessions` can continue for `user`: a session of that
 * user with finite ends in order and a whole count ≥ 1 (anything else sends the user to the recompute).
 *
 * @lineage transform_check_open_session
 *   in: sqlite main.sessions
 */
export function isOpenSessionOf(open: unknown, user: string): open is OpenSession {
  const o = open as Partial<Record<keyof OpenSession, unknown>> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.sessionId === 'string' &&
    o.userId === user &&
    typeof o.startMs === 'number' &&
    typeof o.endMs === 'number' &&
    Number.isFinite(o.startMs) &&
    Number.isFinite(o.endMs) &&
    o.startMs <= o.endMs &&
    Number.isSafeInteger(o.eventCount) &&
    (o.eventCount as number) >= 1
  );
}

/**
 * Places new events into sessions given each user's latest known session, so a loader can assign
 * sessions batch by batch instead of recomputing all of them. For events in time order per user the
 * result equals `sessionize` over all of the user's events, whatever the batch boundaries:
 * an event inside the latest session joins it, one within `gapMs` after it extends it, a later one
 * starts a new session. A user with an event before the latest session's start is reported in
 * `outOfOrder` (it could merge or split earlier sessions) and left for `sessionize` to recompute.
 *
 * @lineage transform_continue_sessions
 *   in: sqlite main.events
 *   in: sqlite main.sessions
 *   out: sqlite main.sessions
 *   column: events.session_id from events.user_id, events.ts_ms desc="gap-based sessions, incremental"
 * @throws {RangeError} when gapMs is negative or NaN
 * @throws {TypeError} when events is not an array of click events
 * @invariant output.sessionIds.length === args[1].length
 * @invariant output.sessions.every((s) => s.eventCount >= 1 && s.startMs <= s.endMs)
 * @invariant args[1].every((e, i) => output.sessionIds[i] !== null || !Number.isFinite(e.tsMs) || output.outOfOrder.includes(e.userId))
 */
export function continueSessions(latest: ReadonlyMap<string, OpenSession>, events: readonly ClickEvent[], gapMs: number): ContinueResult {
  if (typeof gapMs !== 'number' || Number.isNaN(gapMs) || gapMs < 0) {
    throw new RangeError(`continueSessions: gapMs must be a number ≥ 0, got ${String(gapMs)}`);
  }
  if (!Array.isArray(events)) throw new TypeError('continueSessions: events must be an array');
  if (!((latest as unknown) instanceof Map)) throw new TypeError('continueSessions: latest must be a Map of user id → open session');
  // Events chained per user in order of first appearance (a head per user, `next` links): a batch
  // has thousands of users with one or two events each, so no array per user. A user's events
  // usually arrive in time order; a chain is sorted only when it is not.
  const n = events.length;
  const head = new Map<string, number>();
  const next = new Int32Array(n).fill(-1);
  const tail = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const event: unknown = events[i];
    checkEvent(event, i);
    if (!Number.isFinite(event.tsMs)) continue;
    const h = head.get(event.userId);
    if (h === undefined) {
      head.set(event.userId, i);
      tail[i] = i;
    } else {
      next[tail[h] as number] = i;
      tail[h] = i;
    }
  }
  const sessionIds: (string | null)[] = new Array<string | null>(n).fill(null);
  const sessions: OpenSession[] = [];
  const outOfOrder: string[] = [];
  const byTime = (a: number, b: number) => compareEvents(events[a] as ClickEvent, events[b] as ClickEvent) || a - b;
  const chain: number[] = [];
  for (const [user, first] of head) {
    chain.length = 0;
    let sorted = true;
    for (let i = first, previous = -1; i !== -1; previous = i, i = next[i] as number) {
      if (previous !== -1 && byTime(previous, i) > 0) sorted = false;
      chain.push(i);
    }
    if (!sorted) chain.sort(byTime);
    const open = latest.get(user);
    if (open !== undefined && (!isOpenSessionOf(open, user) || (events[chain[0] as number] as ClickEvent).tsMs < open.startMs)) {
      // an invalid state (not a session of this user with finite ends and a count), or an event
      // before the latest session (the chain is sorted, so checking its first event is enough):
      // nothing of this user is placed here
      outOfOrder.push(user);
      continue;
    }
    // the session being built, as plain values; an object is made once per session, when it is done
    let id = open?.sessionId;
    let start = open?.startMs ?? 0;
    let end = open?.endMs ?? 0;
    let count = open?.eventCount ?? 0;
    let changed = false;
    for (const i of chain) {
      const ts = (events[i] as ClickEvent).tsMs;
      if (id === undefined || ts - end > gapMs) {
        if (changed && id !== undefined) sessions.push({ sessionId: id, userId: user, startMs: start, endMs: end, eventCount: count });
        id = sessionIdOf(user, ts);
        start = ts;
        end = ts;
        count = 1;
      } else {
        if (ts > end) end = ts;
        count += 1;
      }
      changed = true;
      sessionIds[i] = id;
    }
    if (changed && id !== undefined) sessions.push({ sessionId: id, userId: user, startMs: start, endMs: end, eventCount: count });
  }
  return { sessionIds, sessions, outOfOrder };
}

/** What a loader knows about a user's latest session: the session, that the user has none yet, or
 *  that the user's sessions wait for a full recompute (`sessionize` over all of their events). */
export type KnownSession = OpenSession | 'none' | 'rebuild';

/** The sessions of one batch of new events, decided from what is known before it. */
export interface SessionPlanResult {
  /** the session of `events[i]`, `null` = not placed: its user is in `rebuild` (then none of the user's events is placed) */
  sessionIds: (string | null)[];
  /** every session created or changed, each once, grouped by user in order of the user's first event */
  sessions: OpenSession[];
  /** users to recompute, in order of their first event: an event before their latest session, an
   *  invalid latest session, an event without a finite time, or already waiting */
  rebuild: string[];
  /** every user of the batch → what is known after it, in order of the user's first event */
  latest: Map<string, KnownSession>;
}

/**
 * The id `sessionize` gives a session of `userId` whose first event is at `startMs`.
 *
 * @lineage transform_session_id
 *   in: sqlite main.events
 *   out: sqlite main.sessions
 *   column: sessions.session_id from events.user_id, events.ts_ms desc="user id, #, first event time in ms"
 */
export function sessionIdFor(userId: string, startMs: number): string {
  return sessionIdOf(userId, startMs);
}

/**
 * True when `id` is the id `sessionize` gives a session of `userId` starting at `startMs` (checked
 * without building the id: the loader asks it for every user of every batch).
 *
 * @lineage transform_check_session_id
 *   in: sqlite main.sessions
 */
export function isSessionIdOf(id: string, userId: string, startMs: number): boolean {
  if (typeof (id as unknown) !== 'string' || typeof (userId as unknown) !== 'string' || typeof (startMs as unknown) !== 'number') return false;
  const n = userId.length;
  // the usual case without building the id: `${userId}#${digits}` for a whole, non-negative time
  if (Number.isSafeInteger(startMs) && startMs >= 0) {
    if (id.length <= n + 1 || id.charCodeAt(n) !== 35 || !id.startsWith(userId)) return false;
    if (id.charCodeAt(n + 1) === 48 && id.length !== n + 2) return false; // no leading zero
    let value = 0;
    for (let i = n + 1; i < id.length; i += 1) {
      const digit = id.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return false;
      value = value * 10 + digit;
    }
    return value === startMs;
  }
  return id === sessionIdOf(userId, startMs);
}

/**
 * One batch of new events placed from what is known about each user (a user missing from `known`
 * has no sessions yet): users waiting for the recompute get nothing placed, the others continue
 * with `continueSessions`; a user that cannot be placed (`outOfOrder`, an event without a finite
 * time) goes to `rebuild`. A user's result depends only on that user's known state and events, so
 * planning the users of a batch in several calls gives the same result as one call.
 *
 * @lineage transform_plan_sessions
 *   in: sqlite main.events
 *   in: sqlite main.sessions
 *   in: sqlite main.session_rebuild
 *   out: sqlite main.sessions
 *   out: sqlite main.session_rebuild
 *   column: events.session_id from events.user_id, events.ts_ms desc="gap-based sessions, batch by batch"
 * @throws {RangeError} when gapMs is negative or NaN
 * @throws {TypeError} when events is not an array of click events, or known is not a Map
 * @invariant output.sessionIds.length === args[1].length
 * @invariant args[1].every((e, i) => output.sessionIds[i] !== null || output.rebuild.includes(e.userId))
 */
export function planSessions(known: ReadonlyMap<string, KnownSession>, events: readonly ClickEvent[], gapMs: number): SessionPlanResult {
  if (!((known as unknown) instanceof Map)) throw new TypeError('planSessions: known must be a Map of user id → known session');
  const list: readonly ClickEvent[] = events; // typed before Array.isArray narrows `events` to any[]
  if (!Array.isArray(events)) throw new TypeError('planSessions: events must be an array');
  const latest = new Map<string, KnownSession>();
  const open = new Map<string, OpenSession>();
  let waiting = false;
  for (let i = 0; i < events.length; i += 1) {
    const event: unknown = events[i];
    checkEvent(event, i);
    const user = event.userId;
    if (latest.has(user)) continue;
    const k = known.get(user) ?? 'none';
    latest.set(user, k);
    if (k === 'rebuild') waiting = true;
    else if (k !== 'none') open.set(user, k);
  }
  // users waiting for the recompute get nothing placed
  const placeable = waiting ? list.filter((e) => latest.get(e.userId) !== 'rebuild') : events;
  const result = continueSessions(open, placeable, gapMs);
  let sessionIds = result.sessionIds;
  if (waiting) {
    const ids = result.sessionIds;
    let j = 0;
    sessionIds = list.map((e) => (latest.get(e.userId) === 'rebuild' ? null : (ids[j++] ?? null)));
  }
  const toRebuild = new Set(result.outOfOrder);
  for (const [user, k] of latest) if (k === 'rebuild') toRebuild.add(user);
  // an event left unplaced for another reason (no finite time) also sends its user to the recompute
  for (let i = 0; i < sessionIds.length; i += 1) {
    if (sessionIds[i] === null) toRebuild.add((events[i] as ClickEvent).userId);
  }
  for (const s of result.sessions) latest.set(s.userId, s); // a user's sessions in start order: the last one is the latest
  const rebuild: string[] = [];
  if (toRebuild.size > 0) {
    for (const user of latest.keys()) {
      if (!toRebuild.has(user)) continue;
      rebuild.push(user);
      latest.set(user, 'rebuild');
    }
  }
  if (toRebuild.size === 0) return { sessionIds, sessions: result.sessions, rebuild, latest };
  // a user to recompute keeps no session of this plan: all of its events wait for the recompute
  const kept = sessionIds.map((id, i) => (toRebuild.has((events[i] as ClickEvent).userId) ? null : id));
  return { sessionIds: kept, sessions: result.sessions.filter((s) => !toRebuild.has(s.userId)), rebuild, latest };
}
