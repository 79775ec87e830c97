/**
 * `pnpm demo`: the pipeline on the committed sample, then the plugin and the generator on one
 * deliberately under-documented file.
 *
 * @rationale Run the real binaries (eslint, gen-edge-tests, vitest) as child processes
 *   why: a newcomer should see exactly what they would see in their own project, from the same
 *     commands; calling the libraries in-process would hide configuration mistakes.
 *   tradeoffs: three extra process starts (a few seconds)
 *
 * With `--json`, stdout carries exactly one line (the run summary as JSON, plus a `demo` field);
 * everything else goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPipeline } from './pipeline';
import { createProgressPrinter } from './report/progress';
import { formatSummary } from './report/summary';

const APP = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const json = process.argv.includes('--json');
const out = (text: string) => (json ? process.stderr : process.stdout).write(`${text}\n`);
const rule = (title: string) => out(`\n── ${title} ${'─'.repeat(Math.max(0, 76 - title.length))}\n`);

function binOf(pkg: string, bin: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), bin);
}

function run(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, args, { cwd: APP, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trimEnd() };
}

const dbPath = join(APP, '.data', 'demo.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });

rule('1. the pipeline on data/sample (offline rules provider)');
const summary = await runPipeline({
  inputs: [join(APP, 'data/sample/orders.csv'), join(APP, 'data/sample/events.jsonl')],
  db: dbPath,
  onProgress: createProgressPrinter(process.stderr, 1000),
});
out(formatSummary(summary));
out(`\nLook inside: sqlite3 ${dbPath} "SELECT line, reason, raw FROM quarantine"`);

rule('2. eslint + @pipeguard/eslint-plugin (strict) on examples/under-documented.ts');
out('$ eslint -c examples/eslint.demo.config.js examples/under-documented.ts');
const eslint = run([binOf('eslint', 'bin/eslint.js'), '-c', 'examples/eslint.demo.config.js', 'examples/under-documented.ts']);
out(eslint.output);
const findings = Number(/(\d+) problems?/.exec(eslint.output)?.[1] ?? 0);

rule('3. gen-edge-tests on examples/under-documented.ts, then vitest on what it wrote');
const edgeDir = join('.data', 'demo-edge-tests');
rmSync(join(APP, edgeDir), { recursive: true, force: true });
out(`$ gen-edge-tests examples/under-documented.ts --project examples/tsconfig.json --out ${edgeDir}`);
const gen = run([binOf('gen-edge-tests', 'bin/gen-edge-tests.js'), 'examples/under-documented.ts', '--project', 'examples/tsconfig.json', '--out', edgeDir]);
out(gen.output);
out(`\n$ vitest run --config examples/vitest.demo.config.ts`);
const vitest = run([binOf('vitest', 'vitest.mjs'), 'run', '--config', 'examples/vitest.demo.config.ts']);
const lines = vitest.output.split('\n');
// the counterexamples and the one-line verdicts are what a new user needs; drop vitest's stack frames
const interesting = lines.filter((l) => /^\s*(×|✓|FAIL|crashed|returned|result does|- |counterexample|const |\w+\(.*\);$|Tests\s)/.test(l.replace(/^\s*[❯›]\s*/, '')));
out(interesting.join('\n'));
const failed = Number(/Tests\s+(\d+) failed/.exec(vitest.output)?.[1] ?? 0);
out(
  `\nThe generated tests found ${String(failed)} failing propert${failed === 1 ? 'y' : 'ies'} in code that type-checks; the linter asked for ${String(findings)} doc block${findings === 1 ? '' : 's'}.`,
);
out('The pipeline in src/ passes both: `pnpm --filter @pipeguard/demo-pipeline lint` and `… test`.');

if (json) {
  process.stdout.write(`${JSON.stringify({ ...summary, demo: { eslintFindings: findings, edgeTestFailures: failed, eslintExit: eslint.status, genEdgeTestsExit: gen.status } })}\n`);
}
process.exitCode = summary.invariantHolds && gen.status === 0 && eslint.status === 1 ? 0 : 1;
