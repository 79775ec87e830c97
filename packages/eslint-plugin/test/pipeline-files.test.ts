import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPipelineFile, relativeFilename } from '../src/detect/pipeline-files';

const cwd = path.resolve('/repo');
const at = (file: string) => path.join(cwd, file);

describe('isPipelineFile', () => {
  it.each([
    ['src/pipeline/orders.ts', true],
    ['pipelines/daily/load.ts', true],
    ['packages/x/src/etl/extract.mts', true],
    ['src/jobs/nightly.ts', true],
    ['src/transforms/clean.tsx', true],
    ['src/orders.pipeline.ts', true],
    ['src/nightly.job.ts', true],
    ['src/clean.transform.js', true],
    ['src/pipeline.ts', false],
    ['src/util/math.ts', false],
    ['src/pipelined/x.ts', false],
    ['src/pipeline/types.d.ts', false],
    ['src/etl/env.d.mts', false],
  ])('default globs: %s → %s', (file, expected) => {
    expect(isPipelineFile(at(file), cwd, undefined)).toBe(expected);
  });

  it('custom globs replace the defaults', () => {
    const globs = ['src/flows/**'];
    expect(isPipelineFile(at('src/flows/a.ts'), cwd, globs)).toBe(true);
    expect(isPipelineFile(at('src/pipeline/a.ts'), cwd, globs)).toBe(false);
  });

  it('an empty glob list falls back to the defaults; stdin text is never a pipeline module', () => {
    expect(isPipelineFile(at('src/etl/a.ts'), cwd, [])).toBe(true);
    expect(isPipelineFile('<input>', cwd, undefined)).toBe(false);
  });

  it('files outside the cwd are matched by their absolute path', () => {
    expect(relativeFilename(path.resolve('/elsewhere/etl/a.ts'), cwd)).toBe(path.resolve('/elsewhere/etl/a.ts').split(path.sep).join('/'));
    expect(isPipelineFile(path.resolve('/elsewhere/etl/a.ts'), cwd, undefined)).toBe(true);
  });
});
