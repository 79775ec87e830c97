/**
 * Where a generated file goes and how it imports the module under test.
 *
 * @rationale Follow the project's own module resolution for import specifiers
 *   why: a generated file must pass the project's `tsc`: `bundler` (and classic `node`) resolve
 *     extensionless specifiers, `node16`/`nodenext` demand the runtime extension (`.js` for `.ts`).
 *   alternatives: always `.js` (breaks projects on `bundler` with `allowImportingTsExtensions` off? no, but
 *     reads oddly there); always extensionless (breaks every NodeNext project)
 *   tradeoffs: `rewriteRelativeImportExtensions` projects get `.ts` specifiers, as they would write
 */
import path from 'node:path';
import type * as ts from 'typescript';
import { typescript } from '../typescript';

export const GENERATED_SUFFIX = '.edge.test.ts';

const SOURCE_EXT = /\.(ts|tsx|mts|cts)$/;

/** `src/transforms.ts` → `src/transforms.edge.test.ts`, or mirrored under `--out`. */
export function outputPathFor(moduleFile: string, rootDir: string, outDir: string | undefined): string {
  const base = path.basename(moduleFile).replace(SOURCE_EXT, '');
  if (outDir === undefined) return path.join(path.dirname(moduleFile), `${base}${GENERATED_SUFFIX}`);
  let relDir = path.relative(rootDir, path.dirname(moduleFile));
  // a module outside the project root keeps a unique, readable place under --out
  if (relDir.startsWith('..') || path.isAbsolute(relDir)) relDir = relDir.split(path.sep).map((s) => (s === '..' ? '_up' : s)).join(path.sep);
  return path.join(outDir, relDir, `${base}${GENERATED_SUFFIX}`);
}

export type SpecifierStyle = 'extensionless' | 'js' | 'ts';

/** How relative imports are written in this project. */
export function specifierStyle(options: ts.CompilerOptions): SpecifierStyle {
  if (options.rewriteRelativeImportExtensions === true) return 'ts';
  const res = options.moduleResolution;
  const R = typescript.ModuleResolutionKind;
  if (res === R.Node16 || res === R.NodeNext) return 'js';
  if (res === undefined) {
    const M = typescript.ModuleKind;
    if (options.module === M.Node16 || options.module === M.NodeNext || options.module === M.Node18 || options.module === M.Node20) return 'js';
  }
  return 'extensionless';
}

/** The specifier the generated file (at `fromFile`) uses to import `moduleFile`. */
export function importSpecifier(fromFile: string, moduleFile: string, style: SpecifierStyle): string {
  let rel = path.relative(path.dirname(fromFile), moduleFile).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = SOURCE_EXT.exec(rel)?.[1];
  if (!ext) return rel;
  const stem = rel.slice(0, -(ext.length + 1));
  if (style === 'ts') return rel;
  if (style === 'js' || ext === 'mts' || ext === 'cts') {
    return `${stem}.${ext === 'mts' ? 'mjs' : ext === 'cts' ? 'cjs' : 'js'}`;
  }
  return stem;
}
