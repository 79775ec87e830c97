import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli';
import { VERSION } from '../src/version';
import { read, removeTemp, tempProject } from './helpers/tempProject';

const OUT = 'src/transforms.edge.test.ts';

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { cwd, stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

let dir: string;
beforeAll(() => {
  dir = tempProject('project');
});
afterAll(() => removeTemp(dir));

describe('gen-edge-tests CLI', () => {
  it('--version and --help exit 0', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect((await run(dir, '--version')).code).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain(VERSION);
      log.mockClear();
      expect((await run(dir, '--help')).code).toBe(0);
      const help = log.mock.calls.flat().join('\n');
      for (const flag of ['--project', '--out', '--runs', '--seed', '--filter', '--malformed', '--timeout', '--check', '--json']) expect(help).toContain(flag);
    } finally {
      log.mockRestore();
    }
  });

  it('generates, prints progress on stderr and exits 0', async () => {
    const r = await run(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('reading 2 file(s) with tsconfig.json');
    expect(r.stderr).toContain('found 8 exported function(s) in 2 file(s)');
    expect(r.stderr).toContain('skipped withCallback (src/transforms.ts:38): parameter cb: functions cannot be generated');
    expect(r.stderr).toMatch(/wrote src\/transforms\.edge\.test\.ts \(7 function\(s\), \d+ test\(s\)\)/);
    expect(fs.existsSync(path.join(dir, OUT))).toBe(true);
  });

  it('--check exits 0 when up to date and 1 when stale, naming the file and the fix', async () => {
    const ok = await run(dir, '--check');
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('1 generated file(s) up to date');
    const stale = await run(dir, '--check', '--runs', '5');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`stale ${OUT}: differs from what src/transforms.ts generates now. Run \`npx gen-edge-tests\` and commit the result.`);
  });

  it('--check tells a hand-edited generated file from a stale one', async () => {
    const file = path.join(dir, OUT);
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('const runs = 100;', 'const runs = 1;'));
    try {
      const r = await run(dir, '--check');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`stale ${OUT}: it was edited by hand (its body no longer matches the hash in its header).`);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('--json prints one summary object on stdout', async () => {
    const r = await run(dir, '--json', '--check');
    const summary = JSON.parse(r.stdout) as { version: string; files: { file: string; status: string }[]; skipped: unknown[]; outdated: string[] };
    expect(summary.version).toBe(VERSION);
    expect(summary.files).toEqual([expect.objectContaining({ file: OUT, status: 'up-to-date' })]);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.outdated).toEqual([]);
  });

  it('bad usage exits 2 with a message that says what to do', async () => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /unknown option --bogus\. Run `gen-edge-tests --help`/],
      [['--malformed', 'sometimes'], /--malformed must be strict, lenient or off, got "sometimes"/],
      [['--runs', 'many'], /--runs expects an integer >= 1, got "many"/],
      [['--runs', '0'], /--runs expects an integer >= 1/],
      [['--timeout=-5'], /--timeout expects an integer >= 1/],
      [['--project', 'nope/tsconfig.json'], /nope\/tsconfig\.json: tsconfig not found\. Pass --project/],
      [['no-such-file.ts'], /no-such-file\.ts: file not found/],
      [['--filter', '('], /--filter "\(" is not a valid regular expression/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(dir, ...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  });

  it('an output folder that cannot be written exits 2 naming it', async () => {
    const other = tempProject('project');
    try {
      fs.writeFileSync(path.join(other, 'blocked'), 'a file where --out expects a folder');
      const r = await run(other, '--out', 'blocked');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^gen-edge-tests: .*blocked.*: (ENOTDIR|EEXIST) .*Check the permissions or pass --out <a writable folder>\.$/m);
    } finally {
      removeTemp(other);
    }
  });

  it('an unreadable tsconfig exits 2 naming the file', async () => {
    const other = tempProject('project');
    try {
      fs.writeFileSync(path.join(other, 'tsconfig.json'), '{ "compilerOptions": { "strict": "very" } }');
      const r = await run(other);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^gen-edge-tests: tsconfig\.json: .*strict.*Fix the tsconfig or pass --project/m);
    } finally {
      removeTemp(other);
    }
  });

  it('reads gen-edge-tests.config.json; flags win over it', async () => {
    const other = tempProject('project');
    try {
      fs.writeFileSync(path.join(other, 'gen-edge-tests.config.json'), JSON.stringify({ runs: 7, timeout: 900, filter: '^normalize' }));
      const r = await run(other);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('config: gen-edge-tests.config.json');
      let text = read(other, OUT);
      expect(text).toContain('const runs = 7;');
      expect(text).toContain('const timeoutMs = 900;');
      expect(text).not.toContain('orderTotal');
      await run(other, '--runs', '9');
      text = read(other, OUT);
      expect(text).toContain('const runs = 9;');
      expect(text).toContain('const timeoutMs = 900;');
    } finally {
      removeTemp(other);
    }
  });

  it('reads package.json#genEdgeTests and a TypeScript config', async () => {
    const other = tempProject('project');
    try {
      fs.writeFileSync(path.join(other, 'package.json'), JSON.stringify({ name: 'x', genEdgeTests: { runs: 11, include: ['src/transforms.ts'] } }));
      expect((await run(other)).code).toBe(0);
      expect(read(other, OUT)).toContain('const runs = 11;');
      fs.writeFileSync(path.join(other, 'package.json'), JSON.stringify({ name: 'x' }));
      fs.writeFileSync(path.join(other, 'gen-edge-tests.config.ts'), "const runs: number = 13;\nexport default { runs, malformed: 'off' as const };\n");
      const r = await run(other);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('config: gen-edge-tests.config.ts');
      expect(read(other, OUT)).toContain('const runs = 13;');
      expect(read(other, OUT)).not.toContain('checkMalformed(');
    } finally {
      removeTemp(other);
    }
  });

  it('a config with an unknown key or a bad value exits 2 naming the file and the key', async () => {
    const other = tempProject('project');
    try {
      fs.writeFileSync(path.join(other, 'gen-edge-tests.config.json'), JSON.stringify({ rnus: 5 }));
      let r = await run(other);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('gen-edge-tests.config.json: unknown key "rnus". Known keys: include, exclude, project, out, runs');
      fs.writeFileSync(path.join(other, 'gen-edge-tests.config.json'), '{ "runs": 5, }');
      r = await run(other);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^gen-edge-tests: gen-edge-tests\.config\.json: cannot load the config: .*Fix the file or remove it\.$/);
      fs.writeFileSync(path.join(other, 'gen-edge-tests.config.json'), JSON.stringify({ malformed: 'yes' }));
      r = await run(other);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('gen-edge-tests.config.json: "malformed" must be "strict", "lenient" or "off", got "yes"');
    } finally {
      removeTemp(other);
    }
  });

  it('files and globs without a tsconfig use compiler defaults', async () => {
    const other = tempProject('project');
    try {
      fs.rmSync(path.join(other, 'tsconfig.json'));
      const r = await run(other, 'src/*.ts');
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('no tsconfig.json: reading 2 file(s) with default compiler options');
      expect(read(other, OUT)).toContain("from './transforms';");
    } finally {
      removeTemp(other);
    }
  });
});
