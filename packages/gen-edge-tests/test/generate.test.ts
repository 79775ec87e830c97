import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, regenerateCommand, type GenerateResult } from '../src/generate';
import { hasGeneratedHeader, isUnedited } from '../src/emit/render';
import { read, removeTemp, tempProject } from './helpers/tempProject';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = 'src/transforms.edge.test.ts';

let dir: string;
let first: GenerateResult;
let firstText: string;
const progress: string[] = [];

beforeAll(async () => {
  dir = tempProject('project');
  first = await generate({ cwd: dir, onProgress: (l) => progress.push(l) });
  firstText = read(dir, OUT);
});
afterAll(() => removeTemp(dir));

describe('generate', () => {
  it('writes one file per module with testable functions and reports what it did', () => {
    expect(first.files).toEqual([
      {
        file: OUT,
        source: 'src/transforms.ts',
        status: 'written',
        functions: ['normalizeAmount', 'orderTotal', 'pruneTree', 'serializeOrder', 'parseOrder', 'fetchTotal', 'describe'],
        tests: expect.any(Number) as number,
      },
    ]);
    expect(first.project).toBe('tsconfig.json');
    expect(first.filesRead).toBe(2);
    expect(fs.existsSync(path.join(dir, 'src/empty.edge.test.ts'))).toBe(false);
    expect(progress[0]).toBe('reading 2 file(s) with tsconfig.json');
  });

  it('lists functions whose inputs cannot be generated, with the reason', () => {
    expect(first.skipped).toEqual([
      {
        name: 'withCallback',
        source: 'src/transforms.ts:38',
        reason: 'parameter cb: functions cannot be generated (`(x: number) => void`); inputs cannot be generated (add @edgeTests off to silence this)',
      },
    ]);
  });

  it('the file carries the generated header and an intact body hash', () => {
    expect(hasGeneratedHeader(firstText)).toBe(true);
    expect(isUnedited(firstText)).toBe(true);
  });

  it('emits every property the tags and types ask for', () => {
    expect(firstText).toContain("expectedErrors: ['RangeError'],");
    expect(firstText).toContain("it('invariant: output >= 0'");
    expect(firstText).toContain('checkIdempotent(pruneTreeUnderTest');
    expect(firstText).toContain('checkRoundtrip(serializeOrderUnderTest, parseOrderUnderTest');
    expect(firstText).toContain('returns: t.promise(t.number()),\n  async: true,');
    // one definition for Tree, used by the parameter and the result of pruneTree
    expect(firstText).toContain("const defs = t.defs({\n  Tree: t.object({ value: t.number(), children: t.array(t.ref('Tree')) }, { name: 'Tree' }),\n});");
  });

  it('is byte-identical when run again, and leaves the file alone', async () => {
    const mtime = fs.statSync(path.join(dir, OUT)).mtimeMs;
    const again = await generate({ cwd: dir });
    expect(again.files[0]?.status).toBe('unchanged');
    expect(read(dir, OUT)).toBe(firstText);
    expect(fs.statSync(path.join(dir, OUT)).mtimeMs).toBe(mtime);
  });

  it('--check: up to date, then stale after a source change, then missing', async () => {
    expect((await generate({ cwd: dir, check: true })).outdated).toEqual([]);
    const src = path.join(dir, 'src/transforms.ts');
    const original = fs.readFileSync(src, 'utf8');
    fs.writeFileSync(src, `${original}\nexport const added = (n: number): number => n + 1;\n`);
    try {
      const stale = await generate({ cwd: dir, check: true });
      expect(stale.files[0]?.status).toBe('stale');
      expect(stale.outdated).toEqual([OUT]);
      expect(read(dir, OUT)).toBe(firstText);
    } finally {
      fs.writeFileSync(src, original);
    }
    fs.renameSync(path.join(dir, OUT), path.join(dir, 'moved.txt'));
    try {
      expect((await generate({ cwd: dir, check: true })).files[0]?.status).toBe('missing');
    } finally {
      fs.renameSync(path.join(dir, 'moved.txt'), path.join(dir, OUT));
    }
  });

  it('a user file with the same name is left untouched and reported', async () => {
    const other = tempProject('project');
    try {
      const mine = "// my own tests\nimport { it } from 'vitest';\nit('works', () => {});\n";
      fs.writeFileSync(path.join(other, OUT), mine);
      const r = await generate({ cwd: other });
      expect(r.files[0]?.status).toBe('conflict');
      expect(r.conflicts).toEqual([OUT]);
      expect(read(other, OUT)).toBe(mine);
      expect((await generate({ cwd: other, check: true })).outdated).toEqual([OUT]);
    } finally {
      removeTemp(other);
    }
  });

  it('options change the file: --runs, --seed, --malformed, --timeout, --filter, --out', async () => {
    const other = tempProject('project');
    try {
      const r = await generate({ cwd: other, runs: 7, seed: 3, malformed: 'lenient', timeout: 500, filter: '^parse', out: 'edge' });
      expect(r.files.map((f) => f.file)).toEqual(['edge/src/transforms.edge.test.ts']);
      expect(r.functionsFound).toBe(1);
      const text = read(other, 'edge/src/transforms.edge.test.ts');
      expect(text).toContain('const runs = 7;');
      expect(text).toContain('const timeoutMs = 500;');
      expect(text).toContain("mode: 'lenient'");
      expect(text).toContain("from '../../src/transforms';");
      expect(text).toContain("npx gen-edge-tests --out edge --runs 7 --seed 3 --filter '^parse' --malformed lenient --timeout 500");
      const seeds = (t: string) => [...t.matchAll(/seed: (\d+)/g)].map((m) => m[1]);
      const unseeded = (await generate({ cwd: other, filter: '^parse', out: 'edge2' }), read(other, 'edge2/src/transforms.edge.test.ts'));
      expect(seeds(text)).not.toEqual(seeds(unseeded));
    } finally {
      removeTemp(other);
    }
  });

  it('NodeNext projects import with .js', async () => {
    const other = tempProject('project');
    try {
      const cfg = path.join(other, 'tsconfig.json');
      fs.writeFileSync(cfg, fs.readFileSync(cfg, 'utf8').replace('"module": "ESNext"', '"module": "NodeNext"').replace('"moduleResolution": "Bundler"', '"moduleResolution": "NodeNext"'));
      await generate({ cwd: other });
      expect(read(other, OUT)).toContain("from './transforms.js';");
    } finally {
      removeTemp(other);
    }
  });

  it('bad options are usage errors that say what to pass', async () => {
    await expect(generate({ cwd: dir, runs: 0 })).rejects.toThrow('--runs must be a positive integer, got 0.');
    await expect(generate({ cwd: dir, filter: '(' })).rejects.toThrow(/--filter "\(" is not a valid regular expression/);
  });

  it('the generated file passes the project’s tsc (strict, exactOptionalPropertyTypes, noUnusedLocals)', () => {
    // Types of `gen-edge-tests/runtime` as a user gets them: declarations emitted from the runtime source.
    const pkgDir = path.join(dir, 'node_modules', 'gen-edge-tests');
    const emitted = ts.createProgram({
      rootNames: [path.join(PKG, 'src/runtime/index.ts')],
      options: { declaration: true, emitDeclarationOnly: true, outDir: path.join(pkgDir, 'runtime'), rootDir: path.join(PKG, 'src/runtime'), skipLibCheck: true, strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], typeRoots: [path.join(PKG, '../../node_modules/@types')] },
    });
    const emitResult = emitted.emit();
    expect(emitResult.emitSkipped).toBe(false);
    fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: 'gen-edge-tests', type: 'module', exports: { './runtime': { types: './runtime/index.d.ts' } } }));
    for (const dep of ['vitest', 'fast-check']) fs.symlinkSync(path.join(PKG, 'node_modules', dep), path.join(dir, 'node_modules', dep), 'dir');
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!parsed) throw new Error('cannot read the fixture tsconfig');
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, types: ['node'], typeRoots: [path.join(PKG, '../../node_modules/@types')] } });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${path.relative(dir, d.file.fileName)})` : ''));
    expect(diagnostics).toEqual([]);
    expect(parsed.fileNames.map((f) => path.relative(dir, f))).toContain(OUT);
  });

  it('a module that lost all testable functions: its generated file is orphaned (--check) then removed', async () => {
    const other = tempProject('project');
    try {
      await generate({ cwd: other });
      fs.writeFileSync(path.join(other, 'src/transforms.ts'), 'export const ONLY_A_VALUE = 1;\n');
      expect((await generate({ cwd: other, filter: 'x' })).files).toEqual([]);
      expect(fs.existsSync(path.join(other, OUT))).toBe(true);
      const checked = await generate({ cwd: other, check: true });
      expect(checked.files).toEqual([{ file: OUT, source: 'src/transforms.ts', status: 'orphaned', functions: [], tests: 0 }]);
      expect(checked.outdated).toEqual([OUT]);
      expect((await generate({ cwd: other })).files[0]?.status).toBe('removed');
      expect(fs.existsSync(path.join(other, OUT))).toBe(false);
      // a user's file of that name is never removed
      fs.writeFileSync(path.join(other, OUT), '// mine\n');
      expect((await generate({ cwd: other })).files).toEqual([]);
      expect(read(other, OUT)).toBe('// mine\n');
    } finally {
      removeTemp(other);
    }
  });

  it('two modules with the same name and different extensions get separate files', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-edge-tests-ext-'));
    try {
      fs.writeFileSync(path.join(other, 'a.ts'), 'export const one = (x: number): number => x;\n');
      fs.writeFileSync(path.join(other, 'a.mts'), 'export const two = (x: string): string => x;\n');
      const r = await generate({ cwd: other, patterns: ['a.ts', 'a.mts'] });
      expect(r.files.map((f) => [f.source, f.file])).toEqual([
        ['a.mts', 'a.edge.test.ts'],
        ['a.ts', 'a.ts.edge.test.ts'],
      ]);
      expect(read(other, 'a.edge.test.ts')).toContain("from './a.mjs';");
    } finally {
      removeTemp(other);
    }
  });

  it('option objects declared in an installed library’s .d.ts are modelled from node_modules', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-edge-tests-lib-'));
    try {
      const lib = path.join(other, 'node_modules', 'csv-like');
      fs.mkdirSync(lib, { recursive: true });
      fs.writeFileSync(path.join(lib, 'package.json'), JSON.stringify({ name: 'csv-like', version: '1.0.0', types: './index.d.ts' }));
      fs.writeFileSync(path.join(lib, 'index.d.ts'), 'export interface Options {\n  delimiter?: string;\n  columns: boolean | string[];\n  relaxQuotes?: boolean;\n}\n');
      fs.writeFileSync(
        path.join(other, 'read.ts'),
        "import type { Options } from 'csv-like';\nexport const describeOptions = (o: Options): string => `${o.delimiter ?? ','}`;\n",
      );
      await generate({ cwd: other, patterns: ['read.ts'] });
      expect(read(other, 'read.edge.test.ts')).toContain(
        [
          '  params: [',
          '    t.object({',
          '      delimiter: t.prop(t.union([t.string(), t.undefined()]), { optional: true }),',
          '      columns: t.union([t.boolean(), t.array(t.string())]),',
          '      relaxQuotes: t.prop(t.union([t.boolean(), t.undefined()]), { optional: true }),',
          "    }, { name: 'Options' }),",
          '  ],',
        ].join('\n'),
      );
    } finally {
      removeTemp(other);
    }
  });

  it('an @invariant that is not an expression is left out with a warning naming the place', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-edge-tests-inv-'));
    try {
      fs.writeFileSync(path.join(other, 'inv.ts'), '/**\n * @invariant output >= 0\n * @invariant output >=\n */\nexport const abs = (x: number): number => Math.abs(x);\n');
      const r = await generate({ cwd: other, patterns: ['inv.ts'] });
      expect(r.warnings).toEqual([expect.stringMatching(/^inv\.ts:5 abs: @invariant "output >=" is not a JavaScript expression \(.+\); fix the tag\. Left out\.$/)]);
      const text = read(other, 'inv.edge.test.ts');
      expect(text).toContain("it('invariant: output >= 0'");
      expect(text.match(/checkInvariant\(/g)).toHaveLength(1);
    } finally {
      removeTemp(other);
    }
  });

  it('results holding functions are checked as unknown, with no determinism or idempotence test', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-edge-tests-fn-'));
    try {
      fs.writeFileSync(
        path.join(other, 'make.ts'),
        [
          'export interface Counter { count: number; next(): number }',
          '/** @idempotent */',
          'export function makeCounter(start: number): Counter {',
          '  return { count: start, next: () => start + 1 };',
          '}',
          '',
        ].join('\n'),
      );
      const r = await generate({ cwd: other, patterns: ['make.ts'] });
      expect(r.warnings).toEqual([
        'make.ts:3 makeCounter: return type partly unchecked (property next: functions in results are not checked or compared (`() => number`)); results are not compared, so there is no determinism or idempotence test',
      ]);
      const text = read(other, 'make.edge.test.ts');
      expect(text).toContain("returns: t.object({ count: t.number(), next: t.unknown() }, { name: 'Counter' }),");
      expect(text).not.toContain('checkDeterministic(');
      expect(text).not.toContain('checkIdempotent(');
      expect(text).toContain('checkValidInput(');
    } finally {
      removeTemp(other);
    }
  });

  it('regenerateCommand prints only options that change the output, in a fixed order', () => {
    expect(regenerateCommand({ runs: 100, malformed: 'strict', timeout: 2000 })).toBe('npx gen-edge-tests');
    expect(regenerateCommand({ project: 'tsconfig.app.json', runs: 5, malformed: 'off', timeout: 2000 })).toBe('npx gen-edge-tests --project tsconfig.app.json --runs 5 --malformed off');
  });
});
