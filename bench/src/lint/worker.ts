/**
 * One lint measurement in a fresh process: `node --import tsx worker.ts '<json options>'`.
 * Prints one JSON object (LintSample) on stdout.
 *
 * @rationale One child process per measurement, timing only `lintFiles` with the ESLint Node API
 *   why: a fresh process gives every configuration the same cold start (no JIT or module cache left
 *     over from the previous configuration), while timing inside the child leaves out Node's and
 *     ESLint's own start-up, which is the same for every configuration and would only add noise.
 *     The `stats` option gives ESLint's own per-rule times (the Node API form of `--stats`).
 *   alternatives: the `eslint` CLI with `TIMING=all` (prints only the top rules, as text); hyperfine
 *     (not installed on a fresh CI machine, and times start-up too)
 *   tradeoffs: stats collection itself costs a little, so timed runs and stats runs are separate
 */
import { ESLint } from 'eslint';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildConfig, type ConfigId } from './configs';

export interface LintWorkerOptions {
  config: ConfigId;
  cwd: string;
  patterns: string[];
  stats: boolean;
  /** lint with this build of the plugin instead of the workspace's (a dist/index.js path; `lint-ab`) */
  pluginEntry?: string;
  /** write every message (file, position, rule, text, suggestions) to this file as JSON lines */
  messagesOut?: string;
  /** pipeguard rules (without the `@pipeguard/` prefix) turned off on top of the configuration (`lint-ab`) */
  rulesOff?: string[];
}

export interface LintSample {
  config: ConfigId;
  /** wall time of lintFiles */
  ms: number;
  /** CPU time (user + system, all threads of the process) spent in lintFiles */
  cpuMs: number;
  files: number;
  fatalFiles: number;
  problems: number;
  /** problems per rule id (only rules that reported) */
  problemsByRule: Record<string, number>;
  /** per-rule lint time in ms summed over files (stats runs only) */
  ruleMs?: Record<string, number>;
  parseMs?: number;
  /** first fatal parse messages, to tell a broken corpus from a slow one */
  fatalSamples: string[];
  maxRssMb: number;
  /** CPU of lintFiles on the main thread and on all other threads (V8's GC and compiler helpers); Linux only */
  threadCpuMs?: { main: number; others: number };
}

/** One message as `messagesOut` records it (and `lint-ab --replay` reads it back). */
export interface RecordedMessage {
  /** relative to the lint's cwd */
  file: string;
  line: number;
  column: number;
  // (undefined ones are left out of the JSON line)
  endLine?: number | undefined;
  endColumn?: number | undefined;
  rule: string | null;
  message: string;
  fix?: { range: readonly [number, number]; text: string } | undefined;
  suggestions?: { desc: string; fix: { range: readonly [number, number]; text: string } }[] | undefined;
}

/** CPU time (ms) per thread of this process from /proc/self/task (Linux); undefined elsewhere. */
function threadCpu(): Map<string, number> | undefined {
  try {
    const out = new Map<string, number>();
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * tick);
    }
    return out;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('usage: worker.ts <json options>');
  const options = JSON.parse(raw) as LintWorkerOptions;
  const overrideConfig = await buildConfig(options.config, options.cwd, options.pluginEntry);
  if (options.rulesOff?.length) {
    overrideConfig.push({ files: ['**/*.ts'], rules: Object.fromEntries(options.rulesOff.map((rule) => [`@pipeguard/${rule}`, 'off'])) });
  }
  const eslint = new ESLint({
    cwd: options.cwd,
    overrideConfigFile: true,
    overrideConfig,
    cache: false,
    stats: options.stats,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  });
  const threadsStart = threadCpu();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(options.patterns);
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  const threadsEnd = threadCpu();
  let threadCpuMs: LintSample['threadCpuMs'];
  if (threadsStart && threadsEnd) {
    threadCpuMs = { main: 0, others: 0 };
    for (const [tid, end] of threadsEnd) {
      const used = end - (threadsStart.get(tid) ?? 0);
      if (tid === String(process.pid)) threadCpuMs.main += used;
      else threadCpuMs.others += used;
    }
  }
  if (options.messagesOut !== undefined) writeMessages(results, options.cwd, options.messagesOut);

  const problemsByRule: Record<string, number> = {};
  const ruleMs: Record<string, number> = {};
  const fatalSamples: string[] = [];
  let problems = 0;
  let fatalFiles = 0;
  let parseMs = 0;
  for (const result of results) {
    if (result.fatalErrorCount > 0) {
      fatalFiles++;
      const first = result.messages.find((m) => m.fatal);
      if (first && fatalSamples.length < 5) fatalSamples.push(`${result.filePath}:${first.line}: ${first.message}`);
    }
    for (const message of result.messages) {
      problems++;
      const id = message.ruleId ?? '(fatal)';
      problemsByRule[id] = (problemsByRule[id] ?? 0) + 1;
    }
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) ruleMs[rule] = (ruleMs[rule] ?? 0) + time.total;
    }
  }
  const sample: LintSample = {
    config: options.config,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    files: results.length,
    fatalFiles,
    problems,
    problemsByRule,
    fatalSamples,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...(threadCpuMs ? { threadCpuMs } : {}),
    ...(options.stats ? { ruleMs, parseMs } : {}),
  };
  process.stdout.write(JSON.stringify(sample) + '\n');
}

/** One JSON line per message, files in path order: two builds that report the same give the same bytes. */
function writeMessages(results: ESLint.LintResult[], cwd: string, file: string): void {
  const lines: string[] = [];
  for (const result of [...results].sort((x, y) => (x.filePath < y.filePath ? -1 : x.filePath > y.filePath ? 1 : 0))) {
    const path = relative(cwd, result.filePath);
    for (const m of result.messages) {
      const suggestions = m.suggestions?.map((s) => ({ desc: s.desc, fix: s.fix }));
      const recorded: RecordedMessage = { file: path, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, rule: m.ruleId, message: m.message, fix: m.fix, suggestions };
      lines.push(JSON.stringify(recorded));
    }
  }
  writeFileSync(file, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

main().catch((error: unknown) => {
  process.stderr.write(`lint worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
