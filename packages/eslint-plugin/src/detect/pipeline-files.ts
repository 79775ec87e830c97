/**
 * Decides whether the linted file is a pipeline module.
 *
 * @rationale Match pipeline modules with picomatch globs against the path relative to ESLint's cwd
 *   why: users already think of their layout in globs (`src/etl/**`), and matching relative to the config's
 *     cwd gives the same answer on every machine and in CI; picomatch is what ESLint's own ecosystem
 *     (micromatch, fast-glob, chokidar) uses, with brace and extglob support and no native code.
 *   alternatives: minimatch (slower, different brace semantics from what users see in fast-glob);
 *     regular expressions in options (hard to write, not what users expect)
 *   tradeoffs: a file outside the cwd is matched by its absolute path
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { perFile } from '../util/perFile';

/** `**\/{pipeline,pipelines,etl,jobs,transforms}/**` and `**\/*.{pipeline,job,transform}.ts` */
export const DEFAULT_PIPELINE_FILES: readonly string[] = [
  '**/{pipeline,pipelines,etl,jobs,transforms}/**',
  '**/*.{pipeline,job,transform}.{ts,tsx,mts,cts,js,mjs,cjs}',
];

// Keyed by the (config-owned, stable) globs array, so compiled matchers die with the config.
const matchers = new WeakMap<readonly string[], picomatch.Matcher>();

function matcherFor(globs: readonly string[]): picomatch.Matcher {
  let matcher = matchers.get(globs);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matchers.set(globs, matcher);
  }
  return matcher;
}

/** The path ESLint globs are matched against: relative to cwd with `/` separators (absolute when outside). */
export function relativeFilename(filename: string, cwd: string): string {
  const relative = path.relative(cwd, filename);
  const chosen = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? filename : relative;
  return chosen.split(path.sep).join('/');
}

/**
 * Is `filename` a pipeline module (never a `.d.ts`)? `globs` is the rule's `files` option when given, else
 * `settings.pipeguard.pipelineFiles`, else {@link DEFAULT_PIPELINE_FILES}.
 */
export function isPipelineFile(filename: string, cwd: string, globs: readonly string[] | undefined): boolean {
  return matchesPipelineGlobs(filename, () => relativeFilename(filename, cwd), globs);
}

function matchesPipelineGlobs(filename: string, relative: () => string, globs: readonly string[] | undefined): boolean {
  if (filename === '<input>' || filename === '<text>') return false;
  // declaration files describe code, they do not run a pipeline
  if (/\.d\.[cm]?ts$/.test(filename)) return false;
  const patterns = globs && globs.length > 0 ? globs : DEFAULT_PIPELINE_FILES;
  return matcherFor(patterns)(relative());
}

/** What the rules ask about the file being linted, answered once per file (keyed by its SourceCode). */
interface LintedFile {
  relative: string | undefined;
  /** isPipelineFile per globs array (the rule option or settings array; `undefined` = the defaults) */
  pipeline: Map<readonly string[] | undefined, boolean>;
}

const lintedFiles = perFile((): LintedFile => ({ relative: undefined, pipeline: new Map() }));

type FileContext = { sourceCode: object; filename: string; cwd: string };

const lintedFile = (context: FileContext): LintedFile => lintedFiles(context.sourceCode);

/** {@link relativeFilename} of the file being linted, computed once for every rule. */
export function relativeFilenameOf(context: FileContext): string {
  const file = lintedFile(context);
  file.relative ??= relativeFilename(context.filename, context.cwd);
  return file.relative;
}

/** {@link isPipelineFile} for the file being linted, computed once per globs array for every rule. */
export function isPipelineFileOf(context: FileContext, globs: readonly string[] | undefined): boolean {
  const file = lintedFile(context);
  let found = file.pipeline.get(globs);
  if (found === undefined) {
    found = matchesPipelineGlobs(context.filename, () => relativeFilenameOf(context), globs);
    file.pipeline.set(globs, found);
  }
  return found;
}
