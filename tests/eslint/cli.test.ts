/**
 * End to end: the real `eslint` binary with the built plugin on a copy of a user project — exit codes,
 * messages that name the file and line, `--max-warnings 0`, SARIF output for code scanning, and the same
 * results under `--concurrency 2` worker threads.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPluginBuilt, copyFixture, removeProject, runEslint, show, summarise } from './project';
import type { LintResult } from './project';

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules?: { id: string; helpUri?: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

const EXPECTED = [
  '@pipeguard/lineage-matches-code@src/pipeline/enrich.ts:18 undeclaredWrite',
  '@pipeguard/require-rate-limit@src/pipeline/enrich.ts:17 missingRateLimit',
  '@pipeguard/require-schema-docs@src/schema.ts:3 missingIndexing',
  '@pipeguard/require-schema-docs@src/schema.ts:3 missingRationale',
];

describe('eslint CLI with @pipeguard/eslint-plugin (recommended preset)', () => {
  let dir = '';

  beforeAll(() => {
    assertPluginBuilt();
    dir = copyFixture('pipeline');
  });
  afterAll(() => removeProject(dir));

  it('reports each problem on its file and line, with a suggestion, and exits 1', () => {
    const run = runEslint(dir, ['--format', 'json', 'src']);
    expect(run.code, show(run)).toBe(1);
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(summarise(dir, results)).toEqual(EXPECTED);
    for (const message of results.flatMap((r) => r.messages)) {
      expect(message.severity).toBe(2);
      expect(message.suggestions?.length ?? 0, message.message).toBeGreaterThan(0);
    }
  });

  it('the default formatter names the file, line and what to write', () => {
    const run = runEslint(dir, ['src/pipeline/enrich.ts']);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toContain('src/pipeline/enrich.ts');
    expect(run.stdout).toMatch(/\n\s+18:\d+\s+error\s+Table `enrichment_log` is written here \(better-sqlite3\) but the `@lineage enrich_orders` block on line 11 has no `out:` for it\. Add `out: sqlite enrichment_log` to that block/);
    expect(run.stdout).toMatch(/\n\s+17:\d+\s+error\s+.*@rateLimit/);
    expect(run.stdout).toContain('2 problems (2 errors, 0 warnings)');
  });

  it('a fully documented file passes with --max-warnings 0 (exit 0)', () => {
    const run = runEslint(dir, ['--max-warnings', '0', 'src/documented.ts']);
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout.trim()).toBe('');
  });

  it('--max-warnings 0 fails the run on warnings alone', () => {
    const run = runEslint(dir, ['--max-warnings', '0', '--rule', '@pipeguard/require-schema-docs: warn', 'src/schema.ts']);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toContain('0 errors, 2 warnings');
    expect(run.stdout + run.stderr).toContain('ESLint found too many warnings (maximum: 0)');
  });

  it('SARIF output (@microsoft/eslint-formatter-sarif) is valid 2.1.0 with our rule ids and locations', () => {
    const run = runEslint(dir, ['--format', '@microsoft/eslint-formatter-sarif', 'src']);
    expect(run.code, show(run)).toBe(1);
    const sarif = JSON.parse(run.stdout) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    const [sarifRun] = sarif.runs;
    expect(sarifRun?.tool.driver.name).toBe('ESLint');
    const ruleIds = (sarifRun?.tool.driver.rules ?? []).map((r) => r.id).sort();
    expect(ruleIds).toEqual(['@pipeguard/lineage-matches-code', '@pipeguard/require-rate-limit', '@pipeguard/require-schema-docs']);
    for (const rule of sarifRun?.tool.driver.rules ?? []) {
      expect(rule.helpUri).toMatch(/^https:\/\/github\.com\/pipeguard\/pipeguard\/blob\/main\/docs\/rules\/[a-z-]+\.md$/);
    }
    const results = (sarifRun?.results ?? []).map((r) => {
      const location = r.locations[0]?.physicalLocation;
      return `${r.ruleId}@${location?.artifactLocation.uri.replace(/^.*\/src\//, 'src/')}:${location?.region.startLine} ${r.level}`;
    });
    expect(results.sort()).toEqual(EXPECTED.map((e) => `${e.split(' ')[0]} error`).sort());
    for (const r of sarifRun?.results ?? []) {
      expect(r.message.text.length).toBeGreaterThan(20);
      // SARIF 2.1.0 shape code scanning relies on: ruleIndex points at the rule, file URIs, 1-based regions
      expect(sarifRun?.tool.driver.rules?.[r.ruleIndex]?.id).toBe(r.ruleId);
      const location = r.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uri).toMatch(/^file:\/\/\/.+\.ts$/);
      expect(location?.region.startLine).toBeGreaterThan(1);
      expect(location?.region.startColumn).toBeGreaterThanOrEqual(1);
    }
  });

  it('--concurrency 2 gives the same results as a single thread', () => {
    const run = runEslint(dir, ['--concurrency', '2', '--format', 'json', 'src']);
    expect(run.code, show(run)).toBe(1);
    expect(summarise(dir, JSON.parse(run.stdout) as LintResult[])).toEqual(EXPECTED);
  }, 240_000);

  it('--suppress-all records current findings; only new ones fail afterwards', () => {
    const copy = copyFixture('pipeline');
    try {
      const suppress = runEslint(copy, ['--suppress-all', 'src']);
      expect(suppress.code, show(suppress)).toBe(0);
      expect(existsSync(join(copy, 'eslint-suppressions.json'))).toBe(true);
      const clean = runEslint(copy, ['--max-warnings', '0', 'src']);
      expect(clean.code, show(clean)).toBe(0);
      writeFileSync(join(copy, 'src', 'orders.ts'), "export const orders = sqliteTable('orders', { id: integer('id') });\n");
      const next = runEslint(copy, ['--format', 'json', 'src']);
      expect(next.code, show(next)).toBe(1);
      expect(summarise(copy, JSON.parse(next.stdout) as LintResult[])).toEqual(['@pipeguard/require-schema-docs@src/orders.ts:1 missingRationale']);
    } finally {
      removeProject(copy);
    }
  }, 300_000);

  it('a broken settings.pipeguard fails loudly, naming the key to fix (exit 2)', () => {
    writeFileSync(
      join(dir, 'broken.config.js'),
      `import tseslint from 'typescript-eslint';\nimport pipeguard from '@pipeguard/eslint-plugin';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, { ...pipeguard.configs.recommended, files: ['**/*.ts'] }, { settings: { pipeguard: { namespaceAlias: {} } } }];\n`,
    );
    const run = runEslint(dir, ['--config', 'broken.config.js', 'src/schema.ts']);
    expect(run.code, show(run)).toBe(2);
    expect(run.stdout + run.stderr).toContain('settings.pipeguard.namespaceAlias');
  });
});

describe('eslint CLI with recommended-type-checked (project service)', () => {
  let dir = '';

  beforeAll(() => {
    assertPluginBuilt();
    dir = copyFixture('typed');
  });
  afterAll(() => removeProject(dir));

  it('rate-limit-matches-code follows options imported from another module and reports retry multiplication', () => {
    const run = runEslint(dir, ['--format', 'json', 'src']);
    expect(run.code, show(run)).toBe(1);
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(summarise(dir, results)).toEqual([
      '@pipeguard/rate-limit-matches-code@src/enrich.ts:16 mismatch',
      '@pipeguard/rate-limit-matches-code@src/enrich.ts:16 mismatch',
      '@pipeguard/rate-limit-matches-code@src/enrich.ts:16 retryMultiplication',
    ]);
    const texts = results.flatMap((r) => r.messages.map((m) => m.message));
    expect(texts).toContainEqual(expect.stringContaining('up to (1+3)×(1+2) = 12 attempts per call'));
    expect(texts).toContainEqual(expect.stringContaining('says `sdkRetries: 0` but `client.chat.completions.create` configures 2 SDK retries (the SDK default)'));
    expect(texts).toContainEqual(expect.stringContaining('says `timeout: attempt=30s` but `client.chat.completions.create` configures a 1m per-attempt timeout'));
  });
});
