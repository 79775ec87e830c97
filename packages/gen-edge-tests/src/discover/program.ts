/**
 * Builds the TypeScript program the generator reads: the user's tsconfig, or sensible defaults.
 *
 * @rationale Read the project through its own tsconfig with the package's TypeScript 6
 *   why: types, paths and module resolution must match what the user's `tsc` sees, or the model and
 *     the import specifiers of generated files drift from the project; bundling our own TypeScript
 *     keeps the generator independent of whatever version the user pinned.
 *   alternatives: ts-morph (a second layer over the same API); the user's installed typescript
 *     (version skew breaks the internal flags we read)
 *   tradeoffs: a project on a much older TypeScript may type-check slightly differently here
 */
import path from 'node:path';
import fs from 'node:fs';
import type * as ts from 'typescript';
import { typescript } from '../typescript';
import { glob, isDynamicPattern } from 'tinyglobby';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface LoadedProject {
  program: ts.Program;
  /** absolute path of the tsconfig, or undefined when defaults were used */
  configPath: string | undefined;
  /** the folder paths in generated output are reported relative to */
  rootDir: string;
  options: ts.CompilerOptions;
  /** the source files to scan, absolute, sorted */
  files: string[];
}

export interface LoadProjectOptions {
  cwd: string;
  /** `--project`; when absent `./tsconfig.json` is used if it exists */
  project?: string | undefined;
  /** files or globs from the command line / config; empty = every source file of the project */
  patterns: string[];
  /** globs to leave out (config `exclude`) */
  exclude?: string[] | undefined;
}

/** The defaults used when there is no tsconfig: what a modern project would write. */
export const DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: typescript.ScriptTarget.ES2022,
  module: typescript.ModuleKind.ESNext,
  moduleResolution: typescript.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  allowJs: false,
  noEmit: true,
};

const GENERATED_OR_TEST = /\.(edge\.)?(test|spec)\.[cm]?tsx?$|\.d\.[cm]?ts$/;
/** Folders of tests and their helpers: left out when the whole project is scanned (name files to include them). */
const TEST_FOLDER = /(^|[\\/])(test|tests|__tests__|__mocks__|fixtures|e2e)[\\/]/;

function formatDiagnostic(d: ts.Diagnostic, cwd: string): string {
  const msg = typescript.flattenDiagnosticMessageText(d.messageText, '\n');
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(cwd, d.file.fileName)}:${line + 1}:${character + 1}: ${msg}`;
  }
  return msg;
}

export async function loadProject(opts: LoadProjectOptions): Promise<LoadedProject> {
  const { cwd } = opts;
  let configPath: string | undefined;
  if (opts.project !== undefined) {
    configPath = path.resolve(cwd, opts.project);
    if (fs.existsSync(configPath) && fs.statSync(configPath).isDirectory()) configPath = path.join(configPath, 'tsconfig.json');
    if (!fs.existsSync(configPath)) {
      throw new UsageError(`${path.relative(cwd, configPath) || configPath}: tsconfig not found. Pass --project <path to tsconfig.json>, or omit --project to use ./tsconfig.json or defaults.`);
    }
  } else {
    const candidate = path.join(cwd, 'tsconfig.json');
    if (fs.existsSync(candidate)) configPath = candidate;
  }

  let options: ts.CompilerOptions;
  let projectFiles: string[];
  let rootDir: string;
  if (configPath) {
    const diagnostics: ts.Diagnostic[] = [];
    const parsed = typescript.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, {
      ...typescript.sys,
      useCaseSensitiveFileNames: typescript.sys.useCaseSensitiveFileNames,
      getCurrentDirectory: () => cwd,
      onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
    });
    if (!parsed || diagnostics.length > 0) {
      throw new UsageError(
        `${path.relative(cwd, configPath)}: cannot read this tsconfig: ${diagnostics.map((d) => formatDiagnostic(d, cwd)).join('; ') || 'unknown error'}. Fix the file or pass --project <another tsconfig>.`,
      );
    }
    const fatal = parsed.errors.filter((e) => e.category === typescript.DiagnosticCategory.Error && e.code !== 18003 /* no inputs */);
    if (fatal.length > 0) {
      throw new UsageError(`${path.relative(cwd, configPath)}: ${fatal.map((d) => formatDiagnostic(d, cwd)).join('; ')}. Fix the tsconfig or pass --project <another tsconfig>.`);
    }
    options = parsed.options;
    projectFiles = parsed.fileNames.map((f) => path.resolve(f));
    rootDir = path.dirname(configPath);
    const references = parsed.projectReferences ?? [];
    if (projectFiles.length === 0 && references.length > 0 && opts.patterns.length === 0) {
      // a solution-style tsconfig (`"files": []` + `references`), as Vite and Nx projects write
      const refs = references.map((r) => path.relative(cwd, typescript.resolveProjectReferencePath(r)) || r.path);
      throw new UsageError(
        `${path.relative(cwd, configPath) || configPath}: this tsconfig has no files of its own, only references (${refs.join(', ')}). Pass the project that holds your sources, e.g. --project ${refs[0] ?? 'tsconfig.app.json'}.`,
      );
    }
  } else {
    options = { ...DEFAULT_COMPILER_OPTIONS };
    projectFiles = [];
    rootDir = cwd;
  }

  let files: string[];
  if (opts.patterns.length > 0) {
    files = await expandPatterns(cwd, opts.patterns, opts.exclude ?? []);
  } else if (configPath) {
    const excluded = opts.exclude && opts.exclude.length > 0 ? new Set(await glob(opts.exclude, { cwd, absolute: true })) : new Set<string>();
    files = projectFiles.filter(
      (f) =>
        /\.[cm]?tsx?$/.test(f) &&
        !GENERATED_OR_TEST.test(f) &&
        !TEST_FOLDER.test(path.relative(rootDir, f)) &&
        !f.includes(`${path.sep}node_modules${path.sep}`) &&
        !excluded.has(f),
    );
  } else {
    throw new UsageError(`${cwd}: no tsconfig.json here and no files given. Pass files or globs (e.g. \`gen-edge-tests "src/**/*.ts"\`) or --project <tsconfig.json>.`);
  }
  files = [...new Set(files)].sort();
  if (files.length === 0) {
    throw new UsageError(
      opts.patterns.length > 0
        ? `no TypeScript source files match ${opts.patterns.map((p) => JSON.stringify(p)).join(', ')} (relative to ${cwd}). Check the paths or quote the globs.`
        : `${path.relative(cwd, configPath ?? cwd)}: the project has no TypeScript source files to scan. Check its "include" or pass files.`,
    );
  }
  const rootNames = [...new Set([...projectFiles, ...files])].sort();
  const program = typescript.createProgram({ rootNames, options });
  return { program, configPath, rootDir, options, files };
}

async function expandPatterns(cwd: string, patterns: string[], exclude: string[]): Promise<string[]> {
  const out: string[] = [];
  const globs: string[] = [];
  for (const p of patterns) {
    if (isDynamicPattern(p)) {
      globs.push(p);
      continue;
    }
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs)) throw new UsageError(`${p}: file not found (relative to ${cwd}). Pass existing files or globs.`);
    if (fs.statSync(abs).isDirectory()) globs.push(`${path.relative(cwd, abs).split(path.sep).join('/') || '.'}/**/*.{ts,tsx,mts,cts}`);
    else out.push(abs);
  }
  if (globs.length > 0) {
    const matched = await glob(globs, { cwd, absolute: true, ignore: ['**/node_modules/**', ...exclude] });
    out.push(...matched.map((f) => path.resolve(f)).filter((f) => /\.[cm]?tsx?$/.test(f) && !GENERATED_OR_TEST.test(f)));
  }
  return out;
}
