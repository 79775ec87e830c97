/**
 * End to end on a NodeNext project of correct transforms: the generated imports follow the project's
 * module resolution (`.js` suffixes, default vs named imports), the files compile with the project's
 * tsc, and every generated property passes, including the tag-driven ones (roundtrip by names,
 * @idempotent, @invariant, @nondeterministic, a recursive type, an async function).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertGeneratorBuilt, copyFixture, removeProject, runGenerator, runTsc, runVitest, type RunResult, type VitestAssertion } from './project';

function show(result: RunResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

describe('gen-edge-tests on a NodeNext project of correct transforms', () => {
  let dir: string | undefined;
  let generated: RunResult;
  const project = (): string => {
    if (dir === undefined) throw new Error('fixture not copied');
    return dir;
  };
  const read = (file: string): string => readFileSync(join(project(), file), 'utf8');

  beforeAll(() => {
    assertGeneratorBuilt();
    dir = copyFixture('nodenext');
    generated = runGenerator(dir, ['--timeout', '500']);
  });
  afterAll(() => removeProject(dir));

  it('generates with .js specifiers and the import form each module exports', () => {
    expect(generated.code, show(generated)).toBe(0);
    expect(read('src/sku.edge.test.ts')).toContain("import normalizeSku from './sku.js';");
    expect(read('src/money.edge.test.ts')).toContain("import { sumCents, describePayment } from './money.js';");
    expect(read('src/tree.edge.test.ts')).toContain("t.ref('Category')");
  });

  it('plans the tag-driven properties', () => {
    expect(read('src/sku.edge.test.ts')).toContain('checkIdempotent(');
    expect(read('src/money.edge.test.ts')).toContain("'Number.isFinite(output)'");
    expect(read('src/lines.edge.test.ts')).toContain('checkRoundtrip(serializeLineUnderTest, parseLineUnderTest');
    const tree = read('src/tree.edge.test.ts');
    const shuffled = tree.slice(tree.indexOf("describe('shuffledKeys"));
    expect(shuffled).not.toContain('checkDeterministic(');
  });

  it('the generated files pass tsc under NodeNext', () => {
    const tsc = runTsc(project());
    expect(tsc.code, show(tsc)).toBe(0);
  });

  it('every generated property passes with plain `vitest run`', () => {
    const { run, tests } = runVitest(project());
    const failed = tests.filter((t: VitestAssertion) => t.status !== 'passed');
    expect(failed.map((t) => `${t.ancestorTitles.join(' > ')} > ${t.title}\n${t.failureMessages.join('\n')}`)).toEqual([]);
    expect(run.code, show(run)).toBe(0);
    expect(tests.length).toBeGreaterThanOrEqual(25);
  });
});
