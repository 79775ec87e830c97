/**
 * Robustness: every pipeguard rule runs over a few thousand real TypeScript files nobody here wrote —
 * the `.ts` / `.d.ts` sources inside the installed `node_modules` — and none may throw. The six untyped
 * rules run on 2,500 files; all seven rules (the typed `rate-limit-matches-code` and `require-rate-limit`
 * with `useTypes`) run with a real TypeScript program on a slice of plain `.ts` sources, each given a
 * module-level `@rateLimit` block so the typed rule analyses every call in the file.
 *
 * Files are picked deterministically (sorted, deduplicated by package-relative path, evenly strided) and
 * linted under a virtual `pipeline/` path so the pipeline-module rules apply everywhere.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import pipeguard from '@pipeguard/eslint-plugin';
import { assertPluginBuilt, workspaceRoot } from './project';

const UNTYPED_FILES = 2500;
const TYPED_FILES = 120;
const MAX_BYTES = 40_000;

/** Every `.ts`/`.mts`/`.cts` (incl. declaration files) under node_modules/.pnpm, deduplicated, sorted. */
function corpus(): string[] {
  const root = join(workspaceRoot, 'node_modules', '.pnpm');
  const byKey = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const full = join(dir, name);
      let stat;
      try {
        stat = statSync(full);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        walk(full);
      } else if (/\.[cm]?ts$/.test(name) && stat.size > 0 && stat.size <= MAX_BYTES) {
        // the same file of two versions of a package counts once: key by the path inside the package
        const key = full.slice(full.lastIndexOf('/node_modules/') + '/node_modules/'.length);
        if (!byKey.has(key)) byKey.set(key, full);
      }
    }
  };
  walk(root);
  return [...byKey.values()].sort();
}

/** `count` files spread evenly over the sorted list (deterministic). */
function stride(files: string[], count: number): string[] {
  if (files.length <= count) return files;
  const step = files.length / count;
  return Array.from({ length: count }, (_, i) => files[Math.floor(i * step)]!);
}

const untypedRules: Linter.RulesRecord = {
  '@pipeguard/require-rate-limit': 'error',
  '@pipeguard/require-lineage': ['error', { datasets: true }],
  '@pipeguard/require-rationale': ['error', { schemas: true }],
  '@pipeguard/require-schema-docs': ['error', { requireRetention: true }],
  '@pipeguard/valid-doc-blocks': 'error',
  '@pipeguard/lineage-matches-code': ['error', { reportUnused: true }],
};

const RATE_LIMIT_HEADER = `/**
 * @rateLimit corpus.api
 *   limit: 10 req/s
 *   retry: retries=2 on=429
 *   backoff: exponential initial=1s factor=2
 *   timeout: attempt=30s
 *   concurrency: 2
 *   sdkRetries: 0
 */

`;

interface Failure {
  file: string;
  error: string;
}

describe('every rule on real third-party TypeScript', () => {
  const files = corpus();
  let temp: string | undefined;
  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it(`finds a corpus of at least 2,000 files (${files.length} found)`, () => {
    expect(files.length).toBeGreaterThanOrEqual(2000);
  });

  it('the untyped rules never throw', () => {
    assertPluginBuilt();
    const picked = stride(files, UNTYPED_FILES);
    const linter = new Linter({ configType: 'flat', cwd: '/corpus' });
    const config: Linter.Config[] = [
      {
        files: ['**/*.ts', '**/*.mts', '**/*.cts'],
        // third-party files carry eslint-disable comments for rules that are not loaded here
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        languageOptions: { parser: tseslint.parser, sourceType: 'module' },
        plugins: { '@pipeguard': pipeguard as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: untypedRules,
      },
    ];
    const failures: Failure[] = [];
    let linted = 0;
    let reports = 0;
    const started = Date.now();
    picked.forEach((file, i) => {
      const text = readFileSync(file, 'utf8');
      const virtual = `/corpus/pipeline/${i}-${basename(file)}`;
      try {
        const messages = linter.verify(text, config, virtual);
        if (messages.some((m) => m.fatal === true)) return; // the parser rejected the file: no rule ran
        linted++;
        reports += messages.filter((m) => m.ruleId?.startsWith('@pipeguard/') === true).length;
      } catch (error) {
        failures.push({ file, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    });
    const seconds = (Date.now() - started) / 1000;
    expect(failures.slice(0, 5)).toEqual([]);
    expect(linted).toBeGreaterThanOrEqual(2000);
    // the rules really ran: pipeline modules without a module @rationale are reported everywhere
    expect(reports).toBeGreaterThan(linted / 2);
    console.log(`robustness (untyped): ${linted} files, ${reports} reports, ${seconds.toFixed(1)}s`);
  }, 300_000);

  it('all seven rules, typed ones with a TypeScript program, never throw', () => {
    assertPluginBuilt();
    const sources = stride(files.filter((f) => !/\.d\.[cm]?ts$/.test(f)), TYPED_FILES);
    temp = mkdtempSync(join(tmpdir(), 'pipeguard-robustness-'));
    const dir = join(temp, 'pipeline');
    mkdirSync(dir);
    const paths = sources.map((file, i) => {
      const target = join(dir, `${i}-${basename(file).replace(/\.[cm]?ts$/, '.ts')}`);
      writeFileSync(target, RATE_LIMIT_HEADER + readFileSync(file, 'utf8'));
      return target;
    });
    const program = ts.createProgram(paths, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: false,
      types: [],
    });
    const linter = new Linter({ configType: 'flat', cwd: temp });
    const config: Linter.Config[] = [
      {
        files: ['**/*.ts'],
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        languageOptions: { parser: tseslint.parser, parserOptions: { programs: [program] }, sourceType: 'module' },
        plugins: { '@pipeguard': pipeguard as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: {
          ...untypedRules,
          '@pipeguard/require-rate-limit': ['error', { useTypes: true }],
          '@pipeguard/rate-limit-matches-code': 'error',
        },
      },
    ];
    const failures: Failure[] = [];
    let linted = 0;
    for (const file of paths) {
      try {
        const messages = linter.verify(readFileSync(file, 'utf8'), config, file);
        if (messages.some((m) => m.fatal === true)) continue;
        linted++;
      } catch (error) {
        failures.push({ file, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(linted).toBeGreaterThanOrEqual(TYPED_FILES * 0.8);
  }, 300_000);
});
