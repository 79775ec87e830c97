import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importSpecifier, outputPathFor, specifierStyle } from '../../src/emit/imports';

const R = ts.ModuleResolutionKind;
const M = ts.ModuleKind;

describe('specifierStyle', () => {
  it('extensionless under bundler and classic node resolution', () => {
    expect(specifierStyle({ moduleResolution: R.Bundler })).toBe('extensionless');
    expect(specifierStyle({ moduleResolution: R.Node10 })).toBe('extensionless');
    expect(specifierStyle({})).toBe('extensionless');
  });
  it('.js under node16 / nodenext, also when only `module` says so', () => {
    expect(specifierStyle({ moduleResolution: R.NodeNext })).toBe('js');
    expect(specifierStyle({ moduleResolution: R.Node16 })).toBe('js');
    expect(specifierStyle({ module: M.NodeNext })).toBe('js');
  });
  it('.ts when the project rewrites relative import extensions', () => {
    expect(specifierStyle({ moduleResolution: R.NodeNext, rewriteRelativeImportExtensions: true })).toBe('ts');
  });
});

describe('importSpecifier', () => {
  const out = path.join('/p', 'src', 'transforms.edge.test.ts');
  it('beside the source', () => {
    expect(importSpecifier(out, '/p/src/transforms.ts', 'extensionless')).toBe('./transforms');
    expect(importSpecifier(out, '/p/src/transforms.ts', 'js')).toBe('./transforms.js');
    expect(importSpecifier(out, '/p/src/transforms.ts', 'ts')).toBe('./transforms.ts');
  });
  it('.tsx → .js, .mts → .mjs and .cts → .cjs (kept even under bundler, which does not add them)', () => {
    expect(importSpecifier(out, '/p/src/view.tsx', 'js')).toBe('./view.js');
    expect(importSpecifier(out, '/p/src/esm.mts', 'js')).toBe('./esm.mjs');
    expect(importSpecifier(out, '/p/src/esm.mts', 'extensionless')).toBe('./esm.mjs');
    expect(importSpecifier(out, '/p/src/cjs.cts', 'extensionless')).toBe('./cjs.cjs');
  });
  it('from an --out folder to a nested source', () => {
    expect(importSpecifier('/p/test/edge/lib/a.edge.test.ts', '/p/src/lib/a.ts', 'js')).toBe('../../../src/lib/a.js');
  });
});

describe('outputPathFor', () => {
  it('beside each source as <name>.edge.test.ts', () => {
    expect(outputPathFor('/p/src/lib/orders.ts', '/p', undefined)).toBe(path.join('/p/src/lib/orders.edge.test.ts'));
    expect(outputPathFor('/p/src/view.tsx', '/p', undefined)).toBe(path.join('/p/src/view.edge.test.ts'));
  });
  it('under --out, mirroring the folders below the project root', () => {
    expect(outputPathFor('/p/src/lib/orders.ts', '/p', '/p/test/edge')).toBe(path.join('/p/test/edge/src/lib/orders.edge.test.ts'));
    expect(outputPathFor('/other/x.ts', '/p', '/p/edge')).toBe(path.join('/p/edge/_up/other/x.edge.test.ts'));
  });
});
