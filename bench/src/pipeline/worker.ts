/**
 * Pipeline measurements in a fresh process (so `maxRSS` is this run's peak alone):
 *   node --import tsx worker.ts generate '<json>'   → sample files from the demo's generator
 *   node --import tsx worker.ts run '<json>'        → runPipeline with the offline provider
 *   node --import tsx worker.ts floor '<json>'      → bare better-sqlite3 bulk insert of the same rows
 * Each prints one JSON object on stdout.
 *
 * @rationale The floor re-inserts the pipeline's own final rows into the pipeline's own schema
 *   why: "how close to the speed of just writing the output" is the question; using the same rows,
 *     the same tables and indexes and the same WAL pragmas makes the only difference everything the
 *     pipeline does besides writing (parsing, validation, transforms, enrichment, checkpoints).
 *     Rows are read into memory before the clock starts, and go in through one prepared INSERT per
 *     table in a single transaction: the fastest plain better-sqlite3 way.
 *   The floor opens its database with the pipeline's own `SQLITE_PRAGMAS` (WAL, synchronous,
 *     cache size), so connection tuning speeds up both sides alike and never moves the ratio.
 *   alternatives: insert synthetic rows (not the same work); time `.backup()` (copies pages, not rows)
 *   tradeoffs: the floor closes its database after the clock stops, the pipeline inside it (the
 *     final WAL checkpoint counts against the pipeline only)
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadDemo } from './demo';

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function generate(options: { outDir: string; orders: number; events: number; seed: number }): Promise<object> {
  const { demo, via } = await loadDemo();
  const start = performance.now();
  const result = await demo.generateSample({ rows: options.orders, events: options.events, seed: options.seed, outDir: options.outDir });
  return { ...result, ms: performance.now() - start, via };
}

async function run(options: { inputs: string[]; db: string }): Promise<object> {
  const { demo, via } = await loadDemo();
  for (const suffix of ['', '-wal', '-shm']) rmSync(options.db + suffix, { force: true });
  // RSS over the run: a streaming pipeline's memory levels off once its buffers, caches and threads
  // are warm, so the peak of the second half of one long run against the first half shows whether it
  // keeps growing with the input (peaks of runs of different sizes also differ by warm-up)
  const samples: [number, number][] = [];
  const start = performance.now();
  const sample = () => samples.push([performance.now() - start, process.memoryUsage().rss / 1048576]);
  const timer = setInterval(sample, 100);
  const cpuStart = process.cpuUsage();
  const summary = await demo.runPipeline({ inputs: options.inputs, db: options.db, provider: 'rules', lineageDir: false, onProgress: sample });
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  clearInterval(timer);
  const peak = (from: number, to: number) => Math.max(0, ...samples.filter(([t]) => t >= from && t < to).map(([, rss]) => rss));
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    via,
    maxRssMb: rssMb(),
    rssFirstHalfMb: peak(0, ms / 2),
    rssSecondHalfMb: peak(ms / 2, Infinity),
    rowsRead: summary.rowsRead,
    rowsLoaded: summary.rowsLoaded,
    rowsQuarantined: summary.rowsQuarantined,
    duplicatesSkipped: summary.duplicatesSkipped,
    invariantHolds: summary.invariantHolds,
    apiCalls: summary.apiCalls,
  };
}

async function floor(options: { source: string; target: string }): Promise<object> {
  const { demo } = await loadDemo();
  if (!existsSync(options.source)) throw new Error(`no pipeline database at ${options.source}: run the pipeline first`);
  const source = new Database(options.source, { readonly: true });
  const schema = source
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid")
    .all() as { type: string; name: string; sql: string }[];
  const tables = schema.filter((s) => s.type === 'table').map((s) => s.name);
  const data = new Map<string, { columns: string[]; rows: unknown[][] }>();
  let totalRows = 0;
  for (const table of tables) {
    const stmt = source.prepare(`SELECT * FROM "${table}"`).raw(true);
    const columns = stmt.columns().map((c) => c.name);
    const rows = stmt.all() as unknown[][];
    data.set(table, { columns, rows });
    totalRows += rows.length;
  }
  source.close();

  for (const suffix of ['', '-wal', '-shm']) rmSync(options.target + suffix, { force: true });
  const db = new Database(options.target);
  for (const pragma of demo.SQLITE_PRAGMAS) db.pragma(pragma);
  for (const s of schema) db.exec(s.sql);

  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const insertAll = db.transaction(() => {
    for (const [table, { columns, rows }] of data) {
      if (rows.length === 0) continue;
      const insert = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(row);
    }
  });
  insertAll();
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  db.close();
  const rowsPerTable = Object.fromEntries([...data].map(([t, d]) => [t, d.rows.length]));
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, totalRows, rowsPerTable, maxRssMb: rssMb() };
}

async function main(): Promise<void> {
  const [mode, raw] = process.argv.slice(2);
  if (raw === undefined) throw new Error('usage: worker.ts generate|run|floor <json options>');
  const options = JSON.parse(raw) as never;
  let out: object;
  if (mode === 'generate') out = await generate(options);
  else if (mode === 'run') out = await run(options);
  else if (mode === 'floor') out = await floor(options);
  else throw new Error(`unknown mode ${String(mode)}: use generate, run or floor`);
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`pipeline worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
