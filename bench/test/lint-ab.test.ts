import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../src/corpus/generate';
import type { AbRow } from '../src/lint/ab';
import { addedCompileTime, firstDifference, fitLine, formatAb, formatScaling, parseBuild, parseSizes, parseTraceOpt, pluginEntry, replaySnapshot, runAb, snapshot } from '../src/lint/ab';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'pipeguard-lint-ab-test-'));
const snap = `test-${process.pid}`;
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
  for (const name of [snap, `${snap}-changed`, `${snap}-replay`]) rmSync(join(BENCH, '..', 'packages', 'eslint-plugin', 'node_modules', '.lint-ab', name), { recursive: true, force: true });
  // the --files run's corpora (lint-ab writes them into the bench's gitignored corpus folder)
  for (const files of ['8', '16']) rmSync(join(BENCH, 'corpus', 'ab', files), { recursive: true, force: true });
});

describe('lint-ab', () => {
  it('firstDifference: undefined for the same bytes, else the first differing line', () => {
    expect(firstDifference('a\nb\n', 'a\nb\n')).toBeUndefined();
    expect(firstDifference('a\nb\n', 'a\nc\n')).toBe('line 2: b | c');
    expect(firstDifference('a\n', 'a\nb\n')).toBe('line 2: (none) | b');
  });

  it('parseTraceOpt: completed and aborted jobs (OSR, anonymous functions), nothing else; addedCompileTime: the growth per function', () => {
    const trace = parseTraceOpt(
      [
        '[marking 0x1 <JSFunction scan (sfi = 0x2)> for optimization to TURBOFAN, ConcurrencyMode::kConcurrent, reason: hot and stable]',
        '[compiling method 0x1 <JSFunction scan (sfi = 0x2)> (target TURBOFAN), mode: ConcurrencyMode::kConcurrent]',
        '[completed compiling 0x1 <JSFunction scan (sfi = 0x2)> (target TURBOFAN) - took 0.016, 2.500, 0.013 ms]',
        '[completed compiling 0x3 <JSFunction scan (sfi = 0x2)> (target TURBOFAN) OSR - took 0.010, 1.500, 0.010 ms]',
        '[aborted optimizing 0x4 <JSFunction mapDefined (sfi = 0x5)> (target TURBOFAN) because: Bailed out due to dependency change - took 0.006, 0.835, 0.007 ms]',
        '  [completed compiling 0x6 <JSFunction (sfi = 0x7)> (target TURBOFAN) - took 0.006, 14.000, 0.029 ms]',
        '[bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x1 <JSFunction scan (sfi = 0x2)>, took 0.1 ms]',
        '{"cpuMs": 1}',
      ].join('\n'),
    );
    expect(trace.jobs).toBe(4);
    expect(trace.backgroundMs).toBeCloseTo(18.835, 6);
    expect(trace.byFunction.get('scan')).toEqual({ ms: 4, jobs: 2 });
    expect(trace.byFunction.get('(anonymous)')).toEqual({ ms: 14, jobs: 1 });
    expect(parseTraceOpt('').jobs).toBe(0);
    const base = parseTraceOpt('[completed compiling 0x1 <JSFunction scan (sfi = 0x2)> (target TURBOFAN) - took 0, 1.000, 0 ms]');
    expect(addedCompileTime(trace, base)).toEqual([
      { name: '(anonymous)', ms: 14, jobs: 1 },
      { name: 'scan', ms: 3, jobs: 1 },
      { name: 'mapDefined', ms: 0.8, jobs: 1 },
    ]);
    expect(addedCompileTime(base, trace)).toEqual([]);
  });

  it('refuses snapshot names that are not plain or that name a built-in build, and unknown builds', () => {
    expect(() => snapshot('../x')).toThrow(/letters, digits/);
    expect(() => snapshot('current')).toThrow(/not none or current/);
    expect(() => pluginEntry('no-such-snapshot')).toThrow(/lint-ab --snapshot no-such-snapshot/);
    expect(pluginEntry('none')).toBeUndefined();
  });

  it('parses a build with rules turned off, and refuses malformed ones', () => {
    expect(parseBuild('current')).toEqual({ build: 'current', rulesOff: [] });
    expect(parseBuild('before:-require-lineage,-lineage-matches-code')).toEqual({ build: 'before', rulesOff: ['require-lineage', 'lineage-matches-code'] });
    expect(() => parseBuild('current:require-lineage')).toThrow(/-rule-name/);
    expect(() => parseBuild('none:-require-lineage')).toThrow(/no pipeguard rules/);
  });

  it('refuses a replay from a missing or malformed messages file, saying what it needs', async () => {
    await expect(replaySnapshot(`${snap}-replay`, join(temp, 'missing.jsonl'))).rejects.toThrow(/written by an earlier lint-ab run/);
    writeFileSync(join(temp, 'bad.jsonl'), '{"file":"a.ts"}\nnot json\n');
    await expect(replaySnapshot(`${snap}-replay`, join(temp, 'bad.jsonl'))).rejects.toThrow(/bad\.jsonl:2: not a JSON line/);
    await expect(replaySnapshot('../x', join(temp, 'bad.jsonl'))).rejects.toThrow(/letters, digits/);
  });

  it('--files: parses the sizes and refuses malformed ones', () => {
    expect(parseSizes('4000,1000, 2000')).toEqual([1000, 2000, 4000]);
    expect(parseSizes('10,10,20')).toEqual([10, 20]);
    expect(() => parseSizes('1000')).toThrow(/at least two different sizes/);
    expect(() => parseSizes('10,10')).toThrow(/at least two different sizes/);
    expect(() => parseSizes('1000,2k')).toThrow(/whole numbers.*"2k"/);
    expect(() => parseSizes('0,10')).toThrow(/whole numbers.*"0"/);
  });

  it('fitLine recovers a line, least squares through scatter, and refuses what has no line', () => {
    const exact = fitLine([{ x: 1000, y: 2 }, { x: 2000, y: 3 }, { x: 4000, y: 5 }]);
    expect(exact.intercept).toBeCloseTo(1, 9);
    expect(exact.slope).toBeCloseTo(0.001, 12);
    // symmetric scatter around y = x leaves the line where it is
    const scatter = fitLine([{ x: 0, y: 1 }, { x: 0, y: -1 }, { x: 2, y: 3 }, { x: 2, y: 1 }]);
    expect(scatter.intercept).toBeCloseTo(0, 9);
    expect(scatter.slope).toBeCloseTo(1, 9);
    expect(() => fitLine([{ x: 1, y: 1 }])).toThrow(/two points/);
    expect(() => fitLine([{ x: 1, y: 1 }, { x: 1, y: 2 }])).toThrow(/two different x/);
  });

  it('formatScaling splits a build\'s added CPU into a fixed part and a part per file, per thread', () => {
    const row = (build: string, cpu: number, main: number): AbRow => ({ build, cpuMs: [cpu], mainMs: [main], othersMs: [cpu - main], messages: 0, files: 0 });
    // none: 4 s + 9 ms a file; current adds 1 s + 1 ms a file, all of the per-file part on the main thread
    const sizes = [1000, 2000, 4000].map((files) => ({
      files,
      rows: [row('none', 4000 + 9 * files, 1000 + 7 * files), row('current', 5000 + 10 * files, 1000 + 8 * files)],
    }));
    const text = formatScaling(sizes);
    expect(text).toMatch(/^1000 +13\.00 s +\+2\.00 s$/m);
    expect(text).toMatch(/^4000 +40\.00 s +\+5\.00 s$/m);
    expect(text).toMatch(/current +all threads +\+1\.00 s fixed, 1\.00 ms per file/);
    expect(text).toMatch(/current +main thread +\+0\.00 s fixed, 1\.00 ms per file/);
    expect(text).toMatch(/current +helper threads +\+1\.00 s fixed, 0\.00 ms per file/);
    expect(text).toMatch(/none itself +all threads +\+4\.00 s fixed, 9\.00 ms per file/);
  });

  it('--files refuses what it cannot do, before running anything', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/lint/ab.ts', ...args], { cwd: BENCH, encoding: 'utf8', timeout: 60_000 });
    expect(run('--files', '10,20', '--untyped', 'none', 'current').stderr).toMatch(/typed corpora.*leave out --untyped/);
    expect(run('--files', '10,20', '--corpus', temp, 'none', 'current').stderr).toMatch(/leave out --corpus/);
    expect(run('--files', '10,20', 'current', 'current').stderr).toMatch(/add none to the builds/);
    expect(run('--files', '10', 'none', 'current').stderr).toMatch(/at least two different sizes/);
  });

  it('refuses a folder that is not a lint corpus, saying how to make one', async () => {
    await expect(runAb({ builds: ['none', 'current'], typed: true, rounds: 1, corpus: temp, out: join(temp, 'out0'), log: () => {} })).rejects.toThrow(/pnpm bench --only lint/);
  });

  it('runs none, the current build and a snapshot of it on a small typed corpus: the two builds report identical messages', async () => {
    const root = join(temp, 'corpus');
    generateCorpus({ root, count: 30, seed: 5, resolveFrom: [join(BENCH, 'package.json')] });
    expect(existsSync(join(snapshot(snap), 'index.js'))).toBe(true);
    const out = join(temp, 'out');
    const rows = await runAb({ builds: ['none', 'current', snap, 'current:-require-lineage'], typed: true, rounds: 1, corpus: root, out, log: () => {} });
    const byBuild = new Map(rows.map((r) => [r.build, r]));
    expect(byBuild.get(snap)?.sameAsFirst).toBe(true);
    expect(byBuild.get('current')?.messages).toBeGreaterThan(byBuild.get('none')?.messages ?? 0);
    for (const r of rows) expect(r.cpuMs).toHaveLength(1);
    // turning a rule off removes exactly its messages
    const withoutLineage = readFileSync(join(out, 'current_-require-lineage-typed.jsonl'), 'utf8').trim().split('\n');
    const all = readFileSync(join(out, 'current-typed.jsonl'), 'utf8').trim().split('\n');
    expect(withoutLineage.some((l) => l.includes('"rule":"@pipeguard/require-lineage"'))).toBe(false);
    expect(withoutLineage).toEqual(all.filter((l) => !l.includes('"rule":"@pipeguard/require-lineage"')));
    expect(all.length).toBeGreaterThan(withoutLineage.length);
    const lines = readFileSync(join(out, 'current-typed.jsonl'), 'utf8').trim().split('\n');
    expect(lines.some((l) => (JSON.parse(l) as { rule: string }).rule.startsWith('@pipeguard/'))).toBe(true);
    const table = formatAb(rows);
    expect(table).toContain(`${snap}: messages and suggestions identical to current`);
    expect(table).toMatch(/vs none/);
    expect(table).toMatch(/^current \/ none, round by round: \d\.\d{3} \(1 pair\)$/m);

    // a replay of the recorded messages (no analysis at all) reports the same messages and suggestions
    const replay = await replaySnapshot(`${snap}-replay`, join(out, 'current-typed.jsonl'));
    expect(replay.messages).toBe(all.filter((l) => l.includes('"rule":"@pipeguard/')).length);
    const rows3 = await runAb({ builds: ['current', `${snap}-replay`], typed: true, rounds: 1, corpus: root, out: join(temp, 'out3'), log: () => {} });
    expect(rows3[1]?.sameAsFirst).toBe(true);

    // a build whose one message text differs is reported as different, with the line
    const changed = snapshot(`${snap}-changed`);
    const code = readFileSync(join(changed, 'index.js'), 'utf8');
    expect(code).toContain('has no `@lineage` block');
    writeFileSync(join(changed, 'index.js'), code.replaceAll('has no `@lineage` block', 'has no lineage block'));
    const rows2 = await runAb({ builds: ['current', `${snap}-changed`], typed: true, rounds: 1, corpus: root, out: join(temp, 'out2'), log: () => {} });
    expect(rows2[1]?.sameAsFirst).toMatch(/^line \d+: \{"file":/);
    expect(readFileSync(join(temp, 'out2', `${snap}-changed-typed.jsonl`), 'utf8')).toContain('has no lineage block');
    expect(formatAb(rows2)).toContain('messages DIFFER from current');

    // --compile: one traced run per build, the optimizing compiler's jobs counted and added up
    const rows4 = await runAb({ builds: ['none', 'current'], typed: true, rounds: 1, compile: true, corpus: root, out: join(temp, 'out4'), log: () => {} });
    for (const r of rows4) {
      expect(r.compile?.jobs, r.build).toBeGreaterThan(0);
      expect(r.compile?.backgroundMs, r.build).toBeGreaterThan(0);
    }
    // the first build lists its own most compiled functions, the others what they add over it
    expect(rows4[0]?.compile?.topFunctions.length).toBeGreaterThan(0);
    const table4 = formatAb(rows4);
    expect(table4).toMatch(/optimizing compiler/);
    expect(table4).toMatch(/^current +\d+ jobs +\d+\.\d\d s background, [+-]\d+\.\d\d s$/m);

    // --files: a typed corpus per size, the builds on each, and the split into fixed and per-file cost
    const scaled = spawnSync(process.execPath, ['--import', 'tsx', 'src/lint/ab.ts', '--files', '8,16', '--rounds', '1', '--out', join(temp, 'out5'), 'none', 'current'], {
      cwd: BENCH,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(scaled.status, scaled.stderr).toBe(0);
    expect(scaled.stdout).toMatch(/^9 +\d+\.\d\d s +[+-]\d+\.\d\d s$/m); // 8 generated files + ambient.d.ts
    expect(scaled.stdout).toMatch(/^17 +\d+\.\d\d s +[+-]\d+\.\d\d s$/m);
    expect(scaled.stdout).toMatch(/current +all threads +[+-]\d+\.\d\d s fixed, -?\d+\.\d\d ms per file/);
    const scaling = JSON.parse(readFileSync(join(temp, 'out5', 'scaling.json'), 'utf8')) as { sizes: { files: number; rows: AbRow[] }[] };
    expect(scaling.sizes.map((size) => size.files)).toEqual([9, 17]);
    expect(readFileSync(join(BENCH, 'corpus', 'ab', '16', 'gen', 'ambient.d.ts'), 'utf8').length).toBeGreaterThan(0);
  }, 420_000);
});
