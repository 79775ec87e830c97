/**
 * `pnpm --filter @pipeguard/bench report [results.json] [--note TEXT]`: renders the results section of
 * docs/benchmarks.md (between `<!-- results:start -->` and `<!-- results:end -->`) from a results file.
 *
 * @rationale Generate the results tables from the JSON, keep the prose by hand
 *   why: numbers copied by hand drift from the file they came from; the method and the analysis are
 *     prose that a generator cannot write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkResults, GOALS, type BenchResults } from './results';
import { aboveOrBelow, formatSpread } from './stats';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

function n(value: unknown, digits = 0): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function s(ms: unknown): string {
  return typeof ms === 'number' ? `${n(ms / 1000, 1)} s` : 'n/a';
}

/** Seconds with two decimals and a sign: `+1.23 s` (a difference of two medians). */
function signedS(ms: number): string {
  return `${ms >= 0 ? '+' : '−'}${n(Math.abs(ms) / 1000, 2)} s`;
}

function met(value: boolean | null): string {
  return value === null ? 'not measured' : value ? 'met' : '**missed**';
}

interface RuleTime {
  rule: string;
  ms: number;
  shareOfPreset: number;
  shareOfRun: number;
}

export function renderResults(r: BenchResults, note: string | undefined, source = 'bench/results/latest.json'): string {
  const lines: string[] = [];
  const lint = r.lint as Record<string, unknown>;
  const gen = r.generation as Record<string, unknown>;
  const pipe = r.pipeline as Record<string, unknown>;
  lines.push(
    `Run of ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC (${r.quick ? 'QUICK sizes' : 'full sizes'}), ${r.machine.cpus} × ${r.machine.cpuModel}, ` +
      `${n(r.machine.totalMemMb / 1024, 0)} GiB, Node ${r.machine.node}. Load average at start ${r.machine.loadAvgAtStart.join(' / ')}, ` +
      `at end ${r.machine.loadAvgAtEnd.join(' / ')}. Commit ${r.source.commit.slice(0, 7)}` +
      `${r.source.uncommittedFilesInMeasuredPackages ? ` with ${r.source.uncommittedFilesInMeasuredPackages} uncommitted files in the measured packages (work in progress of other engineers)` : ''}. ` +
      `Raw data: \`${source}\`.`,
  );
  if (note) lines.push('', note);
  lines.push('', '| ratio | value | goal | |', '|---|---|---|---|');
  const suiteMs = r.medians['suiteMsPerFunction'] ?? null;
  lines.push(`| lintVsJsdoc (c − a) / (b − a) | ${n(r.ratios.lintVsJsdoc, 3)} | ${r.goals.lintVsJsdoc.goal} | ${met(r.goals.lintVsJsdoc.met)} |`);
  lines.push(`| typedOverhead e / d | ${n(r.ratios.typedOverhead, 3)} | ${r.goals.typedOverhead.goal} | ${met(r.goals.typedOverhead.met)} |`);
  lines.push(`| genVsTsc | ${n(r.ratios.genVsTsc, 3)} | ${r.goals.genVsTsc.goal} | ${met(r.goals.genVsTsc.met)} |`);
  lines.push(`| suite ms per function (median) | ${n(suiteMs, 1)} | ≤ 30 | ${met(suiteMs === null ? null : suiteMs <= 30)} |`);
  lines.push(`| pipelineVsSqlite | ${n(r.ratios.pipelineVsSqlite, 3)} | ${r.goals.pipelineVsSqlite.goal} | ${met(r.goals.pipelineVsSqlite.met)} |`);

  const when = (x: { measuredAt?: string }): string => (x.measuredAt ? `Measured ${x.measuredAt.slice(0, 16).replace('T', ' ')} UTC.` : '');
  lines.push('', '### Lint', '', when(r.lint), '');
  if (r.lint.status !== 'ok') lines.push(`Status: ${r.lint.status}: ${r.lint.reason ?? ''}`, '');
  const files = (lint['files'] ?? {}) as { untyped?: number; typed?: number; fatal?: number };
  const medians = (lint['mediansMs'] ?? {}) as Record<string, number>;
  const samples = (lint['samplesMs'] ?? {}) as Record<string, number[]>;
  const cpuMedians = (lint['cpuMediansMs'] ?? {}) as Record<string, number>;
  const cpuSamples = (lint['cpuSamplesMs'] ?? {}) as Record<string, number[]>;
  const wallRatios = (lint['wallRatios'] ?? {}) as Record<string, number | null>;
  const configs = (lint['configs'] ?? {}) as Record<string, string>;
  const problems = (lint['problems'] ?? {}) as Record<string, { total: number; fromPreset: number } | undefined>;
  const rss = (lint['peakRssMb'] ?? {}) as Record<string, number>;
  lines.push(
    `${n(files.untyped)} files untyped (${n(files.fatal)} with a parse error in every configuration), ${n(files.typed)} typed.`,
    '',
    '| config | CPU median | CPU runs (s) | wall median | wall runs (s) | problems (from the preset) | peak RSS |',
    '|---|---|---|---|---|---|---|',
  );
  for (const id of ['a', 'b', 'c', 'd', 'e']) {
    if (!(id in medians)) continue;
    const p = problems[id];
    lines.push(
      `| (${id}) ${configs[id] ?? ''} | ${s(cpuMedians[id])} | ${(cpuSamples[id] ?? []).map((v) => n(v / 1000, 1)).join(', ')} | ${s(medians[id])} | ` +
        `${(samples[id] ?? []).map((v) => n(v / 1000, 1)).join(', ')} | ${p ? `${n(p.total)} (${n(p.fromPreset)})` : ''} | ${n(rss[id])} MB |`,
    );
  }
  const threads = (lint['threadCpuMediansMs'] ?? {}) as Record<string, { main: number; others: number } | undefined>;
  const [td, te] = [threads['d'], threads['e']];
  if (td && te) {
    lines.push(
      '',
      `CPU by thread (medians): (d) main ${n(td.main / 1000, 2)} s, V8 helper threads ${n(td.others / 1000, 2)} s; (e) main ${n(te.main / 1000, 2)} s, helper threads ${n(te.others / 1000, 2)} s. ` +
        `The typed overhead (e) − (d) is ${signedS(te.main - td.main)} on the main thread (the rules, and GC pauses) and ${signedS(te.others - td.others)} on V8's helper threads (concurrent GC, optimizing compiler).`,
    );
  }
  const paired = (lint['pairedRatios'] ?? {}) as { lintVsJsdoc?: number[]; typedOverhead?: number[] };
  if (paired.typedOverhead?.length || paired.lintVsJsdoc?.length) {
    lines.push(
      '',
      `Ratios of neighbouring runs, which show how far one ratio moves on this machine: typedOverhead of each (e) run over the (d) run beside it ${formatSpread(paired.typedOverhead ?? [])}${aboveOrBelow(paired.typedOverhead ?? [], GOALS.typedOverhead.limit)}; ` +
        `lintVsJsdoc of each round ${formatSpread(paired.lintVsJsdoc ?? [])}${aboveOrBelow(paired.lintVsJsdoc ?? [], GOALS.lintVsJsdoc.limit)}.`,
    );
  }
  const perFile = (lint['addedMsPerFile'] ?? {}) as Record<string, number | null>;
  lines.push(
    '',
    `Ratios from wall-time medians instead of CPU time: lintVsJsdoc ${n(wallRatios['lintVsJsdoc'], 3)}, typedOverhead ${n(wallRatios['typedOverhead'], 3)}. ` +
      `Added CPU time per file: jsdoc ${n(perFile['jsdoc'], 2)} ms, pipeguard ${n(perFile['pipeguard'], 2)} ms, pipeguard typed ${n(perFile['pipeguardTyped'], 2)} ms. ` +
      `Rule-time cross-check (pipeguard rules / jsdoc rules, ESLint stats): ${n(lint['ruleTimeRatio'], 3)}.`,
  );
  const ruleTimes = (lint['ruleTimes'] ?? {}) as { pipeguard?: RuleTime[]; pipeguardTyped?: RuleTime[]; jsdocTopFive?: RuleTime[] };
  if (ruleTimes.pipeguard?.length) {
    lines.push('', 'Per-rule time (ESLint stats run, untyped corpus):', '', '| rule | ms | share of pipeguard rule time | share of run |', '|---|---|---|---|');
    for (const t of ruleTimes.pipeguard) lines.push(`| ${t.rule} | ${n(t.ms)} | ${n(t.shareOfPreset * 100, 1)} % | ${n(t.shareOfRun * 100, 2)} % |`);
  }
  if (ruleTimes.pipeguardTyped?.length) {
    lines.push('', 'Typed run (e):', '', '| rule | ms | share of pipeguard rule time | share of run |', '|---|---|---|---|');
    for (const t of ruleTimes.pipeguardTyped) lines.push(`| ${t.rule} | ${n(t.ms)} | ${n(t.shareOfPreset * 100, 1)} % | ${n(t.shareOfRun * 100, 2)} % |`);
  }
  if (ruleTimes.jsdocTopFive?.length) {
    lines.push('', `Slowest jsdoc rules: ${ruleTimes.jsdocTopFive.map((t) => `${t.rule} ${n(t.ms)} ms`).join(', ')}.`);
  }

  lines.push('', '### Generation', '', when(r.generation), '');
  if (r.generation.status !== 'ok') lines.push(`Status: ${r.generation.status}: ${r.generation.reason ?? ''}`, '');
  const project = (gen['project'] ?? {}) as { files?: number; functions?: number };
  const suite = (gen['suite'] ?? {}) as Record<string, unknown>;
  lines.push(
    `${n(project.functions)} exported transforms in ${n(project.files)} files.`,
    '',
    '| command | CPU median | CPU runs (s) | wall median | wall runs (s) |',
    '|---|---|---|---|---|',
    `| gen-edge-tests --project tsconfig.json --json | ${s(gen['medianGenCpuMs'])} | ${((gen['genCpuMs'] ?? []) as number[]).map((v) => n(v / 1000, 1)).join(', ')} | ` +
      `${s(gen['medianGenMs'])} | ${((gen['genMs'] ?? []) as number[]).map((v) => n(v / 1000, 1)).join(', ')} |`,
    `| tsc --noEmit -p tsconfig.json | ${s(gen['medianTscCpuMs'])} | ${((gen['tscCpuMs'] ?? []) as number[]).map((v) => n(v / 1000, 1)).join(', ')} | ` +
      `${s(gen['medianTscMs'])} | ${((gen['tscMs'] ?? []) as number[]).map((v) => n(v / 1000, 1)).join(', ')} |`,
    '',
    `genVsTsc from wall-time medians instead: ${n(gen['wallGenVsTsc'], 3)}. ` +
      `Each gen-edge-tests run over the tsc run beside it: ${formatSpread((gen['pairedGenVsTsc'] ?? []) as number[])}${aboveOrBelow((gen['pairedGenVsTsc'] ?? []) as number[], GOALS.genVsTsc.limit)}.`,
    '',
    `Generated suite (${n(suite['testFiles'])} test files): ${n(suite['tests'])} tests (${n(suite['failed'])} failed) for ${n(suite['functions'])} functions in ${s(suite['wallMs'])} wall; ` +
      `per function median ${n(suite['medianMsPerFunction'], 1)} ms, p90 ${n(suite['p90MsPerFunction'], 1)} ms, max ${n(suite['maxMsPerFunction'], 1)} ms.`,
  );

  lines.push('', '### Pipeline', '', when(r.pipeline), '');
  if (r.pipeline.status !== 'ok') lines.push(`Status: ${r.pipeline.status}: ${r.pipeline.reason ?? ''}`, '');
  const sizes = (pipe['sizes'] ?? []) as Record<string, unknown>[];
  if (sizes.length) {
    lines.push('| input records | pipeline | rows/s | peak RSS | rows loaded / quarantined / duplicates | floor rows | floor | floor rows/s | floor / pipeline |', '|---|---|---|---|---|---|---|---|---|');
    for (const z of sizes) {
      lines.push(
        `| ${n(z['records'])} | ${s(z['medianPipelineMs'])} | ${n(z['rowsPerSec'])} | ${n(z['peakRssMb'])} MB | ${n(z['rowsLoaded'])} / ${n(z['rowsQuarantined'])} / ${n(z['duplicatesSkipped'])} | ` +
          `${n(z['floorRows'])} | ${s(z['medianFloorMs'])} | ${n(z['floorRowsPerSec'])} | ${n(z['pipelineVsSqlite'], 3)} |`,
      );
    }
    lines.push(
      '',
      `CPU time of the pipeline process: ${sizes.map((z) => `${n(z['records'])} records ${s(z['medianPipelineCpuMs'])}`).join(', ')}; ` +
        `floor / pipeline from CPU times: ${sizes.map((z) => n(z['cpuPipelineVsSqlite'], 3)).join(', ')}. ` +
        `Each floor run over the pipeline run before it: ${sizes.map((z) => `${n(z['records'])} records ${formatSpread((z['pairedPipelineVsSqlite'] ?? []) as number[])}`).join(', ')}.`,
    );
    lines.push(
      '',
      `Peak RSS at the largest size / at the smallest: ${n(pipe['rssGrowth'], 2)} (1.0 = flat; a short run also ends before its buffers and threads are warm). ` +
        `Within the largest run, peak RSS of the second half / of the first half: ${n(pipe['rssSecondVsFirstHalf'], 2)} (≤ 1 = memory levelled off).`,
    );
  }
  return lines.join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { note: { type: 'string' } }, allowPositionals: true });
  const bench = new URL('..', import.meta.url).pathname;
  const file = positionals[0] ?? join(bench, 'results', 'latest.json');
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  const problems = checkResults(results);
  if (problems.length) throw new Error(`${file} is malformed:\n- ${problems.join('\n- ')}`);
  const doc = join(bench, '..', 'docs', 'benchmarks.md');
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${doc} has no ${START} … ${END} section: add the two markers where the results go`);
  writeFileSync(doc, `${text.slice(0, start + START.length)}\n${renderResults(results, values.note, relative(join(bench, '..'), resolve(file)))}\n${text.slice(end)}`);
  process.stdout.write(`updated ${doc} from ${file}\n`);
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) main();
