import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus, generateFileText } from '../src/corpus/generate';
import { perFunctionTimes } from '../src/gen/run';
import { generateProject } from '../src/gen/project';
import { checkResults, goalsFor, mergedEnvelope } from '../src/results';
import type { BenchResults } from '../src/results';
import { perRoundShare } from '../src/lint/run';
import type { LintSample } from '../src/lint/worker';
import { aboveOrBelow, formatSpread, median, pairedRatios, ratio } from '../src/stats';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'pipeguard-bench-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('corpus generator', () => {
  it('is deterministic: the same seed and index give byte-identical files', () => {
    for (const i of [0, 1, 17, 999]) expect(generateFileText(42, i)).toEqual(generateFileText(42, i));
  });

  it('a different seed gives a different corpus', () => {
    const a = Array.from({ length: 20 }, (_, i) => generateFileText(1, i).text).join('');
    const b = Array.from({ length: 20 }, (_, i) => generateFileText(2, i).text).join('');
    expect(a).not.toEqual(b);
  });

  it('covers every kind of pipeline code the plugin looks at, documented and not', () => {
    const text = Array.from({ length: 300 }, (_, i) => generateFileText(7, i).text).join('\n');
    for (const marker of [
      "from 'openai'",
      "from '@anthropic-ai/sdk'",
      "from 'axios'",
      "fetch('https://",
      "fetch('/api/",
      'INSERT INTO',
      'sqliteTable(',
      'selectFrom(',
      'CREATE TABLE',
      'createReadStream(',
      'implements Stage',
      '@rateLimit',
      '@lineage',
      '@rationale',
      'WHY THIS ARCHITECTURE:',
      '@param',
    ]) {
      expect(text, marker).toContain(marker);
    }
  });

  it('writes files into pipeline folders and plain folders, with a tsconfig for the typed configs', () => {
    const root = join(temp, 'corpus');
    const corpus = generateCorpus({ root, count: 40, seed: 3, resolveFrom: [join(BENCH, 'package.json')] });
    expect(corpus.files).toHaveLength(40);
    expect(corpus.files.some((f) => f.startsWith('gen/pipelines/') || f.startsWith('gen/etl/'))).toBe(true);
    expect(corpus.files.some((f) => f.startsWith('gen/src/'))).toBe(true);
    expect(readdirSync(root)).toContain('tsconfig.json');
  });
});

describe('generation project', () => {
  it('writes files × perFile exported functions', () => {
    const root = join(temp, 'project');
    const project = generateProject({ root, files: 3, perFile: 4, seed: 1 });
    expect(project.functions).toBe(12);
    const exported = readdirSync(join(root, 'src'))
      .filter((f) => f.startsWith('transforms-'))
      .map((f) => readFileSync(join(root, 'src', f), 'utf8').match(/^export function /gm)?.length ?? 0)
      .reduce((a, b) => a + b, 0);
    expect(exported).toBe(12);
  });
});

describe('vitest JSON per-function grouping', () => {
  it('sums test durations per outermost describe of each file', () => {
    const times = perFunctionTimes({
      testResults: [
        {
          name: '/p/a.edge.test.ts',
          assertionResults: [
            { ancestorTitles: ['f'], title: 'does not throw', status: 'passed', duration: 3 },
            { ancestorTitles: ['f'], title: 'is deterministic', status: 'passed', duration: 4 },
            { ancestorTitles: ['g'], title: 'does not throw', status: 'passed', duration: null },
          ],
        },
        { name: '/p/b.edge.test.ts', assertionResults: [{ ancestorTitles: ['f'], title: 'x', status: 'failed', duration: 10 }] },
      ],
    });
    expect(Object.fromEntries(times)).toEqual({ '/p/a.edge.test.ts#f': 7, '/p/a.edge.test.ts#g': 0, '/p/b.edge.test.ts#f': 10 });
  });
});

describe('stats and results checks', () => {
  it('median of odd and even counts; ratio is null instead of NaN or Infinity', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });

  it('rejects malformed results: missing ratio, NaN median, a failed section without a reason', () => {
    const problems = checkResults({
      version: 1,
      quick: true,
      ratios: { lintVsJsdoc: 0.3, typedOverhead: null, genVsTsc: 'fast' },
      medians: { a: Number.NaN },
      machine: { cpus: 2 },
      lint: { status: 'ok', wallMs: 1 },
      generation: { status: 'error', wallMs: 1 },
      pipeline: { status: 'done' },
    });
    expect(problems).toEqual([
      'ratios.genVsTsc must be a finite number or null',
      'ratios.pipelineVsSqlite is missing',
      'medians.a must be a finite number or null',
      'generation.reason must say why it is error',
      'pipeline.status must be ok, unavailable or error',
      'pipeline.reason must say why it is done',
    ]);
  });
});

describe('pnpm bench --quick (smoke: completes and writes well-formed results; timings are never asserted)', () => {
  it('goals: a ratio at its limit meets it, on the right side of it only, and an unmeasured one is null', () => {
    expect(goalsFor({ lintVsJsdoc: 0.5, typedOverhead: 1.1, genVsTsc: 1.5, pipelineVsSqlite: 0.5 })).toEqual({
      lintVsJsdoc: { goal: '≤ 0.5', met: true },
      typedOverhead: { goal: '≤ 1.10', met: true },
      genVsTsc: { goal: '≤ 1.5', met: true },
      pipelineVsSqlite: { goal: '≥ 0.5', met: true },
    });
    const over = goalsFor({ lintVsJsdoc: 0.501, typedOverhead: 1.121, genVsTsc: 1.501, pipelineVsSqlite: 0.499 });
    expect(Object.values(over).map((g) => g.met)).toEqual([false, false, false, false]);
    expect(goalsFor({ lintVsJsdoc: null, typedOverhead: null, genVsTsc: null, pipelineVsSqlite: null }).typedOverhead).toEqual({ goal: '≤ 1.10', met: null });
  });

  it('pairs runs made side by side: index by index, skipping pairs that cannot be divided, and says where they fall against a goal', () => {
    expect(pairedRatios([11, 22, 33], [10, 20])).toEqual([1.1, 1.1]);
    expect(pairedRatios([1, 2, 3], [2, 0, 4])).toEqual([0.5, 0.75]);
    expect(formatSpread([1.152, 1.126, 1.135])).toBe('1.126–1.152 (3 pairs)');
    expect(formatSpread([1.1])).toBe('1.100 (1 pair)');
    expect(formatSpread([])).toBe('n/a');
    expect(aboveOrBelow([1.12, 1.15], 1.1)).toBe(', all above 1.1');
    expect(aboveOrBelow([1.1, 1.05], 1.1)).toBe(', all at or below 1.1');
    expect(aboveOrBelow([1.12, 1.08], 1.1)).toBe(', on both sides of 1.1');
    expect(aboveOrBelow([], 1.1)).toBe('');
    // (c − a) / (b − a) within each round, not from the medians
    const runs = (...cpu: number[]): LintSample[] => cpu.map((cpuMs) => ({ cpuMs }) as LintSample);
    expect(perRoundShare(runs(12, 25), runs(10, 20), runs(20, 30))).toEqual([0.2, 0.5]);
    // a round with no difference between (b) and (a) has no share
    expect(perRoundShare(runs(12, 25), runs(10, 20), runs(10, 30))).toEqual([0.5]);
  });

  it('a merge-only run takes its start, end, load averages and commit from the files it merges', () => {
    const file = (startedAt: string, finishedAt: string, commit: string, load: number): BenchResults =>
      ({ startedAt, finishedAt, source: { commit, uncommittedFilesInMeasuredPackages: 0 }, machine: { loadAvgAtStart: [load, 0, 0], loadAvgAtEnd: [load + 0.5, 0, 0] } }) as BenchResults;
    const warnings: string[] = [];
    const warn = (line: string): void => void warnings.push(line);
    const full = file('2026-11-28T01:04:50Z', '2026-11-28T01:20:34Z', 'a'.repeat(40), 2);
    const rerun = file('2026-11-28T01:27:17Z', '2026-11-28T01:41:37Z', 'a'.repeat(40), 0.1);
    // the order the files are listed in does not matter: earliest start, latest end
    for (const contributors of [[full, rerun], [rerun, full]]) {
      expect(mergedEnvelope(contributors, warn)).toEqual({
        startedAt: '2026-11-28T01:04:50Z',
        finishedAt: '2026-11-28T01:41:37Z',
        source: rerun.source,
        loadAvgAtStart: [2, 0, 0],
        loadAvgAtEnd: [0.6, 0, 0],
      });
    }
    expect(warnings).toEqual([]);
    // sections from different commits: the last run's commit, and a warning naming both
    const other = file('2026-11-28T02:00:00Z', '2026-11-28T02:10:00Z', 'b'.repeat(40), 1);
    expect(mergedEnvelope([full, other], warn)?.source.commit).toBe('b'.repeat(40));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('aaaaaaa, bbbbbbb');
    expect(mergedEnvelope([], warn)).toBeUndefined();
  });

  it('exits 0 and writes a results file that passes the checker', () => {
    const out = join(temp, 'quick.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--quick', '--out', out], {
      cwd: BENCH,
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(run.status, `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(checkResults(results)).toEqual([]);
    expect(results['quick']).toBe(true);
    expect(run.stdout).toContain('lintVsJsdoc');
    for (const section of ['lint', 'generation', 'pipeline']) {
      expect((results[section] as { status: string }).status, section).not.toBe('error');
    }
    // the typed overhead split by thread (main vs V8 helpers) is recorded and printed where /proc gives it
    const lint = results['lint'] as { status: string; threadCpuMediansMs?: Record<string, { main: number; others: number }> };
    if (process.platform === 'linux' && lint.status === 'ok') {
      for (const config of ['d', 'e']) {
        expect(lint.threadCpuMediansMs?.[config]?.main, config).toBeGreaterThan(0);
        expect(lint.threadCpuMediansMs?.[config]?.others, config).toBeGreaterThanOrEqual(0);
      }
      expect(run.stdout).toContain('typed overhead by thread');
    }
    // the ratios of neighbouring runs are recorded (one per (d)/(e) pair, one per untyped round) and printed
    const paired = (results['lint'] as { pairedRatios?: { lintVsJsdoc: number[]; typedOverhead: number[] } }).pairedRatios;
    if (lint.status === 'ok') {
      const cpu = (results['lint'] as { cpuSamplesMs: Record<string, number[]> }).cpuSamplesMs;
      expect(paired?.typedOverhead).toHaveLength(cpu['d']?.length ?? -1);
      expect(paired?.typedOverhead[0]).toBeCloseTo((cpu['e']?.[0] ?? 0) / (cpu['d']?.[0] ?? 1), 2);
      expect(run.stdout).toMatch(/typedOverhead of neighbouring runs \(each \(e\) \/ the \(d\) beside it\): \d\.\d{3}/);
    }
    const gen = results['generation'] as { status: string; genCpuMs?: number[]; pairedGenVsTsc?: number[] };
    if (gen.status === 'ok') expect(gen.pairedGenVsTsc).toHaveLength(gen.genCpuMs?.length ?? -1);
    const pipeline = results['pipeline'] as { status: string; sizes?: { floorMs: number[]; pipelineMs: number[]; pairedPipelineVsSqlite?: number[] }[] };
    if (pipeline.status === 'ok') {
      for (const size of pipeline.sizes ?? []) {
        expect(size.pairedPipelineVsSqlite).toHaveLength(Math.min(size.floorMs.length, size.pipelineMs.length));
        expect(size.pairedPipelineVsSqlite?.[0]).toBeCloseTo((size.floorMs[0] ?? 0) / (size.pipelineMs[0] ?? 1), 2);
      }
    }
  });

  it('--only none --merge-from: combines sections of two runs and describes those runs, not the merge', () => {
    // two runs made from the quick results above: the lint section of one, the others of the other
    const quick = JSON.parse(readFileSync(join(temp, 'quick.json'), 'utf8')) as Record<string, unknown>;
    const skipped = { status: 'unavailable', reason: 'skipped: not in --only', wallMs: 0 };
    const lintRun = { ...quick, startedAt: '2026-01-02T03:00:00.000Z', finishedAt: '2026-01-02T03:10:00.000Z', generation: skipped, pipeline: skipped };
    const otherRun = { ...quick, startedAt: '2026-01-02T02:00:00.000Z', finishedAt: '2026-01-02T02:30:00.000Z', lint: skipped };
    writeFileSync(join(temp, 'lint-run.json'), JSON.stringify(lintRun));
    writeFileSync(join(temp, 'other-run.json'), JSON.stringify(otherRun));
    const out = join(temp, 'merged.json');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', '--quick', '--only', 'none', '--merge-from', `${join(temp, 'lint-run.json')},${join(temp, 'other-run.json')}`, '--out', out],
      { cwd: BENCH, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, `stderr:\n${run.stderr}`).toBe(0);
    const merged = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(checkResults(merged)).toEqual([]);
    expect(merged['startedAt']).toBe('2026-01-02T02:00:00.000Z');
    expect(merged['finishedAt']).toBe('2026-01-02T03:10:00.000Z');
    expect((merged['lint'] as { status: string }).status).toBe((quick['lint'] as { status: string }).status);
    expect((merged['generation'] as { status: string }).status).toBe((quick['generation'] as { status: string }).status);
  });
});
