/**
 * Helpers for the gen-edge-tests end-to-end tests: copy a fixture project to a temporary folder,
 * link the workspace's own packages into its node_modules (never installing from a registry), and
 * run the real binaries there.
 *
 * @rationale Run the built CLI and a real vitest in a throwaway copy of a user project
 *   why: the generator's promise is about files on disk and exit codes (deterministic output,
 *     untouched user files, --check, generated tests that compile and run with plain `vitest run`);
 *     only the real binaries in a real folder can show that.
 *   alternatives: call `generate()` in-process (skips the bin, module resolution and the CLI's exit
 *     codes); install the packed tarball (slow, needs the registry for dependencies)
 *   tradeoffs: symlinks point at the workspace, so the package must be built first (turbo's `^build`
 *     does that before `test`)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt, copyLinkedFixture, removeProject } from '../fixture-project';
import type { RunResult } from '../fixture-project';

export const testsRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const workspaceRoot = join(testsRoot, '..');
export const generatorRoot = join(workspaceRoot, 'packages', 'gen-edge-tests');
export const fixturesRoot = join(testsRoot, 'fixtures', 'gen-edge-tests');

export type { RunResult };
export { removeProject };

/** Fails with the command to run when the generator has not been built. */
export function assertGeneratorBuilt(): void {
  assertBuilt(generatorRoot, ['dist/cli.js', 'dist/runtime/index.js'], 'pnpm --filter gen-edge-tests build');
}

/** Copy `fixtures/gen-edge-tests/<name>` to a new temporary folder with node_modules linked to the workspace. */
export function copyFixture(name: string): string {
  return copyLinkedFixture(join(fixturesRoot, name), `pipeguard-${name}-`, {
    'gen-edge-tests': generatorRoot,
    'fast-check': realpathSync(join(generatorRoot, 'node_modules', 'fast-check')),
    typescript: realpathSync(join(generatorRoot, 'node_modules', 'typescript')),
    vitest: realpathSync(join(testsRoot, 'node_modules', 'vitest')),
  });
}


/** The environment for child processes, without the variables of the vitest that runs this test. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key === 'TEST' || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  return env;
}

function runNode(cwd: string, script: string, args: readonly string[], timeoutMs: number): RunResult {
  const result = spawnSync(process.execPath, [script, ...args], { cwd, env: childEnv(), encoding: 'utf8', timeout: timeoutMs });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The real `gen-edge-tests` bin, as `npx gen-edge-tests` would run it. */
export function runGenerator(cwd: string, args: readonly string[]): RunResult {
  return runNode(cwd, join(cwd, 'node_modules', 'gen-edge-tests', 'bin', 'gen-edge-tests.js'), args, 60_000);
}

export function runTsc(cwd: string): RunResult {
  return runNode(cwd, join(cwd, 'node_modules', 'typescript', 'bin', 'tsc'), ['--noEmit', '-p', 'tsconfig.json'], 60_000);
}

export interface VitestAssertion {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo' | 'disabled';
  failureMessages: string[];
}

interface VitestReport {
  numTotalTests: number;
  testResults: { name: string; assertionResults: VitestAssertion[] }[];
}

/** `vitest run --reporter=json` in the project; returns every test's result. */
export function runVitest(cwd: string): { run: RunResult; tests: VitestAssertion[]; report: VitestReport } {
  const out = join(cwd, 'vitest-report.json');
  const run = runNode(cwd, join(cwd, 'node_modules', 'vitest', 'vitest.mjs'), ['run', '--reporter=json', `--outputFile=${out}`], 120_000);
  if (!existsSync(out)) throw new Error(`vitest wrote no report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as VitestReport;
  return { run, report, tests: report.testResults.flatMap((f) => f.assertionResults) };
}

/** Every `*.edge.test.ts` under `src/` with a hash of its bytes, keyed by relative path. */
export function generatedFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.edge.test.ts')) files.set(relative(dir, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(join(dir, 'src'));
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
