/**
 * The programmatic API: read a project, plan property tests for its exported functions, write them.
 *
 * @rationale One pipeline shared by the CLI and the library
 *   why: the CLI only parses arguments and prints; everything it reports comes from this result
 *     object, so `--json`, the progress lines and programmatic callers can never disagree.
 *   alternatives: logic in the CLI with a thin library wrapper (untestable without spawning)
 *   tradeoffs: progress goes through a callback, so callers that want silence pass none
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as ts from 'typescript';
import { typescript } from './typescript';
import { loadProject, UsageError } from './discover/program';
import { discoverFunctions, type DiscoveredFunction, type SkippedFunction } from './discover/findFunctions';
import { createModelContext, findUnsupported, FUNCTION_IN_RESULT, mergeDuplicateDefs, relaxUnsupported, typeToModel } from './model/typeToModel';
import type { ModelDefinitions, TypeModel } from './runtime/model';
import { planProperties, propertyKey, seedFor, type MalformedMode, type PlannedProperty } from './oracles/properties';
import { findRoundtrips, type RoundtripCandidate } from './oracles/roundtrip';
import { importSpecifier, outputPathFor, specifierStyle } from './emit/imports';
import { isUnedited, renderFile, type RenderFunction } from './emit/render';
import { removeOrphan, syncFile, type FileStatus } from './emit/write';
import { VERSION } from './version';

export { UsageError };

export interface GenerateOptions {
  /** working directory; paths and globs are relative to it (default `process.cwd()`) */
  cwd?: string;
  /** files or globs; empty = every source file of the project */
  patterns?: string[];
  /** tsconfig path (default `./tsconfig.json` when it exists, else compiler defaults) */
  project?: string;
  /** output folder; default beside each source as `<name>.edge.test.ts` */
  out?: string;
  runs?: number;
  seed?: number;
  /** regular expression on function names */
  filter?: string;
  malformed?: MalformedMode;
  /** per-property time limit in ms (the hang guard) */
  timeout?: number;
  /** compare instead of writing */
  check?: boolean;
  /** `exported` (default) or `tagged` (only `@transform` functions) */
  discover?: 'exported' | 'tagged';
  /** globs to leave out */
  exclude?: string[];
  /** progress lines (stderr in the CLI) */
  onProgress?: (line: string) => void;
}

export interface GeneratedFileReport {
  /** output file, relative to cwd */
  file: string;
  /** module under test, relative to cwd */
  source: string;
  status: FileStatus;
  functions: string[];
  tests: number;
  /** `stale` only: the file's body no longer matches its header hash (someone edited it) */
  editedByHand?: boolean;
}

export interface GenerateResult {
  version: string;
  /** tsconfig used, relative to cwd, or null for defaults */
  project: string | null;
  filesRead: number;
  functionsFound: number;
  files: GeneratedFileReport[];
  skipped: SkippedFunction[];
  warnings: string[];
  /** how signatures were read (overloads, rest parameters), one line per function */
  notes: string[];
  /** with `check`: files that are stale, missing or blocked by a user file */
  outdated: string[];
  /** files left untouched because they exist without the generated header */
  conflicts: string[];
}

export const DEFAULTS = { runs: 100, timeout: 2000, malformed: 'strict' as MalformedMode };

function relCwd(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || '.';
}

/** Models of one function, or the reason it cannot be tested. */
interface Modelled {
  fn: DiscoveredFunction;
  /** the result holds functions: it cannot be compared for determinism or idempotence */
  resultHasFunctions: boolean;
  params: TypeModel[];
  returns: TypeModel;
  async: boolean;
  returnText: string;
}

function invariantSyntaxError(expression: string): string | undefined {
  const sf = typescript.createSourceFile('invariant.ts', `(${expression});`, typescript.ScriptTarget.ES2022, false, typescript.ScriptKind.TS);
  const diags = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diags[0];
  return first ? typescript.flattenDiagnosticMessageText(first.messageText, ' ') : undefined;
}

/** The command printed in headers: only options that change the output, in a fixed order. */
export function regenerateCommand(opts: { project?: string | undefined; out?: string | undefined; runs: number; seed?: number | undefined; filter?: string | undefined; malformed: MalformedMode; timeout: number }): string {
  const parts = ['npx gen-edge-tests'];
  const q = (s: string): string => (/^[\w./@:-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  if (opts.project !== undefined) parts.push('--project', q(opts.project));
  if (opts.out !== undefined) parts.push('--out', q(opts.out));
  if (opts.runs !== DEFAULTS.runs) parts.push('--runs', String(opts.runs));
  if (opts.seed !== undefined) parts.push('--seed', String(opts.seed));
  if (opts.filter !== undefined) parts.push('--filter', q(opts.filter));
  if (opts.malformed !== DEFAULTS.malformed) parts.push('--malformed', opts.malformed);
  if (opts.timeout !== DEFAULTS.timeout) parts.push('--timeout', String(opts.timeout));
  return parts.join(' ');
}

/** Collect the names of `ref`s reachable from the given models (to drop unused definitions). */
function reachableDefs(models: TypeModel[], defs: ModelDefinitions): ModelDefinitions {
  const out: ModelDefinitions = {};
  const visit = (m: TypeModel): void => {
    switch (m.kind) {
      case 'ref': {
        if (m.name in out) return;
        const d = defs[m.name];
        if (!d) return;
        out[m.name] = d;
        visit(d);
        return;
      }
      case 'templateLiteral':
        for (const p of m.parts) if (typeof p !== 'string') visit(p);
        return;
      case 'union':
      case 'intersection':
        m.members.forEach(visit);
        return;
      case 'object':
        m.properties.forEach((p) => visit(p.type));
        if (m.index) visit(m.index.value);
        return;
      case 'array':
      case 'set':
        visit(m.element);
        return;
      case 'tuple':
        m.elements.forEach((e) => visit(e.type));
        return;
      case 'map':
        visit(m.key);
        visit(m.value);
        return;
      case 'brand':
        visit(m.base);
        return;
      case 'promise':
        visit(m.inner);
        return;
      default:
        return;
    }
  };
  models.forEach(visit);
  return out;
}

export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const progress = options.onProgress ?? ((): void => undefined);
  const runs = options.runs ?? DEFAULTS.runs;
  const timeout = options.timeout ?? DEFAULTS.timeout;
  const malformed = options.malformed ?? DEFAULTS.malformed;
  const check = options.check === true;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs must be a positive integer, got ${String(runs)}.`);
  if (!Number.isInteger(timeout) || timeout < 1) throw new UsageError(`--timeout must be a positive number of milliseconds, got ${String(timeout)}.`);
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new UsageError(`--seed must be an integer, got ${String(options.seed)}.`);
  if (!['strict', 'lenient', 'off'].includes(malformed)) throw new UsageError(`--malformed must be strict, lenient or off, got ${JSON.stringify(malformed)}.`);
  let filter: RegExp | undefined;
  if (options.filter !== undefined) {
    try {
      filter = new RegExp(options.filter);
    } catch (e) {
      throw new UsageError(`--filter ${JSON.stringify(options.filter)} is not a valid regular expression (${(e as Error).message}).`);
    }
  }

  const project = await loadProject({ cwd, project: options.project, patterns: options.patterns ?? [], exclude: options.exclude });
  progress(
    project.configPath
      ? `reading ${project.files.length} file(s) with ${relCwd(cwd, project.configPath)}`
      : `no tsconfig.json: reading ${project.files.length} file(s) with default compiler options`,
  );
  const { program, rootDir } = project;
  const checker = program.getTypeChecker();
  const discovered = discoverFunctions(program, project.files, rootDir, { discover: options.discover ?? 'exported' });
  const skipped: SkippedFunction[] = [...discovered.skipped];
  const warnings: string[] = [];
  const notes: string[] = [];
  const fns = filter ? discovered.functions.filter((f) => filter.test(f.displayName) || filter.test(f.exportName)) : discovered.functions;
  progress(`found ${fns.length} exported function(s)${filter ? ` matching /${filter.source}/` : ''} in ${project.files.length} file(s)`);

  const outDir = options.out !== undefined ? path.resolve(cwd, options.out) : undefined;
  const style = specifierStyle(project.options);
  const regenerate = regenerateCommand({ project: options.project, out: options.out, runs, seed: options.seed, filter: options.filter, malformed, timeout });

  const byModule = new Map<string, DiscoveredFunction[]>();
  for (const f of fns) {
    const list = byModule.get(f.moduleFile) ?? [];
    list.push(f);
    byModule.set(f.moduleFile, list);
  }

  const files: GeneratedFileReport[] = [];
  const usedOutputs = new Set<string>();
  for (const moduleFile of [...byModule.keys()].sort()) {
    const group = byModule.get(moduleFile) ?? [];
    const ctx = createModelContext(program);
    const modelled: Modelled[] = [];
    for (const fn of group) {
      // a checker corner case must cost one function, never the run
      const unreadable = (e: unknown): void => {
        skipped.push({ name: fn.displayName, source: fn.source, reason: `its types could not be read (${(e as Error).message}); please report this with the signature` });
      };
      let params: TypeModel[];
      try {
        params = fn.params.map((p) => typeToModel(ctx, p.type, 'param'));
      } catch (e) {
        unreadable(e);
        continue;
      }
      const bad = params.map((m, i) => ({ m, i })).find(({ m }) => findUnsupported(m, ctx.defs) !== undefined || m.kind === 'never');
      if (bad) {
        const pname = fn.params[bad.i]?.name ?? `#${bad.i + 1}`;
        const why = bad.m.kind === 'never' ? 'its type is never, so no value can be passed' : findUnsupported(bad.m, ctx.defs);
        skipped.push({ name: fn.displayName, source: fn.source, reason: `parameter ${pname}: ${why ?? 'unsupported'}; inputs cannot be generated (add @edgeTests off to silence this)` });
        continue;
      }
      let returns: TypeModel;
      try {
        returns = typeToModel(ctx, fn.returnType, 'return');
      } catch (e) {
        unreadable(e);
        continue;
      }
      const unsupportedReturn = findUnsupported(returns, ctx.defs);
      let resultHasFunctions = false;
      if (unsupportedReturn) {
        resultHasFunctions = unsupportedReturn.includes(FUNCTION_IN_RESULT);
        warnings.push(
          `${fn.source} ${fn.displayName}: return type partly unchecked (${unsupportedReturn})${resultHasFunctions ? '; results are not compared, so there is no determinism or idempotence test' : ''}`,
        );
        returns = relaxUnsupported(returns);
      }
      const awaited = checker.getAwaitedType(fn.returnType) ?? fn.returnType;
      for (const note of fn.notes) notes.push(`${fn.source} ${fn.displayName}: ${note}`);
      modelled.push({
        fn,
        resultHasFunctions,
        params,
        returns,
        async: returns.kind === 'promise',
        returnText: checker.typeToString(awaited, undefined, typescript.TypeFormatFlags.NoTruncation),
      });
    }
    if (modelled.length === 0) continue;

    const candidates: RoundtripCandidate[] = modelled.map((m) => ({
      name: m.fn.displayName,
      param: m.fn.params[0]?.type,
      // only required parameters count: `serialize(order, pretty?)` still pairs with `parse(text)`
      paramCount: m.fn.params.filter((p) => !p.optional && !p.rest).length,
      returns: checker.getAwaitedType(m.fn.returnType) ?? m.fn.returnType,
      declared: m.fn.tags.roundtrip,
      source: m.fn.source,
    }));
    const roundtrips = findRoundtrips(checker, candidates);
    warnings.push(...roundtrips.warnings);

    const sourceRel = path.relative(rootDir, moduleFile).split(path.sep).join('/');
    const renderFns: RenderFunction[] = modelled.map((m) => {
      const invariants: string[] = [];
      for (const expr of m.fn.tags.invariants) {
        const err = invariantSyntaxError(expr);
        if (err) warnings.push(`${m.fn.source} ${m.fn.displayName}: @invariant ${JSON.stringify(expr)} is not a JavaScript expression (${err}); fix the tag. Left out.`);
        else invariants.push(expr);
      }
      const planned: PlannedProperty[] = planProperties({
        params: m.params,
        defs: ctx.defs,
        nondeterministic: m.fn.tags.nondeterministic || m.resultHasFunctions,
        idempotent: m.fn.tags.idempotent && !m.resultHasFunctions,
        invariants,
        malformed,
      });
      for (const pair of roundtrips.pairs) {
        if (pair.a !== m.fn.displayName) continue;
        const partner = modelled.find((x) => x.fn.displayName === pair.b);
        if (partner) planned.push({ kind: 'roundtrip', partner: pair.b, partnerExport: partner.fn.exportName, why: pair.why });
      }
      return {
        displayName: m.fn.displayName,
        exportName: m.fn.exportName,
        source: m.fn.source,
        params: m.params,
        paramNames: m.fn.params.map((p) => p.name),
        returns: m.returns,
        async: m.async,
        expectedErrors: m.fn.expectedErrors,
        returnText: m.returnText,
        properties: planned.map((p) => ({ property: p, seed: seedFor(sourceRel, m.fn.displayName, propertyKey(p), options.seed) })),
      };
    });
    // one definition per recursive type, whichever position it was converted for
    const flat = mergeDuplicateDefs(renderFns.flatMap((f) => [...f.params, f.returns]), ctx.defs);
    let k = 0;
    for (const f of renderFns) {
      f.params = f.params.map(() => flat[k++] ?? { kind: 'unknown' });
      f.returns = flat[k++] ?? f.returns;
    }
    // definitions used by emitted functions: those reached from parameters are fully supported (or the
    // function was skipped); those reached only from results may hold functions, checked as `unknown`
    const defs = Object.fromEntries(Object.entries(reachableDefs(flat, ctx.defs)).map(([n, d]) => [n, relaxUnsupported(d)]));
    let outFile = outputPathFor(moduleFile, rootDir, outDir);
    // `a.ts` and `a.tsx` side by side: the second keeps its extension in the name
    if (usedOutputs.has(outFile)) outFile = outFile.replace(/\.edge\.test\.ts$/, `${path.extname(moduleFile)}.edge.test.ts`);
    usedOutputs.add(outFile);
    const content = renderFile({
      version: VERSION,
      sourceRel,
      regenerate,
      specifier: importSpecifier(outFile, moduleFile, style),
      functions: renderFns,
      defs,
      runs,
      timeoutMs: timeout,
    });
    const status = syncFile(outFile, content, check);
    const tests = renderFns.reduce((n, f) => n + f.properties.length, 0);
    const report: GeneratedFileReport = { file: relCwd(cwd, outFile), source: relCwd(cwd, moduleFile), status, functions: renderFns.map((f) => f.displayName), tests };
    if (status === 'stale' && !isUnedited(fs.readFileSync(outFile, 'utf8'))) report.editedByHand = true;
    files.push(report);
  }

  // Modules that lost all their testable functions: their old generated file imports exports that
  // are gone. Only when every function was considered (a --filter run leaves other files alone).
  if (filter === undefined) {
    const emitted = new Set(files.map((f) => f.source));
    for (const file of project.files) {
      if (emitted.has(relCwd(cwd, file))) continue;
      const outFile = outputPathFor(file, rootDir, outDir);
      if (usedOutputs.has(outFile)) continue; // written for another module this run
      const status = removeOrphan(outFile, check);
      if (status) files.push({ file: relCwd(cwd, outFile), source: relCwd(cwd, file), status, functions: [], tests: 0 });
    }
  }

  return {
    version: VERSION,
    project: project.configPath ? relCwd(cwd, project.configPath) : null,
    filesRead: project.files.length,
    functionsFound: fns.length,
    files,
    skipped: skipped.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)),
    warnings,
    notes,
    outdated: files
      .filter((f) => f.status === 'stale' || f.status === 'missing' || f.status === 'orphaned' || (check && f.status === 'conflict'))
      .map((f) => f.file),
    conflicts: files.filter((f) => f.status === 'conflict').map((f) => f.file),
  };
}
