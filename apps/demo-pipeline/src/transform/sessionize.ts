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
      sessionId = `${event.userId}#${String(event.tsMs === 0 ? 0 : event.tsMs)}`;
      index = 0;
    } else {
      index += 1;
    }
    out.push({ eventId: event.eventId, userId: event.userId, tsMs: event.tsMs, sessionId, indexInSession: index });
    previous = event;
  }
  return { events: out, rejected };
}
