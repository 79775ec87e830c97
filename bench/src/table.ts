/** The table `pnpm bench` prints: one line per ratio with its goal, then the headline medians. */
import { GOALS, type BenchResults } from './results';
import { aboveOrBelow, formatSpread } from './stats';

function fmt(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A difference in ms as signed seconds for the terminal: `+1.23 s`, `-0.40 s` (ASCII, unlike the docs' report). */
export function signedSeconds(ms: number): string {
  return `${ms >= 0 ? '+' : '-'}${(Math.abs(ms) / 1000).toFixed(2)} s`;
}

export function printTable(results: BenchResults, print: (line: string) => void): void {
  const rows: [string, string, string, string][] = [
    ['lintVsJsdoc  (c−a)/(b−a)', fmt(results.ratios.lintVsJsdoc), results.goals.lintVsJsdoc.goal, String(results.goals.lintVsJsdoc.met ?? 'n/a')],
    ['typedOverhead  e/d', fmt(results.ratios.typedOverhead), results.goals.typedOverhead.goal, String(results.goals.typedOverhead.met ?? 'n/a')],
    ['genVsTsc  gen/tsc', fmt(results.ratios.genVsTsc), results.goals.genVsTsc.goal, String(results.goals.genVsTsc.met ?? 'n/a')],
    ['pipelineVsSqlite  floor/pipeline', fmt(results.ratios.pipelineVsSqlite), results.goals.pipelineVsSqlite.goal, String(results.goals.pipelineVsSqlite.met ?? 'n/a')],
  ];
  const suite = results.medians['suiteMsPerFunction'] ?? null;
  rows.push(['suite ms per function (median)', fmt(suite, 2), '≤ 30', suite === null ? 'n/a' : String(suite <= 30)]);
  print('');
  print(`pipeguard bench (${results.quick ? 'QUICK: tiny sizes, numbers are not meaningful' : 'full'}) — ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}`);
  print(`${pad('ratio', 36)}${pad('value', 10)}${pad('goal', 8)}met`);
  for (const [name, value, goal, met] of rows) print(`${pad(name, 36)}${pad(value, 10)}${pad(goal, 8)}${met}`);
  print('');
  print('medians');
  for (const [key, value] of Object.entries(results.medians)) print(`  ${pad(key, 34)}${value === null ? 'n/a' : String(value)}`);
  for (const name of ['lint', 'generation', 'pipeline'] as const) {
    const s = results[name];
    if (s.status !== 'ok') print(`${name}: ${s.status}: ${s.reason ?? ''}`);
  }
  const lint = results.lint as {
    slowestPipeguardRule?: { rule: string; ms: number; shareOfPreset: number; shareOfRun: number } | null;
    ruleTimeRatio?: number | null;
    problems?: Record<string, { fromPreset: number } | undefined>;
  };
  const slowest = lint.slowestPipeguardRule;
  if (slowest) {
    print(
      `slowest pipeguard rule: ${slowest.rule} ${slowest.ms} ms (${(slowest.shareOfPreset * 100).toFixed(1)}% of pipeguard's rule time, ${(slowest.shareOfRun * 100).toFixed(2)}% of the run)`,
    );
  }
  const paired = (results.lint as { pairedRatios?: { lintVsJsdoc?: number[]; typedOverhead?: number[] } }).pairedRatios;
  if (paired?.typedOverhead?.length) {
    print(`typedOverhead of neighbouring runs (each (e) / the (d) beside it): ${formatSpread(paired.typedOverhead)}${aboveOrBelow(paired.typedOverhead, GOALS.typedOverhead.limit)}`);
  }
  if (paired?.lintVsJsdoc?.length) {
    print(`lintVsJsdoc of each round ((c - a) / (b - a) of one round's runs): ${formatSpread(paired.lintVsJsdoc)}${aboveOrBelow(paired.lintVsJsdoc, GOALS.lintVsJsdoc.limit)}`);
  }
  const pairedGen = (results.generation as { pairedGenVsTsc?: number[] }).pairedGenVsTsc;
  if (pairedGen?.length) print(`genVsTsc of neighbouring runs (each gen-edge-tests / the tsc beside it): ${formatSpread(pairedGen)}${aboveOrBelow(pairedGen, GOALS.genVsTsc.limit)}`);
  const sizes = (results.pipeline as { sizes?: { records: number; pairedPipelineVsSqlite?: number[] }[] }).sizes ?? [];
  const largest = sizes[sizes.length - 1];
  if (largest?.pairedPipelineVsSqlite?.length) {
    print(`pipelineVsSqlite of neighbouring runs at ${largest.records} records (each floor / the pipeline run before it): ${formatSpread(largest.pairedPipelineVsSqlite)}`);
  }
  const threads = (results.lint as { threadCpuMediansMs?: Record<string, { main: number; others: number } | undefined> }).threadCpuMediansMs;
  const [d, e] = [threads?.['d'], threads?.['e']];
  if (d && e) {
    print(`typed overhead by thread (CPU medians, e - d): main ${signedSeconds(e.main - d.main)}, V8 helper threads (GC, compiler) ${signedSeconds(e.others - d.others)}`);
  }
  if (lint.ruleTimeRatio !== undefined && lint.ruleTimeRatio !== null) print(`rule-time cross-check (pipeguard rules / jsdoc rules, ESLint stats): ${lint.ruleTimeRatio}`);
  if (lint.problems?.['b'] && lint.problems['c']) {
    print(`problems reported by the preset: jsdoc ${lint.problems['b'].fromPreset}, pipeguard ${lint.problems['c'].fromPreset}`);
  }
}
