/**
 * Rebuilds click-event sessions after events were loaded.
 *
 * @rationale Recompute all sessions in one transaction whenever events changed
 *   why: a new batch can join two of a user's sessions or split none, so sessions depend on all of a
 *     user's events; a full rebuild in one transaction is idempotent and a killed rebuild leaves the
 *     old sessions and the `sessions_stale` flag, so the next run rebuilds them.
 *   alternatives: incremental per batch (sessions spanning batches need merges); a SQL view with
 *     window functions (recomputed on every read)
 *   tradeoffs: cost grows with all events, not just new ones (about 1 s per million events)
 *
 * @lineage sessionize_events
 *   in: sqlite main.events
 *   in: sqlite main.pipeline_state
 *   out: sqlite main.sessions mode=overwrite key=session_id
 *   out: sqlite main.events
 *   out: sqlite main.pipeline_state
 *   column: events.session_id from events.user_id, events.ts_ms
 */
import { sessionize, type ClickEvent } from '../transform/sessionize';
import type { SqliteDb } from './database';

/** True when events changed since sessions were last built. */
export function sessionsStale(db: SqliteDb): boolean {
  const value = db.prepare('SELECT value FROM pipeline_state WHERE key = ?').pluck().get('sessions_stale');
  return value === '1';
}

/** Users per read: one query and one `sessionize` call per chunk instead of one per user. */
const USERS_PER_CHUNK = 1000;

/** Rebuilds `sessions` and `events.session_id`; returns the number of sessions. */
export function rebuildSessions(db: SqliteDb, gapMs: number): number {
  // user ids are validated non-empty, so every one sorts after ''
  const nextUsers = db.prepare('SELECT DISTINCT user_id FROM events WHERE user_id > ? ORDER BY user_id LIMIT ?').pluck();
  const eventsOfUsers = db.prepare(
    'SELECT event_id AS eventId, user_id AS userId, ts_ms AS tsMs FROM events WHERE user_id BETWEEN ? AND ? ORDER BY user_id, ts_ms, event_id',
  );
  const setSession = db.prepare('UPDATE events SET session_id = ? WHERE event_id = ? AND session_id IS NOT ?');
  const insertSession = db.prepare(
    'INSERT INTO sessions (session_id, user_id, started_at, ended_at, event_count) VALUES (?, ?, ?, ?, ?)',
  );
  const rebuild = db.transaction((): number => {
    db.prepare('DELETE FROM sessions').run();
    let sessions = 0;
    for (let after = ''; ; ) {
      const users = nextUsers.all(after, USERS_PER_CHUNK) as string[];
      const first = users[0];
      const last = users.at(-1);
      if (first === undefined || last === undefined) break;
      after = last;
      const { events: assigned, rejected } = sessionize(eventsOfUsers.all(first, last) as ClickEvent[], gapMs);
      if (rejected.length > 0) {
        throw new Error(`event ${rejected[0]?.eventId ?? ''} has no finite ts_ms (the loader only stores validated times); delete it and rerun`);
      }
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
    }
    db.prepare('INSERT INTO pipeline_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      'sessions_stale',
      '0',
    );
    return sessions;
  });
  return rebuild();
}
