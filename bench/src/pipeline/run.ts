/**
 * Pipeline throughput vs the SQLite floor, and peak memory at two sizes (flat = streaming).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseLastJsonLine, runTsWorker } from '../child';
import { loadDemo } from './demo';
import type { SectionResult } from '../results';
import { median, pairedRatios, ratio, round } from '../stats';

const WORKER = new URL('./worker.ts', import.meta.url);

export interface PipelineBenchOptions {
  root: string;
  /** total input records per size (half orders, half click events) */
  sizes: number[];
  seed: number;
  runs: number;
  floorRuns: number;
  log: (line: string) => void;
}

interface RunSample {
  ms: number;
  cpuMs: number;
  via: string;
  maxRssMb: number;
  /** peak RSS in the first and the second half of the run (by time) */
  rssFirstHalfMb: number;
  rssSecondHalfMb: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicatesSkipped: number;
  invariantHolds: boolean;
  apiCalls: number;
}

interface FloorSample {
  ms: number;
  cpuMs: number;
  totalRows: number;
  rowsPerTable: Record<string, number>;
  maxRssMb: number;
}

export interface PipelineSizeResult {
  records: number;
  generateMs: number;
  pipelineMs: number[];
  medianPipelineMs: number;
  /** CPU time of the pipeline process during runPipeline (wall − CPU ≈ time waiting on I/O or a core) */
  medianPipelineCpuMs: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicatesSkipped: number;
  invariantHolds: boolean;
  rowsPerSec: number;
  peakRssMb: number;
  /** peak RSS in the second half of the run / in the first half (≈ 1 or below when memory levels off) */
  rssSecondVsFirstHalf: number | null;
  floorMs: number[];
  medianFloorMs: number;
  medianFloorCpuMs: number;
  floorRows: number;
  floorRowsPerTable: Record<string, number>;
  floorRowsPerSec: number;
  /** floor time / pipeline time = pipeline speed as a share of bare-insert speed on the same output */
  pipelineVsSqlite: number | null;
  /** the same from CPU times, for comparison */
  cpuPipelineVsSqlite: number | null;
  /** each floor run over the pipeline run before it (they alternate), run by run */
  pairedPipelineVsSqlite: number[];
}

export type PipelineResult = SectionResult & {
  via: string | null;
  sizes: PipelineSizeResult[];
  pipelineVsSqlite: number | null;
  rowsPerSec: number | null;
  /** peak RSS at the largest size / at the smallest: ≈ 1 when memory stays flat */
  rssGrowth: number | null;
  /** at the largest size: peak RSS of the second half of the run / of the first half */
  rssSecondVsFirstHalf: number | null;
};

async function worker<T>(mode: string, options: object, what: string, nodeFlags: readonly string[] = []): Promise<T> {
  const result = await runTsWorker(WORKER, [mode, JSON.stringify(options)], { nodeArgs: ['--max-old-space-size=8192', ...nodeFlags] });
  return parseLastJsonLine<T>(result, what);
}

export async function runPipelineBench(options: PipelineBenchOptions): Promise<PipelineResult> {
  const started = performance.now();
  const { log } = options;
  const sizes: PipelineSizeResult[] = [];
  let via: string | null = null;
  // the pipeline runs as its CLI runs it (the demo's Node flags); the floor gets the same flags, so
  // they never move the ratio by themselves
  const nodeFlags = (await loadDemo()).demo.NODE_FLAGS ?? [];
  for (const records of options.sizes) {
    const dir = join(options.root, String(records));
    mkdirSync(dir, { recursive: true });
    const orders = Math.ceil(records / 2);
    const events = records - orders;
    const gen = await worker<{ ordersPath: string; eventsPath: string; ms: number; via: string }>(
      'generate',
      { outDir: dir, orders, events, seed: options.seed },
      `demo sample generator (${records} records)`,
    );
    via = gen.via;
    const runs: RunSample[] = [];
    const floors: FloorSample[] = [];
    const db = join(dir, 'pipeline.db');
    // pipeline and floor runs alternate, so both meet the same machine conditions (the floor reads the
    // database the pipeline run before it wrote; every run writes the same rows)
    for (let r = 0; r < Math.max(options.runs, options.floorRuns); r++) {
      if (r < options.runs) {
        const run = await worker<RunSample>('run', { inputs: [gen.ordersPath, gen.eventsPath], db }, `demo pipeline run (${records} records)`, nodeFlags);
        runs.push(run);
        log(`  pipeline ${records} records: ${(run.ms / 1000).toFixed(2)} s wall, ${(run.cpuMs / 1000).toFixed(2)} s CPU, ${Math.round(run.rowsRead / (run.ms / 1000))} rows/s, peak RSS ${Math.round(run.maxRssMb)} MB`);
      }
      if (r < options.floorRuns) {
        const f = await worker<FloorSample>('floor', { source: db, target: join(dir, 'floor.db') }, `SQLite floor (${records} records)`, nodeFlags);
        floors.push(f);
        log(`  floor ${f.totalRows} rows: ${(f.ms / 1000).toFixed(2)} s`);
      }
    }
    const last = runs[runs.length - 1] as RunSample;
    const medianPipelineMs = round(median(runs.map((s) => s.ms)), 1);
    const medianFloorMs = round(median(floors.map((s) => s.ms)), 1);
    const floorRows = floors[0]?.totalRows ?? 0;
    sizes.push({
      records,
      generateMs: round(gen.ms, 0),
      pipelineMs: runs.map((s) => round(s.ms, 1)),
      medianPipelineMs,
      medianPipelineCpuMs: round(median(runs.map((s) => s.cpuMs)), 1),
      rowsRead: last.rowsRead,
      rowsLoaded: last.rowsLoaded,
      rowsQuarantined: last.rowsQuarantined,
      duplicatesSkipped: last.duplicatesSkipped,
      invariantHolds: last.invariantHolds,
      rowsPerSec: Math.round(last.rowsRead / (medianPipelineMs / 1000)),
      peakRssMb: round(Math.max(...runs.map((s) => s.maxRssMb)), 1),
      rssSecondVsFirstHalf: ratio(last.rssSecondHalfMb, last.rssFirstHalfMb),
      floorMs: floors.map((s) => round(s.ms, 1)),
      medianFloorMs,
      medianFloorCpuMs: round(median(floors.map((s) => s.cpuMs)), 1),
      floorRows,
      floorRowsPerTable: floors[0]?.rowsPerTable ?? {},
      floorRowsPerSec: Math.round(floorRows / (medianFloorMs / 1000)),
      pipelineVsSqlite: ratio(medianFloorMs, medianPipelineMs),
      cpuPipelineVsSqlite: ratio(median(floors.map((s) => s.cpuMs)), median(runs.map((s) => s.cpuMs))),
      pairedPipelineVsSqlite: pairedRatios(floors.map((s) => s.ms), runs.map((s) => s.ms)),
    });
  }
  const largest = sizes[sizes.length - 1];
  const smallest = sizes[0];
  return {
    status: 'ok',
    wallMs: round(performance.now() - started, 0),
    via,
    sizes,
    pipelineVsSqlite: largest?.pipelineVsSqlite ?? null,
    rowsPerSec: largest?.rowsPerSec ?? null,
    rssGrowth: largest && smallest && sizes.length > 1 ? ratio(largest.peakRssMb, smallest.peakRssMb) : null,
    rssSecondVsFirstHalf: largest?.rssSecondVsFirstHalf ?? null,
  };
}
