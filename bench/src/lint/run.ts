/**
 * Lint cost: configurations (a)–(e) on the same corpus, interleaved, medians of repeated cold runs.
 *
 * @rationale Rotate the order of configurations every round and compare medians
 *   why: on a shared 2-core machine the background load drifts over minutes; running a, b, c, then
 *     b, c, a, then c, a, b spreads that drift evenly over the configurations instead of charging it
 *     to whichever ran last, and the median ignores the odd run that lost its core.
 *   alternatives: all runs of (a) first, then (b)… (drift becomes a fake difference); means (one
 *     stalled run moves them)
 *   tradeoffs: the differences (c − a) and (b − a) are small next to the totals, so the ratio needs
 *     several rounds to settle; the per-rule times from ESLint's stats are reported beside it
 */
import { performance } from 'node:perf_hooks';
import { parseLastJsonLine, runTsWorker } from '../child';
import { median, pairedRatios, ratio, round } from '../stats';
import type { SectionResult } from '../results';
import { addedRules, CONFIG_LABELS, loadPipeguard, TYPED_CONFIGS, type ConfigId } from './configs';
import type { LintSample, LintWorkerOptions } from './worker';

const WORKER = new URL('./worker.ts', import.meta.url);

export interface LintBenchOptions {
  corpusRoot: string;
  /** globs (relative to corpusRoot) for the untyped configs: generated + real files */
  untypedPatterns: string[];
  /** globs for the typed configs: the generated project only (the real files are not in its tsconfig) */
  typedPatterns: string[];
  rounds: number;
  /**
   * Each typed round runs (d) and (e) in both orders (d e, then e d), so a full run's 4 rounds give 8 runs
   * of each: (e) / (d) is close to 1.10 and a single (d) run moved 2 s between rounds, so 2 runs each
   * could not tell 1.108 from 1.10 (nor could 4); the ABBA order shares any drift within a round equally.
   */
  typedRounds: number;
  /**
   * true: per-rule times come from extra runs with ESLint stats on (timed runs stay stats-free).
   * false (quick mode): the timed runs collect stats themselves, saving three cold runs.
   */
  separateStatsRuns: boolean;
  log: (line: string) => void;
}

export interface RuleTime {
  rule: string;
  ms: number;
  /** share of all time spent in the preset's added rules */
  shareOfPreset: number;
  /** share of the whole lint run (lintFiles wall time of the stats run) */
  shareOfRun: number;
}

export type LintResult = SectionResult & {
  configs: Partial<Record<ConfigId, string>>;
  /** wall time of lintFiles per run */
  samplesMs: Partial<Record<ConfigId, number[]>>;
  mediansMs: Partial<Record<ConfigId, number>>;
  /** CPU time of lintFiles per run: what the ratios use (see below) */
  cpuSamplesMs: Partial<Record<ConfigId, number[]>>;
  cpuMediansMs: Partial<Record<ConfigId, number>>;
  /**
   * CPU medians split by thread (Linux only; absent elsewhere): the main thread runs the rules, the other
   * threads are V8's garbage-collector and optimizing-compiler helpers. (e) − (d) split this way shows
   * how much of the typed overhead is the rules themselves and how much is V8 compiling and collecting
   * after them (see docs/benchmarks.md).
   */
  threadCpuMediansMs: Partial<Record<ConfigId, { main: number; others: number }>>;
  /** from CPU-time medians */
  lintVsJsdoc: number | null;
  typedOverhead: number | null;
  /**
   * The two ratios from runs made side by side instead of from medians: (e) / (d) for each (d) run and the
   * (e) run next to it (ABBA, so run i of each is adjacent), and (c − a) / (b − a) for each round. Their
   * spread is how far one ratio moves between neighbouring runs on this machine.
   */
  pairedRatios: { lintVsJsdoc: number[]; typedOverhead: number[] };
  /** the same two ratios from wall-time medians, for comparison */
  wallRatios: { lintVsJsdoc: number | null; typedOverhead: number | null };
  /** added cost per file, ms: (b − a), (c − a), (e − d) over file counts */
  addedMsPerFile: { jsdoc: number | null; pipeguard: number | null; pipeguardTyped: number | null };
  files: { untyped: number; typed: number; fatal: number; fatalSamples: string[] };
  problems: Partial<Record<ConfigId, { total: number; fromPreset: number; byRule: Record<string, number> }>>;
  ruleTimes: { pipeguard: RuleTime[]; pipeguardTyped: RuleTime[]; jsdocTopFive: RuleTime[] };
  slowestPipeguardRule: RuleTime | null;
  /**
   * Cross-check of lintVsJsdoc from ESLint's per-rule stats: time in pipeguard recommended's rules over
   * time in jsdoc's rules (less noisy than wall-time differences, but misses any cost outside rules).
   */
  ruleTimeRatio: number | null;
  peakRssMb: Partial<Record<ConfigId, number>>;
};

/** One measurement: the lint worker in a fresh process (see worker.ts), its sample parsed. */
export async function runLintWorker(workerOptions: LintWorkerOptions, what: string): Promise<LintSample> {
  return (await runLintWorkerWithOutput(workerOptions, what)).sample;
}

/** {@link runLintWorker} with extra node flags (`--trace-opt` for `lint-ab --compile`), returning its stdout too. */
export async function runLintWorkerWithOutput(
  workerOptions: LintWorkerOptions,
  what: string,
  nodeArgs: readonly string[] = [],
): Promise<{ sample: LintSample; stdout: string }> {
  const result = await runTsWorker(WORKER, [JSON.stringify(workerOptions)], {
    cwd: workerOptions.cwd,
    nodeArgs: ['--max-old-space-size=8192', ...nodeArgs],
  });
  return { sample: parseLastJsonLine<LintSample>(result, what), stdout: result.stdout };
}

async function lintOnce(config: ConfigId, options: LintBenchOptions, stats: boolean): Promise<LintSample> {
  const workerOptions: LintWorkerOptions = {
    config,
    cwd: options.corpusRoot,
    patterns: TYPED_CONFIGS.includes(config) ? options.typedPatterns : options.untypedPatterns,
    stats,
  };
  return runLintWorker(workerOptions, `lint worker (config ${config})`);
}

function ruleTimes(sample: LintSample, rules: readonly string[]): RuleTime[] {
  const times = rules.map((rule) => ({ rule, ms: sample.ruleMs?.[rule] ?? 0 }));
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  return times
    .map((t) => ({
      rule: t.rule,
      ms: round(t.ms, 1),
      shareOfPreset: total > 0 ? round(t.ms / total, 3) : 0,
      shareOfRun: sample.ms > 0 ? round(t.ms / sample.ms, 4) : 0,
    }))
    .sort((x, y) => y.ms - x.ms);
}

const cpuOf = (list: readonly LintSample[] | undefined): number[] => (list ?? []).map((s) => s.cpuMs);

/** (c − a) / (b − a) of each round's runs (one run of each configuration per round), in CPU time. */
export function perRoundShare(c: readonly LintSample[], a: readonly LintSample[], b: readonly LintSample[]): number[] {
  const rounds = Math.min(a.length, b.length, c.length);
  const added = (x: readonly LintSample[]): number[] => x.slice(0, rounds).map((s, i) => s.cpuMs - (a[i] as LintSample).cpuMs);
  return pairedRatios(added(c), added(b));
}

/** Rotate `items` left by `n`. */
export function rotate<T>(items: readonly T[], n: number): T[] {
  const k = n % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export async function runLintBench(options: LintBenchOptions): Promise<LintResult> {
  const started = performance.now();
  const { log } = options;
  let pipeguardReason: string | undefined;
  try {
    const plugin = await loadPipeguard();
    if (!plugin.configs?.['recommended']) pipeguardReason = '@pipeguard/eslint-plugin exports no configs.recommended yet';
  } catch (error) {
    pipeguardReason = `@pipeguard/eslint-plugin cannot be loaded (${error instanceof Error ? error.message : String(error)}); build it with pnpm --filter @pipeguard/eslint-plugin build`;
  }
  const untyped: ConfigId[] = pipeguardReason ? ['a', 'b'] : ['a', 'b', 'c'];
  const typed: ConfigId[] = pipeguardReason ? ['d'] : ['d', 'e'];
  const samples: Partial<Record<ConfigId, LintSample[]>> = {};
  const record = (s: LintSample): void => {
    (samples[s.config] ??= []).push(s);
    log(`  lint ${s.config}: ${(s.ms / 1000).toFixed(2)} s wall, ${(s.cpuMs / 1000).toFixed(2)} s CPU, ${s.files} files, ${s.problems} problems`);
  };

  const statsInline = !options.separateStatsRuns;
  for (let r = 0; r < options.rounds; r++) for (const c of rotate(untyped, r)) record(await lintOnce(c, options, statsInline));
  for (let r = 0; r < options.typedRounds; r++) {
    for (const c of [...typed, ...[...typed].reverse()]) record(await lintOnce(c, options, statsInline));
  }

  // One stats run per doc preset for per-rule times (stats collection adds overhead, so not timed above).
  const statsRuns: Partial<Record<ConfigId, LintSample>> = {};
  for (const c of ['b', ...(pipeguardReason ? [] : ['c', 'e'])] as ConfigId[]) {
    if (statsInline) {
      const first = samples[c]?.[0];
      if (first) statsRuns[c] = first;
      continue;
    }
    statsRuns[c] = await lintOnce(c, options, true);
    log(`  lint ${c} (stats): ${((statsRuns[c]?.ms ?? 0) / 1000).toFixed(2)} s`);
  }

  const all = [...untyped, ...typed];
  const mediansMs: Partial<Record<ConfigId, number>> = {};
  const samplesMs: Partial<Record<ConfigId, number[]>> = {};
  const cpuMediansMs: Partial<Record<ConfigId, number>> = {};
  const cpuSamplesMs: Partial<Record<ConfigId, number[]>> = {};
  const threadCpuMediansMs: LintResult['threadCpuMediansMs'] = {};
  const peakRssMb: Partial<Record<ConfigId, number>> = {};
  const problems: LintResult['problems'] = {};
  const configs: Partial<Record<ConfigId, string>> = {};
  for (const c of all) {
    const list = samples[c] ?? [];
    samplesMs[c] = list.map((s) => round(s.ms, 1));
    mediansMs[c] = round(median(list.map((s) => s.ms)), 1);
    cpuSamplesMs[c] = list.map((s) => round(s.cpuMs, 1));
    cpuMediansMs[c] = round(median(list.map((s) => s.cpuMs)), 1);
    const threads = list.map((s) => s.threadCpuMs).filter((t): t is { main: number; others: number } => t !== undefined);
    if (threads.length > 0 && threads.length === list.length) {
      threadCpuMediansMs[c] = { main: round(median(threads.map((t) => t.main)), 1), others: round(median(threads.map((t) => t.others)), 1) };
    }
    peakRssMb[c] = round(Math.max(...list.map((s) => s.maxRssMb)), 1);
    configs[c] = CONFIG_LABELS[c];
    const first = list[0];
    if (first) {
      const added = c === 'a' || c === 'd' ? [] : await addedRules(c, options.corpusRoot);
      problems[c] = {
        total: first.problems,
        fromPreset: added.reduce((sum, rule) => sum + (first.problemsByRule[rule] ?? 0), 0),
        byRule: Object.fromEntries(added.filter((rule) => first.problemsByRule[rule]).map((rule) => [rule, first.problemsByRule[rule] ?? 0])),
      };
    }
  }
  // Ratios use CPU time: on a shared machine a single-threaded lint run's wall time also counts the
  // time it waited for a core, which depends on what the other processes were doing at that moment.
  const m = (c: ConfigId): number => cpuMediansMs[c] ?? Number.NaN;
  const w = (c: ConfigId): number => mediansMs[c] ?? Number.NaN;
  const untypedFiles = samples.a?.[0]?.files ?? 0;
  const typedFiles = samples.d?.[0]?.files ?? 0;

  const pipeguardRules = pipeguardReason ? [] : await addedRules('c', options.corpusRoot);
  const pipeguardTypedRules = pipeguardReason ? [] : await addedRules('e', options.corpusRoot);
  const jsdocRules = await addedRules('b', options.corpusRoot);
  const pg = statsRuns.c ? ruleTimes(statsRuns.c, pipeguardRules) : [];
  const pgTyped = statsRuns.e ? ruleTimes(statsRuns.e, pipeguardTypedRules) : [];
  const jsdocTimes = statsRuns.b ? ruleTimes(statsRuns.b, jsdocRules) : [];

  const fatalSamples = [...new Set(Object.values(samples).flatMap((list) => list[0]?.fatalSamples ?? []))].slice(0, 5);
  return {
    status: pipeguardReason ? 'unavailable' : 'ok',
    ...(pipeguardReason ? { reason: `pipeguard configs (c), (e) not measured: ${pipeguardReason}` } : {}),
    wallMs: round(performance.now() - started, 0),
    configs,
    samplesMs,
    mediansMs,
    cpuSamplesMs,
    cpuMediansMs,
    threadCpuMediansMs,
    lintVsJsdoc: pipeguardReason ? null : ratio(m('c') - m('a'), m('b') - m('a')),
    typedOverhead: pipeguardReason ? null : ratio(m('e'), m('d')),
    pairedRatios: {
      lintVsJsdoc: pipeguardReason ? [] : perRoundShare(samples.c ?? [], samples.a ?? [], samples.b ?? []),
      typedOverhead: pipeguardReason ? [] : pairedRatios(cpuOf(samples.e), cpuOf(samples.d)),
    },
    wallRatios: {
      lintVsJsdoc: pipeguardReason ? null : ratio(w('c') - w('a'), w('b') - w('a')),
      typedOverhead: pipeguardReason ? null : ratio(w('e'), w('d')),
    },
    addedMsPerFile: {
      jsdoc: untypedFiles ? round((m('b') - m('a')) / untypedFiles, 3) : null,
      pipeguard: untypedFiles && !pipeguardReason ? round((m('c') - m('a')) / untypedFiles, 3) : null,
      pipeguardTyped: typedFiles && !pipeguardReason ? round((m('e') - m('d')) / typedFiles, 3) : null,
    },
    files: { untyped: untypedFiles, typed: typedFiles, fatal: samples.a?.[0]?.fatalFiles ?? 0, fatalSamples },
    problems,
    ruleTimes: { pipeguard: pg, pipeguardTyped: pgTyped, jsdocTopFive: jsdocTimes.slice(0, 5) },
    slowestPipeguardRule: pg[0] ?? null,
    ruleTimeRatio: pg.length === 0 ? null : ratio(
      pg.reduce((sum, t) => sum + t.ms, 0),
      jsdocTimes.reduce((sum, t) => sum + t.ms, 0),
    ),
    peakRssMb,
  };
}
