/**
 * Validation in a worker thread gives the same batches, errors and database as in-thread.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../src/generate/generate-sample';
import { IngestWorker, validatedBatches, type BatchOptions } from '../src/ingest/batches';
import { buildWorkerBundle } from '../src/ingest/worker-bundle';
import { readEventsJsonl } from '../src/ingest/read-events-jsonl';
import { InputError } from '../src/ingest/source';
import { BACKGROUND_NICENESS } from '../src/thread-priority.mjs';
import { runPipeline } from '../src/pipeline';
import { digestDatabase } from './helpers/cli';
import { collect } from './helpers/collect';
import { niceOf, threadsAtNice } from './helpers/nice';

let dir: string;
let orders: string;
let events: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-worker-'));
  const gen = await generateSample({ rows: 6000, events: 5000, seed: 11, outDir: dir });
  orders = gen.ordersPath;
  events = gen.eventsPath;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IngestWorker', () => {
  it('gives the same batches as validatedBatches, for one input after another and from a resume point', async () => {
    const worker = new IngestWorker();
    try {
      const sources: BatchOptions[] = [
        { file: orders, kind: 'orders', skip: 0, batchSize: 1000 },
        { file: events, kind: 'events', skip: 0, batchSize: 700 },
        { file: orders, kind: 'orders', skip: 2500, batchSize: 1000 },
      ];
      for (const source of sources) {
        const inWorker = await collect(worker.batches(source));
        expect(inWorker).toEqual(await collect(validatedBatches(source)));
        expect(inWorker.at(-1)?.done).toBe(true);
        expect(inWorker.reduce((n, b) => n + b.count, 0)).toBe((source.kind === 'orders' ? 6001 : 5001) - source.skip);
      }
    } finally {
      await worker.close();
    }
  });

  it.runIf(process.platform === 'linux')('the reader thread gives way to the loader: it runs at BACKGROUND_NICENESS, the calling thread is left as it was', async () => {
    const before = threadsAtNice(BACKGROUND_NICENESS);
    const own = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
    const worker = new IngestWorker();
    try {
      await worker.batches({ file: events, kind: 'events', skip: 0, batchSize: 500 }).next();
      expect(threadsAtNice(BACKGROUND_NICENESS)).toBe(before + 1);
      expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(own);
    } finally {
      await worker.close();
    }
  });

  it('the bundled worker (no TypeScript loader) gives the same batches, and plans sessions when asked', async () => {
    const bundle = await buildWorkerBundle();
    const entry = bundle?.entry;
    expect(entry?.protocol).toBe('file:');
    const code = readFileSync(entry as URL, 'utf8');
    // one file: nothing left to load through a TypeScript loader
    expect(code).not.toMatch(/from\s*["'][^"']+\.ts["']/);
    // in a folder of its own that no other user can write to (nobody can swap the code the workers run)
    const dir = dirname(fileURLToPath(entry as URL));
    if (process.platform !== 'win32') expect(statSync(dir).mode & 0o077).toBe(0);
    const worker = new IngestWorker(entry);
    try {
      const source: BatchOptions = { file: events, kind: 'events', skip: 0, batchSize: 700, sessionGapMs: 30 * 60 * 1000 };
      const batches = await collect(worker.batches(source));
      const plain = await collect(validatedBatches(source));
      expect(batches.map(({ sessionGuess: _guess, ...b }) => b)).toEqual(plain);
      expect(batches.every((b) => b.events.length === 0 || b.sessionGuess?.sessionOf.length === b.events.length)).toBe(true);
    } finally {
      await worker.close();
      bundle?.dispose();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('a bundle folder left by a killed run is removed by the next build; a live process keeps its own', async () => {
    // pid 2^22 + 1 is above Linux's pid_max limit: no process has it
    const dead = mkdtempSync(join(tmpdir(), `pipeguard-demo-worker-${String(2 ** 22 + 1)}-`));
    const live = mkdtempSync(join(tmpdir(), `pipeguard-demo-worker-${String(process.pid)}-`));
    const bundle = await buildWorkerBundle();
    try {
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      bundle?.dispose();
      rmSync(live, { recursive: true, force: true });
    }
  });

  it('inputs queued ahead are read back to back and taken in the queued order', async () => {
    const worker = new IngestWorker();
    try {
      const first: BatchOptions = { file: orders, kind: 'orders', skip: 0, batchSize: 2000 };
      const second: BatchOptions = { file: events, kind: 'events', skip: 100, batchSize: 2000 };
      worker.queue(first);
      worker.queue(second);
      await expect(worker.batches(second).next()).rejects.toThrow(/events\.jsonl asked for out of the queued order \(next is .*orders\.csv\)/);
      expect(await collect(worker.batches(first))).toEqual(await collect(validatedBatches(first)));
      expect(await collect(worker.batches(second))).toEqual(await collect(validatedBatches(second)));
    } finally {
      await worker.close();
    }
  });

  it('an input error inside the worker arrives as an InputError naming the file and line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id,name\n1,x\n');
    const worker = new IngestWorker();
    try {
      const error = await collect(worker.batches({ file: bad, kind: 'orders', skip: 0, batchSize: 10 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ file: bad, line: 1, message: expect.stringMatching(/bad\.csv:1: the header lacks order_id/) as string });
      // the worker stays usable for the next input
      // 6,001 records: a first batch of FIRST_BATCH (1,000), one of 5,000, the last (1 record)
      expect((await collect(worker.batches({ file: orders, kind: 'orders', skip: 0, batchSize: 5000 }))).map((b) => b.count)).toEqual([1000, 5000, 1]);
    } finally {
      await worker.close();
    }
  });

  it('one input at a time: a second concurrent batches() is refused', async () => {
    const worker = new IngestWorker();
    try {
      const first = worker.batches({ file: orders, kind: 'orders', skip: 0, batchSize: 1000 });
      await first.next();
      await expect(worker.batches({ file: events, kind: 'events', skip: 0, batchSize: 1000 }).next()).rejects.toThrow(/one input at a time/);
      await first.return(undefined);
    } finally {
      await worker.close();
    }
  });

  it('runPipeline loads the same database with and without the worker', async () => {
    const withWorker = join(dir, 'worker.db');
    const inThread = join(dir, 'thread.db');
    const a = await runPipeline({ inputs: [orders, events], db: withWorker, lineageDir: false, batchSize: 800, ingestWorker: true });
    const b = await runPipeline({ inputs: [orders, events], db: inThread, lineageDir: false, batchSize: 800, ingestWorker: false });
    expect(a.thisRun).toEqual(b.thisRun);
    expect(digestDatabase(withWorker)).toEqual(digestDatabase(inThread));
  });

  it('a new database: the workers start before the inputs are hashed; the same bytes under two names still load once', async () => {
    const copy = join(dir, 'orders-copy.csv');
    writeFileSync(copy, readFileSync(orders));
    const twice = join(dir, 'twice.db');
    const once = join(dir, 'once.db');
    const a = await runPipeline({ inputs: [orders, copy, events], db: twice, lineageDir: false, batchSize: 800, ingestWorker: true });
    const b = await runPipeline({ inputs: [orders, events], db: once, lineageDir: false, batchSize: 800, ingestWorker: true });
    expect(a.inputs).toHaveLength(2);
    expect(a.thisRun).toEqual(b.thisRun);
    expect(digestDatabase(twice)).toEqual(digestDatabase(once));
  });

  it('an aborted run with the worker stops it and resumes to the same database', async () => {
    const full = join(dir, 'full.db');
    await runPipeline({ inputs: [orders, events], db: full, lineageDir: false, batchSize: 500, ingestWorker: true });
    const partial = join(dir, 'partial.db');
    const controller = new AbortController();
    const first = await runPipeline({
      inputs: [orders, events],
      db: partial,
      lineageDir: false,
      batchSize: 500,
      ingestWorker: true,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.file === events && p.recordsDone >= 1000) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    await runPipeline({ inputs: [orders, events], db: partial, lineageDir: false, batchSize: 500, ingestWorker: true });
    expect(digestDatabase(partial)).toEqual(digestDatabase(full));
  });
});

describe('readEventsJsonl chunking', () => {
  it('lines spanning the 1 MiB read chunks come out whole, in order, with their line numbers', async () => {
    const file = join(dir, 'big.jsonl');
    const lines = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ event_id: `E${String(i)}`, pad: 'x'.repeat(i % 97), text: 'naïve 李 🐧' }));
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    let i = 0;
    let whole = true;
    for await (const unit of readEventsJsonl(file)) {
      whole &&= unit.ok && unit.values.event_id === `E${String(i)}` && unit.line === i + 1 && unit.raw === lines[i];
      i += 1;
    }
    expect(i).toBe(40_000);
    expect(whole).toBe(true);
  });
  it('a file without a final line break keeps its last line', async () => {
    const file = join(dir, 'last.jsonl');
    writeFileSync(file, '{"a":1}\n{"a":2}');
    const values: unknown[] = [];
    for await (const unit of readEventsJsonl(file)) values.push(unit.ok && unit.values.a);
    expect(values).toEqual([1, 2]);
  });
});
