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
import { isSessionIdOf, planSessions, type ClickEvent, type KnownSession, type OpenSession, type SessionPlanResult } from './sessionize';

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
 * The reader's side: plans `events` from `state` (what this reader planned for each user before;
 * absent = no sessions) and moves `state` past the batch. `maxUsers` bounds the state: past it the
 * state starts over (the loader replans the users whose state it forgot).
 */
export function guessSessions(state: Map<string, KnownSession>, events: readonly GuessEvent[], gapMs: number, maxUsers = Infinity): SessionGuess {
  const plan = planSessions(state, clickEvents(events), gapMs);
  const users = [...plan.latest.keys()];
  const userNumber = new Map<string, number>();
  users.forEach((u, i) => userNumber.set(u, i));
  const n = users.length;
  const userFirst = new Int32Array(n).fill(-1);
  for (let i = 0; i < events.length; i += 1) {
    const u = userNumber.get((events[i] as GuessEvent).userId) as number;
    if (userFirst[u] === -1) userFirst[u] = i;
  }
  const assumed = new Uint8Array(n);
  const assumedStart = new Float64Array(n);
  const assumedEnd = new Float64Array(n);
  const assumedCount = new Float64Array(n);
  users.forEach((user, u) => {
    const k = state.get(user) ?? 'none';
    if (k === 'none') assumed[u] = ASSUMED_NONE;
    else if (k === 'rebuild') assumed[u] = ASSUMED_REBUILD;
    else {
      assumed[u] = ASSUMED_OPEN;
      assumedStart[u] = k.startMs;
      assumedEnd[u] = k.endMs;
      assumedCount[u] = k.eventCount;
    }
  });
  const sessionIndex = new Map<string, number>();
  plan.sessions.forEach((s, i) => sessionIndex.set(s.sessionId, i));
  const userOf = new Int32Array(events.length);
  const sessionOf = new Int32Array(events.length);
  for (let i = 0; i < events.length; i += 1) {
    userOf[i] = userNumber.get((events[i] as GuessEvent).userId) as number;
    const id = plan.sessionIds[i];
    sessionOf[i] = id === null || id === undefined ? -1 : (sessionIndex.get(id) ?? -1);
  }
  const { startEvent, endEvent } = sessionEnds(events, plan.sessionIds, plan.sessions);
  const guess: SessionGuess = {
    userFirst,
    assumed,
    assumedStart,
    assumedEnd,
    assumedCount,
    userOf,
    sessionOf,
    sessionId: plan.sessions.map((s) => s.sessionId),
    sessionUser: Int32Array.from(plan.sessions, (s) => userNumber.get(s.userId) as number),
    sessionStart: Float64Array.from(plan.sessions, (s) => s.startMs),
    sessionEnd: Float64Array.from(plan.sessions, (s) => s.endMs),
    sessionCount: Float64Array.from(plan.sessions, (s) => s.eventCount),
    startEvent,
    endEvent,
    rebuild: Int32Array.from(plan.rebuild, (u) => userNumber.get(u) as number),
  };
  if (state.size + plan.latest.size > maxUsers) state.clear();
  for (const [user, k] of plan.latest) state.set(user, k);
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
    const plan = planSessions(subsetKnown, clickEvents(subset), gapMs);
    const ends = sessionEnds(subset, plan.sessionIds, plan.sessions);
    // event indexes of the subset → of `events`
    const at = (i: number) => (i === -1 ? -1 : (replannedAt[i] as number));
    replanned = { ...plan, startEvent: ends.startEvent.map(at), endEvent: ends.endEvent.map(at) };
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
  // where each user's sessions start in the guess (a user's sessions are next to each other)
  const firstSession = new Int32Array(users).fill(-1);
  for (let g = guess.sessionUser.length - 1; g >= 0; g -= 1) firstSession[guess.sessionUser[g] as number] = g;
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
      for (let g = firstSession[u] as number; g !== -1 && g < guess.sessionUser.length && guess.sessionUser[g] === u; g += 1) {
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
