/**
 * The run's lineage, read from the modules' own `@lineage` blocks: OpenLineage events + a Mermaid diagram.
 *
 * @rationale Lineage comes from the documentation blocks the linter enforces, not from a second list
 *   why: the ESLint plugin checks that each stage's `@lineage` names the datasets its code reads and
 *     writes, so exporting exactly those blocks (via `@pipeguard/doc-blocks` `toJobEvent`) gives
 *     lineage that cannot drift from the code without failing lint.
 *   alternatives: hand-maintained lineage JSON (drifts); runtime tracing (needs an agent)
 *   tradeoffs: the source files must ship with the app (they do: it runs from TypeScript via tsx)
 *
 * @lineage export_lineage
 *   out: file lineage.jsonl
 *   out: file lineage.mmd
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLineageSpec, parseDocComment, toJobEvent, type Block, type DatasetRef } from '@pipeguard/doc-blocks';

/** The modules whose `@lineage` blocks describe the pipeline, in stage order. */
export const STAGE_MODULES = [
  'pipeline.ts',
  'ingest/read-orders-csv.ts',
  'ingest/read-events-jsonl.ts',
  'transform/money.ts',
  'transform/time.ts',
  'transform/names.ts',
  'transform/dedupe.ts',
  'validate/validate-record.ts',
  'enrich/categorize.ts',
  'enrich/rules-provider.ts',
  'enrich/api-providers.ts',
  'enrich/usage.ts',
  'load/store.ts',
  'load/sessions.ts',
  'transform/sessionize.ts',
  'report/summary.ts',
] as const;

const SRC = fileURLToPath(new URL('..', import.meta.url));
export const JOB_NAMESPACE = 'pipeguard-demo';

/** One `@lineage` block with the blocks documenting it and where it is. */
export interface LineageEntry {
  block: Block;
  rationale: Block[];
  rateLimits: Block[];
  file: string;
  line: number;
}

/** Every `@lineage` block of the stage modules, with its comment's `@rationale` / `@rateLimit` blocks. */
export async function collectLineage(modules: readonly string[] = STAGE_MODULES): Promise<LineageEntry[]> {
  const entries: LineageEntry[] = [];
  for (const module of modules) {
    const path = join(SRC, module);
    const text = await readFile(path, 'utf8');
    for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      const doc = parseDocComment(match[0]);
      const lineageBlocks = doc.blocks.filter((b) => b.kind === 'lineage');
      for (const block of lineageBlocks) {
        const before = text.slice(0, match.index);
        entries.push({
          block,
          rationale: doc.blocks.filter((b) => b.kind === 'rationale'),
          rateLimits: doc.blocks.filter((b) => b.kind === 'rateLimit'),
          file: `apps/demo-pipeline/src/${relative(SRC, path).replaceAll('\\', '/')}`,
          line: before.split('\n').length + block.loc.start.line - 1,
        });
      }
    }
  }
  return entries;
}

function nodeId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function datasetLabel(d: DatasetRef): string {
  return `${d.namespace}: ${d.name}`;
}

/** A Mermaid flowchart: datasets (cylinders for tables, parallelograms for files) → jobs → datasets. */
export function toMermaid(entries: readonly LineageEntry[]): string {
  const lines = ['flowchart LR'];
  const datasets = new Map<string, DatasetRef>();
  const edges = new Set<string>();
  for (const entry of entries) {
    const spec = getLineageSpec(entry.block);
    const job = nodeId('job', spec.job);
    lines.push(`  ${job}[["${spec.job}"]]`);
    for (const d of spec.inputs) {
      datasets.set(datasetLabel(d), d);
      edges.add(`  ${nodeId('ds', datasetLabel(d))} --> ${job}`);
    }
    for (const d of spec.outputs) {
      datasets.set(datasetLabel(d), d);
      edges.add(`  ${job} --> ${nodeId('ds', datasetLabel(d))}`);
    }
  }
  for (const [label, d] of [...datasets].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const id = nodeId('ds', label);
    lines.push(d.namespace === 'file' ? `  ${id}[/"${d.name}"/]` : `  ${id}[("${d.name}")]`);
  }
  lines.push(...edges);
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `<name>.lineage.jsonl` (OpenLineage JobEvents, one per line) and `<name>.lineage.mmd` into
 * `dir`; the `sqlite` namespace of the blocks is resolved to this run's database file.
 */
export async function writeLineage(dir: string, name: string, dbPath: string): Promise<{ openLineage: string; mermaid: string }> {
  const entries = await collectLineage();
  const eventTime = new Date().toISOString();
  const events = entries.map((e) =>
    toJobEvent(e.block, {
      jobNamespace: JOB_NAMESPACE,
      namespaceAliases: { sqlite: `sqlite://${dbPath}` },
      rationale: e.rationale,
      rateLimits: e.rateLimits,
      source: { file: e.file, line: e.line },
      eventTime,
    }),
  );
  await mkdir(dir, { recursive: true });
  const openLineage = join(dir, `${name}.lineage.jsonl`);
  const mermaid = join(dir, `${name}.lineage.mmd`);
  await writeFile(openLineage, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  await writeFile(mermaid, toMermaid(entries));
  return { openLineage, mermaid };
}
