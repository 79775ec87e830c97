/**
 * Session planning split across the threads: the events reader guesses, the loader checks.
 *
 * @rationale The events reader plans each batch's sessions from its own record of what it planned
 *   before (`guessSessions`); the loader accepts the plan of every user whose known state is the one
 *   the reader assumed and replans only the others (`applyGuess`)
 *   why: placing events into sessions walks every event (chains per user, gaps, ids) and on the
 *     loader's thread, the run's critical path, it cost about a second per million events. The reader
 *     has spare time and sees the events first; what it cannot know is the committed state (a resumed
 *     run, events loaded by another input, a duplicate that did not insert). A user's plan depends only
 *     on that user's known state and events, so checking the assumed state per user (a few numbers)
 *     and replanning the users that differ gives exactly `planSessions` over the batch (a property
 *     test compares both on random batches, resumed states and invalidations).
 *   alternatives: plan on the loader (the cost above); send the loader's state to the reader (the
 *     reader runs batches ahead, so it would still have to guess)
 *   tradeoffs: the reader keeps one state per user it has seen (bounded like the loader's cache); on a
 *     resumed run the first batch of each user is replanned on the loader
 *
 * @lineage guess_sessions
 *   in: file events.jsonl
 *   in: sqlite main.sessions
 *   out: sqlite main.sessions
 *   column: events.session_id from events.user_id, events.ts_ms desc="gap-based sessions, planned by the reader"
 */
import { isOpenSessionOf, isSessionIdOf, planSessions, sessionIdFor, type ClickEvent, type KnownSession, type OpenSession, type SessionPlanResult } from './sessionize';

/** What the guess assumed about a user before the batch. */
export const ASSUMED_NONE = 0;
export const ASSUMED_OPEN = 1;
export const ASSUMED_REBUILD = 2;

/**
 * A batch's session plan as the reader made it, in columns (typed arrays cross threads without
 * copying element by element): users are numbered in order of their first event, sessions in the
 * order `planSessions` returns them.
 */
export interface SessionGuess {
  /** per user: index of the user's first event in the batch */
  userFirst: Int32Array;
  /** per user: ASSUMED_NONE, ASSUMED_OPEN (the session in assumedStart/End/Count) or ASSUMED_REBUILD */
  assumed: Uint8Array;
  assumedStart: Float64Array;
  assumedEnd: Float64Array;
  assumedCount: Float64Array;
  /** per event: its user (number) and the index of its session, -1 = not placed */
  userOf: Int32Array;
  sessionOf: Int32Array;
  /** per session */
  sessionId: string[];
  sessionUser: Int32Array;
  sessionStart: Float64Array;
  sessionEnd: Float64Array;
  sessionCount: Float64Array;
  /** per session: an event of this batch at the session's start / end, -1 = none (it began before) */
  startEvent: Int32Array;
  endEvent: Int32Array;
  /** users (numbers) to recompute */
  rebuild: Int32Array;
}

/** The events as both sides hold them (validated event rows). */
export interface GuessEvent {
  readonly id: string;
  readonly userId: string;
  readonly tsMs: number;
}

/** A plan with, per session, an event of the batch at its start and end (-1 = none). */
export interface GuessedPlan extends SessionPlanResult {
  startEvent: Int32Array;
  endEvent: Int32Array;
}

function clickEvents(events: readonly GuessEvent[]): ClickEvent[] {
  return events.map((e) => ({ eventId: e.id, userId: e.userId, tsMs: e.tsMs }));
}

/** Per session of a plan, an event of `events` at its start and its end (-1 = none). */
function sessionEnds(events: readonly GuessEvent[], sessionIds: readonly (string | null)[], sessions: readonly OpenSession[]) {
  const index = new Map<string, number>();
  sessions.forEach((s, i) => index.set(s.sessionId, i));
  const startEvent = new Int32Array(sessions.length).fill(-1);
  const endEvent = new Int32Array(sessions.length).fill(-1);
  for (let i = 0; i < events.length; i += 1) {
    const id = sessionIds[i];
    if (id === null || id === undefined) continue;
    const s = index.get(id);
    if (s === undefined) continue;
    const session = sessions[s] as OpenSession;
    const ts = (events[i] as GuessEvent).tsMs;
    if (ts === session.startMs && startEvent[s] === -1) startEvent[s] = i;
    if (ts === session.endMs && endEvent[s] === -1) endEvent[s] = i;
  }
  return { startEvent, endEvent };
}

/**
 * `planSessions` over `events` (validated event rows) with, per session, an event of `events` at its
 * start and end: what the loader plans itself, for a batch without a guess or for the users a guess got
 * wrong.
 */
export function planWithEnds(known: ReadonlyMap<string, KnownSession>, events: readonly GuessEvent[], gapMs: number): GuessedPlan {
  const plan = planSessions(known, clickEvents(events), gapMs);
  return { ...plan, ...sessionEnds(events, plan.sessionIds, plan.sessions) };
}

/** Growable typed columns for the sessions a guess creates. */
class SessionColumns {
  size = 0;
  id: string[] = [];
  user = new Int32Array(1024);
  start = new Float64Array(1024);
  end = new Float64Array(1024);
  count = new Float64Array(1024);
  startEvent = new Int32Array(1024);
  endEvent = new Int32Array(1024);

  add(id: string, user: number, start: number, startEvent: number): number {
    if (this.size === this.user.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.user = grow(this.user);
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.count = grow(this.count);
      this.startEvent = grow(this.startEvent);
      this.endEvent = grow(this.endEvent);
    }
    const s = this.size++;
    this.id.push(id);
    this.user[s] = user;
    this.start[s] = start;
    this.end[s] = start;
    this.count[s] = 1;
    this.startEvent[s] = startEvent;
    this.endEvent[s] = startEvent;
    return s;
  }
}

function compareAt(events: readonly GuessEvent[], a: number, b: number): number {
  const x = events[a] as GuessEvent;
  const y = events[b] as GuessEvent;
  if (x.tsMs !== y.tsMs) return x.tsMs - y.tsMs;
  if (x.id !== y.id) return x.id < y.id ? -1 : 1;
  return a - b;
}

/**
 * The reader's side: plans `events` from `state` (what this reader planned for each user before;
 * absent = no sessions) and moves `state` past the batch; the same plan as `planSessions`, computed
 * in one pass over the events with typed columns (the reader does this for every event it reads).
 * `maxUsers` bounds the state: past it the state starts over (the loader replans the users whose
 * state it forgot).
 */
export function guessSessions(state: Map<string, KnownSession>, events: readonly GuessEvent[], gapMs: number, maxUsers = Infinity): SessionGuess {
  if (typeof gapMs !== 'number' || Number.isNaN(gapMs) || gapMs < 0) throw new RangeError(`guessSessions: gapMs must be a number ≥ 0, got ${String(gapMs)}`);
  const n = events.length;
  const userNumber = new Map<string, number>();
  const names: string[] = [];
  const userOf = new Int32Array(n);
  const firstOf: number[] = [];
  const lastOf: number[] = [];
  // per user: 1 = events not in time order (sorted below), 2 = an event without a finite time (recompute)
  const flags: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const e = events[i] as GuessEvent;
    let u = userNumber.get(e.userId);
    if (u === undefined) {
      u = names.length;
      userNumber.set(e.userId, u);
      names.push(e.userId);
      firstOf.push(i);
      lastOf.push(i);
      flags.push(0);
    } else {
      if (compareAt(events, lastOf[u] as number, i) > 0) flags[u] = (flags[u] as number) | 1;
      lastOf[u] = i;
    }
    if (!Number.isFinite(e.tsMs)) flags[u] = (flags[u] as number) | 2;
    userOf[i] = u;
  }
  const users = names.length;
  const assumed = new Uint8Array(users);
  const assumedStart = new Float64Array(users);
  const assumedEnd = new Float64Array(users);
  const assumedCount = new Float64Array(users);
  // per user: 1 = sent to the recompute (nothing of it placed)
  const rebuild = new Uint8Array(users);
  // per user: the session its latest placed event is in (index into the columns), -1 = none yet
  const current = new Int32Array(users).fill(-1);
  const before: KnownSession[] = new Array<KnownSession>(users);
  for (let u = 0; u < users; u += 1) {
    const k = state.get(names[u] as string) ?? 'none';
    before[u] = k;
    if (k === 'none') assumed[u] = ASSUMED_NONE;
    else if (k === 'rebuild') {
      assumed[u] = ASSUMED_REBUILD;
      rebuild[u] = 1;
    } else {
      assumed[u] = ASSUMED_OPEN;
      assumedStart[u] = k.startMs;
      assumedEnd[u] = k.endMs;
      assumedCount[u] = k.eventCount;
      // a state that is not a session of this user: continueSessions refuses it the same way
      if (!isOpenSessionOf(k, names[u] as string)) rebuild[u] = 1;
    }
    if ((flags[u] as number) & 2) rebuild[u] = 1;
  }
  const sessions = new SessionColumns();
  const sessionOf = new Int32Array(n).fill(-1);
  // event i joins session s: the session's end, count and the events at its ends move with it
  const join = (s: number, i: number, ts: number): void => {
    if (ts > (sessions.end[s] as number)) {
      sessions.end[s] = ts;
      sessions.endEvent[s] = i;
    } else if (ts === sessions.end[s] && sessions.endEvent[s] === -1) {
      sessions.endEvent[s] = i;
    }
    if (ts === sessions.start[s] && sessions.startEvent[s] === -1) sessions.startEvent[s] = i;
    sessions.count[s] = (sessions.count[s] as number) + 1;
  };
  const place = (i: number): void => {
    const u = userOf[i] as number;
    if (rebuild[u] === 1) return;
    const ts = (events[i] as GuessEvent).tsMs;
    let s = current[u] as number;
    if (s === -1) {
      // the user's first event in this batch: it may continue the session the reader knows
      const k = before[u] as KnownSession;
      if (typeof k === 'object') {
        if (ts < k.startMs) {
          // an event before the latest session: the user is recomputed, nothing of it placed
          rebuild[u] = 1;
          return;
        }
        if (ts - k.endMs <= gapMs) {
          s = sessions.add(k.sessionId, u, k.startMs, -1);
          sessions.end[s] = k.endMs;
          sessions.count[s] = k.eventCount;
        }
      }
    } else if (ts - (sessions.end[s] as number) > gapMs) {
      s = -1;
    }
    if (s === -1) s = sessions.add(sessionIdFor(names[u] as string, ts), u, ts, i);
    else join(s, i, ts);
    current[u] = s;
    sessionOf[i] = s;
  };
  let unsorted = false;
  for (let i = 0; i < n; i += 1) {
    if ((flags[userOf[i] as number] as number) & 1) unsorted = true;
    else place(i);
  }
  if (unsorted) {
    // users whose events came out of time order: placed in time order, as planSessions sorts them
    const chains = new Map<number, number[]>();
    for (let i = 0; i < n; i += 1) {
      const u = userOf[i] as number;
      if (!((flags[u] as number) & 1)) continue;
      const chain = chains.get(u);
      if (chain) chain.push(i);
      else chains.set(u, [i]);
    }
    for (const chain of chains.values()) for (const i of chain.sort((a, b) => compareAt(events, a, b))) place(i);
  }
  // users sent to the recompute place nothing: drop their sessions and events' sessions
  const rebuilt: number[] = [];
  for (let u = 0; u < users; u += 1) if (rebuild[u] === 1) rebuilt.push(u);
  const keep = new Int32Array(sessions.size);
  let kept = 0;
  for (let s = 0; s < sessions.size; s += 1) keep[s] = rebuild[sessions.user[s] as number] === 1 ? -1 : kept++;
  if (rebuilt.length > 0) for (let i = 0; i < n; i += 1) sessionOf[i] = sessionOf[i] === -1 ? -1 : (keep[sessionOf[i] as number] as number);
  const take = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(kept);
    for (let s = 0; s < sessions.size; s += 1) if (keep[s] !== -1) out[keep[s] as number] = a[s] as number;
    return out;
  };
  const guess: SessionGuess = {
    userFirst: Int32Array.from(firstOf),
    assumed,
    assumedStart,
    assumedEnd,
    assumedCount,
    userOf,
    sessionOf,
    sessionId: rebuilt.length > 0 ? sessions.id.filter((_, s) => keep[s] !== -1) : sessions.id,
    sessionUser: take(sessions.user),
    sessionStart: take(sessions.start),
    sessionEnd: take(sessions.end),
    sessionCount: take(sessions.count),
    startEvent: take(sessions.startEvent),
    endEvent: take(sessions.endEvent),
    rebuild: Int32Array.from(rebuilt),
  };
  // what this reader knows after the batch: each user's last session, or that it waits for the recompute
  if (state.size + users > maxUsers) state.clear();
  for (let u = 0; u < users; u += 1) {
    const user = names[u] as string;
    if (rebuild[u] === 1) {
      state.set(user, 'rebuild');
      continue;
    }
    const s = current[u] as number;
    if (s === -1) {
      state.set(user, before[u] as KnownSession);
      continue;
    }
    state.set(user, { sessionId: sessions.id[s] as string, userId: user, startMs: sessions.start[s] as number, endMs: sessions.end[s] as number, eventCount: sessions.count[s] as number });
  }
  return guess;
}

/** The typed arrays of a guess, to transfer instead of copy when posting it to another thread. */
export function guessBuffers(guess: SessionGuess): ArrayBuffer[] {
  const { userFirst, assumed, assumedStart, assumedEnd, assumedCount, userOf, sessionOf, sessionUser, sessionStart, sessionEnd, sessionCount, startEvent, endEvent, rebuild } = guess;
  return [userFirst, assumed, assumedStart, assumedEnd, assumedCount, userOf, sessionOf, sessionUser, sessionStart, sessionEnd, sessionCount, startEvent, endEvent, rebuild].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

function assumedMatches(guess: SessionGuess, u: number, user: string, k: KnownSession): boolean {
  const a = guess.assumed[u];
  if (k === 'none') return a === ASSUMED_NONE;
  if (k === 'rebuild') return a === ASSUMED_REBUILD;
  return (
    a === ASSUMED_OPEN &&
    k.userId === user &&
    k.startMs === guess.assumedStart[u] &&
    k.endMs === guess.assumedEnd[u] &&
    k.eventCount === guess.assumedCount[u] &&
    isSessionIdOf(k.sessionId, user, k.startMs)
  );
}

/**
 * The loader's side: the plan `planSessions(known, events)` would give (`known` a Map or a lookup;
 * `undefined` = no sessions), taking the guess for every
 * user whose known state is the one the guess assumed and replanning the others. `events` are the
 * events the guess was made for, in the same order, or some of them: then `from[j]` is the index in
 * the guessed batch of `events[j]` (the loader dropped the others: already loaded), and the users of
 * dropped events are replanned. Returns `undefined` when the guess cannot be for these events.
 */
export function applyGuess(
  known: ReadonlyMap<string, KnownSession> | ((userId: string) => KnownSession | undefined),
  events: readonly GuessEvent[],
  guess: SessionGuess,
  gapMs: number,
  from?: ArrayLike<number>,
): GuessedPlan | undefined {
  const n = events.length;
  const total = guess.sessionOf.length;
  if (from ? from.length !== n : total !== n) return undefined;
  const users = guess.userFirst.length;
  // users in order of their first (kept) event, as planSessions orders them
  const order: number[] = [];
  const names: string[] = new Array<string>(users);
  const kept = new Int32Array(users);
  for (let j = 0; j < n; j += 1) {
    const i = from ? (from[j] as number) : j;
    const u = guess.userOf[i];
    if (u === undefined || i >= total) return undefined;
    const user = (events[j] as GuessEvent).userId;
    if (kept[u] === 0) {
      order.push(u);
      names[u] = user;
    } else if (names[u] !== user) {
      return undefined;
    }
    kept[u] = (kept[u] as number) + 1;
  }
  // a user is replanned when the guess assumed another state or planned events that were dropped
  let mismatched: Set<string> | undefined;
  if (from && n < total) {
    const planned = new Int32Array(users);
    for (let i = 0; i < total; i += 1) planned[guess.userOf[i] as number] = (planned[guess.userOf[i] as number] as number) + 1;
    for (const u of order) if (planned[u] !== kept[u]) (mismatched ??= new Set()).add(names[u] as string);
  }
  const lookup = typeof known === 'function' ? known : (user: string) => known.get(user);
  const states: KnownSession[] = new Array<KnownSession>(users);
  for (const u of order) {
    const user = names[u] as string;
    const k = lookup(user) ?? 'none';
    states[u] = k;
    if (!assumedMatches(guess, u, user, k)) (mismatched ??= new Set()).add(user);
  }
  let replanned: GuessedPlan | undefined;
  const replannedAt: number[] = [];
  if (mismatched) {
    const subset: GuessEvent[] = [];
    events.forEach((e, j) => {
      if (mismatched.has(e.userId)) {
        subset.push(e);
        replannedAt.push(j);
      }
    });
    const subsetKnown = new Map<string, KnownSession>();
    for (const user of mismatched) subsetKnown.set(user, lookup(user) ?? 'none');
    const plan = planWithEnds(subsetKnown, subset, gapMs);
    // event indexes of the subset → of `events`
    const at = (i: number) => (i === -1 ? -1 : (replannedAt[i] as number));
    replanned = { ...plan, startEvent: plan.startEvent.map(at), endEvent: plan.endEvent.map(at) };
  }
  // guessed event indexes → of `events` (for the session ends)
  let position: Int32Array | undefined;
  if (from) {
    position = new Int32Array(total).fill(-1);
    for (let j = 0; j < n; j += 1) position[from[j] as number] = j;
  }
  const sessionIds: (string | null)[] = new Array<string | null>(n);
  for (let j = 0; j < n; j += 1) {
    const s = guess.sessionOf[from ? (from[j] as number) : j] as number;
    sessionIds[j] = s === -1 ? null : (guess.sessionId[s] as string);
  }
  if (replanned) replannedAt.forEach((j, k) => (sessionIds[j] = replanned.sessionIds[k] ?? null));
  // each user's sessions in the guess, in the order made (a user's sessions in start order)
  const firstSession = new Int32Array(users).fill(-1);
  const lastSession = new Int32Array(users).fill(-1);
  const nextSession = new Int32Array(guess.sessionUser.length).fill(-1);
  for (let g = 0; g < guess.sessionUser.length; g += 1) {
    const u = guess.sessionUser[g] as number;
    if (firstSession[u] === -1) firstSession[u] = g;
    else nextSession[lastSession[u] as number] = g;
    lastSession[u] = g;
  }
  // each replanned user's sessions (indexes into replanned.sessions)
  const replannedOf = new Map<string, number[]>();
  replanned?.sessions.forEach((s, r) => {
    const list = replannedOf.get(s.userId);
    if (list) list.push(r);
    else replannedOf.set(s.userId, [r]);
  });
  const sessions: OpenSession[] = [];
  const startEvent: number[] = [];
  const endEvent: number[] = [];
  const guessRebuild = new Set<number>(guess.rebuild);
  const replannedRebuild = new Set(replanned?.rebuild);
  const rebuild: string[] = [];
  const latest = new Map<string, KnownSession>();
  const local = (i: number) => (i === -1 ? -1 : position ? (position[i] as number) : i);
  for (const u of order) {
    const user = names[u] as string;
    let state = states[u] as KnownSession;
    if (replanned && mismatched?.has(user)) {
      for (const r of replannedOf.get(user) ?? []) {
        sessions.push(replanned.sessions[r] as OpenSession);
        startEvent.push(replanned.startEvent[r] as number);
        endEvent.push(replanned.endEvent[r] as number);
      }
      state = replanned.latest.get(user) ?? state;
      if (replannedRebuild.has(user)) rebuild.push(user);
    } else {
      for (let g = firstSession[u] as number; g !== -1; g = nextSession[g] as number) {
        const s: OpenSession = {
          sessionId: guess.sessionId[g] as string,
          userId: user,
          startMs: guess.sessionStart[g] as number,
          endMs: guess.sessionEnd[g] as number,
          eventCount: guess.sessionCount[g] as number,
        };
        sessions.push(s);
        startEvent.push(local(guess.startEvent[g] as number));
        endEvent.push(local(guess.endEvent[g] as number));
        state = s;
      }
      if (guessRebuild.has(u)) {
        rebuild.push(user);
        state = 'rebuild';
      }
    }
    latest.set(user, state);
  }
  return { sessionIds, sessions, rebuild, latest, startEvent: Int32Array.from(startEvent), endEvent: Int32Array.from(endEvent) };
}
