/**
 * The WAL checkpointer copies committed pages into the database file from its own thread, and
 * hands checkpointing back to the loader's connection when it cannot work.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../src/load/checkpointer';
import { openDatabase, type SqliteDb } from '../src/load/database';
import { BACKGROUND_NICENESS } from '../src/thread-priority.mjs';
import { threadsAtNice } from './helpers/nice';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-ckpt-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fill(db: SqliteDb, commits: number, round = 0): void {
  const insert = db.prepare('INSERT INTO pipeline_state (key, value) VALUES (?, ?)');
  for (let c = 0; c < commits; c += 1) {
    db.transaction(() => {
      for (let i = 0; i < 200; i += 1) insert.run(`k${String(round)}-${String(c)}-${String(i)}`, 'x'.repeat(1000));
    })();
  }
}

describe('WalCheckpointer', () => {
  it.runIf(process.platform === 'linux')('its thread gives way to the loader (runs at BACKGROUND_NICENESS)', async () => {
    const file = join(dir, 'n.db');
    const db = await openDatabase(file);
    const before = threadsAtNice(BACKGROUND_NICENESS);
    const checkpointer = new WalCheckpointer(db, file, () => undefined);
    try {
      // the thread lowers its priority as it starts
      for (let i = 0; i < 100 && threadsAtNice(BACKGROUND_NICENESS) === before; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(threadsAtNice(BACKGROUND_NICENESS)).toBe(before + 1);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('copies committed pages into the database file while the loader connection never checkpoints', async () => {
    const file = join(dir, 'a.db');
    const db = await openDatabase(file);
    const problems: string[] = [];
    const checkpointer = new WalCheckpointer(db, file, (m) => problems.push(m));
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(file).size;
    fill(db, 10); // ~2 MB, well past what one checkpoint-free commit would leave in the file
    checkpointer.request();
    await checkpointer.close();
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    expect(problems).toEqual([]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('the log starts over once it passes the restart size, so it stays bounded over a long load', async () => {
    const file = join(dir, 'r.db');
    const db = await openDatabase(file);
    const checkpointer = new WalCheckpointer(db, file, () => undefined, 500_000);
    let largest = 0;
    for (let c = 0; c < 20; c += 1) {
      fill(db, 1, c); // ~200 kB per commit, 4 MB in all
      checkpointer.request();
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      // a loader spends time between commits; the background checkpoint finishes in it
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await checkpointer.close();
    // the restart can be refused for a moment while the background checkpoint runs (it is retried at
    // the next commit), so the bound is the restart size plus a few commits, far below the 4 MB written
    expect(largest).toBeLessThan(2_500_000);
    db.close();
  });

  it('without it (autocheckpoint off, nobody checkpointing) the pages stay in the log: the test above can fail', async () => {
    const file = join(dir, 'b.db');
    const db = await openDatabase(file);
    db.pragma('wal_autocheckpoint = 0');
    const before = statSync(file).size;
    fill(db, 10);
    expect(statSync(file).size).toBe(before);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);
    db.close();
  });

  it('a checkpointer that cannot open the file reports once, naming it, and the connection checkpoints itself again', async () => {
    const file = join(dir, 'c.db');
    const db = await openDatabase(file);
    const problems: string[] = [];
    let checkpointer: WalCheckpointer | undefined;
    await new Promise<void>((resolve) => {
      checkpointer = new WalCheckpointer(db, join(dir, 'missing', 'nope.db'), (m) => {
        problems.push(m);
        resolve();
      });
    });
    if (!checkpointer) throw new Error('unreachable');
    checkpointer.request();
    await checkpointer.close();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/the WAL checkpointer stopped .*: the loader checkpoints itself again/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
