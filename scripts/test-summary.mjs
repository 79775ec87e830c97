#!/usr/bin/env node
/**
 * Prints one closing line for the whole repository's test run: `N passed, N failed[, N skipped]`.
 *
 * @rationale Sum every package's vitest JSON report into one line after turbo finishes
 *   why: turbo runs with `--output-logs=errors-only`, so vitest's own per-package totals never reach
 *     the terminal on a green run; CI and humans still need to see how many tests ran.
 *   alternatives: `--output-logs=full` (thousands of lines); a custom vitest reporter in every package
 *   tradeoffs: a package whose `test` task was a turbo cache hit contributes its last real run
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const workspaces = ['packages/doc-blocks', 'packages/eslint-plugin', 'packages/gen-edge-tests', 'apps/demo-pipeline', 'tests', 'bench'];
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
const rows = [];
for (const dir of workspaces) {
  const file = join(root, dir, '.vitest-results.json');
  if (!existsSync(file)) {
    rows.push(`  ${dir}: no report (${relative(root, file)} missing: did its tests run?)`);
    missing += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  rows.push(`  ${dir}: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${report.numTotalTestSuites} suites)`);
}
console.log(['Tests per workspace:', ...rows].join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (missing > 0) console.log(`${missing} workspace(s) wrote no test report: run \`pnpm test\` from the repository root`);
process.exitCode = failed > 0 || missing > 0 ? 1 : 0;
