/**
 * The shape of `bench/results/*.json` and a checker for it (used by the smoke test and by the CLI
 * before writing, so a malformed file is never written).
 */

export type SectionStatus = 'ok' | 'unavailable' | 'error';

/** Every measurement section reports whether it ran; `reason` says why not (names what to build or fix). */
export interface SectionResult {
  status: SectionStatus;
  reason?: string;
  /** how long the section took, wall clock */
  wallMs: number;
  /** when the section ran (differs from the file's startedAt when merged with --merge) */
  measuredAt?: string;
}

export interface BenchResults {
  /** schema version of this file */
  version: 1;
  quick: boolean;
  startedAt: string;
  finishedAt: string;
  ratios: {
    /** (c − a) / (b − a): pipeguard recommended's added lint time over eslint-plugin-jsdoc's. Goal ≤ 0.5 */
    lintVsJsdoc: number | null;
    /** e / d: typed lint with pipeguard recommended-type-checked over the typed base. Goal ≤ 1.10 */
    typedOverhead: number | null;
    /** gen-edge-tests wall time / tsc --noEmit wall time on the same project. Goal ≤ 1.5 */
    genVsTsc: number | null;
    /** pipeline rows/s ÷ bare better-sqlite3 bulk-insert rows/s of the same final rows. Goal ≥ 0.5 */
    pipelineVsSqlite: number | null;
  };
  goals: Record<keyof BenchResults['ratios'], { goal: string; met: boolean | null }>;
  /** the headline medians, flat, in ms unless the key says otherwise */
  medians: Record<string, number | null>;
  /** the commit measured and how many files of packages/ and apps/demo-pipeline differed from it */
  source: { commit: string; uncommittedFilesInMeasuredPackages: number };
  machine: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    totalMemMb: number;
    loadAvgAtStart: number[];
    loadAvgAtEnd: number[];
  };
  sizes: Record<string, number>;
  lint: SectionResult & Record<string, unknown>;
  generation: SectionResult & Record<string, unknown>;
  pipeline: SectionResult & Record<string, unknown>;
}

/**
 * The issue's goal for each ratio: its limit, whether the ratio must stay at or below it (`atMost`) or
 * reach it, and how the results file writes it. The results' `goals`, and the paired-ratio lines of the
 * printed table and the docs, all read the limits from here.
 */
export const GOALS: Record<keyof BenchResults['ratios'], { limit: number; atMost: boolean; label: string }> = {
  lintVsJsdoc: { limit: 0.5, atMost: true, label: '≤ 0.5' },
  typedOverhead: { limit: 1.1, atMost: true, label: '≤ 1.10' },
  genVsTsc: { limit: 1.5, atMost: true, label: '≤ 1.5' },
  pipelineVsSqlite: { limit: 0.5, atMost: false, label: '≥ 0.5' },
};

/** `goals` of a results file: each ratio's goal as written, and whether the ratio meets it (null: not measured). */
export function goalsFor(ratios: BenchResults['ratios']): BenchResults['goals'] {
  const entry = (key: keyof BenchResults['ratios']): { goal: string; met: boolean | null } => {
    const { limit, atMost, label } = GOALS[key];
    const value = ratios[key];
    return { goal: label, met: value === null ? null : atMost ? value <= limit : value >= limit };
  };
  return { lintVsJsdoc: entry('lintVsJsdoc'), typedOverhead: entry('typedOverhead'), genVsTsc: entry('genVsTsc'), pipelineVsSqlite: entry('pipelineVsSqlite') };
}

const RATIO_KEYS = ['lintVsJsdoc', 'typedOverhead', 'genVsTsc', 'pipelineVsSqlite'] as const;

function isNumberOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

/** Problems with a parsed results object; empty when it is well-formed. */
export function checkResults(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) return ['results is not an object'];
  const r = value as Record<string, unknown>;
  if (r['version'] !== 1) problems.push('version must be 1');
  if (typeof r['quick'] !== 'boolean') problems.push('quick must be a boolean');
  const ratios = r['ratios'];
  if (typeof ratios !== 'object' || ratios === null) problems.push('ratios must be an object');
  else {
    for (const key of RATIO_KEYS) {
      if (!(key in ratios)) problems.push(`ratios.${key} is missing`);
      else if (!isNumberOrNull((ratios as Record<string, unknown>)[key])) problems.push(`ratios.${key} must be a finite number or null`);
    }
  }
  const medians = r['medians'];
  if (typeof medians !== 'object' || medians === null) problems.push('medians must be an object');
  else {
    for (const [key, v] of Object.entries(medians)) if (!isNumberOrNull(v)) problems.push(`medians.${key} must be a finite number or null`);
  }
  const machine = r['machine'];
  if (typeof machine !== 'object' || machine === null) problems.push('machine must be an object');
  else if (typeof (machine as Record<string, unknown>)['cpus'] !== 'number') problems.push('machine.cpus must be a number');
  for (const section of ['lint', 'generation', 'pipeline']) {
    const s = r[section];
    if (typeof s !== 'object' || s === null) {
      problems.push(`${section} must be an object`);
      continue;
    }
    const status = (s as Record<string, unknown>)['status'];
    if (status !== 'ok' && status !== 'unavailable' && status !== 'error') problems.push(`${section}.status must be ok, unavailable or error`);
    if (status !== 'ok' && typeof (s as Record<string, unknown>)['reason'] !== 'string') problems.push(`${section}.reason must say why it is ${String(status)}`);
  }
  return problems;
}

/**
 * When nothing runs (`--only none --merge-from …`), the file's start, end, load averages and commit come
 * from the files its sections were taken from, not from the moment of merging: the earliest start with
 * its load, the latest end with its load and commit. Returns undefined when no file gave a section.
 */
export function mergedEnvelope(
  contributors: readonly BenchResults[],
  warn: (line: string) => void,
): Pick<BenchResults, 'startedAt' | 'finishedAt' | 'source'> & { loadAvgAtStart: number[]; loadAvgAtEnd: number[] } | undefined {
  if (contributors.length === 0) return undefined;
  const first = contributors.reduce((a, b) => (b.startedAt < a.startedAt ? b : a));
  const last = contributors.reduce((a, b) => (b.finishedAt > a.finishedAt ? b : a));
  const commits = [...new Set(contributors.map((r) => r.source.commit))];
  if (commits.length > 1) {
    warn(`bench: the merged sections were measured at different commits (${commits.map((c) => c.slice(0, 7)).join(', ')}); the file records the last run's, ${last.source.commit.slice(0, 7)}: say which section is from which with report --note`);
  }
  return {
    startedAt: first.startedAt,
    finishedAt: last.finishedAt,
    source: last.source,
    loadAvgAtStart: first.machine.loadAvgAtStart,
    loadAvgAtEnd: last.machine.loadAvgAtEnd,
  };
}
