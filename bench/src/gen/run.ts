/**
 * Generation cost: `gen-edge-tests` vs `tsc --noEmit` on the same project, and the generated suite's
 * time per function from vitest's JSON reporter.
 *
 * @rationale Compare against `tsc --noEmit`, both as cold child processes, interleaved
 *   why: the generator has to build a TypeScript program and walk every exported signature, so a
 *     type-check of the same project is the floor a user already pays in CI; the ratio says how much
 *     more generation costs than that floor, independently of how fast this machine is.
 *   alternatives: time generation in-process (would hide the start-up cost users see with npx)
 *   tradeoffs: both include Node start-up (~50 ms), small next to seconds of type-checking
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runChild, type ChildResult } from '../child';
import type { SectionResult } from '../results';
import { median, pairedRatios, ratio, round } from '../stats';
import { generateProject } from './project';

export interface GenBenchOptions {
  root: string;
  files: number;
  perFile: number;
  seed: number;
  rounds: number;
  /** run the generated suite with vitest (per-function time) */
  runSuite: boolean;
  /** run the suite of the first N generated test files only (time budget); all when undefined */
  suiteFiles?: number;
  log: (line: string) => void;
}

export type GenResult = SectionResult & {
  project: { files: number; functions: number };
  /** wall time per run (child process spawn → exit) */
  genMs: number[];
  tscMs: number[];
  medianGenMs: number | null;
  medianTscMs: number | null;
  /** CPU time per run (user + system of the process, measured by src/cpu-wrap.mjs) */
  genCpuMs: number[];
  tscCpuMs: number[];
  medianGenCpuMs: number | null;
  medianTscCpuMs: number | null;
  /** from CPU-time medians (see docs/benchmarks.md: wall time on a shared machine counts waiting) */
  genVsTsc: number | null;
  /** from wall-time medians, for comparison */
  wallGenVsTsc: number | null;
  /** gen-edge-tests CPU over the tsc run beside it, run by run (see the lint section's pairedRatios) */
  pairedGenVsTsc: number[];
  generator: { summary: unknown; testFiles: number };
  suite: {
    status: 'ok' | 'unavailable' | 'error';
    reason?: string;
    wallMs: number | null;
    /** generated test files the suite ran (all, or the first N by name) */
    testFiles?: number;
    tests: number;
    passed: number;
    failed: number;
    functions: number;
    /** per function: sum of its tests' durations (vitest JSON reporter), ms */
    medianMsPerFunction: number | null;
    p90MsPerFunction: number | null;
    maxMsPerFunction: number | null;
    slowestFunctions: { name: string; ms: number }[];
    failedSamples: string[];
  };
};

const require = createRequire(import.meta.url);
const CPU_WRAP = fileURLToPath(new URL('../cpu-wrap.mjs', import.meta.url));

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The generator's bin and a reason when it cannot run (not built yet). */
function generatorBin(): { bin: string; reason?: string } {
  let dir: string;
  try {
    dir = packageDir('gen-edge-tests');
  } catch {
    return { bin: '', reason: 'gen-edge-tests is not installed in bench (pnpm install)' };
  }
  const bin = join(dir, 'bin', 'gen-edge-tests.js');
  if (!existsSync(join(dir, 'dist', 'cli.js'))) return { bin, reason: 'gen-edge-tests is not built: run pnpm --filter gen-edge-tests build' };
  return { bin };
}

function link(projectRoot: string, name: string, target: string): void {
  const at = join(projectRoot, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  if (!existsSync(at)) symlinkSync(target, at, 'dir');
}

function removeGenerated(srcDir: string): number {
  let removed = 0;
  for (const name of readdirSync(srcDir)) {
    if (name.endsWith('.edge.test.ts')) {
      rmSync(join(srcDir, name));
      removed++;
    }
  }
  return removed;
}

function countGenerated(srcDir: string): number {
  return readdirSync(srcDir).filter((n) => n.endsWith('.edge.test.ts')).length;
}

interface VitestJson {
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: {
    name: string;
    assertionResults?: { ancestorTitles?: string[]; title: string; fullName?: string; status: string; duration?: number | null; failureMessages?: string[] }[];
  }[];
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
}

/** A suite result with no measurements: not run, or run without a report. */
function noSuite(status: 'unavailable' | 'error', reason: string, wallMs: number | null): GenResult['suite'] {
  return {
    status,
    reason,
    wallMs,
    tests: 0,
    passed: 0,
    failed: 0,
    functions: 0,
    medianMsPerFunction: null,
    p90MsPerFunction: null,
    maxMsPerFunction: null,
    slowestFunctions: [],
    failedSamples: [],
  };
}

/** Per-function suite times: tests are grouped by their outermost describe (one per function). */
export function perFunctionTimes(report: VitestJson): Map<string, number> {
  const byFunction = new Map<string, number>();
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      const group = test.ancestorTitles?.[0] ?? test.title.split(/[\s:›>]/)[0] ?? test.title;
      const key = `${file.name}#${group}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + (test.duration ?? 0));
    }
  }
  return byFunction;
}

async function runSuite(projectRoot: string, suiteFiles: number | undefined, log: (line: string) => void): Promise<GenResult['suite']> {
  const outFile = join(projectRoot, 'vitest-report.json');
  rmSync(outFile, { force: true });
  const vitestBin = join(packageDir('vitest'), 'vitest.mjs');
  // The suite's own config lists the test files to run: all of them, or the first N (sorted by name).
  const testFiles = readdirSync(join(projectRoot, 'src'))
    .filter((n) => n.endsWith('.edge.test.ts'))
    .sort()
    .slice(0, suiteFiles ?? Number.MAX_SAFE_INTEGER)
    .map((n) => `src/${n}`);
  const config = join(projectRoot, 'vitest.bench.config.mjs');
  writeFileSync(config, `export default { test: { include: ${JSON.stringify(testFiles)} } };\n`);
  const result = await runChild(process.execPath, [vitestBin, 'run', '--root', projectRoot, '--config', config, '--reporter=json', `--outputFile=${outFile}`], {
    cwd: projectRoot,
    env: { ...process.env, CI: '1', NO_COLOR: '1' },
  });
  if (!existsSync(outFile)) {
    return noSuite('error', `vitest wrote no JSON report (exit ${String(result.code)}): ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`, round(result.ms, 0));
  }
  const report = JSON.parse(readFileSync(outFile, 'utf8')) as VitestJson;
  const times = perFunctionTimes(report);
  const sorted = [...times.values()].sort((a, b) => a - b);
  const p90 = quantile(sorted, 0.9);
  const slowest = [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, ms]) => ({ name: name.slice(projectRoot.length + 1), ms: round(ms, 1) }));
  const failedSamples = (report.testResults ?? [])
    .flatMap((f) => (f.assertionResults ?? []).filter((t) => t.status === 'failed').map((t) => `${f.name.slice(projectRoot.length + 1)} › ${t.fullName ?? t.title}`))
    .slice(0, 5);
  log(`  suite: ${report.numTotalTests ?? 0} tests, ${report.numFailedTests ?? 0} failed, ${(result.ms / 1000).toFixed(1)} s`);
  return {
    status: 'ok',
    wallMs: round(result.ms, 0),
    testFiles: testFiles.length,
    tests: report.numTotalTests ?? 0,
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    functions: times.size,
    medianMsPerFunction: times.size ? round(median(sorted), 2) : null,
    p90MsPerFunction: p90 === null ? null : round(p90, 2),
    maxMsPerFunction: sorted.length ? round(sorted[sorted.length - 1] ?? 0, 2) : null,
    slowestFunctions: slowest,
    failedSamples,
  };
}

export async function runGenBench(options: GenBenchOptions): Promise<GenResult> {
  const started = performance.now();
  const { log } = options;
  const project = generateProject({ root: options.root, files: options.files, perFile: options.perFile, seed: options.seed });
  const srcDir = join(options.root, 'src');
  const tscJs = join(packageDir('typescript'), 'lib', 'tsc.js');
  const { bin, reason } = generatorBin();
  const base: Omit<GenResult, 'status' | 'wallMs'> = {
    project: { files: project.files, functions: project.functions },
    genMs: [],
    tscMs: [],
    medianGenMs: null,
    medianTscMs: null,
    genCpuMs: [],
    tscCpuMs: [],
    medianGenCpuMs: null,
    medianTscCpuMs: null,
    genVsTsc: null,
    wallGenVsTsc: null,
    pairedGenVsTsc: [],
    generator: { summary: null, testFiles: 0 },
    suite: noSuite('unavailable', 'not run', null),
  };

  const cpuFile = join(options.root, 'cpu.json');
  /** Run a Node CLI script under cpu-wrap: wall time from spawn to exit, CPU time from inside. */
  const timed = async (script: string, args: string[]): Promise<{ result: ChildResult; wall: number; cpu: number }> => {
    rmSync(cpuFile, { force: true });
    const result = await runChild(process.execPath, [CPU_WRAP, cpuFile, script, ...args], { cwd: options.root });
    const cpu = existsSync(cpuFile) ? (JSON.parse(readFileSync(cpuFile, 'utf8')) as { cpuMs: number }).cpuMs : Number.NaN;
    return { result, wall: round(result.ms, 1), cpu: round(cpu, 1) };
  };
  const tscOnce = async (): Promise<void> => {
    const { result, wall, cpu } = await timed(tscJs, ['--noEmit', '-p', join(options.root, 'tsconfig.json')]);
    if (result.code !== 0) throw new Error(`tsc --noEmit failed on the generated project (${options.root}):\n${result.stdout.slice(0, 2000)}`);
    base.tscMs.push(wall);
    base.tscCpuMs.push(cpu);
  };

  if (reason !== undefined) {
    for (let r = 0; r < options.rounds; r++) await tscOnce();
    return {
      ...base,
      medianTscMs: round(median(base.tscMs), 1),
      medianTscCpuMs: round(median(base.tscCpuMs), 1),
      status: 'unavailable',
      reason,
      wallMs: round(performance.now() - started, 0),
    };
  }

  link(options.root, 'gen-edge-tests', packageDir('gen-edge-tests'));
  link(options.root, 'vitest', packageDir('vitest'));
  link(options.root, 'fast-check', dirname(createRequire(join(packageDir('gen-edge-tests'), 'package.json')).resolve('fast-check/package.json')));

  let summary: unknown = null;
  const genOnce = async (): Promise<void> => {
    removeGenerated(srcDir);
    const { result: r, wall, cpu } = await timed(bin, ['--project', 'tsconfig.json', '--json']);
    if (r.code !== 0) {
      throw new Error(`gen-edge-tests exited ${String(r.code)} on the generated project (${options.root}):\n${r.stderr.trim().split('\n').slice(-10).join('\n')}`);
    }
    try {
      // --json prints one summary object (possibly pretty-printed) on stdout; per-file lists are
      // reduced to their length so the results file stays readable.
      const parsed = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
      summary = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Array.isArray(v) ? { count: v.length } : v]));
    } catch {
      summary = { unparsedStdout: r.stdout.slice(0, 500) };
    }
    base.genMs.push(wall);
    base.genCpuMs.push(cpu);
  };

  for (let r = 0; r < options.rounds; r++) {
    // Alternate which goes first so drift is shared.
    if (r % 2 === 0) {
      await genOnce();
      await tscOnce();
    } else {
      await tscOnce();
      await genOnce();
    }
    log(
      `  gen-edge-tests ${String(base.genMs.at(-1))} ms wall / ${String(base.genCpuMs.at(-1))} ms CPU, ` +
        `tsc --noEmit ${String(base.tscMs.at(-1))} ms wall / ${String(base.tscCpuMs.at(-1))} ms CPU`,
    );
  }
  const medianGenMs = round(median(base.genMs), 1);
  const medianTscMs = round(median(base.tscMs), 1);
  base.medianGenCpuMs = round(median(base.genCpuMs), 1);
  base.medianTscCpuMs = round(median(base.tscCpuMs), 1);
  const testFiles = countGenerated(srcDir);
  if (testFiles === 0) {
    // Timing a generator that wrote nothing would compare nothing with tsc: report it instead.
    return {
      ...base,
      status: 'unavailable',
      reason: `gen-edge-tests exited 0 but wrote no *.edge.test.ts files for ${project.functions} exported functions (not implemented yet?)`,
      wallMs: round(performance.now() - started, 0),
      medianGenMs,
      medianTscMs,
      generator: { summary, testFiles },
    };
  }
  const suite = options.runSuite ? await runSuite(options.root, options.suiteFiles, log) : { ...base.suite, reason: 'suite run disabled (--no-suite)' };
  return {
    ...base,
    status: 'ok',
    wallMs: round(performance.now() - started, 0),
    medianGenMs,
    medianTscMs,
    genVsTsc: ratio(base.medianGenCpuMs, base.medianTscCpuMs),
    wallGenVsTsc: ratio(medianGenMs, medianTscMs),
    pairedGenVsTsc: pairedRatios(base.genCpuMs, base.tscCpuMs),
    generator: { summary, testFiles },
    suite,
  };
}
