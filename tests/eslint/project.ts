/**
 * Helpers for the ESLint end-to-end tests: copy a fixture project to a temporary folder, link the
 * workspace's own packages into its node_modules, and run the real `eslint` binary there.
 *
 * @rationale Lint a throwaway copy of a user project with the real eslint binary
 *   why: what users depend on is the CLI's behaviour with the built plugin: config loading from the
 *     package's `exports`, exit codes, `--max-warnings`, formatters (SARIF for code scanning) and
 *     `--concurrency` worker threads. Only the real binary in a real folder shows all of that.
 *   alternatives: ESLint's Node API in-process (skips the bin, config lookup and worker threads);
 *     installing packed tarballs (slow, needs the registry for every dependency)
 *   tradeoffs: links point at the workspace, so the plugin must be built first (turbo's `^build`
 *     runs before this package's `test`)
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt, copyLinkedFixture, removeProject } from '../fixture-project';
import type { RunResult } from '../fixture-project';

export const testsRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const workspaceRoot = join(testsRoot, '..');
export const pluginRoot = join(workspaceRoot, 'packages', 'eslint-plugin');
export const fixturesRoot = join(testsRoot, 'fixtures', 'eslint');

const require = createRequire(import.meta.url);

/** The real folder of a package as this test package resolves it. */
const packageDir = (name: string): string => realpathSync(dirname(require.resolve(`${name}/package.json`)));

export type { RunResult };
export { removeProject };

export function show(result: RunResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** Fails with the command to run when the plugin has not been built. */
export function assertPluginBuilt(): void {
  assertBuilt(pluginRoot, ['dist/index.js', 'dist/index.cjs'], 'pnpm --filter @pipeguard/eslint-plugin build');
}

/** Copy `fixtures/eslint/<name>` to a new temporary folder with node_modules linked to the workspace. */
export function copyFixture(name: string): string {
  return copyLinkedFixture(join(fixturesRoot, name), `pipeguard-eslint-${name}-`, {
    '@pipeguard/eslint-plugin': pluginRoot,
    eslint: packageDir('eslint'),
    'typescript-eslint': packageDir('typescript-eslint'),
    typescript: packageDir('typescript'),
    '@microsoft/eslint-formatter-sarif': packageDir('@microsoft/eslint-formatter-sarif'),
  });
}


/** Runs `eslint <args>` with the project's own linked eslint, in the project folder. */
export function runEslint(dir: string, args: string[]): RunResult {
  const bin = join(dir, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export interface LintMessage {
  ruleId: string | null;
  messageId?: string;
  message: string;
  line: number;
  column: number;
  severity: number;
  fatal?: boolean;
  suggestions?: { desc: string }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
}

/** `ruleId@file:line messageId` for every message, paths relative to the project, sorted. */
export function summarise(dir: string, results: LintResult[]): string[] {
  const real = realpathSync(dir);
  return results
    .flatMap((r) =>
      r.messages.map((m) => `${m.ruleId ?? 'fatal'}@${r.filePath.replace(`${real}/`, '').replace(`${dir}/`, '')}:${m.line} ${m.messageId ?? m.message}`),
    )
    .sort();
}
