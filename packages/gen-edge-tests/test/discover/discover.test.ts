import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject, UsageError, type LoadedProject } from '../../src/discover/program';
import { discoverFunctions, type DiscoverResult } from '../../src/discover/findFunctions';
import { FIXTURES } from '../helpers/program';

const ROOT = path.join(FIXTURES, 'discover');

let project: LoadedProject;
let all: DiscoverResult;

beforeAll(async () => {
  project = await loadProject({ cwd: ROOT, patterns: [] });
  all = discoverFunctions(project.program, project.files, project.rootDir, { discover: 'exported' });
});

function find(name: string) {
  const f = all.functions.find((x) => x.displayName === name);
  if (!f) throw new Error(`${name} not discovered; found ${all.functions.map((x) => x.displayName).join(', ')}`);
  return f;
}

describe('loadProject', () => {
  it('reads ./tsconfig.json and leaves out test files', () => {
    expect(project.configPath).toBe(path.join(ROOT, 'tsconfig.json'));
    expect(project.files.map((f) => path.relative(ROOT, f))).toEqual(['src/anon.ts', 'src/index.ts', 'src/lib.ts', 'src/other.ts']);
  });

  it('leaves out test folders when scanning the whole project, but takes them when named', async () => {
    expect(project.files.map((f) => path.relative(ROOT, f)).filter((f) => f.startsWith('test'))).toEqual([]);
    const named = await loadProject({ cwd: ROOT, patterns: ['test/helper.ts'] });
    expect(named.files.map((f) => path.relative(ROOT, f))).toEqual([path.join('test', 'helper.ts')]);
  });

  it('expands globs and directories relative to cwd', async () => {
    const p = await loadProject({ cwd: ROOT, patterns: ['src/l*.ts'] });
    expect(p.files.map((f) => path.relative(ROOT, f))).toEqual(['src/lib.ts']);
    const d = await loadProject({ cwd: ROOT, patterns: ['src'] });
    expect(d.files).toHaveLength(4);
  });

  it('uses compiler defaults for given files when there is no tsconfig', async () => {
    const p = await loadProject({ cwd: path.join(ROOT, 'src'), patterns: ['other.ts'] });
    expect(p.configPath).toBeUndefined();
    expect(p.options.strict).toBe(true);
    expect(p.files.map((f) => path.basename(f))).toEqual(['other.ts']);
  });

  it('a solution-style tsconfig points at its references', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-edge-tests-refs-'));
    try {
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }));
      fs.writeFileSync(path.join(dir, 'tsconfig.app.json'), JSON.stringify({ compilerOptions: { composite: true }, include: ['src'] }));
      await expect(loadProject({ cwd: dir, patterns: [] })).rejects.toThrow(
        'tsconfig.json: this tsconfig has no files of its own, only references (tsconfig.app.json). Pass the project that holds your sources, e.g. --project tsconfig.app.json.',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad usage names the file and the fix', async () => {
    await expect(loadProject({ cwd: ROOT, project: 'missing.json', patterns: [] })).rejects.toThrow(/missing\.json: tsconfig not found\. Pass --project/);
    await expect(loadProject({ cwd: path.join(ROOT, 'src'), patterns: [] })).rejects.toThrow(/no tsconfig\.json here and no files given/);
    await expect(loadProject({ cwd: ROOT, patterns: ['nope/*.ts'] })).rejects.toThrow(UsageError);
    await expect(loadProject({ cwd: ROOT, patterns: ['nope.ts'] })).rejects.toThrow(/nope\.ts: file not found/);
  });
});

describe('discoverFunctions', () => {
  it('finds function declarations, arrow and function-expression consts, in source order', () => {
    const lib = all.functions.filter((f) => f.source.startsWith('src/lib.ts'));
    expect(lib.map((f) => f.displayName)).toEqual(['parseAmount', 'double', 'triple', 'lengthOf', 'over', 'tagged', 'sum', 'tupleRest', 'withOptional', 'guarded']);
    expect(find('double').source).toBe('src/lib.ts:14');
  });

  it('leaves out classes, non-function values and types', () => {
    const names = all.functions.map((f) => f.displayName);
    expect(names).not.toContain('NotAFunction');
    expect(names).not.toContain('notAFunction');
  });

  it('tests a re-exported function once, from the module that declares it', () => {
    expect(all.functions.filter((f) => f.displayName === 'double')).toHaveLength(1);
    expect(find('double').moduleFile).toBe(path.join(ROOT, 'src/lib.ts'));
    expect(find('fromOther').moduleFile).toBe(path.join(ROOT, 'src/other.ts'));
  });

  it('imports a re-export from the re-exporting module when only that module is scanned', () => {
    const r = discoverFunctions(project.program, [path.join(ROOT, 'src/index.ts')], ROOT, { discover: 'exported' });
    const d = r.functions.find((f) => f.displayName === 'double');
    expect(d?.moduleFile).toBe(path.join(ROOT, 'src/index.ts'));
    expect(d?.source).toBe('src/lib.ts:14');
    expect(r.functions.map((f) => f.displayName).sort()).toEqual(['double', 'fromOther', 'main', 'parseAmount']);
  });

  it('default exports: named and anonymous', () => {
    expect(find('main')).toMatchObject({ exportName: 'default', moduleFile: path.join(ROOT, 'src/index.ts') });
    expect(find('anonDefault')).toMatchObject({ exportName: 'default', source: 'src/anon.ts:1' });
  });

  it('async functions keep their Promise return type', () => {
    const checker = project.program.getTypeChecker();
    expect(checker.typeToString(find('lengthOf').returnType)).toBe('Promise<number>');
  });

  it('overloads are tested through the implementation signature', () => {
    const over = find('over');
    const checker = project.program.getTypeChecker();
    expect(over.params.map((p) => checker.typeToString(p.type))).toEqual(['string | number']);
    expect(over.notes[0]).toMatch(/2 overloads: tested through the implementation signature/);
  });

  it('expected errors come from @throws and deliberate throws in the body', () => {
    expect(find('parseAmount').expectedErrors).toEqual(['RangeError', 'ValidationError']);
    expect(find('double').expectedErrors).toEqual([]);
    // followed through project helpers: guarded → check → fail → throw new AmountError
    expect(find('guarded').expectedErrors).toEqual(['AmountError']);
  });

  it('reads @idempotent, @nondeterministic, @invariant and @roundtrip', () => {
    expect(find('sum').tags).toMatchObject({ idempotent: true, nondeterministic: true, invariants: ['output >= 0'], roundtrip: ['double'] });
  });

  it('rest parameters: one extra argument for `...xs: T[]`, each element of a tuple rest', () => {
    const checker = project.program.getTypeChecker();
    const sum = find('sum');
    expect(sum.params.map((p) => [p.name, checker.typeToString(p.type), p.rest])).toEqual([
      ['first', 'number', false],
      ['rest_0', 'number', true],
    ]);
    expect(sum.notes).toContain('rest parameter ...rest is called with one extra argument');
    const tuple = find('tupleRest');
    expect(tuple.params.map((p) => [p.name, checker.typeToString(p.type)])).toEqual([
      ['args_0', 'string'],
      ['args_1', 'number'],
    ]);
    expect(tuple.notes).toContain('rest parameter ...args is called with its 2 tuple elements');
  });

  it('optional and defaulted parameters are marked optional', () => {
    expect(find('withOptional').params.map((p) => [p.name, p.optional])).toEqual([
      ['a', false],
      ['b', true],
      ['c', true],
    ]);
  });

  it('@edgeTests off is listed as skipped with the reason', () => {
    // listed once, although src/index.ts re-exports it
    expect(all.skipped).toEqual([{ name: 'optedOut', source: 'src/lib.ts:31', reason: 'opted out with @edgeTests off' }]);
    expect(all.functions.map((f) => f.displayName)).not.toContain('optedOut');
  });

  it('`discover: tagged` keeps only @transform functions', () => {
    const r = discoverFunctions(project.program, project.files, ROOT, { discover: 'tagged' });
    expect(r.functions.map((f) => f.displayName)).toEqual(['tagged']);
  });
});
