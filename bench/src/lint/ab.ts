/**
 * `pnpm --filter @pipeguard/bench lint-ab`: builds of the plugin side by side on the bench's lint corpus.
 *
 *   lint-ab --snapshot NAME                 keep the current packages/eslint-plugin/dist as build NAME
 *   lint-ab --replay NAME --from FILE       make build NAME that reports the messages in FILE and does nothing else
 *   lint-ab [--untyped] [--rounds N] [--compile] [--corpus DIR] [--out DIR] BUILD BUILD…
 *   lint-ab --files N,M[,…] [--rounds N] [--out DIR] none BUILD…   typed corpora of N, M … generated files
 *
 * BUILD is `none` (the base configuration without pipeguard: (d), or (a) with --untyped), `current` (the
 * plugin's dist as built now) or a snapshot NAME, optionally followed by rules to turn off
 * (`current:-require-lineage,-lineage-matches-code`: what those rules cost). Every run is a fresh process;
 * the order rotates every round. Prints CPU medians (all threads, the main thread, the other threads) and whether each build
 * reported exactly the same messages and suggestions as the first plugin build.
 *
 * `--compile` runs each build once more with V8's `--trace-opt` (not timed) and adds up the optimizing
 * compiler's background jobs: the work on V8's helper threads that compiling a plugin's code costs, with
 * the functions that add the most compile time over the first build.
 *
 * `--files` generates a typed corpus of each size (the bench's generator and seed, so the smaller ones are
 * the first files of the larger ones; in bench/corpus/ab/N), runs the builds on each, and splits each
 * build's added CPU over `none` into a fixed part and a part per file (least squares over the sizes,
 * all threads, main thread and helper threads apart): the fixed part (compiling, warming up) weighs less
 * on a larger project, the per-file part does not.
 *
 * A replay build (`--replay`) has the plugin's rule names and no analysis: at `Program:exit` each rule
 * reports the messages and suggestions an earlier lint-ab run recorded for it (a `*-typed.jsonl` file),
 * so `none replay current` splits the plugin's cost into ESLint's side of its reports and the analysis
 * that finds them.
 *
 * @rationale Compare plugin builds in one interleaved run, output byte for byte as well as CPU
 *   why: the typed overhead is a few seconds of a ~25 s run and this machine's speed drifts by more than
 *     that within the hour, so a change is only visible against its baseline run beside it (the bench's
 *     ABBA order); and a speed-up that changes one message is a bug, so every run writes its messages
 *     and the builds are diffed. Snapshots live in packages/eslint-plugin/node_modules/.lint-ab so that
 *     their imports resolve to the same dependencies as the real build.
 *   alternatives: git worktrees per build (a full install each); timing builds an hour apart (drift)
 *   tradeoffs: a snapshot is only dist/*.js: a change in @pipeguard/doc-blocks applies to every build
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, generateCorpus, LINT_CORPUS_RESOLVE_FROM } from '../corpus/generate';
import { formatSpread, median, pairedRatios, round } from '../stats';
import { signedSeconds } from '../table';
import { loadPipeguard, TYPED_PATTERNS, UNTYPED_PATTERNS } from './configs';
import { rotate, runLintWorker, runLintWorkerWithOutput } from './run';
import type { LintWorkerOptions, RecordedMessage } from './worker';

const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));
const PLUGIN_DIR = resolve(BENCH_DIR, '..', 'packages', 'eslint-plugin');
const SNAPSHOTS = join(PLUGIN_DIR, 'node_modules', '.lint-ab');

const USAGE = `Usage: pnpm --filter @pipeguard/bench lint-ab --snapshot NAME
       pnpm --filter @pipeguard/bench lint-ab --replay NAME --from results/lint-ab/current-typed.jsonl
       pnpm --filter @pipeguard/bench lint-ab [--untyped] [--rounds N] [--compile] [--corpus DIR] [--out DIR] BUILD BUILD...
       pnpm --filter @pipeguard/bench lint-ab --files 1000,2000,4000 [--rounds N] [--out DIR] none BUILD...
BUILD: none (no pipeguard), current (packages/eslint-plugin/dist) or a snapshot NAME,
       optionally with rules turned off: current:-require-lineage,-lineage-matches-code`;

/** `current:-a,-b` → the build `current` and the pipeguard rules `a`, `b` turned off. */
export function parseBuild(spec: string): { build: string; rulesOff: string[] } {
  const [build = '', mods] = spec.split(':', 2);
  if (mods === undefined) return { build, rulesOff: [] };
  if (build === 'none') throw new Error(`${spec}: none has no pipeguard rules to turn off`);
  const rulesOff = mods.split(',').map((m) => m.trim());
  const bad = rulesOff.find((m) => !/^-[a-z][a-z-]*$/.test(m));
  if (bad !== undefined) throw new Error(`${spec}: write the rules to turn off as -rule-name, comma separated (got ${JSON.stringify(bad)})`);
  return { build, rulesOff: rulesOff.map((m) => m.slice(1)) };
}

/** The plugin entry of a build, or undefined for `none`; throws with what to do when it is missing. */
export function pluginEntry(build: string): string | undefined {
  if (build === 'none') return undefined;
  const entry = build === 'current' ? join(PLUGIN_DIR, 'dist', 'index.js') : join(SNAPSHOTS, build, 'index.js');
  if (!existsSync(entry)) {
    throw new Error(
      build === 'current'
        ? `${entry} does not exist: build the plugin first (pnpm --filter @pipeguard/eslint-plugin build)`
        : `no snapshot named ${build} (${entry}): make one with lint-ab --snapshot ${build}`,
    );
  }
  return entry;
}

/** The folder of snapshot `name`; throws, naming `flag`, for a name that is not a plain one. */
function snapshotDir(name: string, flag: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === 'none' || name === 'current') {
    throw new Error(`${flag} ${name}: use letters, digits, '.', '_' and '-' (not none or current)`);
  }
  return join(SNAPSHOTS, name);
}

/** Copies the plugin's built ESM files (index.js and any chunks) to the snapshot NAME; returns its folder. */
export function snapshot(name: string): string {
  const dist = join(PLUGIN_DIR, 'dist');
  const target = snapshotDir(name, '--snapshot');
  if (!existsSync(join(dist, 'index.js'))) throw new Error(`${dist}/index.js does not exist: build the plugin first (pnpm --filter @pipeguard/eslint-plugin build)`);
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(dist)) if (file.endsWith('.js')) copyFileSync(join(dist, file), join(target, file));
  return target;
}

/**
 * Writes the snapshot NAME: a plugin with the rules of the current build (and of the recorded messages),
 * each reporting at `Program:exit` exactly the `@pipeguard/` messages, autofixes and suggestions recorded in
 * `messagesFile` for the file being linted (matched by its path relative to ESLint's cwd, the corpus).
 * Returns the snapshot's folder and the number of messages it replays.
 */
export async function replaySnapshot(name: string, messagesFile: string): Promise<{ dir: string; messages: number }> {
  const dir = snapshotDir(name, '--replay');
  if (!existsSync(messagesFile)) throw new Error(`--from ${messagesFile} does not exist: it is a *-typed.jsonl or *-untyped.jsonl file written by an earlier lint-ab run`);
  const byRule: Record<string, Record<string, [number, number, number, number, string, [number, number, string] | null, [string, number, number, string][]][]>> = {};
  let count = 0;
  readFileSync(messagesFile, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let m: RecordedMessage;
    try {
      m = JSON.parse(line) as RecordedMessage;
    } catch {
      throw new Error(`${messagesFile}:${i + 1}: not a JSON line; pass a messages file written by lint-ab`);
    }
    if (!m.rule?.startsWith('@pipeguard/')) return;
    const rule = m.rule.slice('@pipeguard/'.length);
    // ESLint's message columns are 1-based, report locations 0-based
    ((byRule[rule] ??= {})[m.file] ??= []).push([
      m.line,
      m.column - 1,
      m.endLine ?? m.line,
      (m.endColumn ?? m.column) - 1,
      m.message,
      m.fix ? [m.fix.range[0], m.fix.range[1], m.fix.text] : null,
      (m.suggestions ?? []).map((s) => [s.desc, s.fix.range[0], s.fix.range[1], s.fix.text]),
    ]);
    count++;
  });
  const current = await loadPipeguard(pluginEntry('current'));
  const rules = [...new Set([...Object.keys((current as { rules?: object }).rules ?? {}), ...Object.keys(byRule)])].sort();
  const code = `// lint-ab replay of ${messagesFile.replace(/[\r\n]/g, ' ')}: reports recorded messages, analyses nothing.
import { relative } from 'node:path';
const DATA = JSON.parse(${JSON.stringify(JSON.stringify(byRule))});
const NONE = [];
const rule = (name) => ({
  meta: { type: 'suggestion', hasSuggestions: true, fixable: 'code', schema: false },
  create(context) {
    const list = DATA[name]?.[relative(context.cwd, context.filename)] ?? NONE;
    if (list.length === 0) return {};
    return {
      'Program:exit'() {
        for (const [line, column, endLine, endColumn, message, fix, suggest] of list) {
          context.report({
            loc: { start: { line, column }, end: { line: endLine, column: endColumn } },
            message,
            ...(fix ? { fix: (fixer) => fixer.replaceTextRange([fix[0], fix[1]], fix[2]) } : {}),
            suggest: suggest.map(([desc, from, to, text]) => ({ desc, fix: (fixer) => fixer.replaceTextRange([from, to], text) })),
          });
        }
      },
    };
  },
});
const plugin = { meta: { name: 'pipeguard-replay' }, rules: {}, configs: {} };
for (const name of ${JSON.stringify(rules)}) plugin.rules[name] = rule(name);
const preset = { name: '@pipeguard/replay', plugins: { '@pipeguard': plugin }, rules: Object.fromEntries(Object.keys(plugin.rules).map((r) => ['@pipeguard/' + r, 'error'])) };
for (const name of ['recommended', 'strict', 'recommended-type-checked']) plugin.configs[name] = preset;
export default plugin;
`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), code);
  return { dir, messages: count };
}

export interface AbRow {
  build: string;
  cpuMs: number[];
  mainMs: number[];
  othersMs: number[];
  messages: number;
  /** files ESLint linted (the last run's count; every run of a corpus lints the same files) */
  files: number;
  /** for plugin builds after the first: identical to the first plugin build's messages, or where they differ */
  sameAsFirst?: true | string;
  /** with `--compile`: the optimizing compiler's work in one traced run (topFunctions: what this build adds over the first; for the first, its own largest) */
  compile?: { jobs: number; backgroundMs: number; topFunctions: { name: string; ms: number; jobs: number }[] };
}

/** What V8's `--trace-opt` says the optimizing compiler did: jobs, background time, per function name. */
export interface CompileTrace {
  jobs: number;
  backgroundMs: number;
  byFunction: Map<string, { ms: number; jobs: number }>;
}

const TRACE_JOB = /^\[(?:completed|aborted) (?:compiling|optimizing)[^<]*<JSFunction(?: ([^\s>(][^\s>]*))?[^>]*>.* took ([\d.]+), ([\d.]+), ([\d.]+) ms\]$/;

/**
 * Parses `--trace-opt` output. Each finished or aborted optimization prints `… took A, B, C ms`: A and C
 * on the main thread (preparing and installing the code), B on a helper thread (the compile itself).
 * Functions are keyed by name (`(anonymous)` for none), so same-named functions of different modules add up.
 */
export function parseTraceOpt(text: string): CompileTrace {
  const byFunction = new Map<string, { ms: number; jobs: number }>();
  let jobs = 0;
  let backgroundMs = 0;
  for (const line of text.split('\n')) {
    const m = TRACE_JOB.exec(line.trim());
    if (!m) continue;
    const name = m[1] ?? '(anonymous)';
    const ms = Number(m[3]);
    jobs++;
    backgroundMs += ms;
    const entry = byFunction.get(name) ?? { ms: 0, jobs: 0 };
    entry.ms += ms;
    entry.jobs++;
    byFunction.set(name, entry);
  }
  return { jobs, backgroundMs, byFunction };
}

/** The functions whose compile time grew most from `base` to `trace` (ms and jobs are the differences). */
export function addedCompileTime(trace: CompileTrace, base: CompileTrace | undefined, limit = 12): { name: string; ms: number; jobs: number }[] {
  return [...trace.byFunction]
    .map(([name, { ms, jobs }]) => {
      const before = base?.byFunction.get(name);
      return { name, ms: ms - (before?.ms ?? 0), jobs: jobs - (before?.jobs ?? 0) };
    })
    .filter((f) => f.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit)
    .map((f) => ({ ...f, ms: round(f.ms, 1) }));
}

/** A build spec as a file name (`current:-a,-b` → `current_-a_-b`). */
const fileName = (spec: string): string => spec.replace(/[:,]/g, '_');

/** First differing line of two message files, or undefined when they are byte for byte the same. */
export function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const x = a.replace(/\n$/, '').split('\n');
  const y = b.replace(/\n$/, '').split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}: ${(x[i] ?? '(none)').slice(0, 160)} | ${(y[i] ?? '(none)').slice(0, 160)}`;
  }
  return 'same lines, different bytes';
}

export async function runAb(options: { builds: string[]; typed: boolean; rounds: number; compile?: boolean; corpus: string; out: string; log: (line: string) => void }): Promise<AbRow[]> {
  const { builds, typed, corpus, out, log } = options;
  if (!existsSync(join(corpus, 'tsconfig.json')) || !existsSync(join(corpus, 'gen'))) {
    throw new Error(`${corpus} is not a lint corpus (no tsconfig.json and gen/): run pnpm bench --only lint once to generate it, or pass --corpus`);
  }
  const specs = new Map(builds.map((b) => [b, parseBuild(b)]));
  const entries = new Map(builds.map((b) => [b, pluginEntry(specs.get(b)?.build ?? b)]));
  mkdirSync(out, { recursive: true });
  const rows = new Map<string, AbRow>(builds.map((b) => [b, { build: b, cpuMs: [], mainMs: [], othersMs: [], messages: 0, files: 0 }]));
  const kind = typed ? 'typed' : 'untyped';
  const workerOptions = (build: string, messagesOut?: string): LintWorkerOptions => {
    const entry = entries.get(build);
    const rulesOff = specs.get(build)?.rulesOff ?? [];
    return {
      config: typed ? (entry ? 'e' : 'd') : entry ? 'c' : 'a',
      cwd: corpus,
      patterns: [...(typed ? TYPED_PATTERNS : UNTYPED_PATTERNS)],
      stats: false,
      ...(entry ? { pluginEntry: entry } : {}),
      ...(rulesOff.length > 0 ? { rulesOff } : {}),
      ...(messagesOut !== undefined ? { messagesOut } : {}),
    };
  };
  for (let r = 0; r < options.rounds; r++) {
    for (const build of rotate(builds, r)) {
      const sample = await runLintWorker(workerOptions(build, r === 0 ? join(out, `${fileName(build)}-${kind}.jsonl`) : undefined), `lint-ab ${build}`);
      const row = rows.get(build) as AbRow;
      row.cpuMs.push(sample.cpuMs);
      if (sample.threadCpuMs) {
        row.mainMs.push(sample.threadCpuMs.main);
        row.othersMs.push(sample.threadCpuMs.others);
      }
      row.messages = sample.problems;
      row.files = sample.files;
      log(`  round ${r + 1} ${build}: ${(sample.cpuMs / 1000).toFixed(2)} s CPU${sample.threadCpuMs ? ` (main ${(sample.threadCpuMs.main / 1000).toFixed(2)}, others ${(sample.threadCpuMs.others / 1000).toFixed(2)})` : ''}, ${sample.problems} messages`);
    }
  }
  if (options.compile === true) {
    // one more run per build under --trace-opt (tracing slows it, so it is not among the timed rounds)
    let base: CompileTrace | undefined;
    for (const build of builds) {
      const { stdout } = await runLintWorkerWithOutput(workerOptions(build), `lint-ab --compile ${build}`, ['--trace-opt']);
      const trace = parseTraceOpt(stdout);
      (rows.get(build) as AbRow).compile = { jobs: trace.jobs, backgroundMs: round(trace.backgroundMs, 1), topFunctions: addedCompileTime(trace, base) };
      base ??= trace;
      log(`  compile ${build}: ${trace.jobs} optimizing jobs, ${(trace.backgroundMs / 1000).toFixed(2)} s on helper threads`);
    }
  }
  const plugins = builds.filter((b) => entries.get(b) !== undefined);
  const first = plugins[0];
  if (first !== undefined) {
    const reference = readFileSync(join(out, `${fileName(first)}-${kind}.jsonl`), 'utf8');
    for (const build of plugins.slice(1)) {
      const difference = firstDifference(reference, readFileSync(join(out, `${fileName(build)}-${kind}.jsonl`), 'utf8'));
      (rows.get(build) as AbRow).sameAsFirst = difference ?? true;
    }
  }
  return [...rows.values()];
}

/** The summary table: medians in seconds and the ratio to `none` when it ran. */
export function formatAb(rows: readonly AbRow[]): string {
  const base = rows.find((r) => r.build === 'none');
  const baseCpu = base ? median(base.cpuMs) : undefined;
  const s = (ms: number[]): string => (ms.length ? (median(ms) / 1000).toFixed(2) : '-');
  const lines = ['build        CPU median  main  others  vs none  messages  runs (s)'];
  for (const r of rows) {
    const vs = baseCpu && r !== base ? round(median(r.cpuMs) / baseCpu, 3).toFixed(3) : '';
    lines.push(
      `${r.build.padEnd(12)} ${s(r.cpuMs).padStart(10)}  ${s(r.mainMs).padStart(4)}  ${s(r.othersMs).padStart(6)}  ${vs.padStart(7)}  ${String(r.messages).padStart(8)}  ${r.cpuMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`,
    );
  }
  // each round runs every build once, so round i of a build and round i of none are neighbours
  if (base) {
    for (const r of rows) {
      if (r !== base) lines.push(`${r.build} / none, round by round: ${formatSpread(pairedRatios(r.cpuMs, base.cpuMs))}`);
    }
  }
  if (rows.some((r) => r.compile)) {
    const baseRow = rows[0];
    lines.push('', `optimizing compiler (one --trace-opt run each; background = helper-thread time; "added" is over ${baseRow?.build ?? ''})`);
    for (const r of rows) {
      if (!r.compile) continue;
      const added = r === baseRow || !baseRow?.compile ? '' : `, ${signedSeconds(r.compile.backgroundMs - baseRow.compile.backgroundMs)}`;
      lines.push(`${r.build.padEnd(12)} ${String(r.compile.jobs).padStart(5)} jobs  ${(r.compile.backgroundMs / 1000).toFixed(2)} s background${added}`);
      if (r !== baseRow && r.compile.topFunctions.length > 0) {
        lines.push(`  most added: ${r.compile.topFunctions.map((f) => `${f.name} +${f.ms.toFixed(0)} ms (${f.jobs >= 0 ? '+' : ''}${f.jobs})`).join(', ')}`);
      }
    }
  }
  const first = rows.find((r) => r.build !== 'none');
  for (const r of rows) {
    if (r.sameAsFirst === true) lines.push(`${r.build}: messages and suggestions identical to ${first?.build ?? ''}`);
    else if (r.sameAsFirst !== undefined) lines.push(`${r.build}: messages DIFFER from ${first?.build ?? ''} at ${r.sameAsFirst}`);
  }
  return lines.join('\n');
}

/** `1000,2000,4000` → [1000, 2000, 4000]: at least two different whole sizes, each ≥ 1. */
export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => part.trim());
  const bad = sizes.find((part) => !/^[1-9]\d*$/.test(part));
  if (bad !== undefined) throw new Error(`--files ${text}: write whole numbers of files, comma separated (got ${JSON.stringify(bad)})`);
  const numbers = [...new Set(sizes.map(Number))].sort((a, b) => a - b);
  if (numbers.length < 2) throw new Error(`--files ${text}: give at least two different sizes, e.g. --files 1000,2000,4000`);
  return numbers;
}

/** Least-squares line through (x, y) points: `y ≈ intercept + slope · x`. */
export function fitLine(points: readonly { x: number; y: number }[]): { intercept: number; slope: number } {
  const n = points.length;
  if (n < 2) throw new Error('fitLine needs at least two points');
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  if (sxx === 0) throw new Error('fitLine needs at least two different x values');
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** To the nearest 10 (of ms for seconds, of µs for ms: what the table's 2 decimals show), with no sign on zero (a fit's -1e-12 must not print as -0.00). */
const toTens = (value: number): number => Math.round(value / 10) * 10 || 0;

/** One size of a `--files` run: the corpus's file count and the rows lint-ab measured on it. */
export interface SizeRows {
  files: number;
  rows: AbRow[];
}

/**
 * The `--files` table: per size each build's CPU median over `none`, then each build's added CPU split
 * into a fixed part (s) and a part per file (ms), for all threads, the main thread and the helper threads.
 */
export function formatScaling(sizes: readonly SizeRows[]): string {
  const builds = (sizes[0]?.rows ?? []).map((r) => r.build).filter((b) => b !== 'none');
  const m = (row: AbRow | undefined, pick: (r: AbRow) => number[]): number => (row ? median(pick(row)) : Number.NaN);
  const lines = ['files   ' + ['none', ...builds].map((b) => b.padStart(14)).join('')];
  for (const size of sizes) {
    const none = size.rows.find((r) => r.build === 'none');
    const cells = [`${(m(none, (r) => r.cpuMs) / 1000).toFixed(2)} s`];
    for (const b of builds) {
      const row = size.rows.find((r) => r.build === b);
      cells.push(signedSeconds(toTens(m(row, (r) => r.cpuMs) - m(none, (r) => r.cpuMs))));
    }
    lines.push(`${String(size.files).padEnd(8)}${cells.map((c) => c.padStart(14)).join('')}`);
  }
  lines.push('', 'added CPU over none = fixed + per file (least squares over the sizes):');
  const parts: [string, (r: AbRow) => number[]][] = [
    ['all threads', (r) => r.cpuMs],
    ['main thread', (r) => r.mainMs],
    ['helper threads', (r) => r.othersMs],
  ];
  for (const b of [...builds, 'none']) {
    for (const [label, pick] of parts) {
      const points = sizes.flatMap((size) => {
        const none = size.rows.find((r) => r.build === 'none');
        const row = size.rows.find((r) => r.build === b);
        if (!none || !row || pick(row).length === 0) return [];
        const y = b === 'none' ? m(none, pick) : m(row, pick) - m(none, pick);
        return Number.isFinite(y) ? [{ x: size.files, y: y / 1000 }] : [];
      });
      if (points.length < 2) continue;
      const { intercept, slope } = fitLine(points);
      const what = b === 'none' ? 'none itself' : b;
      lines.push(`  ${what.padEnd(14)} ${label.padEnd(15)} ${signedSeconds(toTens(intercept * 1000))} fixed, ${(toTens(slope * 1e6) / 1000).toFixed(2)} ms per file`);
    }
  }
  return lines.join('\n');
}

/** The typed corpus of `files` generated files for `--files` (regenerated each time: it is deterministic). */
function sizedCorpus(files: number): string {
  const root = join(BENCH_DIR, 'corpus', 'ab', String(files));
  generateCorpus({ root, count: files, seed: DEFAULT_SEED, resolveFrom: LINT_CORPUS_RESOLVE_FROM });
  return root;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      snapshot: { type: 'string' },
      replay: { type: 'string' },
      from: { type: 'string' },
      untyped: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '4' },
      compile: { type: 'boolean', default: false },
      corpus: { type: 'string' },
      files: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.snapshot !== undefined) {
    console.log(`snapshot ${values.snapshot}: ${snapshot(values.snapshot)}`);
    return;
  }
  if (values.replay !== undefined) {
    if (values.from === undefined) throw new Error(`--replay ${values.replay} needs --from FILE (a messages file from an earlier lint-ab run)\n${USAGE}`);
    const { dir, messages } = await replaySnapshot(values.replay, resolve(values.from));
    console.log(`replay ${values.replay}: ${dir} (${messages} messages)`);
    return;
  }
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${values.rounds}: expected a whole number ≥ 1`);
  if (positionals.length < 2) throw new Error(`give at least two builds to compare\n${USAGE}`);
  const out = resolve(values.out ?? join(BENCH_DIR, 'results', 'lint-ab'));
  if (values.files !== undefined) {
    if (values.untyped) throw new Error('--files makes typed corpora of generated files only (no real files): leave out --untyped');
    if (values.corpus !== undefined) throw new Error('--files generates its own corpora: leave out --corpus');
    if (values.compile) throw new Error('--files does not take --compile: run --compile on one corpus');
    if (!positionals.includes('none')) throw new Error(`--files splits each build's cost over none: add none to the builds\n${USAGE}`);
    const sizes: SizeRows[] = [];
    for (const files of parseSizes(values.files)) {
      const corpus = sizedCorpus(files);
      console.log(`${files} files (${corpus}):`);
      const rows = await runAb({ builds: positionals, typed: true, rounds, corpus, out: join(out, `files-${files}`), log: (line) => console.log(line) });
      console.log(formatAb(rows));
      // the files ESLint linted: the generated ones and the corpus's ambient declarations
      sizes.push({ files: rows[0]?.files ?? files, rows });
    }
    console.log('', formatScaling(sizes));
    writeFileSync(join(out, 'scaling.json'), `${JSON.stringify({ rounds, sizes }, null, 2)}\n`);
    console.log(`messages and summaries in ${out}`);
    return;
  }
  const corpus = resolve(values.corpus ?? join(BENCH_DIR, 'corpus', 'full', 'lint'));
  const rows = await runAb({ builds: positionals, typed: !values.untyped, rounds, compile: values.compile, corpus, out, log: (line) => console.log(line) });
  console.log(formatAb(rows));
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify({ corpus, typed: !values.untyped, rounds, rows }, null, 2)}\n`);
  console.log(`messages and summary in ${out}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`lint-ab: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
