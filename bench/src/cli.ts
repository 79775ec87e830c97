/**
 * `pnpm bench [--quick] [--only lint,gen,pipeline] [--out file]`: runs the benchmarks, writes the
 * results JSON and prints a table.
 *
 * @rationale One command, three independent sections, ratios against peers and floors
 *   why: absolute times drift on a shared 2-core machine, ratios measured side by side in one run do
 *     not; a section that cannot run (a tool not built yet) is recorded as unavailable with the reason
 *     instead of failing the others, and an error in one section never hides the other results.
 *   alternatives: tinybench / vitest bench for everything (made for micro-benchmarks in one process;
 *     these are whole cold runs of ESLint, tsc, the generator and the pipeline)
 *   tradeoffs: a full run takes tens of minutes; `--quick` runs tiny sizes in seconds as a smoke test
 *
 * Quick runs write `bench/results/quick.json` (`quick: true`), full runs `bench/results/latest.json`,
 * so a smoke test never overwrites the committed full results.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { DEFAULT_SEED, generateCorpus, LINT_CORPUS_RESOLVE_FROM } from './corpus/generate';
import { pickRealFiles } from './corpus/real';
import { runGenBench } from './gen/run';
import { TYPED_PATTERNS, UNTYPED_PATTERNS } from './lint/configs';
import { runLintBench } from './lint/run';
import { loadDemo } from './pipeline/demo';
import { runPipelineBench } from './pipeline/run';
import { checkResults, goalsFor, mergedEnvelope, type BenchResults, type SectionResult } from './results';
import { round } from './stats';
import { printTable } from './table';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WORKSPACE = resolve(BENCH_DIR, '..');

export interface Sizes {
  corpusFiles: number;
  realFiles: number;
  lintRounds: number;
  typedRounds: number;
  genFiles: number;
  genPerFile: number;
  genRounds: number;
  /** generated test files whose suite runs (undefined = all) */
  suiteFiles: number | undefined;
  pipelineSizes: number[];
  pipelineRuns: number;
  floorRuns: number;
}

export const FULL: Sizes = {
  corpusFiles: 2000,
  realFiles: 3000,
  lintRounds: 3,
  // 4 rounds of d e e d: 8 runs each. (e) / (d) sits within ~0.03 of its goal and single pairs spread by
  // 0.05–0.1, so 4 runs each left the median at the mercy of one slow run; a typed run is ~25 s.
  typedRounds: 4,
  genFiles: 120,
  genPerFile: 10,
  genRounds: 3,
  // 40 of the 120 files = 400 functions: the suite runs at ~0.25 s per function today, all 1,200 would
  // add minutes to a run that already competes for 2 shared cores.
  suiteFiles: 40,
  pipelineSizes: [100_000, 1_000_000],
  pipelineRuns: 3,
  floorRuns: 3,
};

export const QUICK: Sizes = {
  corpusFiles: 24,
  realFiles: 24,
  lintRounds: 1,
  typedRounds: 1,
  genFiles: 2,
  genPerFile: 3,
  genRounds: 1,
  suiteFiles: undefined,
  pipelineSizes: [1_000, 4_000],
  pipelineRuns: 1,
  floorRuns: 1,
};

const USAGE = `Usage: pnpm bench [--quick] [--only lint,gen,pipeline] [--out FILE] [--seed N] [--rounds N] [--scale F] [--no-suite]

  --quick        tiny sizes, seconds; writes bench/results/quick.json (quick: true)
  --only LIST    run only these sections (lint, gen, pipeline); the others are recorded as unavailable
  --out FILE     results file (default bench/results/latest.json, or quick.json with --quick)
  --seed N       corpus and sample seed (default ${DEFAULT_SEED})
  --rounds N     untyped lint rounds (typed and generation rounds scale with it)
  --scale F      multiply corpus, project and pipeline sizes by F (e.g. 0.1 while developing)
  --no-suite     do not run the generated vitest suite
  --merge        keep the sections not in --only from the existing results file (each section
                 records when it was measured); for rerunning one section of a long full run
  --merge-from F1,F2  like --merge, taking each section from the first listed file that has it;
                 with --only none, only combines files (e.g. sections measured in separate runs),
                 and the file's start, end, load averages and commit come from those runs
`;

type SectionName = 'lint' | 'gen' | 'pipeline';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function section<T extends SectionResult>(
  name: string,
  enabled: boolean,
  previous: SectionResult | undefined,
  run: () => Promise<T>,
): Promise<T | SectionResult> {
  if (!enabled) return previous ?? { status: 'unavailable', reason: `skipped: not in --only`, wallMs: 0 };
  const started = Date.now();
  const measuredAt = new Date().toISOString();
  try {
    return { ...(await run()), measuredAt };
  } catch (error) {
    process.stderr.write(`bench: ${name} failed: ${errorMessage(error)}\n`);
    return { status: 'error', reason: errorMessage(error).slice(0, 2000), wallMs: Date.now() - started, measuredAt };
  }
}

/**
 * With --merge / --merge-from: an earlier results file of the same kind, its sections to keep where they
 * are not rerun, and the file itself (for the envelope of a merge-only run, see mergedEnvelope).
 */
function readPrevious(file: string, quick: boolean): { sections: Partial<Record<'lint' | 'generation' | 'pipeline', SectionResult>>; results: BenchResults } | undefined {
  if (!existsSync(file)) return undefined;
  const old = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (checkResults(old).length > 0) throw new Error(`--merge: ${file} is not a well-formed results file`);
  const r = old as BenchResults;
  if (r.quick !== quick) throw new Error(`--merge: ${file} is a ${r.quick ? 'quick' : 'full'} run; merge only runs of the same kind`);
  const keep = (s: SectionResult): SectionResult | undefined =>
    s.status === 'unavailable' && (s.reason ?? '').startsWith('skipped') ? undefined : { ...s, measuredAt: s.measuredAt ?? r.startedAt };
  const out: Partial<Record<'lint' | 'generation' | 'pipeline', SectionResult>> = {};
  for (const name of ['lint', 'generation', 'pipeline'] as const) {
    const kept = keep(r[name]);
    if (kept) out[name] = kept;
  }
  return { sections: out, results: r };
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string', default: String(DEFAULT_SEED) },
        rounds: { type: 'string' },
        scale: { type: 'string' },
        'no-suite': { type: 'boolean', default: false },
        merge: { type: 'boolean', default: false },
        'merge-from': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`bench: ${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const quick = args.quick;
  const sizes: Sizes = { ...(quick ? QUICK : FULL) };
  if (args.rounds !== undefined) {
    const n = Number(args.rounds);
    if (!Number.isSafeInteger(n) || n < 1) {
      process.stderr.write(`bench: --rounds must be a whole number ≥ 1, got "${args.rounds}"\n`);
      return 2;
    }
    sizes.lintRounds = n;
    sizes.typedRounds = Math.max(1, Math.ceil((n * 4) / 3));
    sizes.genRounds = Math.max(1, Math.ceil((n * 3) / 5));
  }
  if (args.scale !== undefined) {
    const f = Number(args.scale);
    if (!Number.isFinite(f) || f <= 0) {
      process.stderr.write(`bench: --scale must be a positive number, got "${args.scale}"\n`);
      return 2;
    }
    const scaled = (v: number): number => Math.max(1, Math.round(v * f));
    sizes.corpusFiles = scaled(sizes.corpusFiles);
    sizes.realFiles = scaled(sizes.realFiles);
    sizes.genFiles = scaled(sizes.genFiles);
    sizes.pipelineSizes = sizes.pipelineSizes.map(scaled);
  }
  const seed = Number(args.seed);
  if (!Number.isSafeInteger(seed)) {
    process.stderr.write(`bench: --seed must be a whole number, got "${args.seed}"\n`);
    return 2;
  }
  const only = new Set((args.only ?? 'lint,gen,pipeline').split(',').map((s) => s.trim()));
  if (only.has('none')) only.clear();
  for (const name of only) {
    if (name !== 'lint' && name !== 'gen' && name !== 'pipeline') {
      process.stderr.write(`bench: unknown section "${name}" in --only: use lint, gen, pipeline\n`);
      return 2;
    }
  }
  // Only full-size runs go to latest.json (the committed results); quick and scaled runs never clobber it.
  const defaultName = quick ? 'quick.json' : args.scale !== undefined ? 'scaled.json' : 'latest.json';
  const out = resolve(args.out ?? join(BENCH_DIR, 'results', defaultName));
  const work = join(BENCH_DIR, 'corpus', quick ? 'quick' : args.scale !== undefined ? 'scaled' : 'full');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const startedAt = new Date();
  const loadAvgAtStart = loadavg().map((v) => round(v, 2));
  const on = (name: SectionName): boolean => only.has(name);

  log(`bench: ${quick ? 'quick' : 'full'} run, working in ${work}`);
  let previous: Partial<Record<'lint' | 'generation' | 'pipeline', SectionResult>> = {};
  // which file each kept section came from (for the envelope of a merge-only run)
  const sourceOf = new Map<string, BenchResults>();
  const take = (found: ReturnType<typeof readPrevious>): void => {
    if (!found) return;
    previous = { ...previous, ...found.sections };
    for (const name of Object.keys(found.sections)) sourceOf.set(name, found.results);
  };
  if (args.merge) take(readPrevious(out, quick));
  if (args['merge-from'] !== undefined) {
    // Earlier files win: read them last-to-first so the first file's sections overwrite.
    for (const file of args['merge-from'].split(',').map((f) => resolve(f.trim())).reverse()) {
      if (!existsSync(file)) {
        process.stderr.write(`bench: --merge-from: ${file} does not exist\n`);
        return 2;
      }
      take(readPrevious(file, quick));
    }
  }
  const lint = await section('lint', on('lint'), previous.lint, async () => {
    const corpusRoot = join(work, 'lint');
    const generated = generateCorpus({
      root: corpusRoot,
      count: sizes.corpusFiles,
      seed,
      resolveFrom: LINT_CORPUS_RESOLVE_FROM,
    });
    const real = pickRealFiles({ workspace: WORKSPACE, root: corpusRoot, count: sizes.realFiles });
    log(`lint corpus: ${generated.files.length} generated files (${generated.lines} lines), ${real.files.length} real files from ${real.candidates} candidates`);
    const result = await runLintBench({
      corpusRoot,
      untypedPatterns: [...UNTYPED_PATTERNS],
      typedPatterns: [...TYPED_PATTERNS],
      rounds: sizes.lintRounds,
      typedRounds: sizes.typedRounds,
      separateStatsRuns: !quick,
      log,
    });
    return {
      ...result,
      corpus: {
        generatedFiles: generated.files.length,
        generatedLines: generated.lines,
        docStyles: generated.docStyles,
        linkedPackages: generated.linkedPackages,
        realFiles: real.files.length,
        realBytes: real.bytes,
        realCandidates: real.candidates,
      },
    };
  });

  const generation = await section('gen', on('gen'), previous.generation, () =>
    runGenBench({
      root: join(work, 'gen-project'),
      files: sizes.genFiles,
      perFile: sizes.genPerFile,
      seed,
      rounds: sizes.genRounds,
      runSuite: !args['no-suite'],
      ...(sizes.suiteFiles === undefined ? {} : { suiteFiles: sizes.suiteFiles }),
      log,
    }),
  );

  const pipeline = await section('pipeline', on('pipeline'), previous.pipeline, async () => {
    try {
      await loadDemo();
    } catch (error) {
      return { status: 'unavailable' as const, reason: `the demo pipeline cannot be loaded: ${errorMessage(error)}`, wallMs: 0 };
    }
    return runPipelineBench({ root: join(work, 'pipeline'), sizes: sizes.pipelineSizes, seed, runs: sizes.pipelineRuns, floorRuns: sizes.floorRuns, log });
  });

  const l = lint as unknown as Record<string, unknown>;
  const g = generation as unknown as Record<string, unknown>;
  const p = pipeline as unknown as Record<string, unknown>;
  const lintMedians = (l['mediansMs'] ?? {}) as Record<string, number>;
  const lintCpu = (l['cpuMediansMs'] ?? {}) as Record<string, number>;
  const suite = (g['suite'] ?? {}) as Record<string, unknown>;
  const pipelineSizes = (p['sizes'] ?? []) as { records: number; medianPipelineMs: number; peakRssMb: number; rssSecondVsFirstHalf?: number | null; rowsPerSec: number; medianFloorMs: number }[];
  const ratios: BenchResults['ratios'] = {
    lintVsJsdoc: num(l['lintVsJsdoc']),
    typedOverhead: num(l['typedOverhead']),
    genVsTsc: num(g['genVsTsc']),
    pipelineVsSqlite: num(p['pipelineVsSqlite']),
  };
  const medians: Record<string, number | null> = {
    lintBaseMs: num(lintMedians['a']),
    lintJsdocMs: num(lintMedians['b']),
    lintPipeguardMs: num(lintMedians['c']),
    lintTypedBaseMs: num(lintMedians['d']),
    lintTypedPipeguardMs: num(lintMedians['e']),
    lintBaseCpuMs: num(lintCpu['a']),
    lintJsdocCpuMs: num(lintCpu['b']),
    lintPipeguardCpuMs: num(lintCpu['c']),
    lintTypedBaseCpuMs: num(lintCpu['d']),
    lintTypedPipeguardCpuMs: num(lintCpu['e']),
    genEdgeTestsMs: num(g['medianGenMs']),
    tscNoEmitMs: num(g['medianTscMs']),
    genEdgeTestsCpuMs: num(g['medianGenCpuMs']),
    tscNoEmitCpuMs: num(g['medianTscCpuMs']),
    suiteMsPerFunction: num(suite['medianMsPerFunction']),
  };
  for (const s of pipelineSizes) {
    medians[`pipelineMs_${s.records}`] = num(s.medianPipelineMs);
    medians[`pipelineRowsPerSec_${s.records}`] = num(s.rowsPerSec);
    medians[`pipelinePeakRssMb_${s.records}`] = num(s.peakRssMb);
    medians[`pipelineRssSecondVsFirstHalf_${s.records}`] = num(s.rssSecondVsFirstHalf);
    medians[`sqliteFloorMs_${s.records}`] = num(s.medianFloorMs);
  }
  const cpu = cpus();
  // What was measured: the commit, and how many files of the measured packages differed from it.
  const git = (args: string[]): string => {
    const r = spawnSync('git', args, { cwd: WORKSPACE, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : '';
  };
  const dirty = git(['status', '--porcelain', '--', 'packages', 'apps/demo-pipeline'])
    .split('\n')
    .filter((l) => l.trim() !== '');
  // nothing ran here: the file describes the runs its sections came from
  const envelope = only.size === 0 ? mergedEnvelope([...new Set(sourceOf.values())], log) : undefined;
  const results: BenchResults = {
    version: 1,
    quick,
    startedAt: envelope?.startedAt ?? startedAt.toISOString(),
    finishedAt: envelope?.finishedAt ?? new Date().toISOString(),
    ratios,
    goals: goalsFor(ratios),
    medians,
    source: envelope?.source ?? { commit: git(['rev-parse', 'HEAD']) || 'unknown', uncommittedFilesInMeasuredPackages: dirty.length },
    machine: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      totalMemMb: Math.round(totalmem() / 2 ** 20),
      loadAvgAtStart: envelope?.loadAvgAtStart ?? loadAvgAtStart,
      loadAvgAtEnd: envelope?.loadAvgAtEnd ?? loadavg().map((v) => round(v, 2)),
    },
    sizes: {
      scale: args.scale === undefined ? 1 : Number(args.scale),
      corpusFiles: sizes.corpusFiles,
      realFiles: sizes.realFiles,
      lintRounds: sizes.lintRounds,
      typedRounds: sizes.typedRounds,
      genFiles: sizes.genFiles,
      genFunctions: sizes.genFiles * sizes.genPerFile,
      genRounds: sizes.genRounds,
      suiteFiles: sizes.suiteFiles ?? sizes.genFiles,
      pipelineRuns: sizes.pipelineRuns,
      floorRuns: sizes.floorRuns,
      ...Object.fromEntries(sizes.pipelineSizes.map((n, i) => [`pipelineRecords${i}`, n])),
    },
    lint: lint as BenchResults['lint'],
    generation: generation as BenchResults['generation'],
    pipeline: pipeline as BenchResults['pipeline'],
  };
  const problems = checkResults(results);
  if (problems.length > 0) {
    process.stderr.write(`bench: internal error, results are malformed:\n- ${problems.join('\n- ')}\n`);
    return 1;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  printTable(results, (line) => void process.stdout.write(`${line}\n`));
  process.stdout.write(`\nresults written to ${out} (free memory ${Math.round(freemem() / 2 ** 20)} MB)\n`);
  // A section that crashed is a failed bench run; one whose tool is not built yet is reported, not failed.
  return [lint, generation, pipeline].some((s) => s.status === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
